"""The query benchmark: every canned query's latency on the embedded store, against rdflib.

For each size it builds a synthetic corpus of about that many statements (20 a record) into
a fresh on-disk store with ``kg.build.build`` (as ``kg build`` does, in a spawned process),
picks realistic parameters from the data (the organization, person and topic with the most
statements, and a word for the full-text search), then:

1. runs every canned query through ``kg.query.run.run_canned`` on the store opened
   read-only: one warm-up, then ``--runs`` timed runs (every row read); median and p95;
2. exports the store's union of graphs as N-Triples, parses it into one in-memory rdflib
   ``Graph`` (in a spawned process) and runs the same query text with the same bindings
   (``initBindings``, the project's prefixes as ``initNs``) ``--rdflib-runs`` times; a query
   that runs past ``--rdflib-timeout`` seconds is stopped and reported as "> X s".

The target (issue 4): every canned query ≤ 100 ms median at 100k statements and ≥ 10×
faster than rdflib's in-memory engine.

Example::

    python -m bench queries --statements 10000 --statements 100000 --keep /tmp/bk
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.build import STATEMENTS_PER_RECORD, in_process, revision

OUT = Path(__file__).resolve().parent / "out" / "queries.json"
TARGET_MS = 100.0
TARGET_RATIO = 10.0
DEFAULT_TEXT = "クラウド"
MIN_RUNS = 3
PAGE = 100  # the first page's size: `kg query NAME --limit 100`

# The most frequent organization, person and topic: realistic parameters for the queries.
PICKS = {
    "organization": """SELECT ?pick (COUNT(*) AS ?n) WHERE {
      ?statement schema:creator ?pick . ?pick a org:FormalOrganization }
      GROUP BY ?pick ORDER BY DESC(?n) ?pick LIMIT 1""",
    "person": """SELECT ?pick (COUNT(*) AS ?n) WHERE {
      ?statement schema:creator ?pick . ?pick a foaf:Person . ?post org:heldBy ?pick }
      GROUP BY ?pick ORDER BY DESC(?n) ?pick LIMIT 1""",
    "topic": """SELECT ?pick (COUNT(*) AS ?n) WHERE { ?statement dcterms:subject ?pick }
      GROUP BY ?pick ORDER BY DESC(?n) ?pick LIMIT 1""",
}
# Which pick a parameter kind gets.
KIND_PICK = {"actor": "organization", "person": "person", "topic": "topic"}


def build_store(corpus: str, store_dir: str) -> dict[str, Any]:
    """Build ``corpus`` into a new store at ``store_dir`` as ``kg build`` does (a fresh process)."""
    from kg.build import build, new_store

    started = time.perf_counter()
    with new_store(Path(store_dir)) as store:
        summary = build([corpus], store, bulk=True)
    return {"seconds": time.perf_counter() - started, "statements": summary.statements}


def pick_parameters(store: Any, text: str) -> dict[str, str]:
    """The parameter values to run the queries with: IRIs picked from the data, and ``text``."""
    values = {"text": text}
    for name, sparql in PICKS.items():
        rows = store.select(sparql)
        if rows:
            values[name] = rows[0]["pick"]
    return values


def percentile(samples: list[float], share: float) -> float:
    """The ``share`` quantile of ``samples`` (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def time_embedded(
    store: Any,
    query: Any,
    values: dict[str, str],
    runs: int,
    budget: float,
    limit: int | None = None,
) -> dict[str, Any]:
    """Time ``run_canned`` on the store: one warm-up, then ``runs`` runs; milliseconds.

    Runs stop early once they took ``budget`` seconds in all (at least :data:`MIN_RUNS`).
    With ``limit``, only the answer's first ``limit`` rows are asked for (``kg query --limit``).
    """
    from kg.query.run import run_canned

    rows = len(run_canned(store, query, values, limit=limit))
    samples: list[float] = []
    spent = 0.0
    while len(samples) < runs and (len(samples) < MIN_RUNS or spent < budget):
        started = time.perf_counter()
        run_canned(store, query, values, limit=limit)
        samples.append((time.perf_counter() - started) * 1000)
        spent += samples[-1] / 1000
    return {
        "rows": rows,
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 0.95),
        "runs": len(samples),
    }


