"""The build benchmark: ``kg.build.build`` end to end on a synthetic corpus, by stage, and
against the physical reference (pyoxigraph's bulk loader) and the common alternative (rdflib).

For each size it writes a text and HTML corpus of about that many statements (20 a record),
then, each measurement in a fresh process so that peak memory does not accumulate:

1. builds the corpus into a fresh on-disk store with ``kg.build.build`` (unchanged): wall
   time, statements/s, triples/s (quads in the store but meta), peak RSS, store size on disk;
2. times the stages of that same build by wrapping the functions ``kg.build`` calls
   (extraction, mapping, validation, storing, counting; identity is the gap between the
   extraction loop and the first record stored): a few clock reads a record, no profiler;
3. exports the built store as N-Quads and times pyoxigraph's ``Store.bulk_load`` of them into
   a fresh on-disk store and rdflib's in-memory ``Dataset().parse``.

Example::

    python -m bench build --statements 10000 --statements 100000
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from bench.corpus import DEFAULT_FORMATS, generate, read_manifest

OUT = Path(__file__).resolve().parent / "out" / "build.json"
STATEMENTS_PER_RECORD = 20  # the generator's average
TARGET = 0.25  # build triples/s as a share of pyoxigraph's bulk-load triples/s
REFERENCE_RUNS = 3
# The functions kg.build calls, by the stage they belong to (the Store's writes: storing)
WRAPPED = {
    "load_document": "extraction",
    "extract_document": "extraction",
    "map_minutes": "mapping",
    "validate_source": "validation",
    "validate_sources": "validation",  # batched validation, where the build has it
    "validate_batch": "validation",  # batches of N-Triples, either engine
    "_count": "counting",
}
STORE_WRITES = ("replace_source", "bulk_add_sources", "remove_source")
STAGES = ("setup", "extraction", "identity", "mapping", "validation", "storing", "counting")


def default_runs(statements: int) -> int:
    """How often to build a size: 3 (the median counts), once for smoke tests and ≥ 50k."""
    return 3 if 5_000 <= statements < 50_000 else 1


class StageClock:
    """Time the stage functions ``kg.build.build`` calls during one build.

    ``load_document`` and ``extract_document`` are extraction, ``map_minutes`` mapping,
    ``validate_batch`` validation, the Store's writes storing and ``_count`` the final
    counting queries. Setup runs from the call to the first file, identity from the end of
    the extraction loop to the first record stored (the progress callback marks both).
    """

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self.marks: dict[str, float] = {}
        self.before_store = 0.0  # mapping and validation before the first record stored

    def progress(self, stage: str, done: int, total: int) -> None:
        """The build's progress callback: remember when each loop starts."""
        self.marks.setdefault(stage, time.perf_counter())

    def timed(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """Wrap ``function`` so that its time adds to ``stage``."""

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                ended = time.perf_counter()
                self.seconds[stage] += ended - started
                if stage in ("mapping", "validation") and "store" not in self.marks:
                    self.before_store += ended - started
                if stage == "extraction" and "store" not in self.marks:
                    self.marks["extracted"] = ended
                elif stage == "counting":
                    self.marks.setdefault("count", started)

        return wrapper

    @contextmanager
    def installed(self) -> Iterator[StageClock]:
        """Wrap the stage functions for the duration of the block."""
        import kg.build
        import kg.jobs
        from kg.store import Store

        modules = (kg.build, kg.jobs)  # the build calls the stages through its jobs
        saved = {
            (module, name): getattr(module, name)
            for module in modules
            for name in WRAPPED
            if hasattr(module, name)
        }
        writes = {name: getattr(Store, name) for name in STORE_WRITES}
        try:
            for (module, name), function in saved.items():
                setattr(module, name, self.timed(WRAPPED[name], function))
            for name, method in writes.items():
                setattr(Store, name, self.timed("storing", method))
            yield self
        finally:
            for (module, name), function in saved.items():
                setattr(module, name, function)
            for name, method in writes.items():
                setattr(Store, name, method)

    def stages(self, started: float, ended: float) -> dict[str, float]:
        """Seconds per stage, with ``other`` for the rest of the wall time."""
        seconds = dict(self.seconds)
        first = self.marks.get("extract", ended)
        seconds["setup"] = first - started
        extracted = self.marks.get("extracted", first)
        stored = self.marks.get("store", self.marks.get("count", ended))
        # in one process the first chunk is mapped and validated before it is stored
        seconds["identity"] = max(0.0, stored - extracted - self.before_store)
        seconds["other"] = (ended - started) - sum(seconds.values())
        return seconds


def build_once(corpus: str, store_dir: str, workers: int = 1) -> dict[str, Any]:
    """Build ``corpus`` into a new store at ``store_dir``, as ``kg build`` does; return times,
    counts and memory.

    Meant to run in a fresh process (:func:`in_process`), so that the peak RSS is this
    build's own. ``workers`` > 1 is passed on to the build (its parallel validation).
    """
    from kg.build import build, new_store
    from kg.store import Store

    clock = StageClock()
    options: dict[str, Any] = {"workers": workers} if workers > 1 else {}
    with clock.installed():
        started = time.perf_counter()
        with new_store(Path(store_dir)) as store:  # what kg build does for a new store
            summary = build([corpus], store, progress=clock.progress, bulk=True, **options)
        ended = time.perf_counter()
    with Store.open(store_dir, read_only=True) as stored:
        triples = len(stored)
    written = disk_mb(Path(store_dir))
    return {
        "seconds": ended - started,
        "triples": triples,
        "extracted_statements": summary.statements,
        "sources": len(summary.built),
        "failures": len(summary.failures),
        "merged": len(summary.merged),
        "linked_speakers": summary.linked_speakers,
        "violations": len(summary.results),
        "conforms": summary.conforms,
        "stages": clock.stages(started, ended),
        "peak_rss_mb": peak_rss_mb(),
        "store_mb": written,
        "store_mb_reopened": reopened_mb(Path(store_dir)),
    }


def reopened_mb(folder: Path) -> float:
    """The store's size once opened again: RocksDB then turns its write-ahead log into tables.

    Right after a build most of the folder can be that log (the build's many small
    transactions); the next ``kg`` command that opens the store shrinks it.
    """
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    store.flush()
    del store
    return disk_mb(folder)


def bulk_load_once(nquads: str, store_dir: str) -> dict[str, Any]:
    """Time pyoxigraph's ``bulk_load`` of an N-Quads file into a fresh on-disk store."""
    import pyoxigraph as ox

    data = Path(nquads).read_bytes()
    store = ox.Store(store_dir)
    started = time.perf_counter()
    store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    seconds = time.perf_counter() - started
    quads = len(store)
    store.flush()
    del store
    return {
        "seconds": seconds,
        "quads": quads,
        "peak_rss_mb": peak_rss_mb(),
        "store_mb": disk_mb(Path(store_dir)),
    }


class TimeLimit(Exception):
    """A measurement ran past its time limit (:func:`time_limit`)."""


def _time_up(_signum: int, _frame: Any) -> None:
    raise TimeLimit


@contextmanager
def time_limit(seconds: float | None, memory_share: float = 0.8) -> Iterator[None]:
    """Raise TimeLimit in the block after ``seconds`` (SIGALRM; None: no limit), and cap the
    process's address space at ``memory_share`` of the machine's RAM (MemoryError past it).

    For a spawned measurement process: rdflib holding millions of triples would otherwise
    run for hours or take the machine's memory.
    """
    import signal

    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    limit = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (int(total * memory_share), limit[1]))
    previous = signal.signal(signal.SIGALRM, _time_up)
    if seconds:
        # Again every 0.5 s: rdflib's memory store catches everything in places (bare
        # `except:`), so one TimeLimit can be swallowed; the next one is not, in the end.
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, limit)


