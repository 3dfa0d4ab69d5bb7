"""``kg serve`` answers resource IRIs by content negotiation from the published site."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from serving import Server

from kg.publish import publish
from kg.store import Store

KOKUBUNJI = "/id/org/lg/132144"
BASE = "https://w3id.org/gijiroku/"


@pytest.fixture(scope="module")
def site_server(
    served_store_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    site = tmp_path_factory.mktemp("served") / "site"
    with Store.open(served_store_dir, read_only=True) as store:
        publish(store, site, base_iri=BASE)
    running = Server(served_store_dir, "--site", str(site))
    yield running
    running.stop()


def fetch(server: Server, path: str, accept: str) -> tuple[int, str, str, bytes]:
    request = urllib.request.Request(server.base + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
            return answer.status, answer.headers["Content-Type"], answer.headers["Vary"], body
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"] or "", "", error.read()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("accept", "media_type", "rdf_format"),
    [
        ("text/html", "text/html", None),
        ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_a_resource_iri_answers_in_the_type_asked(site_server, accept, media_type, rdf_format):
    status, content_type, vary, body = fetch(site_server, KOKUBUNJI, accept)
    assert status == 200 and content_type.startswith(media_type), (status, content_type)
    assert "Accept" in vary
    if rdf_format is None:
        assert "国分寺市" in body.decode("utf-8")
    else:
        triples = list(ox.parse(body, rdf_format, base_iri=BASE + KOKUBUNJI[1:]))
        assert any(t.subject == ox.NamedNode(BASE + KOKUBUNJI[1:]) for t in triples)


@pytest.mark.slow
def test_an_unknown_resource_is_404_and_sparql_still_answers(site_server):
    assert fetch(site_server, "/id/org/lg/999999", "text/html")[0] == 404
    assert fetch(site_server, "/sparql?query=ASK%7B%3Fs%3Fp%3Fo%7D", "application/json")[0] == 200


@pytest.mark.slow
def test_without_a_site_resources_are_404(served_store_dir, tmp_path):
    running = Server(served_store_dir, "--site", str(tmp_path / "none"))
    try:
        assert fetch(running, KOKUBUNJI, "text/html")[0] == 404
    finally:
        running.stop()


@pytest.mark.slow
def test_publish_makes_the_site_before_serving(served_store_dir, tmp_path):
    site = tmp_path / "site"
    running = Server(served_store_dir, "--site", str(site), "--publish")
    try:
        assert (site / "index.html").is_file()
        status, content_type, _, _ = fetch(running, KOKUBUNJI, "text/turtle")
        assert status == 200 and content_type.startswith("text/turtle")
    finally:
        running.stop()
