"""Query text sent to a server: prefixes, and bindings as a VALUES block that means what the
embedded store's substitutions mean (checked by running both on the same local data)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.remote.sparql import prepare_query, query_form
from kg.store import PREFIXES

EX = "http://example.org/"
HOSTILE = 'x" } } ; DROP ALL ; # \\" \n """ \' <http://evil/> ) ( VALUES'


@pytest.fixture(scope="module")
def data() -> ox.Store:
    store = ox.Store()
    for i, text in enumerate(["クラウド移行", "ガバメントクラウド", "オープンデータ", HOSTILE]):
        s = ox.NamedNode(f"{EX}s{i}")
        store.add(ox.Quad(s, ox.NamedNode(f"{EX}text"), ox.Literal(text, language="ja")))
        store.add(ox.Quad(s, ox.NamedNode(f"{EX}n"), ox.Literal(i)))
    return store


def _rows(result: object) -> list[tuple[str, ...]]:
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(row[n]) for n in names) for row in result)


QUERIES = [
    # a binding used in a FILTER of the WHERE group
    "SELECT ?s ?q WHERE { ?s <http://example.org/text> ?t FILTER (CONTAINS(STR(?t), ?q)) }",
    # a binding in a triple pattern, with a comment and a string holding braces
    "# find { it }\nSELECT ?s ?q ('{' AS ?b) WHERE { ?s <http://example.org/text> ?t . "
    "?s <http://example.org/n> ?n FILTER (CONTAINS(STR(?t), ?q)) } ORDER BY ?s",
    # the WHERE group is a sub-SELECT
    "SELECT ?s ?q WHERE { SELECT ?s ?q WHERE { ?s <http://example.org/text> ?t "
    "FILTER (CONTAINS(STR(?t), ?q)) } }",
    # a sub-SELECT that uses the binding, joined with more patterns (search.rq's shape)
    "SELECT ?s ?q ?n WHERE { { SELECT ?q ?s WHERE { ?s <http://example.org/text> ?t "
    "FILTER (CONTAINS(STR(?t), ?q)) } } ?s <http://example.org/n> ?n } ORDER BY ?n",
    # a sub-SELECT nested in a sub-SELECT, after an outer pattern
    "SELECT ?s ?q WHERE { ?s <http://example.org/n> ?n { SELECT ?s ?q WHERE { "
    "{ SELECT ?s ?q WHERE { ?s <http://example.org/text> ?t FILTER (CONTAINS(STR(?t), ?q)) } } "
    "} } }",
    # an aggregate grouped by the bound variable
    "SELECT ?q (COUNT(?s) AS ?c) WHERE { ?s <http://example.org/text> ?t "
    "FILTER (CONTAINS(STR(?t), ?q)) } GROUP BY ?q",
]


@pytest.mark.parametrize("query", QUERIES)
def test_values_block_gives_what_the_embedded_store_gives(data: ox.Store, query: str) -> None:
    bindings = {"q": ox.Literal("クラウド")}
    expected = _rows(
        data.query(query, substitutions={ox.Variable(k): v for k, v in bindings.items()})
    )
    sent = prepare_query(query, {}, bindings)
    assert "VALUES (?q)" in sent
    assert _rows(data.query(sent)) == expected
    assert expected  # the binding selects something


def test_construct_template_is_skipped_and_ask_is_bound(data: ox.Store) -> None:
    construct = (
        "CONSTRUCT { ?s <http://example.org/hit> ?q } WHERE { ?s <http://example.org/text> ?t "
        "FILTER (CONTAINS(STR(?t), ?q)) }"
    )
    sent = prepare_query(construct, {}, {"q": ox.Literal("データ")})
    triples = list(data.query(sent))  # type: ignore[arg-type]
    assert [str(t.subject) for t in triples] == [f"<{EX}s2>"]
    short = prepare_query(
        "CONSTRUCT WHERE { ?s <http://example.org/n> ?n }", {}, {"n": ox.Literal(1)}
    )
    assert len(list(data.query(short))) == 1  # type: ignore[arg-type]
    ask = "ASK { ?s <http://example.org/n> ?n }"
    assert bool(data.query(prepare_query(ask, {}, {"n": ox.Literal(2)})))
    assert not bool(data.query(prepare_query(ask, {}, {"n": ox.Literal(9)})))


def test_a_hostile_literal_is_only_a_value(data: ox.Store) -> None:
    sent = prepare_query(
        "SELECT ?s ?v WHERE { ?s <http://example.org/text> ?v }",
        {},
        {"v": ox.Literal(HOSTILE, language="ja")},
    )
    rows = list(data.query(sent))  # type: ignore[arg-type]
    assert [row["v"].value for row in rows] == [HOSTILE]
    assert [row["s"].value for row in rows] == [f"{EX}s3"]
    iri = prepare_query("SELECT ?x WHERE { }", {}, {"x": ox.NamedNode(f"{EX}a")})
    assert [row["x"].value for row in data.query(iri)] == [f"{EX}a"]  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["q) { } } DROP ALL #", "", "a b", "?q"])
def test_a_bad_variable_name_is_refused(name: str) -> None:
    with pytest.raises(UsageError, match="variable name"):
        prepare_query("SELECT * WHERE { }", {}, {name: ox.Literal("x")})


def test_only_a_term_can_be_bound() -> None:
    with pytest.raises(UsageError, match="IRI or a literal"):
        prepare_query("SELECT * WHERE { }", {}, {"q": "raw text"})  # type: ignore[dict-item]


def test_missing_prefixes_are_declared_and_own_ones_kept(data: ox.Store) -> None:
    sent = prepare_query("PREFIX schema: <urn:mine:>\nSELECT ?x WHERE { ?x gk:p ?y }", PREFIXES)
    assert "PREFIX gk: <https://w3id.org/gijiroku/def#>" in sent
    assert "PREFIX schema: <http://schema.org/>" not in sent
    assert sent.count("PREFIX schema:") == 1
    data.query(sent)  # parses


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX a: <urn:a:> select * { }", "SELECT"),
        ("BASE <urn:x> CONSTRUCT WHERE { }", "CONSTRUCT"),
        ("# ASK\n ask { }", "ASK"),
        ("DESCRIBE <urn:x>", "DESCRIBE"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", None),
    ],
)
def test_query_form(query: str, form: str | None) -> None:
    assert query_form(query) == form