def rdflib_parse_once(nquads: str, timeout: float | None = None) -> dict[str, Any]:
    """Time rdflib's in-memory ``Dataset().parse`` of an N-Quads file.

    Past ``timeout`` seconds or most of the machine's memory the parse is stopped and the
    result says so (``stopped``: ``time`` or ``memory``, ``seconds`` the time until then).
    """
    from rdflib import Dataset

    data = Path(nquads).read_bytes()
    dataset = Dataset()
    started = time.perf_counter()
    stopped = None
    try:
        with time_limit(timeout):
            dataset.parse(data=data, format="nquads")
    except TimeLimit:
        stopped = "time"
    except MemoryError:
        stopped = "memory"
    seconds = time.perf_counter() - started
    if stopped:
        del dataset
        return {"seconds": seconds, "quads": 0, "peak_rss_mb": peak_rss_mb(), "stopped": stopped}
    quads = sum(1 for _ in dataset.quads((None, None, None, None)))
    return {"seconds": seconds, "quads": quads, "peak_rss_mb": peak_rss_mb()}


def in_process(
    function: Callable[..., dict[str, Any]], *args: Any, timeout: float | None = None
) -> dict[str, Any]:
    """Run ``function(*args)`` in a fresh (spawned) process and return its result.

    Raises:
        TimeLimit: past ``timeout`` seconds (the process is killed: native code such as
            Oxigraph's or rudof's does not see a Python signal).
        concurrent.futures.process.BrokenProcessPool: the process died (e.g. out of memory).
    """
    from concurrent.futures import TimeoutError as FutureTimeout

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        future = pool.submit(function, *args)
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
            raise TimeLimit from None


