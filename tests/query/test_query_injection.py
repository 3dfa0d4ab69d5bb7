"""Parameter values are bound as RDF terms: no value can change a query's shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.query import QueryRefused, canned_query, check_read_only, run_canned, run_sparql
from kg.store import Store

ATTACKS = [
    '"} ; DROP ALL ; #',
    '国分寺市"} UNION { ?statement ?p ?o } #',
    "<http://example.org/x> } ; DELETE WHERE { ?s ?p ?o",
    "x' ) } LIMIT 1000 #",
    '">国分寺市<"',
]


class Recorder:
    """A store that records what it is asked, then asks the real one."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        bindings: Mapping[str, Any] | None = None,
    ) -> Any:
        self.calls.append((sparql, dict(bindings or {})))
        return self.store.query(
            sparql, use_default_graph_as_union=use_default_graph_as_union, bindings=bindings
        )


@pytest.mark.parametrize("attack", ATTACKS)
def test_an_actor_value_is_only_ever_a_literal(sample_store: Store, attack: str) -> None:
    recorder = Recorder(sample_store)
    before = len(sample_store)
    with pytest.raises(UsageError, match=r"no organization or person named|not an IRI"):
        run_canned(recorder, canned_query("statements-by"), {"actor": attack})
    assert len(sample_store) == before
    for sparql, bindings in recorder.calls:
        assert attack not in sparql and attack.strip() not in sparql
        assert all(isinstance(v, ox.Literal) for v in bindings.values())


@pytest.mark.parametrize("attack", ATTACKS)
def test_search_text_cannot_widen_the_query(sample_store: Store, attack: str) -> None:
    recorder = Recorder(sample_store)
    query = canned_query("search")
    result = run_canned(recorder, query, {"text": attack})
    assert len(result) == 0  # spliced in, the UNION and LIMIT variants would return rows
    [(sparql, bindings)] = recorder.calls
    assert sparql == query.sparql  # the text sent is the file's, unchanged
    assert set(bindings) == {"text"} and isinstance(bindings["text"], ox.Literal)


def test_a_malformed_iri_is_refused(sample_store: Store) -> None:
    with pytest.raises(UsageError, match="not an IRI"):
        run_canned(sample_store, canned_query("statements-by"), {"actor": 'http://x/"> } DROP ALL'})


@pytest.mark.parametrize(
    ("sparql", "cause"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("PREFIX ex: <http://e/>\nDELETE WHERE { ?s ?p ?o }", "DELETE"),
        ("load <http://example.org/data.ttl>", "LOAD"),
        ("DROP ALL", "DROP"),
        ("CLEAR DEFAULT", "CLEAR"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ],
)
def test_updates_service_and_datasets_are_refused(
    sample_store: Store, sparql: str, cause: str
) -> None:
    with pytest.raises(QueryRefused, match=cause):
        run_sparql(sample_store, sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT ?s WHERE { ?s schema:text 'INSERT DATA SERVICE FROM' }",
        'SELECT ?s WHERE { ?s schema:text """LOAD\nDROP""" } # DELETE everything',
        "SELECT ?load ?drop ?from WHERE { ?load ?drop ?from } LIMIT 1",
        "SELECT ?s WHERE { ?s <http://example.org/service/insert> ?o }",
        "PREFIX from: <http://example.org/> SELECT ?s WHERE { ?s from:drop ?o }",
    ],
)
def test_keywords_inside_strings_iris_and_names_are_not_refused(sparql: str) -> None:
    check_read_only(sparql)


def test_a_bound_variable_must_be_projected(sample_store: Store) -> None:
    with pytest.raises(UsageError, match="SELECT projection"):
        run_sparql(sample_store, "SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal("x")})
