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
from typing import Any

TESTS_DIR = Path(__file__).resolve().parents[1]
SAMPLES = TESTS_DIR.parent / "data" / "minutes"
sys.path.insert(0, str(TESTS_DIR / "serve"))  # tests/serve/serving.py, whatever ran first

from factories import plant_markup  # noqa: E402
from serving import KG, Server, free_port  # noqa: E402

__all__ = [
    "HOSTILE_AGENDA",
    "HOSTILE_SPEAKER",
    "HOSTILE_TEXT",
    "KG",
    "MARK",
    "SAMPLES",
    "Answer",
    "Listener",
    "Server",
    "build_site",
    "build_store",
    "chromium",
    "fetch",
    "free_port",
    "listening",
    "write_hostile_record",
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


def build_site(folder: Path, sources: Path = SAMPLES) -> tuple[Path, Path]:
    """Run ``kg build`` (store, linked-data pages, explorer); return the store and site."""
    import subprocess

    store, site = folder / "store", folder / "site"
    built = subprocess.run(
        [str(KG), "build", str(sources), "--store", str(store), "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    return store, site


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


@contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium through Playwright (skips the test when either is missing)."""
    import shutil

    import pytest

    from bench.chromium import CHROMIUM, FLAGS

    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


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


# Markup planted in a record: if any of it ever ran in a page, window.kgPwned would be set.
HOSTILE_TEXT = (
    "</script><script>window.kgPwned=1</script><!--<script>window.kgPwned=2</script>"
    '<img src=x onerror="window.kgPwned=3">\u2028\u2029\'"` ${title} {{ 7*7 }} ]]>'
)
HOSTILE_SPEAKER = "<svg/onload=window.kgPwned=4>委員"
HOSTILE_AGENDA = '"><b onmouseover=window.kgPwned=5>'
MARK = "kgPwned"


def write_hostile_record(folder: Path) -> Path:
    """Write a copy of the first sample with markup in a statement, a speaker and an agenda
    item; return the folder holding it."""
    record = (SAMPLES / "000_68ceb863bdaa2c75.txt").read_text(encoding="utf-8")
    planted = plant_markup(record, HOSTILE_TEXT, HOSTILE_SPEAKER, HOSTILE_AGENDA)
    assert planted.count(MARK) == 5
    sources = folder / "hostile-minutes"
    sources.mkdir(parents=True)
    (sources / "hostile.txt").write_text(planted, encoding="utf-8")
    return sources
