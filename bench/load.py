"""The load benchmark: ``kg serve`` answering a mix of canned queries while ``kg build``
rewrites the store it serves.

1. Writes a corpus (:func:`bench.corpus.generate`, ``--records``) and builds it with
   ``kg build --no-site``.
2. Picks realistic parameter values from it (:func:`bench.queries.pick_parameters`: the
   organization, person and topic with the most statements, and a search word).
3. Starts ``kg serve`` (the project's own CLI, in a subprocess) on a free loopback port.
4. Writes a changed copy of the corpus over it (the corpus of the next seed: files of the
   same name are replaced, the rest added) and starts ``kg build`` on it (a subprocess).
5. From this process, ``--concurrency`` threads, each with its own kept-alive connection,
   send ``--requests`` requests in all, cycling through every canned query with the picked
   values, an ad-hoc ``SELECT`` and the catalogue.

It reports throughput (requests/s), latency percentiles, status counts, how many requests
were answered while the build ran, and every 5xx that is not an intended limit: a 503 is
intended only when its text says so (the time limit, every worker busy, or the store being
rewritten: "try again"). Exit 1 when there is any other 5xx or a request got no answer.

Example::

    python -m bench load --records 300 --requests 2000 --concurrency 4
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.build import revision
from bench.queries import DEFAULT_TEXT, KIND_PICK, percentile, pick_parameters

OUT = Path(__file__).resolve().parent / "out" / "load.json"
KG = Path(sys.executable).with_name("kg")
ADHOC = "SELECT (COUNT(DISTINCT ?s) AS ?sessions) WHERE { ?s a schema:Event }"
# A 503 is an intended limit when the server says which one.
INTENDED_503 = ("time limit", "query worker is busy", "try again")


def request_mix(store_dir: Path, text: str) -> list[str]:
    """The request paths to cycle through: every canned query with picked values, and more."""
    from kg.query.catalogue import load_catalogue
    from kg.store import Store

    with Store.open(store_dir, read_only=True) as store:
        values = pick_parameters(store, text)
    paths = []
    for name, query in sorted(load_catalogue().items()):
        given = {
            p.name: values[KIND_PICK.get(p.kind, p.kind)]
            for p in query.parameters
            if KIND_PICK.get(p.kind, p.kind) in values
        }
        paths.append(
            f"/sparql/queries/{name}?" + urllib.parse.urlencode({**given, "format": "json"})
        )
    paths.append("/sparql?" + urllib.parse.urlencode({"query": ADHOC}))
    paths.append("/sparql/queries")
    return paths


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    store_dir: Path, workers: int, timeout: float
) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``kg serve`` on a free loopback port; return it once it answers."""
    port = free_port()
    command = [str(KG), "serve", "--store", str(store_dir), "--port", str(port)]
    command += [
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--site",
        str(store_dir.parent / "no-site"),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = get(port, "/sparql/queries")
            if status == 200:
                return server, port
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(
                    (server.stderr.read() if server.stderr else b"").decode()
                ) from None
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("kg serve did not answer within 60 s")


def get(
    port: int, path: str, connection: http.client.HTTPConnection | None = None
) -> tuple[int, bytes]:
    """GET ``path``; return status and body."""
    own = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        own.request("GET", path)
        answer = own.getresponse()
        return answer.status, answer.read()
    finally:
        if connection is None:
            own.close()


def send_load(port: int, paths: list[str], requests: int, concurrency: int) -> list[dict[str, Any]]:
    """Send ``requests`` GETs from ``concurrency`` threads; one record per request."""
    results: list[dict[str, Any]] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            path = paths[index % len(paths)]
            started = time.monotonic()
            try:
                status, body = get(port, path, connection)
                text = body[:300].decode("utf-8", "replace") if status >= 500 else ""
            except OSError as error:  # no answer: a failure, reconnect and go on
                status, text = 0, f"{type(error).__name__}: {error}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            ended = time.monotonic()
            with lock:
                results.append(
                    {
                        "path": path,
                        "status": status,
                        "started": started,
                        "ended": ended,
                        "text": text,
                    }
                )
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def intended(result: dict[str, Any]) -> bool:
    """True for an answer that is not a failure: below 500, or a 503 that names its limit."""
    if 0 < result["status"] < 500:
        return True
    return result["status"] == 503 and any(s in result["text"] for s in INTENDED_503)


def summarize(results: list[dict[str, Any]], build_window: tuple[float, float]) -> dict[str, Any]:
    """Throughput, latency percentiles, status counts, and the failures."""
    started = min(r["started"] for r in results)
    ended = max(r["ended"] for r in results)
    latencies = [(r["ended"] - r["started"]) * 1000 for r in results]
    during = [r for r in results if r["started"] < build_window[1] and r["ended"] > build_window[0]]
    statuses = Counter(str(r["status"]) for r in results)
    failures = [r for r in results if not intended(r)]
    by_kind: dict[str, list[float]] = {}
    for r, latency in zip(results, latencies, strict=True):
        by_kind.setdefault(request_name(r["path"]), []).append(latency)
    return {
        "requests": len(results),
        "seconds": ended - started,
        "requests_per_second": len(results) / (ended - started) if ended > started else 0.0,
        "latency_ms": {
            "p50": percentile(latencies, 0.50),
            "p90": percentile(latencies, 0.90),
            "p99": percentile(latencies, 0.99),
            "max": max(latencies),
            "mean": statistics.fmean(latencies),
        },
        "by_request": {
            name: {"count": len(ms), "p50_ms": percentile(ms, 0.5), "p99_ms": percentile(ms, 0.99)}
            for name, ms in sorted(by_kind.items())
        },
        "statuses": dict(sorted(statuses.items())),
        "during_build": len(during),
        "during_build_statuses": dict(sorted(Counter(str(r["status"]) for r in during).items())),
        "intended_503": sum(r["status"] == 503 and intended(r) for r in results),
        "intended_503_reasons": dict(
            Counter(
                r["text"].split(";")[0][:80] for r in results if r["status"] == 503 and intended(r)
            )
        ),
        "failures": len(failures),
        "failure_examples": [{k: r[k] for k in ("path", "status", "text")} for r in failures[:10]],
    }


def request_name(path: str) -> str:
    """A short name for a request path: the canned query's name, ``sparql`` or ``catalogue``."""
    route = path.split("?", 1)[0]
    if route.startswith("/sparql/queries/"):
        return route.rsplit("/", 1)[1]
    return "catalogue" if route == "/sparql/queries" else "sparql"


def statements(port: int) -> int:
    """How many statements the server sees now (-1: no answer)."""
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a gk:Statement }"
    status, body = get(
        port, "/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})
    )
    if status != 200:
        return -1
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def run(
    records: int = 300,
    requests: int = 2000,
    concurrency: int = 4,
    seed: int = 0,
    workers: int = 2,
    timeout: float = 10.0,
    keep: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the load benchmark; return the report as a dict (see the module docstring)."""
    import pyoxigraph

    from bench.corpus import generate

    say = progress or (lambda _message: None)
    with tempfile.TemporaryDirectory(prefix="gijiroku-bench-load-") as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        corpus, changed, store_dir = folder / "corpus", folder / "changed", folder / "store"
        for stale in (corpus, changed, store_dir):
            shutil.rmtree(stale, ignore_errors=True)
        say(f"writing {records} records and building them into {store_dir}")
        generate(corpus, records, seed)
        first = subprocess.run(
            [str(KG), "-q", "build", str(corpus), "--store", str(store_dir), "--no-site"],
            capture_output=True,
            text=True,
        )
        if first.returncode not in (0, 1):
            raise RuntimeError(f"kg build failed: {first.stderr}")
        paths = request_mix(store_dir, DEFAULT_TEXT)
        generate(changed, records, seed + 1)
        shutil.copytree(changed, corpus, dirs_exist_ok=True)  # the changed copy, in place
        server, port = start_server(store_dir, workers, timeout)
        try:
            before = statements(port)
            say(f"kg serve on port {port}; kg build of the changed corpus; {requests} requests")
            build_started = time.monotonic()
            build = subprocess.Popen(
                [str(KG), "-q", "build", str(corpus), "--store", str(store_dir), "--no-site"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            done: dict[str, float] = {}
            threading.Thread(
                target=lambda: (build.wait(), done.setdefault("at", time.monotonic())), daemon=True
            ).start()
            results = send_load(port, paths, requests, concurrency)
            build.wait()
            build_ended = done.get("at", time.monotonic())
            build_errors = build.stderr.read().decode() if build.stderr else ""
            after = statements(port)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    report = summarize(results, (build_started, build_ended))
    report["build"] = {
        "seconds": build_ended - build_started,
        "exit_code": build.returncode,
        "errors": build_errors[-500:] if build.returncode not in (0, 1) else "",
        "statements_before": before,
        "statements_after": after,
    }
    report["mix"] = paths
    report["config"] = {
        "records": records,
        "requests": requests,
        "concurrency": concurrency,
        "seed": seed,
        "server_workers": workers,
        "timeout": timeout,
        "kg_revision": revision(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
    }
    return report


def format_table(report: dict[str, Any]) -> str:
    """The report as a short text table."""
    latency = report["latency_ms"]
    build = report["build"]
    rows = [
        ("requests", f"{report['requests']} ({report['config']['concurrency']} connections)"),
        ("throughput", f"{report['requests_per_second']:.1f} req/s"),
        (
            "latency p50 / p90 / p99 / max",
            " / ".join(f"{latency[k]:.1f}" for k in ("p50", "p90", "p99", "max")) + " ms",
        ),
        ("statuses", ", ".join(f"{k}: {v}" for k, v in report["statuses"].items())),
        (
            "answered during the build",
            f"{report['during_build']} ({report['during_build_statuses']})",
        ),
        ("intended 503 (limits)", str(report["intended_503"])),
        ("failures (other 5xx, no answer)", str(report["failures"])),
        (
            "build",
            f"{build['seconds']:.1f} s, exit {build['exit_code']}, "
            f"statements seen {build['statements_before']} → {build['statements_after']}",
        ),
    ]
    rows += [
        (f"  {name} p50 / p99", f"{kind['p50_ms']:.1f} / {kind['p99_ms']:.1f} ms")
        for name, kind in report["by_request"].items()
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``python -m bench load``."""
    parser.add_argument("--records", type=int, default=300, help="records in the corpus (300)")
    parser.add_argument("--requests", type=int, default=2000, help="requests to send (2000)")
    parser.add_argument("--concurrency", type=int, default=4, help="connections at once (4)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers (2)")
    parser.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout (10)")
    parser.add_argument("--keep", type=Path, help="keep the corpus and store in this folder")
    parser.add_argument("--out", type=Path, default=OUT, help=f"report file ({OUT})")


def main(args: argparse.Namespace) -> int:
    """Run the benchmark from parsed options; return the exit code."""
    if min(args.records, args.requests, args.concurrency, args.workers) < 1:
        print(
            "bench load: --records, --requests, --concurrency and --workers must be ≥ 1",
            file=sys.stderr,
        )
        return 2
    report = run(
        args.records,
        args.requests,
        args.concurrency,
        args.seed,
        args.workers,
        args.timeout,
        args.keep,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(report))
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if report["failures"] or report["requests"] < args.requests else 0
