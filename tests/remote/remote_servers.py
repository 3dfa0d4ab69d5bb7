"""The servers the external-server tests talk to: a real Oxigraph server, a request recorder."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

STARTUP_SECONDS = 30


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _oxigraph() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server CLI is missing: pip install -e '.[dev]'")
    return found


class OxigraphServer:
    """A running ``oxigraph serve``: its URLs, and a way to clear or change its data."""

    def __init__(self, location: Path, *flags: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base}/query"
        self.update_url = f"{self.base}/update"
        bind = f"127.0.0.1:{self.port}"
        command = [_oxigraph(), "serve", "--location", str(location), "--bind", bind, *flags]
        self.log = location.with_suffix(".log").open("wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=2).raise_for_status()
                return
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"oxigraph serve did not start: {command}")
                time.sleep(0.1)

    def update(self, request: str) -> None:
        """Run a SPARQL update directly on the server (to set up or corrupt data)."""
        httpx.post(
            self.update_url,
            content=request.encode(),
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        ).raise_for_status()

    def clear(self) -> None:
        self.update("CLEAR ALL")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Recorder:
    """A loopback HTTP server that records requests and answers with a canned response."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        self.body = json.dumps({"head": {}, "boolean": True}).encode()
        self.content_type = "application/sparql-results+json"
        self.headers: dict[str, str] = {}
        self.delay = 0.0  # seconds before answering
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                recorder.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers.items()),
                        "body": self.rfile.read(length).decode("utf-8"),
                    }
                )
                time.sleep(recorder.delay)
                self.send_response(recorder.status)
                self.send_header("Content-Type", recorder.content_type)
                self.send_header("Content-Length", str(len(recorder.body)))
                for name, value in recorder.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(recorder.body)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()
