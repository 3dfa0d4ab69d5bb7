"""Item 6: a canned query's parameter values cannot change its shape, through the CLI or HTTP.

Each attack value tries to close a string, a group or an IRI and add a pattern (quotes,
``}``, ``#``, newlines, ``\\u`` escapes, ``>`` and ``<`` in IRIs). Spliced into the query
text, they would return every statement (the companion test shows one doing so); bound as
RDF terms they are only text: a search finds no statement containing them, a name matches
no one (exit 2 / 400, one line), an IRI is refused or matches nothing.

How the defence was confirmed: ``test_a_spliced_value_widens_the_query`` splices the first
attack into ``search.rq`` the way string formatting would, and gets every statement back;
the tests below assert zero rows for it, so they fail on any variant that splices values.
The positive controls (a real word, a real name) return rows, so "no rows" is not vacuous.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from endpoint_helpers import Server, fetch

from kg.query import canned_query, run_canned
from kg.store import Store

ATTACKS = [
    '")) || true || (CONTAINS("", "',
    "x') ) || true || (CONTAINS('', '",
    '"} UNION { ?statement ?p ?statementText } #',
    "x\n} UNION { ?statement ?p ?o }",
    "x\r\n# comment\n",
    "\\u0022 } UNION { ?s ?p ?o } #",
    '\\")) || true #',
    '"""',
    "'''",
    "?statement",
    "$text",
    "http://x/> } UNION { ?s ?p ?o } #",
    "<http://x/> } UNION { ?s ?p ?o",
    "<http://x/a>b> ",
    "http://x/<script>",
    "\x00",
]
# parameter -> a kind of canned query and a value that does match (the positive control)
PARAMETERS = {
    "search": ("text", "クラウド"),
    "statements-by": ("actor", "国分寺市"),
    "posts-of": ("person", "宮坂学"),
    "topic-timeline": ("topic", "ガバメントクラウド"),
}


def rows_of(text: str) -> list[Any]:
    return list(json.loads(text)["results"]["bindings"])


def check_answer(name: str, value: str, ok: bool, output: str) -> None:
    """An attack gives no rows, or (a name or an IRI) a one-line refusal."""
    if ok:
        assert rows_of(output) == [], (name, value, output[:300])
    else:
        assert name != "search", (value, output)  # free text is never refused
        lines = output.strip().splitlines()
        assert len(lines) == 1 and ("named" in lines[0] or "IRI" in lines[0]), output


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_controls_match(cli: Any, runner: CliRunner, store: Path, server: Server, name: str):
    parameter, value = PARAMETERS[name]
    result = runner.invoke(
        cli,
        ["query", name, "-p", f"{parameter}={value}", "--store", str(store), "--format", "json"],
    )
    assert result.exit_code == 0 and rows_of(result.stdout), result.output
    answer = fetch(
        f"{server.base}/sparql/queries/{name}?"
        + urllib.parse.urlencode({parameter: value, "format": "json"})
    )
    assert answer.status == 200 and rows_of(answer.text), answer.text


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_a_value_cannot_change_the_query_through_the_cli(
    cli: Any, runner: CliRunner, store: Path, name: str, attack: str
) -> None:
    parameter = PARAMETERS[name][0]
    result = runner.invoke(
        cli,
        ["query", name, "-p", f"{parameter}={attack}", "--store", str(store), "--format", "json"],
    )
    assert result.exit_code in (0, 2), result.output
    output = result.stdout if result.exit_code == 0 else result.stderr
    check_answer(name, attack, result.exit_code == 0, output)


@pytest.mark.slow
@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_a_value_cannot_change_the_query_through_http(
    server: Server, name: str, attack: str
) -> None:
    parameter = PARAMETERS[name][0]
    answer = fetch(
        f"{server.base}/sparql/queries/{name}?"
        + urllib.parse.urlencode({parameter: attack, "format": "json"})
    )
    assert answer.status in (200, 400), (answer.status, answer.text)
    check_answer(name, attack, answer.status == 200, answer.text)


def test_a_spliced_value_widens_the_query(store: Path) -> None:
    """Companion: formatted into the text, the first attack returns every statement."""
    query = canned_query("search")
    with Store.open(store, read_only=True) as opened:
        bound = run_canned(opened, query, {"text": ATTACKS[0]})
        spliced = query.sparql.replace("LCASE(STR(?text))", f'LCASE("{ATTACKS[0]}")')
        assert spliced != query.sparql
        widened = list(opened.query(spliced, use_default_graph_as_union=True))
        statements = opened.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a gk:Statement }")
        total = int(next(iter(statements))["n"].value)  # type: ignore[call-overload]
    assert len(bound) == 0
    assert len(widened) == total > 0
