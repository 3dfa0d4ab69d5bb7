"""Fixtures of the publication tests: a store built from the sample minutes plus a hostile copy
of one record, and the site ``kg publish`` writes from it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.http import ResourceHandler
from kg.publish import PublishSummary, publish
from kg.store import Store

BASE = "https://w3id.org/gijiroku/"
SOURCE_URL = "https://www.metro.tokyo.lg.jp/example/cio-forum-2.html"
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)> & </script>"
HOSTILE_SESSION = "id/session/cio-forum/9"


def write_hostile_copy(samples_dir: Path, folder: Path) -> Path:
    """A copy of the first sample as the (invented) 9th session, one bullet made hostile."""
    text = (samples_dir / "000_68ceb863bdaa2c75.txt").read_text(encoding="utf-8")
    text = text.replace("第二回", "第九回").replace("令和4年2月1日", "令和5年9月1日")
    text = text.replace(
        "東京都など広域自治体に求めることや期待があればお聞きしたい。",
        f"東京都など広域自治体に求めることや期待があればお聞きしたい。{HOSTILE}",
    )
    path = folder / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """A store of the two samples and the hostile copy; the first record has a source URL."""
    folder = tmp_path_factory.mktemp("publish-store")
    inputs = tmp_path_factory.mktemp("publish-inputs")
    hostile = write_hostile_copy(samples_dir, inputs)
    with Store.open(folder / "store") as store:
        build([samples_dir, hostile], store, base_iri=BASE)
        # The mapping states dcterms:source where a record's URL is known; the samples are
        # plain text without one, so the first record is given its page's URL here.
        rows = store.query(
            "SELECT ?r ?g ?session WHERE { GRAPH ?g { ?r schema:about ?session } }",
            use_default_graph_as_union=False,
            bindings={"session": ox.NamedNode(BASE + "id/session/cio-forum/2")},
        )
        row = next(iter(rows))  # type: ignore[call-overload]
        store.oxigraph.add(
            ox.Quad(
                row["r"],
                ox.NamedNode("http://purl.org/dc/terms/source"),
                ox.NamedNode(SOURCE_URL),
                row["g"],
            )
        )
    return folder / "store"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, store_dir: Path) -> tuple[Path, PublishSummary]:
    """The site published from the store, and the summary."""
    out = tmp_path_factory.mktemp("publish-site") / "site"
    with Store.open(store_dir, read_only=True) as store:
        summary = publish(store, out, base_iri=BASE)
    return out, summary


@pytest.fixture(scope="session")
def site_dir(site: tuple[Path, PublishSummary]) -> Path:
    """The published site's folder."""
    return site[0]


def serve(handler: ResourceHandler) -> tuple[ThreadingHTTPServer, str]:
    """Serve a resource handler over real HTTP on a free loopback port (what kg serve does)."""

    class Adapter(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            response = handler(self.path, self.headers.get("Accept", ""))
            if response is None:
                self.send_error(404)
                return
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Adapter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def http_site(site_dir: Path) -> Iterator[str]:
    """The published site served with content negotiation; yields its root URL."""
    from kg.publish.negotiate import make_handler

    server, url = serve(make_handler(site_dir))
    yield url
    server.shutdown()
    server.server_close()
