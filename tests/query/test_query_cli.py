"""``kg queries`` and ``kg query``: canned, file, stdin and -e queries, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner


def run(runner: CliRunner, cli: Any, store: Path, *args: str, stdin: str | None = None) -> Any:
    return runner.invoke(cli, [*args, "--store", str(store)], input=stdin)


def test_queries_lists_the_catalogue(runner: CliRunner, cli: Any) -> None:
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0, result.output
    assert "statements-by  -p actor=…" in result.output
    assert "commitments  [-p actor=…]" in result.output
    data = json.loads(runner.invoke(cli, ["queries", "--format", "json"]).output)
    assert {q["name"] for q in data} >= {"search", "posts-of", "unanswered"}


def test_query_a_canned_query_as_csv(runner: CliRunner, cli: Any, built_store_dir: Path) -> None:
    result = run(
        runner, cli, built_store_dir, "query", "posts-of", "-p", "person=宮坂学", "--format", "csv"
    )
    assert result.exit_code == 0, result.output + result.stderr
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [row["postName"] for row in rows] == ["副知事"]


def test_query_table_is_the_default(runner: CliRunner, cli: Any, built_store_dir: Path) -> None:
    result = run(runner, cli, built_store_dir, "query", "statements-by", "-p", "actor=国分寺市")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[0].startswith("actor ")
    assert result.output.rstrip().endswith("(5 rows)")


def test_query_from_a_file_stdin_and_e(
    runner: CliRunner, cli: Any, built_store_dir: Path, tmp_path: Path
) -> None:
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s a gk:Statement }"
    file = tmp_path / "count.rq"
    file.write_text(sparql, encoding="utf-8")
    outputs = [
        run(runner, cli, built_store_dir, "query", str(file), "--format", "json"),
        run(runner, cli, built_store_dir, "query", "-", "--format", "json", stdin=sparql),
        run(runner, cli, built_store_dir, "query", "-e", sparql, "--format", "json"),
    ]
    for result in outputs:
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.output)
        assert document["results"]["bindings"][0]["n"]["value"] == "48"


def test_ad_hoc_parameters_are_bound(runner: CliRunner, cli: Any, built_store_dir: Path) -> None:
    sparql = "SELECT ?org ?name WHERE { ?org skos:prefLabel ?name FILTER (LANG(?name) = 'ja') }"
    org = "<https://w3id.org/gijiroku/id/org/lg/132144>"
    result = run(
        runner, cli, built_store_dir, "query", "-e", sparql, "-p", f"org={org}", "--format", "jsonl"
    )
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["name"] for line in result.output.splitlines()] == ["国分寺市"]


def test_construct_writes_turtle(runner: CliRunner, cli: Any, built_store_dir: Path) -> None:
    sparql = "CONSTRUCT { ?s a gk:Statement } WHERE { ?s a gk:Statement } LIMIT 2"
    result = run(runner, cli, built_store_dir, "query", "-e", sparql)
    assert result.exit_code == 0, result.stderr
    assert "@prefix gk: <https://w3id.org/gijiroku/def#>" in result.output


def test_errors_are_one_line_with_exit_2(
    runner: CliRunner, cli: Any, built_store_dir: Path
) -> None:
    cases = [
        (["query", "statements-by"], "needs -p actor=VALUE"),
        (["query", "no-such-query"], "no canned query 'no-such-query'"),
        (["query", "-e", "INSERT DATA { <a:b> <a:c> <a:d> }"], "SPARQL Update (INSERT) is refused"),
        (
            ["query", "-e", "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"],
            "SERVICE",
        ),
        (["query", "-e", "SELECT WHERE {"], "SPARQL query"),
        (["query", "search", "-p", "text"], "should read key=value"),
        (
            ["query", "-e", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"],
            "cannot write a graph",
        ),
    ]
    for args, message in cases:
        result = run(runner, cli, built_store_dir, *args)
        assert result.exit_code == 2, (args, result.output, result.stderr)
        assert message in result.stderr, (args, result.stderr)


def test_limit_and_offset_page_through_an_answer_in_its_order(
    runner: CliRunner, cli: Any, built_store_dir: Path
) -> None:
    def rows(*paging: str) -> list[dict[str, str]]:
        args = ("query", "statements-by", "-p", "actor=国分寺市", "--format", "csv", *paging)
        result = run(runner, cli, built_store_dir, *args)
        assert result.exit_code == 0, result.stderr
        return list(csv.DictReader(io.StringIO(result.output)))

    whole = rows()
    assert len(whole) == 5
    assert rows("--limit", "2") == whole[:2]
    assert rows("--limit", "2", "--offset", "2") == whole[2:4]
    assert rows("--offset", "3") == whole[3:]


def test_limit_is_refused_where_the_query_pages_itself(
    runner: CliRunner, cli: Any, built_store_dir: Path
) -> None:
    own = "SELECT ?s WHERE { ?s a gk:Statement } LIMIT 3"
    result = run(runner, cli, built_store_dir, "query", "-e", own, "--limit", "2")
    assert result.exit_code == 2
    assert "its own LIMIT or OFFSET" in result.stderr
    # a LIMIT inside a string or a subquery is not the query's own
    inner = 'SELECT ?s WHERE { { SELECT ?s { ?s a gk:Statement } LIMIT 4 } ?s ?p "LIMIT" }'
    result = run(runner, cli, built_store_dir, "query", "-e", inner, "--limit", "2")
    assert result.exit_code == 0, result.stderr
    ask = run(runner, cli, built_store_dir, "query", "-e", "ASK { ?s ?p ?o }", "--limit", "1")
    assert ask.exit_code == 2
    assert "ASK" in ask.stderr


def test_the_format_choices_are_the_registry(cli: Any) -> None:
    from kg.query import FORMATS

    option = next(p for p in cli.commands["query"].params if p.name == "fmt")
    assert list(option.type.choices) == list(FORMATS)
