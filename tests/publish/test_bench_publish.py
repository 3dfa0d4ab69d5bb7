"""The publication benchmark runs at its smallest size (figures are not asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.__main__ import main


@pytest.mark.slow
def test_publish_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "publish.json"
    assert main(["publish", "--statements", "200", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))["results"][0]
    assert result["pages"] > 20 and result["pages_per_second"] > 0
    assert result["kinds"]["statement"] > 0 and result["site_mb"] > 0
