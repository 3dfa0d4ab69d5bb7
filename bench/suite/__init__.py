"""``python -m bench all``: every benchmark at every size, written to BENCHMARKS.md.

For each corpus size (records; about 20 statements a record) it runs, one measurement at a
time and each heavy one in a fresh process:

1. extraction (``bench.extract.run``, text, HTML and PDF records, one process);
2. the build end to end and its references, pyoxigraph's bulk loader and rdflib's parser
   (``bench.build.measure_size``);
3. every canned query on the embedded store and on rdflib in memory (``bench.queries.run``,
   on the build's store);
4. SHACL validation of the whole graph and of one changed source, by engine
   (``bench.validation``);
5. incremental builds: one changed source, and new records into the store
   (``bench.suite.incremental``);
6. ``kg viz all`` and ``kg publish`` on the store;

then cross-checks the SHACL engines on the test shapes once, and writes the figures as JSON
(``bench/out/suite.json``) and as ``BENCHMARKS.md`` (:mod:`bench.suite.report`).

Example::

    python -m bench all --records 100 --records 1000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.build import STATEMENTS_PER_RECORD

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "BENCHMARKS.md"
JSON_OUT = ROOT / "bench" / "out" / "suite.json"
DEFAULT_RECORDS = (100, 1000)
LARGE = 10_000  # records from which a measurement runs once unless --runs says otherwise


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``python -m bench all``."""
    parser.add_argument(
        "--records",
        type=int,
        action="append",
        metavar="N",
        help="corpus size in records (about 20 statements each); repeatable (100, 1000)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        help=f"runs of each measurement, the median reported (3; 1 from {LARGE:,} records)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--workers", type=int, default=2, help="kg build --workers (2)")
    parser.add_argument(
        "--new-records",
        type=int,
        default=50,
        help="records added to each size's store to compare peak memory (50)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds before rdflib's parse or a SHACL engine on the whole graph is stopped (600)",
    )
    parser.add_argument(
        "--query-runs", type=int, default=20, help="timed runs of each canned query (20)"
    )
    parser.add_argument(
        "--shape-cases",
        type=int,
        help="cross-check only the first N cases of tests/data/shapes (all)",
    )
    parser.add_argument(
        "--skip-publish", action="store_true", help="do not run kg publish (slowest part)"
    )
    parser.add_argument(
        "--heavy-up-to",
        type=int,
        default=None,
        metavar="N",
        help="above N records, skip kg publish and the whole-graph check by pyshacl and other "
        "engines than the compiled one (they would run past --timeout); default: never skip",
    )
    parser.add_argument(
        "--keep", type=Path, help="keep corpora and stores here (a temporary folder)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"the Markdown report ({OUT.name})")
    parser.add_argument(
        "--json", type=Path, default=JSON_OUT, help="the figures as JSON (bench/out/suite.json)"
    )


def _runs(args: argparse.Namespace, records: int) -> int:
    if args.runs is not None:
        return int(args.runs)
    return 1 if records >= LARGE else 3


def measure_size(
    records: int, args: argparse.Namespace, work: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """Run every benchmark on a corpus of ``records`` records; return the figures."""
    from bench import build, extract, queries, validation
    from bench.publish import publish_once
    from bench.suite import incremental
    from bench.viz import viz_all_once

    runs = _runs(args, records)
    statements = records * STATEMENTS_PER_RECORD
    folder = work / f"statements-{statements}"  # the layout bench.build and bench.queries use
    folder.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"records": records, "runs": runs}
    seconds: dict[str, float] = {}

    def lap(name: str, started: float) -> None:
        seconds[name] = round(time.perf_counter() - started, 1)
        say(f"[{records:,} records] {name} done in {seconds[name]:.0f} s")

    started = time.perf_counter()
    extractions = []
    for k in range(runs):
        say(f"[{records:,} records] extraction {k + 1}/{runs}")
        extractions.append(
            extract.run(records, args.seed, pdf=True, keep=folder / "extract-corpus")
        )
    shutil.rmtree(folder / "extract-corpus", ignore_errors=True)
    extractions.sort(key=lambda r: r["extraction"]["seconds"])
    result["extraction"] = extractions[(runs - 1) // 2] | {
        "seconds_each": [r["extraction"]["seconds"] for r in extractions]
    }
    lap("extraction", started)

    started = time.perf_counter()
    for leftover in [*folder.glob("store-*"), *folder.glob("bulk-*")]:  # a stopped run's
        shutil.rmtree(leftover, ignore_errors=True)
    result["build"] = build.measure_size(
        statements, args.seed, runs, folder, say, args.workers, args.timeout, runs
    )
    store = folder / "queries-store"  # where bench.queries looks for a built store
    shutil.rmtree(store, ignore_errors=True)
    (folder / "store-1").rename(store)
    for leftover in [*folder.glob("store-*"), *folder.glob("bulk-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    (folder / "export.nq").unlink(missing_ok=True)
    lap("build", started)

    started = time.perf_counter()
    options = argparse.Namespace(
        statements=[statements],
        seed=args.seed,
        runs=args.query_runs,
        budget=20.0,
        rdflib_runs=max(1, min(runs, 3)),
        rdflib_timeout=min(args.timeout, 60.0),
        text=queries.DEFAULT_TEXT,
        keep=work,
    )
    result["queries"] = queries.run(options, say)["sizes"][0]
    (folder / "queries-export.nt").unlink(missing_ok=True)
    lap("queries", started)

    started = time.perf_counter()
    source = incremental.changed_record(folder / "corpus")
    heavy = args.heavy_up_to is None or records <= args.heavy_up_to
    skipped = None if heavy else f"above --heavy-up-to {args.heavy_up_to:,} records"
    result["validation"] = validation.run(
        store, source, folder, runs, args.timeout, say, skip_whole=skipped
    )
    lap("validation", started)

    started = time.perf_counter()
    result["incremental"] = incremental.run(
        store, folder / "corpus", folder, runs, args.new_records, args.seed, say
    )
    lap("incremental", started)

    started = time.perf_counter()
    say(f"[{records:,} records] kg viz all")
    result["viz"] = build.in_process(viz_all_once, str(store), str(folder / "viz"))
    shutil.rmtree(folder / "viz", ignore_errors=True)
    lap("viz", started)
    if not args.skip_publish and heavy:
        started = time.perf_counter()
        say(f"[{records:,} records] kg publish")
        result["publish"] = build.in_process(publish_once, str(store), str(folder / "site"))
        shutil.rmtree(folder / "site", ignore_errors=True)
        lap("publish", started)
    result["wall_seconds"] = seconds
    return result


def run(args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, Any]:
    """Measure every size, then cross-check the SHACL engines; return the report."""
    from bench import validation
    from bench.suite.machine import machine, versions

    started = time.perf_counter()
    report: dict[str, Any] = {
        "command": "python -m bench " + shlex.join(sys.argv[1:])
        if sys.argv[1:2] == ["all"]
        else "python -m bench all " + " ".join(f"--records {n}" for n in args.records),
        "config": {
            "records": args.records,
            "runs": args.runs,
            "seed": args.seed,
            "workers": args.workers,
            "new_records": args.new_records,
            "timeout_s": args.timeout,
            "query_runs": args.query_runs,
        },
        "machine": machine(),
        "versions": versions(),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="gijiroku-bench-all-") as scratch:
        work = args.keep or Path(scratch)
        for records in args.records:
            report["sizes"].append(measure_size(records, args, work, say))
    say("cross-checking the SHACL engines on the test shapes")
    report["cross_check"] = validation.cross_check(args.shape_cases)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _write(path: Path, text: str) -> None:
    """Write under a temporary name, then rename: nothing half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def main(args: argparse.Namespace) -> int:
    """Run the suite from parsed options; write the JSON and BENCHMARKS.md."""
    from bench.suite.report import render

    args.records = args.records or list(DEFAULT_RECORDS)
    problems = []
    if any(n < 8 for n in args.records):
        problems.append("--records must be ≥ 8 (one record of each layout)")
    if args.runs is not None and args.runs < 1:
        problems.append("--runs must be ≥ 1")
    if args.workers < 1 or args.new_records < 1 or args.query_runs < 1 or args.timeout <= 0:
        problems.append("--workers, --new-records and --query-runs must be ≥ 1, --timeout > 0")
    if problems:
        print(f"bench all: {'; '.join(problems)}", file=sys.stderr)
        return 2
    report = run(args, lambda message: print(message, file=sys.stderr, flush=True))
    _write(args.json, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    _write(args.out, render(report))
    print(f"wrote {args.out} and {args.json} in {report['seconds']:.0f} s", file=sys.stderr)
    return 0
