"""``python -m bench all`` runs every benchmark and writes BENCHMARKS.md (so the suite cannot
rot); the figures themselves are not asserted, only that every section has them."""

from __future__ import annotations

import json
import re

import pytest

from bench.__main__ import main
from bench.suite.sections import SECTIONS


def section(text: str, heading: str) -> str:
    """The text of one ``## `` section."""
    start = text.index(heading + "\n")
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


@pytest.mark.slow
def test_the_suite_writes_every_section_with_figures(tmp_path):
    out, figures = tmp_path / "BENCHMARKS.md", tmp_path / "suite.json"
    argv = ["all", "--records", "8", "--records", "16", "--runs", "1", "--shape-cases", "3"]
    argv += ["--new-records", "8", "--query-runs", "2", "--timeout", "60"]
    assert main([*argv, "--out", str(out), "--json", str(figures)]) == 0

    text = out.read_text(encoding="utf-8")
    assert "do not edit by hand" in "\n".join(text.splitlines()[:4])
    targets = section(text, "## Targets (issue 7)")
    rows = [line for line in targets.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 7  # the head and one row a target
    for row in rows[1:]:
        assert re.search(r"\*\*(met|missed)\*\*", row), row  # two sizes: every target judged
        assert re.search(r"\d", row.split("|")[2]), row  # with its figure
    for heading in SECTIONS:
        body = section(text, heading)
        numbers = [line for line in body.splitlines() if line.startswith("| 8 |")]
        if heading == SECTIONS[0]:
            assert re.search(r"pyoxigraph \d", body) and re.search(r"\d+ cores", body)
            continue
        if heading == SECTIONS[4]:  # one table a size, one row a canned query
            assert "8 records (" in body and "16 records (" in body
            assert re.search(r"\| search \| \d+ \| [\d.]+ \|", body), body
            continue
        assert numbers, f"{heading}: no row for the 8-record corpus"
        cells = [cell.strip() for cell in numbers[0].split("|")[2:-1]]
        # "—": not measured at this size (no PDF among 8 records)
        assert all(re.search(r"\d", cell) or cell == "—" for cell in cells), (heading, cells)
        assert sum(cell == "—" for cell in cells) <= 1, (heading, cells)
    assert "8 of 8" in section(text, "## Corpus")  # every layout at the smallest size
    checks = section(text, "## SHACL validation")
    assert "sparql: the same (focus node, shape) results as pyshacl on 3 of 3 cases" in checks

    report = json.loads(figures.read_text(encoding="utf-8"))
    assert [size["records"] for size in report["sizes"]] == [8, 16]
    assert report["sizes"][0]["incremental"]["one_changed"]["built"] == 1


def test_bad_options_exit_2_and_write_nothing(tmp_path, capsys):
    out = tmp_path / "BENCHMARKS.md"
    assert main(["all", "--runs", "0", "--out", str(out)]) == 2
    assert "--runs" in capsys.readouterr().err
    assert main(["all", "--records", "3", "--out", str(out)]) == 2
    assert "--records" in capsys.readouterr().err
    assert not out.exists()


def test_rdflib_parse_is_stopped_at_its_time_limit(tmp_path):
    from bench.build import rdflib_parse_once

    data = tmp_path / "big.nq"
    with data.open("w", encoding="utf-8") as handle:
        for k in range(300_000):
            handle.write(f'<urn:s:{k}> <urn:p> "{k}" <urn:g> .\n')
    result = rdflib_parse_once(str(data), timeout=0.2)
    assert result["stopped"] == "time" and result["seconds"] < 5
    small = tmp_path / "small.nq"
    small.write_text('<urn:s> <urn:p> "o" <urn:g> .\n', encoding="utf-8")
    assert rdflib_parse_once(str(small), timeout=30)["quads"] == 1


def test_a_measurement_past_its_time_limit_is_killed():
    import time

    from bench.build import TimeLimit, in_process

    started = time.perf_counter()
    with pytest.raises(TimeLimit):
        in_process(time.sleep, 60, timeout=1)  # native code: no Python signal reaches it
    assert time.perf_counter() - started < 20


def test_peak_memory_is_the_measured_process_own(tmp_path):
    from bench.build import in_process, peak_rss_mb

    ballast = bytearray(300 * 1024 * 1024)  # a large parent, as the suite's process becomes
    ballast[:: 1 << 12] = b"x" * len(ballast[:: 1 << 12])
    assert peak_rss_mb() > 300
    assert in_process(_peak) < 200  # a fresh interpreter, whatever its parent held
    del ballast


def _peak() -> float:
    from bench.build import peak_rss_mb

    return peak_rss_mb()