class QueryTimeout(Exception):
    """An rdflib query ran past its time limit."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise QueryTimeout


def rdflib_queries(
    ntriples: str, jobs: list[dict[str, Any]], runs: int, timeout: float
) -> dict[str, Any]:
    """Parse ``ntriples`` into an rdflib Graph and time each job's query; milliseconds.

    Meant for a fresh process (:func:`bench.build.in_process`): the graph takes gigabytes at
    100k statements. A query past ``timeout`` seconds is interrupted (SIGALRM) and recorded
    with ``timed_out``; later runs of it are skipped.
    """
    from rdflib import Graph, Literal, URIRef

    from kg.namespaces import PREFIXES

    started = time.perf_counter()
    graph = Graph()
    graph.parse(ntriples, format="nt")
    parsed = time.perf_counter() - started
    previous = signal.signal(signal.SIGALRM, _alarm)
    results: dict[str, Any] = {}
    try:
        for job in jobs:
            bindings = {
                name: URIRef(value) if kind == "iri" else Literal(value)
                for name, (kind, value) in job["bindings"].items()
            }
            samples: list[float] = []
            rows, timed_out = None, False
            spent = 0.0
            while len(samples) < runs and spent < timeout:
                # repeating: rdflib's bare `except:` clauses may swallow one (bench.build)
                signal.setitimer(signal.ITIMER_REAL, timeout - spent, 0.5)
                begun = time.perf_counter()
                try:
                    rows = len(graph.query(job["sparql"], initNs=PREFIXES, initBindings=bindings))
                except QueryTimeout:
                    signal.setitimer(signal.ITIMER_REAL, 0)  # before the alarm repeats
                    timed_out = not samples  # a later run only ran out of the time left
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                samples.append((time.perf_counter() - begun) * 1000)
                spent += samples[-1] / 1000
            results[job["name"]] = {
                "rows": rows,
                "median_ms": statistics.median(samples) if samples else None,
                "runs": len(samples),
                "timed_out": timed_out,
                "timeout_ms": timeout * 1000,
            }
    finally:
        signal.signal(signal.SIGALRM, previous)
    return {"triples": len(graph), "parse_seconds": parsed, "queries": results}


def measure_size(
    statements: int, args: argparse.Namespace, folder: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    """Build one size (or reuse its kept store) and time every canned query on it."""
    from bench.corpus import DEFAULT_FORMATS, generate
    from kg.query.catalogue import load_catalogue
    from kg.query.params import bind_parameters
    from kg.store import Store

    records = max(1, statements // STATEMENTS_PER_RECORD)
    corpus = folder / "corpus"
    if not (corpus / "manifest.jsonl").exists():
        say(f"{statements:,} statements: writing {records:,} records to {corpus}")
        generate(corpus, records, args.seed, dict(DEFAULT_FORMATS))
    store_dir = folder / "queries-store"
    built: dict[str, Any] = {"reused": True}
    if not store_dir.exists():
        say(f"{statements:,} statements: building {store_dir}")
        built = in_process(build_store, str(corpus), str(store_dir)) | {"reused": False}
    with Store.open(store_dir, read_only=True) as store:
        triples = len(store)
        values = pick_parameters(store, args.text)
        ntriples = folder / "queries-export.nt"
        with ntriples.open("wb") as out:
            store.export(out, "nt")
        catalogue = load_catalogue()
        embedded, jobs = {}, []
        for name, query in sorted(catalogue.items()):
            given = {
                p.name: values[KIND_PICK.get(p.kind, p.kind)]
                for p in query.parameters
                if KIND_PICK.get(p.kind, p.kind) in values
            }
            say(f"{statements:,} statements: {name} {given}")
            embedded[name] = time_embedded(store, query, given, args.runs, args.budget) | {
                "values": given
            }
            page = time_embedded(store, query, given, args.runs, args.budget, limit=PAGE)
            embedded[name]["page_median_ms"] = page["median_ms"]
            terms = bind_parameters(store, query, given)
            jobs.append(
                {
                    "name": name,
                    "sparql": query.sparql,
                    "bindings": {
                        k: ("iri" if type(t).__name__ == "NamedNode" else "literal", t.value)
                        for k, t in terms.items()
                    },
                }
            )
    say(f"{statements:,} statements: rdflib (parsing {ntriples.stat().st_size / 1e6:.0f} MB)")
    reference = in_process(
        rdflib_queries, str(ntriples), jobs, args.rdflib_runs, args.rdflib_timeout
    )
    rows = []
    for name, own in embedded.items():
        other = reference["queries"][name]
        rdflib_ms = other["median_ms"] if other["median_ms"] is not None else other["timeout_ms"]
        ratio = rdflib_ms / own["median_ms"] if own["median_ms"] else None
        rows.append(
            {
                "query": name,
                "values": own.pop("values"),
                "embedded": own,
                "rdflib": other,
                "ratio": ratio,
                "ratio_is_lower_bound": other["timed_out"],
                "fast_enough": own["median_ms"] <= TARGET_MS,
                "faster_than_rdflib": ratio is not None and ratio >= TARGET_RATIO,
                "same_rows": other["rows"] is None or other["rows"] == own["rows"],
            }
        )
    return {
        "statements": statements,
        "records": records,
        "triples": triples,
        "build": built,
        "parameters": values,
        "rdflib_triples": reference["triples"],
        "rdflib_parse_seconds": reference["parse_seconds"],
        "queries": rows,
    }


def run(args: argparse.Namespace, say: Callable[[str], None]) -> dict[str, Any]:
    """Measure every size; return the report."""
    import pyoxigraph
    import rdflib

    report: dict[str, Any] = {
        "config": {
            "sizes": args.statements,
            "seed": args.seed,
            "runs": args.runs,
            "budget_s": args.budget,
            "rdflib_runs": args.rdflib_runs,
            "rdflib_timeout_s": args.rdflib_timeout,
            "target": f"median ≤ {TARGET_MS:.0f} ms and ≥ {TARGET_RATIO:.0f}× rdflib",
            "kg_revision": revision(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__,
        },
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="gijiroku-bench-queries-") as scratch:
        for statements in args.statements:
            folder = (args.keep or Path(scratch)) / f"statements-{statements}"
            folder.mkdir(parents=True, exist_ok=True)
            report["sizes"].append(measure_size(statements, args, folder, say))
    return report


def _ms(value: float | None, timed_out: bool = False, limit: float = 0.0) -> str:
    if timed_out:
        return f"> {limit / 1000:.0f} s"
    return "—" if value is None else f"{value:.1f}"


def format_table(report: dict[str, Any]) -> str:
    """The report as a readable table, one block per size."""
    lines = []
    for size in report["sizes"]:
        lines.append(
            f"{size['statements']:,} statements requested ({size['triples']:,} triples; "
            f"rdflib parse {size['rdflib_parse_seconds']:.1f} s); parameters: "
            + ", ".join(f"{k}={v}" for k, v in size["parameters"].items())
        )
        lines.append(
            f"{'query':<22} {'rows':>6} {'median ms':>9} {'p95 ms':>8} {'rdflib ms':>10} "
            f"{'ratio':>8} {'≤100ms':>6} {'≥10×':>5} {'page ms':>8}"
        )
        for row in size["queries"]:
            own, other = row["embedded"], row["rdflib"]
            ratio = row["ratio"]
            shown = "—" if ratio is None else f"{'≥' if row['ratio_is_lower_bound'] else ''}"
            shown += "" if ratio is None else f"{ratio:.0f}×"
            lines.append(
                f"{row['query']:<22} {own['rows']:>6} {own['median_ms']:>9.1f} "
                f"{own['p95_ms']:>8.1f} "
                f"{_ms(other['median_ms'], other['timed_out'], other['timeout_ms']):>10} "
                f"{shown:>8} {'ok' if row['fast_enough'] else 'NO':>6} "
                f"{'ok' if row['faster_than_rdflib'] else 'NO':>5} "
                f"{own.get('page_median_ms', float('nan')):>8.1f}"
                + ("" if row["same_rows"] else "  (rdflib rows differ)")
            )
        lines.append("")
    config = report["config"]
    lines.append(
        f"page ms: the first {PAGE} rows only (kg query --limit {PAGE}); "
        f"median of up to {config['runs']} runs after a warm-up (embedded, fewer past "
        f"{config['budget_s']:.0f} s), of up to {config['rdflib_runs']} (rdflib, within "
        f"{config['rdflib_timeout_s']:.0f} s); "
        f"target: {config['target']}; {config['cpus']} CPUs; kg {config['kg_revision']}; "
        f"Python {config['python']}, pyoxigraph {config['pyoxigraph']}, rdflib {config['rdflib']}"
    )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the benchmark's options."""
    parser.add_argument(
        "--statements",
        type=int,
        action="append",
        metavar="N",
        help="corpus size in statements, 20 a record; repeat for several sizes (10000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs a query (20)")
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help=f"seconds of timed runs a query, at least {MIN_RUNS} runs (20)",
    )
    parser.add_argument("--rdflib-runs", type=int, default=3, help="rdflib runs a query (3)")
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=20.0,
        help="seconds of rdflib runs a query; a first run past it shows as > X s (20)",
    )
    parser.add_argument("--text", default=DEFAULT_TEXT, help=f"search words ({DEFAULT_TEXT})")
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep corpora, stores and exports here and reuse them (a temporary folder)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report ({OUT})")


def main(args: argparse.Namespace) -> int:
    """Run the benchmark from parsed options; return the exit code."""
    args.statements = args.statements or [10_000]
    if (
        any(n < STATEMENTS_PER_RECORD for n in args.statements)
        or args.runs < 1
        or args.rdflib_runs < 1
        or args.rdflib_timeout <= 0
        or args.budget <= 0
    ):
        print(
            f"bench queries: --statements must be ≥ {STATEMENTS_PER_RECORD}, --runs and "
            "--rdflib-runs ≥ 1, --rdflib-timeout and --budget > 0",
            file=sys.stderr,
        )
        return 2
    report = run(args, lambda message: print(message, file=sys.stderr, flush=True))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(report))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
