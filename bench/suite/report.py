"""BENCHMARKS.md from the suite's figures: the targets first, then one section a benchmark."""

from __future__ import annotations

from typing import Any

from bench.build import TARGET as BUILD_TARGET
from bench.queries import TARGET_MS, TARGET_RATIO

EXTRACTION_TARGET = 5_000  # statements/s per core
QUERY_TARGET_STATEMENTS = 200_000
GROWTH_LIMIT = 2.0  # one-source validation may grow less than this while the corpus grows
MEMORY_LIMIT = 1.2  # peak RSS adding records to a large store, over that of a small one


def _n(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:,.1f} s"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def _status(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**missed**")


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def text_rate(extraction: dict[str, Any]) -> float | None:
    """Extraction statements/s over the text and HTML records (every format but PDF)."""
    formats = [f for name, f in extraction["formats"].items() if name != "pdf"]
    seconds = sum(f["seconds"] for f in formats)
    return sum(f["statements"] for f in formats) / seconds if seconds else None


def _one_source_validation(size: dict[str, Any]) -> float:
    parts = size["incremental"]["one_changed"]["parts"]
    return float(parts.get("validation", 0.0) + parts.get("shared_check", 0.0))


def targets(report: dict[str, Any]) -> list[list[str]]:
    """One row per target of issue 7: target, figure, status."""
    sizes = report["sizes"]
    largest, smallest = sizes[-1], sizes[0]
    rows = []
    rates = [(s["records"], text_rate(s["extraction"])) for s in sizes]
    overall = [(s["records"], s["extraction"]["extraction"]["statements_per_s"]) for s in sizes]
    rows.append(
        [
            f"extraction ≥ {EXTRACTION_TARGET:,} statements/s per core",
            "text and HTML: "
            + ", ".join(f"{_n(r)}/s at {n:,} records" for n, r in rates)
            + "; with 5 % PDF: "
            + ", ".join(f"{_n(r)}/s" for _, r in overall)
            + " (one process)",
            _status(all((r or 0) >= EXTRACTION_TARGET for _, r in rates)) + " (text and HTML)",
        ]
    )
    ratios = [(s["records"], s["build"]["ratio"]["build_vs_oxigraph_bulk_load"]) for s in sizes]
    rows.append(
        [
            f"build ≥ {BUILD_TARGET:.0%} of pyoxigraph's bulk-load triples/s",
            ", ".join(f"{_pct(r)} at {n:,} records" for n, r in ratios),
            _status(ratios[-1][1] >= BUILD_TARGET) + " (largest size)",
        ]
    )
    queries = largest["queries"]
    at = f"at {queries['statements']:,} statements"
    if queries["statements"] < QUERY_TARGET_STATEMENTS:
        at += f" (the target's size, {QUERY_TARGET_STATEMENTS:,}, not run)"
    worst = max(queries["queries"], key=lambda q: q["embedded"]["median_ms"])
    slow = [q for q in queries["queries"] if not q["fast_enough"]]
    rows.append(
        [
            f"every canned query ≤ {TARGET_MS:.0f} ms median",
            f"{len(queries['queries']) - len(slow)} of {len(queries['queries'])} {at}; "
            f"slowest {worst['query']} {worst['embedded']['median_ms']:,.0f} ms",
            _status(not slow),
        ]
    )
    behind = [q for q in queries["queries"] if not q["faster_than_rdflib"]]
    least = min(queries["queries"], key=lambda q: q["ratio"] or 0)
    rows.append(
        [
            f"every canned query ≥ {TARGET_RATIO:.0f}× rdflib in memory",
            f"{len(queries['queries']) - len(behind)} of {len(queries['queries'])} {at}; "
            f"least {least['query']} {least['ratio'] or 0:.1f}×",
            _status(not behind),
        ]
    )
    if len(sizes) > 1:
        small, large = _one_source_validation(smallest), _one_source_validation(largest)
        growth = large / small if small else float("inf")
        corpus = largest["records"] / smallest["records"]
        figure = (
            f"{_s(small)} at {smallest['records']:,} → {_s(large)} at {largest['records']:,} "
            f"records (×{growth:.1f} for ×{corpus:.0f} records)"
        )
        ok: bool | None = growth < GROWTH_LIMIT
        rss = [s["incremental"]["new_records"]["peak_rss_mb"] for s in (smallest, largest)]
        memory = (
            f"{_n(rss[0])} MB into {smallest['records']:,} records → {_n(rss[1])} MB into "
            f"{largest['records']:,} (×{rss[1] / rss[0]:.2f})"
        )
        memory_ok: bool | None = rss[1] <= MEMORY_LIMIT * rss[0]
    else:
        figure = memory = "needs two sizes"
        ok = memory_ok = None
    rows.append(
        [
            "validating one changed source ∝ the source, not the corpus",
            f"{figure}; validation of the batch + shared-entity check (growth < ×{GROWTH_LIMIT:g})",
            _status(ok),
        ]
    )
    new = largest["incremental"]["new_records"]["records"]
    rows.append(
        [
            "build memory does not grow with the records in the store",
            f"peak RSS building {new} new records: {memory} (≤ ×{MEMORY_LIMIT:g})",
            _status(memory_ok),
        ]
    )
    return rows


def render(report: dict[str, Any]) -> str:
    """The whole of BENCHMARKS.md."""
    from bench.suite import sections

    lines = [
        "# Benchmarks",
        "",
        "<!-- GENERATED by `python -m bench all` (bench/suite): do not edit by hand. -->",
        f"Generated by `{report['command']}` — do not edit by hand; run it again "
        "(or `make bench`) to update. How each figure is measured: bench/README.md.",
        "",
        "## Targets (issue 7)",
        "",
        *_table(["target", "figure", "status"], targets(report)),
    ]
    lines += sections.machine(report)
    lines += sections.corpus(report)
    lines += sections.extraction(report)
    lines += sections.build(report)
    lines += sections.queries(report)
    lines += sections.validation(report)
    lines += sections.incremental(report)
    lines += sections.outputs(report)
    return "\n".join(lines).rstrip() + "\n"