def revision() -> str:
    """The commit of the ``kg`` being measured, ``+dirty`` when kg/ has changes; or unknown."""
    import kg

    folder = Path(kg.__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"unknown ({folder})"
    return commit + ("+dirty" if changes else "")


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB: ``VmHWM`` of /proc/self/status.

    Not ``ru_maxrss``: Linux carries it across ``execve``, so a spawned process reports at
    least the RSS its parent had when it started (a measurement run from a large parent
    then shows the parent's memory, not its own).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_mb(folder: Path) -> float:
    """The disk space a folder's files take, in MB (as ``du`` counts it)."""
    blocks = sum(p.stat().st_blocks for p in folder.rglob("*") if p.is_file())
    return blocks * 512 / 1024 / 1024


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median wall time (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def measure_size(
    statements: int,
    seed: int,
    runs: int,
    folder: Path,
    say: Callable[[str], None],
    workers: int = 1,
    rdflib_timeout: float | None = None,
    reference_runs: int = REFERENCE_RUNS,
) -> dict[str, Any]:
    """Generate a corpus of about ``statements`` statements and measure it (see the module).

    rdflib's parse is stopped past ``rdflib_timeout`` seconds (or most of the RAM) and not
    run again; its rate is then an upper bound (``rdflib_parse.stopped``).
    """
    records = max(1, statements // STATEMENTS_PER_RECORD)
    corpus = folder / "corpus"
    say(f"[{statements}] generating {records} records in {corpus}")
    started = time.perf_counter()
    manifest = generate(corpus, records, seed, dict(DEFAULT_FORMATS))
    generated = time.perf_counter() - started
    true_statements = sum(len(entry["statements"]) for entry in read_manifest(manifest))

    builds = []
    for k in range(1, runs + 1):
        store = folder / f"store-{k}"
        say(f"[{statements}] build {k}/{runs} into {store}")
        builds.append(in_process(build_once, str(corpus), str(store), workers))
        say(f"[{statements}]   {builds[-1]['seconds']:.1f} s")
    chosen = median_run(builds)
    seconds = statistics.median(b["seconds"] for b in builds)

    say(f"[{statements}] exporting N-Quads")
    nquads = folder / "export.nq"
    export_seconds = export_nquads(folder / f"store-{builds.index(chosen) + 1}", nquads)
    loads, parses = [], []
    for k in range(1, reference_runs + 1):
        say(f"[{statements}] references {k}/{reference_runs}")
        loads.append(in_process(bulk_load_once, str(nquads), str(folder / f"bulk-{k}")))
        if not parses or "stopped" not in parses[-1]:  # once stopped, not again
            parses.append(in_process(rdflib_parse_once, str(nquads), rdflib_timeout))
    load, parse = median_run(loads), median_run(parses)

    triples = chosen["triples"]
    build_rate = triples / seconds
    oxigraph_rate = load["quads"] / load["seconds"]
    # stopped: rdflib's rate is at most what it would have needed to finish in that time
    rdflib_rate = (parse["quads"] or triples) / parse["seconds"]
    stages = chosen["stages"]
    return {
        "statements_requested": statements,
        "records": records,
        "statements": true_statements,
        "generator_seconds": round(generated, 3),
        "runs": runs,
        "workers": workers,
        "build": {
            "seconds": round(seconds, 3),
            "seconds_each": [round(b["seconds"], 3) for b in builds],
            "statements_per_s": round(true_statements / seconds, 1),
            "records_per_s": round(records / seconds, 2),
            "triples": triples,
            "triples_per_s": round(build_rate, 1),
            "peak_rss_mb": round(chosen["peak_rss_mb"], 1),
            "store_mb": round(chosen["store_mb"], 1),
            "store_mb_reopened": round(chosen["store_mb_reopened"], 1),
            **{k: chosen[k] for k in ("extracted_statements", "sources", "failures", "merged")},
            **{k: chosen[k] for k in ("linked_speakers", "violations", "conforms")},
        },
        "stages": {
            name: {"seconds": round(value, 3), "share": round(value / chosen["seconds"], 4)}
            for name, value in stages.items()
        },
        "reference": {
            "nquads_mb": round(nquads.stat().st_size / 1024 / 1024, 1),
            "export_seconds": round(export_seconds, 3),
            "quads": load["quads"],
            "oxigraph_bulk_load": _reference(loads, load),
            "rdflib_parse": _reference(parses, parse),
        },
        "ratio": {
            "build_vs_oxigraph_bulk_load": round(build_rate / oxigraph_rate, 4),
            "build_vs_rdflib_parse": round(build_rate / rdflib_rate, 4),
            "rdflib_stopped": parse.get("stopped"),
            "target_vs_oxigraph": TARGET,
            "meets_target": build_rate / oxigraph_rate >= TARGET,
        },
    }


def _reference(runs: list[dict[str, Any]], chosen: dict[str, Any]) -> dict[str, Any]:
    out = {
        "seconds": round(chosen["seconds"], 3),
        "seconds_each": [round(r["seconds"], 3) for r in runs],
        "triples_per_s": round(chosen["quads"] / chosen["seconds"], 1),
        "peak_rss_mb": round(chosen["peak_rss_mb"], 1),
    }
    if "store_mb" in chosen:
        out["store_mb"] = round(chosen["store_mb"], 1)
    if "stopped" in chosen:
        out["stopped"] = chosen["stopped"]
        out["triples_per_s"] = None
    return out


def export_nquads(store_dir: Path, out: Path) -> float:
    """Export a built store as N-Quads with ``Store.export``; return the seconds it took."""
    from kg.store import Store

    with Store.open(store_dir, read_only=True) as store, out.open("wb") as handle:
        started = time.perf_counter()
        store.export(handle, "nquads")
        return time.perf_counter() - started


def run(
    sizes: list[int],
    seed: int = 0,
    runs: int | None = None,
    keep: Path | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int = 1,
    rdflib_timeout: float | None = None,
) -> dict[str, Any]:
    """Measure each size in turn; return the report as a dict.

    Args:
        sizes: statement counts to generate corpora of (records = statements // 20).
        seed: the corpus seed.
        runs: builds per size (default: :func:`default_runs`); references run 3 times.
        keep: keep corpora, stores and exports under this folder (default: a temporary one).
        progress: called with short progress messages.
        workers: passed on to ``kg.build.build`` when above 1 (validation in a second
            process; the main process's waits for it then count as ``other``).
        rdflib_timeout: stop rdflib's parse past this many seconds (default: no limit).
    """
    import pyoxigraph
    import pyshacl
    import rdflib

    say = progress or (lambda _message: None)
    report: dict[str, Any] = {
        "config": {
            "sizes": sizes,
            "seed": seed,
            "formats": "text and HTML (no PDF)",
            "processes": "one build at a time, each measurement in a fresh process",
            "workers": workers,
            "kg_revision": revision(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "pyoxigraph": pyoxigraph.__version__,
            "rdflib": rdflib.__version__,
            "pyshacl": pyshacl.__version__,
        },
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="gijiroku-bench-build-") as scratch:
        for statements in sizes:
            folder = (keep or Path(scratch)) / f"statements-{statements}"
            folder.mkdir(parents=True, exist_ok=True)
            count = runs or default_runs(statements)
            report["sizes"].append(
                measure_size(statements, seed, count, folder, say, workers, rdflib_timeout)
            )
    return report


def format_table(report: dict[str, Any]) -> str:
    """The report as readable tables: builds, stages, references."""
    sizes = report["sizes"]
    lines = [
        f"{'statements':>10} {'records':>7} {'runs':>4} {'build s':>8} {'stmt/s':>7} "
        f"{'triples':>9} {'triples/s':>9} {'peak MB':>7} {'store MB':>8} {'reopened':>8} "
        f"{'viol':>5} {'fail':>4}"
    ]
    for size in sizes:
        b = size["build"]
        lines.append(
            f"{size['statements']:>10,} {size['records']:>7,} {size['runs']:>4} "
            f"{b['seconds']:>8.1f} {b['statements_per_s']:>7.0f} {b['triples']:>9,} "
            f"{b['triples_per_s']:>9.0f} {b['peak_rss_mb']:>7.0f} {b['store_mb']:>8.1f} "
            f"{b['store_mb_reopened']:>8.1f} {b['violations']:>5} {b['failures']:>4}"
        )
    lines += ["", "stages of the median build (seconds, share of the wall time):"]
    names = [*STAGES, "other"]
    lines.append(f"{'statements':>10} " + " ".join(f"{name:>14}" for name in names))
    for size in sizes:
        cells = [
            f"{s['seconds']:>7.1f} {s['share'] * 100:>5.1f}%"
            for s in (size["stages"][name] for name in names)
        ]
        lines.append(f"{size['statements']:>10,} " + " ".join(f"{c:>14}" for c in cells))
    lines += [
        "",
        f"references on the N-Quads export (median of {REFERENCE_RUNS}; triples/s):",
        f"{'statements':>10} {'quads':>9} {'nq MB':>6} {'export s':>8} {'oxigraph':>9} "
        f"{'ox MB':>6} {'rdflib':>8} {'build/oxigraph':>14} {'build/rdflib':>12}",
    ]
    for size in sizes:
        r, ratio = size["reference"], size["ratio"]
        mark = "ok" if ratio["meets_target"] else f"< {TARGET:.0%}"
        lines.append(
            f"{size['statements']:>10,} {r['quads']:>9,} {r['nquads_mb']:>6.1f} "
            f"{r['export_seconds']:>8.2f} {r['oxigraph_bulk_load']['triples_per_s']:>9.0f} "
            f"{r['oxigraph_bulk_load']['store_mb']:>6.1f} "
            f"{_rate(r['rdflib_parse']):>8} "
            f"{ratio['build_vs_oxigraph_bulk_load'] * 100:>8.2f}% {mark:>5} "
            f"{ratio['build_vs_rdflib_parse'] * 100:>11.1f}%"
        )
    once = [f"{s['statements']:,}" for s in sizes if s["runs"] == 1]
    if once:
        lines += ["", f"built once (not a median) at {', '.join(once)} statements"]
    config = report["config"]
    processes = "one process" if config["workers"] == 1 else f"--workers {config['workers']}"
    lines.append(
        f"{processes}, {config['cpus']} CPUs; kg {config['kg_revision']}; "
        f"Python {config['python']}, pyoxigraph {config['pyoxigraph']}, "
        f"rdflib {config['rdflib']}, pyshacl {config['pyshacl']}"
    )
    return "\n".join(lines)


def _rate(reference: dict[str, Any]) -> str:
    if reference.get("stopped"):
        return f"> {reference['seconds']:.0f} s"
    return f"{reference['triples_per_s']:.0f}"


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
    parser.add_argument(
        "--runs",
        type=int,
        help="builds per size, the median reported "
        "(3 from 5,000 to 49,999 statements, else 1); references always run 3 times",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="passed on to kg build (1: the single-process build; > 1 validates in a second "
        "process where the build supports it)",
    )
    parser.add_argument(
        "--keep", type=Path, help="keep corpora, stores and exports here (a temporary folder)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report ({OUT})")


def main(args: argparse.Namespace) -> int:
    """Run the benchmark from parsed options; return the exit code."""
    sizes = args.statements or [10_000]
    bad_runs = args.runs is not None and args.runs < 1
    if any(n < STATEMENTS_PER_RECORD for n in sizes) or bad_runs or args.workers < 1:
        print(
            f"bench build: --statements must be ≥ {STATEMENTS_PER_RECORD}, --runs and "
            "--workers ≥ 1",
            file=sys.stderr,
        )
        return 2
    report = run(
        sizes,
        args.seed,
        args.runs,
        args.keep,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
        workers=args.workers,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(report))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
