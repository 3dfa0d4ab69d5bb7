"""The benchmarks run (smallest sizes), so that the suite cannot rot; figures are not asserted."""

from __future__ import annotations

import json

import pytest

from bench.__main__ import main


@pytest.mark.slow
def test_extraction_benchmark_runs_and_reads_every_layout(tmp_path):
    out = tmp_path / "extract.json"
    assert main(["extract", "--records", "24", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    text = json.dumps(report, ensure_ascii=False)
    for layout in ("heading-bullets", "colon-transcript", "anonymous-qa", "anonymous-opinions"):
        assert layout in text


@pytest.mark.slow
def test_build_benchmark_runs(tmp_path):
    out = tmp_path / "build.json"
    assert main(["build", "--statements", "200", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    size = report["sizes"][0]
    assert size["build"]["triples"] > 1000 and size["build"]["conforms"]


@pytest.mark.slow
def test_query_benchmark_times_every_canned_query_on_both_engines(tmp_path):
    from kg.query.catalogue import load_catalogue

    out = tmp_path / "queries.json"
    argv = ["queries", "--statements", "200", "--runs", "2", "--rdflib-runs", "1"]
    assert main([*argv, "--out", str(out)]) == 0
    size = json.loads(out.read_text(encoding="utf-8"))["sizes"][0]
    assert {row["query"] for row in size["queries"]} == set(load_catalogue())
    for row in size["queries"]:
        assert row["embedded"]["median_ms"] > 0 and row["same_rows"], row
    by_name = {row["query"]: row for row in size["queries"]}
    assert by_name["statements-by"]["embedded"]["rows"] > 0


def test_query_benchmark_refuses_bad_options(capsys):
    assert main(["queries", "--runs", "0"]) == 2
    assert "--runs" in capsys.readouterr().err
