"""What the endpoint and injection tests share: a built store, a server, a listener, requests.

The ``kg serve`` subprocess and the free port come from ``tests/serve/serving.py`` (imported,
not copied). The listener is a local HTTP server that records every request it receives: an
attack that makes the endpoint reach the network shows up there.
"""

from __future__ import annotations

import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
SAMPLES = TESTS_DIR.parent / "data" / "minutes"
sys.path.insert(0, str(TESTS_DIR / "serve"))  # tests/serve/serving.py, whatever ran first

from serving import KG, Server, free_port  # noqa: E402

__all__ = [
    "KG",
    "SAMPLES",
    "Answer",
    "Listener",
    "Server",
    "build_store",
    "fetch",
    "free_port",
    "listening",
]


def build_store(folder: Path, sources: list[Path] | None = None) -> Path:
    """Build ``sources`` (default: the bundled sample minutes) into ``folder/store``."""
    from kg.build import build
    from kg.store import Store

    store_dir = folder / "store"
    with Store.open(store_dir) as store:
        summary = build([str(s) for s in (sources or [SAMPLES])], store)
    assert summary.statements > 0, summary.to_dict()
    return store_dir


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names) and body text."""

    status: int
    headers: dict[str, str]
    text: str


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str = ""
) -> Answer:
    """Send a request and return its answer; HTTP errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method or None)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            head = {k.lower(): v for k, v in answer.headers.items()}
            return Answer(answer.status, head, answer.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as failure:
        head = {k.lower(): v for k, v in failure.headers.items()}
        return Answer(failure.code, head, failure.read().decode("utf-8", "replace"))


@dataclass
class Listener:
    """A local HTTP server that records the path of every request it receives."""

    base: str
    received: list[str] = field(default_factory=list)


@contextmanager
def listening() -> Iterator[Listener]:
    """Run a :class:`Listener` on a free loopback port for the ``with`` block."""
    listener = Listener("")

    class Record(BaseHTTPRequestHandler):
        def answer(self) -> None:
            listener.received.append(f"{self.command} {self.path}")
            body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/n-triples")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    listener.base = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        server.shutdown()
        server.server_close()
