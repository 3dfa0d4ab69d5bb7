"""The publication benchmark: ``kg.publish.publish`` on a store built from a synthetic corpus.

For each size it writes a text and HTML corpus of about that many statements (20 a record),
builds it into a fresh on-disk store with ``kg.build.build`` (not timed here: see
``python -m bench build``), then publishes the store's site in a fresh process and reports
wall time by stage (export, grouping, dumps, pages, site), resource pages per second (each
page with its Turtle, N-Triples and JSON-LD), the number of files, the site's size on disk
and the peak memory.

Example::

    python -m bench publish --statements 10000 --statements 100000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.build import (
    STATEMENTS_PER_RECORD,
    build_once,
    disk_mb,
    in_process,
    peak_rss_mb,
    revision,
)
from bench.corpus import DEFAULT_FORMATS, generate

OUT = Path(__file__).resolve().parent / "out" / "publish.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``python -m bench publish``."""
    parser.add_argument(
        "--statements",
        type=int,
        action="append",
        help="corpus size in statements; repeatable (10000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--workers", type=int, default=2, help="build workers (2)")
    parser.add_argument(
        "--store", type=Path, help="publish this existing store instead of building a corpus"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"results file ({OUT})")


def publish_once(store_dir: str, site_dir: str) -> dict[str, Any]:
    """Publish the store at ``store_dir`` into ``site_dir``; return the figures."""
    from kg.publish import publish
    from kg.store import Store

    started = time.perf_counter()
    with Store.open(store_dir, read_only=True) as store:
        summary = publish(store, Path(site_dir), base_iri="https://w3id.org/gijiroku/")
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 2),
        "stages": {k: round(v, 2) for k, v in summary.stages.items()},
        "pages": summary.pages,
        "pages_per_second": round(summary.pages_per_second, 1),
        "files": summary.files,
        "triples": summary.triples,
        "site_mb": round(disk_mb(Path(site_dir)), 1),
        "site_bytes_mb": round(summary.bytes / 1e6, 1),
        "kinds": summary.kinds,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def measure(statements: int | None, args: argparse.Namespace) -> dict[str, Any]:
    """Build a corpus of ``statements`` (or take ``--store``) and publish it once."""
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        folder = Path(tmp)
        result: dict[str, Any] = {"statements": statements}
        if args.store is not None:
            store_dir = str(args.store)
        else:
            assert statements is not None
            records = max(1, statements // STATEMENTS_PER_RECORD)
            generate(folder / "corpus", records, args.seed, dict(DEFAULT_FORMATS), None)
            store_dir = str(folder / "store")
            built = in_process(build_once, str(folder / "corpus"), store_dir, args.workers)
            result["build_seconds"] = round(built["seconds"], 1)
            result["statements"] = built.get("extracted_statements", statements)
        print(f"publishing {store_dir} …", file=sys.stderr)
        result.update(in_process(publish_once, store_dir, str(folder / "site")))
        return result


def main(args: argparse.Namespace) -> int:
    """Run the benchmark for each size; print and save the figures."""
    sizes: list[int | None] = [None] if args.store else (args.statements or [10_000])
    results = []
    for size in sizes:
        result = measure(size, args)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False))
        print(
            f"{result['statements']} statements: {result['pages']} pages in "
            f"{result['stages'].get('pages', 0)} s ({result['pages_per_second']} pages/s), "
            f"publish {result['seconds']} s, {result['files']} files, {result['site_mb']} MB",
            file=sys.stderr,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"revision": revision(), "results": results}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return 0
