"""Item 5: no query sent to ``kg serve`` reaches the network or the file system.

A local HTTP listener stands in for "the network": every attack names it, and the test
asserts it received nothing. Oxigraph fetches ``SERVICE <url>`` over HTTP (the companion
test shows it does when the guard is gone); it ignores ``FROM`` with the union default graph,
evaluates no function on an IRI's content and has no custom functions registered.

How the defence was confirmed: with ``check_read_only`` made a no-op in ``kg/query/guard.py``,
``test_no_query_reaches_the_network`` fails on every SERVICE case (the listener receives
``POST /…``). Before the guard re-read IRI-looking tokens holding ``)`` (the ``<`` operator
trick below), that case passed the guard and the listener received the request: the
test found that defect.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from endpoint_helpers import Answer, Server, build_store, fetch, listening

from kg.errors import KgError
from kg.query import QueryRefused, run_sparql
from kg.store import Store

pytestmark = pytest.mark.slow

# {u}: the listener's base URL. Each case is an attempt to make the server send a request.
REACH = {
    "service": "SELECT * WHERE { SERVICE <{u}s> { ?s ?p ?o } }",
    "service silent": "SELECT * WHERE { SERVICE SILENT <{u}s> { ?s ?p ?o } }",
    "service lower case, no space": "select * where { service<{u}s>{ ?s ?p ?o } }",
    "service by prefixed name": "PREFIX l: <{u}> SELECT * WHERE { SERVICE l:s { ?s ?p ?o } }",
    "service by relative IRI": "BASE <{u}> SELECT * WHERE { SERVICE <s> { ?s ?p ?o } }",
    "service after a comment": "SELECT * WHERE { SERVICE#c\n<{u}s> { ?s ?p ?o } }",
    "service with a bound variable": (
        "SELECT * WHERE { BIND(<{u}s> AS ?u) SERVICE ?u { ?s ?p ?o } }"
    ),
    # "<2)SERVICE#>" looks like one IRI token; Oxigraph reads less-than, SERVICE, a comment.
    "service hidden behind the less-than operator": (
        "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<{u}s>{ ?s ?p ?o } }"
    ),
    "service hidden behind <=": "SELECT * WHERE { BIND(1<=2 AS ?x)SERVICE#>\n<{u}s>{ } }",
    "from": "SELECT * FROM <{u}g> WHERE { ?s ?p ?o } LIMIT 1",
    "from named": "SELECT * FROM NAMED <{u}g> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
    "from a file": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o } LIMIT 1",
    "load": "LOAD <{u}data.nt>",
    "load a file": "LOAD <file:///etc/passwd> INTO GRAPH <urn:x>",
    "describe": "DESCRIBE <{u}d>",
    "graph": "SELECT * WHERE { GRAPH <{u}g> { ?s ?p ?o } }",
    "iri function": "SELECT (IRI('{u}i') AS ?x) (STR(<{u}s>) AS ?y) WHERE { }",
    "custom function named by a URL": "SELECT (<{u}f>('x') AS ?x) WHERE { }",
    "subject is a URL": "ASK { <{u}s> ?p ?o }",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = build_store(tmp_path_factory.mktemp("network"))
    running = Server(store, "--timeout", "5", "--site", str(store.parent / "no-site"))
    yield running
    running.stop()


def ask(server: Server, query: str, how: str) -> Answer:
    if how == "get":
        return fetch(f"{server.base}/sparql?" + urllib.parse.urlencode({"query": query}))
    if how == "form":
        body = urllib.parse.urlencode({"query": query}).encode()
        return fetch(
            f"{server.base}/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
    return fetch(f"{server.base}/sparql", query.encode(), {"Content-Type": how})


@pytest.mark.parametrize("how", ["get", "form", "application/sparql-query"])
@pytest.mark.parametrize("case", sorted(REACH))
def test_no_query_reaches_the_network(server: Server, case: str, how: str) -> None:
    with listening() as listener:
        answer = ask(server, REACH[case].replace("{u}", listener.base), how)
    assert listener.received == [], (case, answer.status, answer.text)
    assert answer.status in (200, 400), (case, answer.status, answer.text)
    assert "root:" not in answer.text  # nothing of /etc/passwd
    if any(word in case for word in ("service", "from", "load")):
        assert answer.status == 400 and "refused" in answer.text, (case, answer.text)


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri", "using-graph-uri"])
def test_dataset_parameters_reach_nothing(server: Server, parameter: str) -> None:
    with listening() as listener:
        query = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", parameter: listener.base}
        answer = fetch(f"{server.base}/sparql?" + urllib.parse.urlencode(query))
    assert listener.received == []
    assert answer.status in (200, 400), answer.text


def test_without_the_guard_oxigraph_does_fetch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: the listener catches the hidden SERVICE when the guard is switched off."""
    trick = REACH["service hidden behind the less-than operator"]
    with Store.open(tmp_path / "store") as store, listening() as listener:
        with pytest.raises(QueryRefused, match="SERVICE"):
            run_sparql(store, trick.replace("{u}", listener.base))
        monkeypatch.setattr("kg.query.run.check_read_only", lambda sparql: None)
        # the listener's answer is not SPARQL results, so the query fails: after the request
        with suppress(KgError, RuntimeError):
            run_sparql(store, trick.replace("{u}", listener.base))
    assert listener.received and listener.received[0].startswith("POST /s"), listener.received
