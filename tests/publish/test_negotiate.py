"""Content negotiation: the handler kg serve calls, as a function and over real HTTP."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.publish.negotiate import choose, make_handler

SESSION = "/id/session/cio-forum/2"
MEDIA = {
    "text/html": ("text/html; charset=utf-8", ".html"),
    "text/turtle": ("text/turtle; charset=utf-8", ".ttl"),
    "application/ld+json": ("application/ld+json", ".jsonld"),
    "application/n-triples": ("application/n-triples", ".nt"),
}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", ".html"),
        ("*/*", ".html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ".html"),
        ("text/turtle", ".ttl"),
        ("text/*", ".html"),
        ("application/ld+json;q=0.9, text/turtle;q=0.5", ".jsonld"),
        ("text/html;q=0.1, application/n-triples", ".nt"),
        ("text/turtle;q=0, */*;q=0.1", ".html"),
        ("application/*", ".jsonld"),
        ("application/rdf+xml", None),
        ("text/html;q=0", None),
        ("text/turtle;q=bogus, application/ld+json", ".jsonld"),
    ],
)
def test_choose_weighs_q_values(accept: str, expected: str | None) -> None:
    assert choose(accept) == expected


@pytest.mark.parametrize("media", sorted(MEDIA))
def test_handler_answers_each_media_type(site_dir: Path, media: str) -> None:
    content_type, suffix = MEDIA[media]
    response = make_handler(site_dir)(SESSION, media)
    assert response is not None
    assert response.status == 200
    assert response.content_type == content_type
    assert ("Vary", "Accept") in response.headers
    assert ("Content-Location", "2" + suffix) in response.headers
    assert response.body == (site_dir / ("id/session/cio-forum/2" + suffix)).read_bytes()


def test_handler_406_lists_variants(site_dir: Path) -> None:
    response = make_handler(site_dir)(SESSION, "application/rdf+xml")
    assert response is not None and response.status == 406
    assert b"text/turtle" in response.body
    assert ("Vary", "Accept") in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/id/session/cio-forum/999",
        "/id/nothing",
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/id/../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/dumps/%00",
        "/.htaccess/../../x",
    ],
)
def test_handler_404_for_unknown_and_outside_paths(site_dir: Path, path: str) -> None:
    assert make_handler(site_dir)(path, "text/html") is None


def test_handler_refuses_a_symlink_out_of_the_site(site_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("secret", encoding="utf-8")
    link = site_dir / "id" / "escape.html"
    link.symlink_to(secret)
    try:
        assert make_handler(site_dir)("/id/escape", "text/html") is None
        assert make_handler(site_dir)("/id/escape.html", "text/html") is None
    finally:
        link.unlink()


def test_handler_serves_index_files_and_dumps(site_dir: Path) -> None:
    handler = make_handler(site_dir)
    index = handler("/", "text/html")
    assert index is not None and index.content_type.startswith("text/html")
    assert b'id="q"' in index.body
    page = handler("/id/session/cio-forum/2.html?x=1", "text/turtle")
    assert page is not None and page.content_type.startswith("text/html")  # a file is a file
    dump = handler("/dumps/gijiroku.nt.gz", "*/*")
    assert dump is not None and gzip.decompress(dump.body)
    void = handler("/void", "text/turtle")
    assert void is not None and b"void:Dataset" in void.body


def _get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.slow
@pytest.mark.parametrize("media", sorted(MEDIA))
def test_negotiation_over_http(http_site: str, media: str) -> None:
    status, headers, body = _get(http_site + SESSION, media)
    assert status == 200
    assert headers["Content-Type"] == MEDIA[media][0]
    assert headers["Vary"] == "Accept"
    formats = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
    }
    if media in formats:
        subjects = {q.subject.value for q in ox.parse(body, format=formats[media])}
        assert "https://w3id.org/gijiroku/id/session/cio-forum/2" in subjects
    else:
        assert "第二回".encode() in body or b"CIO" in body


@pytest.mark.slow
def test_http_unknown_resource_is_404_and_rdf_xml_406(http_site: str) -> None:
    assert _get(http_site + "/id/session/cio-forum/999", "text/turtle")[0] == 404
    assert _get(http_site + "/../../etc/passwd", "text/html")[0] == 404
    status, headers, _ = _get(http_site + SESSION, "application/rdf+xml")
    assert status == 406 and headers["Vary"] == "Accept"
    status, _, body = _get(http_site + "/search-data.js", "*/*")
    assert status == 200 and body.startswith(b"window.KG_LABELS")
    json.loads(body.decode().removeprefix("window.KG_LABELS = ").rstrip().rstrip(";"))


def test_handler_for_store_publishes_then_serves(store_dir: Path, tmp_path: Path) -> None:
    from kg.publish.negotiate import handler_for_store
    from kg.store import Store

    with Store.open(store_dir, read_only=True) as store:
        handler = handler_for_store(
            store, tmp_path / "cache", base_iri="https://w3id.org/gijiroku/"
        )
    response = handler(SESSION, "text/turtle")
    assert response is not None and response.status == 200
    assert (tmp_path / "cache" / "index.html").is_file()
