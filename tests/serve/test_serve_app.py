"""The routes of ``kg serve`` in process: protocol, refusals, limits, headers, static files."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.http import Response
from kg.serve import ServeConfig, create_app
from kg.target import Target

ASK = "ASK { ?s a gk:Statement }"
SELECT = "SELECT ?s ?text WHERE { ?s schema:text ?text } ORDER BY ?s LIMIT 3"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def make_client(pool, store: Path, **kwargs) -> TestClient:  # type: ignore[no-untyped-def]
    resources = kwargs.pop("resources", None)
    app = create_app(Target(store), resources=resources, config=ServeConfig(**kwargs), pool=pool)
    return TestClient(app)


@pytest.fixture
def client(inline_pool, served_store_dir: Path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with make_client(inline_pool, served_store_dir) as test_client:
        yield test_client


def test_get_with_format_and_accept(client: TestClient) -> None:
    answer = client.get("/sparql", params={"query": SELECT, "format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert len(list(csv.reader(io.StringIO(answer.text)))) == 4
    answer = client.get(
        "/sparql", params={"query": SELECT}, headers={"Accept": "text/tab-separated-values"}
    )
    assert answer.text.startswith("?s\t?text\n")
    answer = client.get("/sparql", params={"query": ASK})
    assert answer.headers["content-type"] == "application/sparql-results+json"
    assert answer.json() == {"head": {}, "boolean": True}


def test_post_as_form_and_as_sparql_query(client: TestClient) -> None:
    form = client.post("/sparql", content=f"query={SELECT}".replace("+", "%2B"), headers=FORM)
    assert form.status_code == 200, form.text
    assert len(form.json()["results"]["bindings"]) == 3
    direct = client.post(
        "/sparql",
        content=SELECT.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+xml",
        },
    )
    assert direct.status_code == 200 and "<sparql" in direct.text
    construct = client.post(
        "/sparql",
        content=b"CONSTRUCT WHERE { ?s a gk:Statement } LIMIT 2",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/ld+json"},
    )
    assert construct.headers["content-type"] == "application/ld+json"
    assert json.loads(construct.text)


@pytest.mark.parametrize(
    ("request_args", "message"),
    [
        ({"params": {"query": "INSERT DATA { <a:b> <a:c> <a:d> }"}}, "SPARQL Update (INSERT)"),
        ({"params": {"query": "LOAD <http://127.0.0.1:1/x.ttl>"}}, "SPARQL Update (LOAD)"),
        (
            {"params": {"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"}},
            "SERVICE",
        ),
        ({"params": {"update": "DROP ALL"}}, "SPARQL Update is refused"),
        ({"params": {"query": ASK, "default-graph-uri": "http://x/"}}, "default-graph-uri"),
        ({"params": {"query": "SELECT WHERE {"}}, "SPARQL query"),
    ],
)
def test_refusals_are_400_with_a_message(client: TestClient, request_args, message: str) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/sparql", **request_args)
    assert answer.status_code == 400 and message in answer.text, answer.text


def test_update_bodies_are_refused(client: TestClient) -> None:
    answer = client.post(
        "/sparql", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert answer.status_code == 400 and "read-only" in answer.text
    answer = client.post("/sparql", content="update=DROP%20ALL", headers=FORM)
    assert answer.status_code == 400 and "read-only" in answer.text


def test_the_body_size_is_limited(inline_pool, served_store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with make_client(inline_pool, served_store_dir, max_body=1000) as small:
        big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2000
        answer = small.post(
            "/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}
        )
        assert answer.status_code == 413


def test_the_result_size_is_limited(inline_pool, served_store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    limited = type(inline_pool)(inline_pool.store, max_results=2)
    with make_client(limited, served_store_dir) as c:
        answer = c.get("/sparql", params={"query": SELECT})
        assert answer.status_code == 400 and "more than 2 rows" in answer.text
        assert c.get("/sparql", params={"query": SELECT + " OFFSET 1"}).status_code == 400
        assert (
            c.get(
                "/sparql", params={"query": "SELECT ?s WHERE { ?s a gk:Statement } LIMIT 2"}
            ).status_code
            == 200
        )


def test_not_acceptable(client: TestClient) -> None:
    answer = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert answer.status_code == 406 and "image/png" in answer.text


def test_security_headers_and_the_page_csp(client: TestClient) -> None:
    page = client.get("/sparql")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    for answer in (page, client.get("/sparql", params={"query": ASK}), client.get("/nowhere")):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert "access-control-allow-origin" not in answer.headers


def test_the_page_and_its_files_name_no_external_url(client: TestClient) -> None:
    page = client.get("/sparql").text
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    sources = [link for link in links if link != "data:,"]  # the empty favicon
    assert sources and all(s.startswith("/sparql/static/") for s in sources), links
    for text in [page] + [client.get(s).text for s in sources]:
        assert not re.search(r"https?://|//[a-z]", text.replace("http://127.0.0.1", ""))


@pytest.mark.parametrize(
    "path",
    [
        "/sparql/static/../app.py",
        "/sparql/static/%2e%2e/app.py",
        "/sparql/static/..%2fapp.py",
        "/sparql/static/index.html/../../pool.py",
        "/sparql/static/",
        "/sparql/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    ],
)
def test_static_files_come_from_a_fixed_list(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404, (path, answer.text[:200])
    assert "import" not in answer.text


def test_cors_is_explicit(inline_pool, served_store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with make_client(inline_pool, served_store_dir, cors_origins=("https://analyst.example",)) as c:
        allowed = c.get(
            "/sparql", params={"query": ASK}, headers={"Origin": "https://analyst.example"}
        )
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        other = c.get("/sparql", params={"query": ASK}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = c.options(
            "/sparql",
            headers={"Origin": "https://analyst.example", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 200


def test_the_catalogue_and_canned_queries(client: TestClient) -> None:
    catalogue = client.get("/sparql/queries").json()
    assert "statements-by" in {q["name"] for q in catalogue}
    answer = client.get("/sparql/queries/posts-of", params={"person": "宮坂学", "format": "jsonl"})
    assert answer.status_code == 200, answer.text
    assert json.loads(answer.text.splitlines()[0])["postName"] == "副知事"
    assert client.get("/sparql/queries/posts-of").status_code == 400
    assert client.get("/sparql/queries/nope").status_code == 404


def test_other_paths_go_to_the_resource_handler(inline_pool, served_store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str]] = []

    def handler(path: str, accept: str) -> Response | None:
        seen.append((path, accept))
        if path == "/id/org/lg/132144":
            return Response(200, "text/turtle; charset=utf-8", b"<a:b> <a:c> <a:d> .")
        return None

    with make_client(inline_pool, served_store_dir, resources=handler) as c:
        found = c.get("/id/org/lg/132144", headers={"Accept": "text/turtle"})
        assert found.status_code == 200 and found.text.startswith("<a:b>")
        assert c.get("/id/none").status_code == 404
        assert c.get("/", follow_redirects=False).status_code == 404
    assert seen[0] == ("/id/org/lg/132144", "text/turtle")


def test_without_a_handler_the_root_leads_to_the_page(client: TestClient) -> None:
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/sparql"
    assert client.get("/id/org/lg/132144").status_code == 404


def test_a_protocol_request_without_a_query_is_400(client: TestClient) -> None:
    answer = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 400 and "no query" in answer.text
    answer = client.post("/sparql", content=b"", headers=FORM)
    assert answer.status_code == 400
    assert client.get("/sparql", headers={"Accept": "text/html"}).status_code == 200


def test_the_frameworks_own_errors_carry_the_security_headers(client: TestClient) -> None:
    answer = client.post("/sparql/queries")
    assert answer.status_code == 405
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"


def test_resource_paths_reach_the_handler_as_sent(inline_pool, served_store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """The handler decodes once: ``%252e`` must arrive as ``%252e``, not as ``%2e`` (which a
    second decoding would turn into ``.``)."""
    seen: list[str] = []

    def resources(path: str, accept: str) -> Response | None:
        seen.append(path)
        return None

    with make_client(inline_pool, served_store_dir, resources=resources) as test_client:
        test_client.get("/id/%252e%252e/x%E6%9D%B1")
    assert seen == ["/id/%252e%252e/x%E6%9D%B1"]
