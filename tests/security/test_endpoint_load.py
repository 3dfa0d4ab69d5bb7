"""The load benchmark at a small size, so it cannot rot: ``python -m bench load``.

It starts ``kg serve`` and a ``kg build`` of a changed corpus on the same store, sends a
bounded number of canned-query requests from this process, and fails on any 5xx that is
not an intended limit (a 503 that says which limit) or any request left without an answer.

How it was confirmed to fail: ``test_only_named_limits_count_as_intended`` checks the
classification the benchmark's exit code rests on (a bare 500 or 503 is a failure). With
the worker's snapshot never reopened (``_Snapshot.current`` returning the first store it
opened), the statements the server sees stay as before the build and the last assertion
fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main
from bench.load import intended


def test_only_named_limits_count_as_intended() -> None:
    assert intended({"status": 200, "text": ""})
    assert intended({"status": 400, "text": "SERVICE is refused"})
    assert intended({"status": 503, "text": "the query was stopped after 2 s, the time limit"})
    assert intended({"status": 503, "text": "cannot open store while it is written; try again"})
    assert not intended({"status": 500, "text": "Internal Server Error"})
    assert not intended({"status": 503, "text": "Service Unavailable"})
    assert not intended({"status": 0, "text": "ConnectionResetError"})


@pytest.mark.slow
def test_the_load_benchmark_runs_clean_while_a_build_writes(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    arguments = ["load", "--records", "20", "--requests", "150", "--concurrency", "3"]
    code = main([*arguments, "--out", str(out), "--keep", str(tmp_path / "work")])
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 0, report["failure_examples"]
    assert report["requests"] == 150 and report["failures"] == 0
    assert report["statuses"].get("200", 0) >= 150 * 0.9, report["statuses"]
    assert report["during_build"] > 0, "no request overlapped the build"
    assert report["requests_per_second"] > 0 and report["latency_ms"]["p99"] > 0
    assert report["build"]["exit_code"] in (0, 1), report["build"]
    before, after = report["build"]["statements_before"], report["build"]["statements_after"]
    assert before > 0 and after > 0 and after != before, report["build"]  # answers follow
