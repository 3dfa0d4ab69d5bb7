"""Every output format of the one registry writes results that parse back."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.query import FORMATS, QueryResult, canned_query, run_canned, run_sparql, write_result
from kg.query.formats import NotAcceptable, display_width, format_table, negotiate
from kg.store import Store

SELECT = """SELECT ?statement ?text ?position ?missing WHERE {
  ?statement a gk:Statement ; schema:text ?text ; schema:position ?position
  OPTIONAL { ?statement gk:nothing ?missing } } ORDER BY ?statement LIMIT 7"""
CONSTRUCT = "CONSTRUCT { ?s schema:text ?t } WHERE { ?s a gk:Statement ; schema:text ?t } LIMIT 5"


@pytest.fixture(scope="module")
def select(sample_store: Store) -> QueryResult:
    return run_sparql(sample_store, SELECT)


def written(result: QueryResult, fmt: str) -> bytes:
    out = io.BytesIO()
    write_result(result, out, fmt)
    return out.getvalue()


def test_csv_parses_with_the_csv_module(select: QueryResult) -> None:
    table = list(csv.reader(io.StringIO(written(select, "csv").decode("utf-8"))))
    assert table[0] == ["statement", "text", "position", "missing"]
    assert len(table) == 8 and all(len(row) == 4 for row in table)
    assert table[1][1] == select.rows[0][1].value  # type: ignore[union-attr]
    assert table[1][3] == ""


@pytest.mark.parametrize(
    ("fmt", "results_format"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("tsv", ox.QueryResultsFormat.TSV),
        ("xml", ox.QueryResultsFormat.XML),
    ],
)
def test_sparql_results_formats_parse_back_to_the_same_terms(
    select: QueryResult, fmt: str, results_format: ox.QueryResultsFormat
) -> None:
    parsed = ox.parse_query_results(written(select, fmt), results_format)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [v.value for v in parsed.variables] == select.variables
    back = [tuple(solution[name] for name in select.variables) for solution in parsed]
    assert back == select.rows  # language tags, datatypes and unbound values kept


def test_json_is_sparql_results_json_with_readable_japanese(select: QueryResult) -> None:
    text = written(select, "json").decode("utf-8")
    document = json.loads(text)
    assert document["head"]["vars"] == select.variables
    first = document["results"]["bindings"][0]
    assert first["statement"]["type"] == "uri"
    assert first["text"]["type"] == "literal" and first["text"]["xml:lang"] == "ja"
    assert first["position"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert "missing" not in first
    assert first["text"]["value"] in text  # not \\u-escaped


def test_jsonl_is_one_object_per_row(select: QueryResult) -> None:
    lines = written(select, "jsonl").decode("utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 7 and set(objects[0]) == {"statement", "text", "position"}


def test_the_table_aligns_japanese_text(sample_store: Store) -> None:
    result = run_canned(sample_store, canned_query("posts-of"), {"person": "宮坂学"})
    header, rule, row, count = format_table(result, max_width=0).splitlines()

    def column(line: str, text: str) -> int:  # the terminal column where ``text`` starts
        return display_width(line[: line.index(text)])

    runs = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
    # 副知事 (wide) sits before 東京都: its columns count double, or 東京都 would drift left
    assert column(header, "postName") == column(row, "副知事") == runs[2]
    assert column(header, "organizationName") == column(row, "東京都") == runs[4]
    assert column(header, "date") == column(row, "2023-02-14") == runs[5]
    assert count == "(1 row)"


def test_display_width_counts_wide_characters_double() -> None:
    assert display_width("国分寺市") == 8
    assert display_width("ｸﾗｳﾄﾞ") == 5
    assert display_width("ＬＧＷＡＮ") == 10
    assert display_width("CIO") == 3


def test_a_long_cell_is_cut_at_the_width(sample_store: Store) -> None:
    result = run_sparql(sample_store, "SELECT ?t WHERE { ?s schema:text ?t } LIMIT 3")
    for line in format_table(result, max_width=20).splitlines()[2:-1]:
        assert display_width(line) <= 20 and line.endswith("…")


def test_ask_in_every_result_format(sample_store: Store) -> None:
    result = run_sparql(sample_store, "ASK { ?s a gk:Statement }")
    assert json.loads(written(result, "json")) == {"head": {}, "boolean": True}
    parsed = ox.parse_query_results(written(result, "xml"), ox.QueryResultsFormat.XML)
    assert isinstance(parsed, ox.QueryBoolean) and bool(parsed)
    assert written(result, "table") == b"true\n"
    for fmt in ("csv", "tsv", "jsonl"):
        assert b"true" in written(result, fmt)


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("turtle", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")]
)
def test_construct_results_parse_in_rdflib(
    sample_store: Store, fmt: str, rdflib_format: str
) -> None:
    result = run_sparql(sample_store, CONSTRUCT)
    graph = Graph().parse(data=written(result, fmt), format=rdflib_format)
    assert len(graph) == 5
    assert any(o.language == "ja" for o in graph.objects())  # type: ignore[attr-defined]


def test_a_graph_cannot_be_written_as_csv_nor_solutions_as_turtle(
    sample_store: Store, select: QueryResult
) -> None:
    with pytest.raises(UsageError, match="choose one of turtle, jsonld, nt"):
        written(run_sparql(sample_store, CONSTRUCT), "csv")
    with pytest.raises(UsageError, match="choose one of table"):
        written(select, "turtle")


def test_every_format_has_a_media_type() -> None:
    assert {"table", "csv", "tsv", "json", "jsonl", "turtle", "jsonld"} <= set(FORMATS)
    assert len({f.media_type for f in FORMATS.values()}) == len(FORMATS)


@pytest.mark.parametrize(
    ("accept", "fmt", "expected"),
    [
        (None, None, "json"),
        ("*/*", None, "json"),
        ("application/sparql-results+json", None, "json"),
        ("text/csv", None, "csv"),
        ("text/tab-separated-values;q=0.9, text/csv;q=0.5", None, "tsv"),
        ("application/sparql-results+xml", None, "xml"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", None, "json"),
        ("text/csv", "tsv", "tsv"),
        (None, "text/csv", "csv"),
    ],
)
def test_content_negotiation(
    select: QueryResult, accept: str | None, fmt: str | None, expected: str
) -> None:
    assert negotiate(select, fmt, accept).name == expected


def test_negotiation_of_graphs_and_refusals(sample_store: Store, select: QueryResult) -> None:
    graph = run_sparql(sample_store, CONSTRUCT)
    assert negotiate(graph, None, "application/sparql-results+json, */*;q=0.1").name == "turtle"
    assert negotiate(graph, None, "application/ld+json").name == "jsonld"
    with pytest.raises(NotAcceptable, match="image/png"):
        negotiate(select, None, "image/png")
