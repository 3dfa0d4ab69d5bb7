"""The viz benchmark runs at its smallest size, so that it cannot rot; figures not asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main


@pytest.mark.slow
def test_viz_benchmark_runs_and_reduces(tmp_path: Path) -> None:
    out = tmp_path / "viz.json"
    args = ["viz", "--nodes", "100", "--max-nodes", "40", "--out", str(out)]
    if not Path("/usr/bin/chromium").exists():
        args.append("--no-browser")
    assert main(args) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [r["view"] for r in rows] == ["actors-topics", "dialogue", "organizations", "topics"]
    at = rows[0]
    assert at["nodes_before"] > 80 and at["nodes"] == 40
    assert all(r.get("outside_requests", 0) == 0 for r in rows)
