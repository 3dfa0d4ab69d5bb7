"""Item 5: the endpoint is read-only and bounded in time, result size and request size.

The server runs with ``--timeout 2 --max-results 100 --max-body 2000``.

How the defences were confirmed: the canary check of ``test_no_update_writes_the_store``
catches a write (the companion test writes the canary through pyoxigraph's ``update()``,
what an endpoint accepting SPARQL Update would run, and the same ASK finds it). With
``QueryPool.run`` waiting without a deadline (``conn.recv()`` instead of ``conn.poll``), the
time-limit tests fail (no answer within the limit). With ``max_results=None`` passed to
``run_sparql``, the result-size test fails (200 with every triple). With the body checks
of ``_protocol_query`` removed, both 413 tests fail (the query runs).
"""

from __future__ import annotations

import http.client
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from endpoint_helpers import Answer, Server, fetch

from kg.store import Store

pytestmark = pytest.mark.slow

TIMEOUT = 2.0
CANARY = "ASK { <urn:kg:canary> ?p ?o }"
UPDATES = [
    "INSERT DATA { <urn:kg:canary> <urn:kg:p> 'x' }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { <urn:kg:canary> ?p ?o } WHERE { ?s ?p ?o }",
    "WITH <urn:g> INSERT { <urn:kg:canary> <urn:kg:p> 1 } WHERE { }",
    "LOAD <file:///etc/hostname> INTO GRAPH <urn:kg:canary>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "CREATE GRAPH <urn:kg:canary>",
    "ADD DEFAULT TO <urn:kg:canary>",
    "COPY DEFAULT TO <urn:kg:canary>",
    "MOVE DEFAULT TO <urn:kg:canary>",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:kg:canary> <urn:kg:p> 1 }",
]
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Server]:
    running = Server(
        store,
        *("--timeout", str(TIMEOUT), "--max-results", "100", "--max-body", "2000"),
        *("--workers", "2", "--site", str(store.parent / "no-site")),
    )
    yield running
    running.stop()


def query(server: Server, sparql: str) -> Answer:
    return fetch(f"{server.base}/sparql?" + urllib.parse.urlencode({"query": sparql}))


def count(server: Server) -> str:
    answer = query(server, TRIPLES)
    assert answer.status == 200, answer.text
    return answer.text


@pytest.mark.parametrize("update", UPDATES)
def test_no_update_writes_the_store(server: Server, update: str) -> None:
    before = count(server)
    answers = [
        query(server, update),
        fetch(
            f"{server.base}/sparql", update.encode(), {"Content-Type": "application/sparql-query"}
        ),
        fetch(
            f"{server.base}/sparql", update.encode(), {"Content-Type": "application/sparql-update"}
        ),
        fetch(
            f"{server.base}/sparql",
            urllib.parse.urlencode({"update": update}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        ),
        fetch(f"{server.base}/sparql?" + urllib.parse.urlencode({"update": update})),
    ]
    for answer in answers:
        assert answer.status == 400, (update, answer.status, answer.text)
        assert "read-only" in answer.text or "refused" in answer.text, answer.text
    for method in ("PUT", "DELETE", "PATCH"):  # no Graph Store Protocol either
        assert fetch(f"{server.base}/sparql", b"<a:b> <a:c> <a:d> .", method=method).status in (
            405,
            400,
        )
    assert count(server) == before
    assert '"boolean":false' in query(server, CANARY).text.replace(" ", "")


def test_the_canary_would_see_a_write(tmp_path: Path) -> None:
    """Companion: run as an update, the first attack does write, and the ASK sees it."""
    with Store.open(tmp_path / "store") as writable:
        writable.oxigraph.update(UPDATES[0])
        assert bool(writable.query(CANARY))


def test_an_expensive_query_is_stopped_at_the_time_limit(server: Server) -> None:
    started = time.monotonic()
    answer = query(server, EXPENSIVE)
    took = time.monotonic() - started
    assert answer.status == 503 and "time limit" in answer.text, answer.text
    assert took < TIMEOUT + 1.5, took
    assert recovers(server)


def test_more_expensive_queries_than_workers_cannot_stall_it(server: Server) -> None:
    """Six at once against two workers: each is stopped or refused within the limit."""
    started = time.monotonic()
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: query(server, EXPENSIVE), range(6)))
    took = time.monotonic() - started
    assert {a.status for a in answers} == {503}, [(a.status, a.text) for a in answers]
    assert all("time limit" in a.text or "busy" in a.text for a in answers)
    assert took < 2 * TIMEOUT + 3, took
    assert recovers(server)


def recovers(server: Server) -> bool:
    """True when the server answers a cheap query again within 15 s (workers replaced)."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if query(server, "ASK { ?s ?p ?o }").status == 200:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sparql", ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_the_result_size_is_limited(server: Server, sparql: str) -> None:
    answer = query(server, sparql)
    assert answer.status == 400 and "more than 100 rows" in answer.text, answer.text[:200]
    assert query(server, sparql + " LIMIT 100").status == 200


def test_a_large_body_is_refused_with_413(server: Server) -> None:
    big = ("ASK { ?s ?p ?o } #" + "x" * 3000).encode()
    answer = fetch(f"{server.base}/sparql", big, {"Content-Type": "application/sparql-query"})
    assert answer.status == 413, answer.text
    form = urllib.parse.urlencode({"query": big.decode()}).encode()
    answer = fetch(
        f"{server.base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert answer.status == 413
    small = fetch(
        f"{server.base}/sparql", b"ASK { ?s ?p ?o }", {"Content-Type": "application/sparql-query"}
    )
    assert small.status == 200


def test_a_chunked_body_without_a_length_is_cut_at_the_limit(server: Server) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        chunks = [b"ASK { ?s ?p ?o } #"] + [b"x" * 500] * 20  # 10 kB, no Content-Length
        connection.request(
            "POST",
            "/sparql",
            body=iter(chunks),
            headers={"Content-Type": "application/sparql-query"},
            encode_chunked=True,
        )
        answer = connection.getresponse()
        assert answer.status == 413, answer.read()
    finally:
        connection.close()


def test_a_huge_query_string_is_refused(server: Server) -> None:
    """uvicorn's HTTP parser refuses a 200 kB request line: a 4xx or a closed connection,
    never a 5xx, and the server goes on answering."""
    try:
        status = query(server, "ASK { ?s ?p ?o } #" + "x" * 200_000).status
    except ConnectionError:
        status = 400
    assert 400 <= status < 500, status
    assert query(server, "ASK { ?s ?p ?o }").status == 200
