"""``python -m bench``: run a benchmark or write a corpus.

Examples::

    python -m bench all --records 100 --records 1000   # everything, into BENCHMARKS.md
    python -m bench extract --records 400 --seed 1
    python -m bench build --statements 10000 --statements 100000
    python -m bench viz --nodes 100 --nodes 1000 --nodes 5000
    python -m bench publish --statements 10000
    python -m bench queries --statements 10000 --statements 100000
    python -m bench load --records 300 --requests 2000 --concurrency 4
    python -m bench corpus /tmp/corpus --records 1000 --pdf
    python -m bench verify /tmp/corpus
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench import build, extract, load, publish, queries, suite, viz
from bench.corpus import DEFAULT_FORMATS, FORMATS, LAYOUTS, PDF_SHARE, generate


def corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``python -m bench corpus``."""
    parser.add_argument("out_dir", type=Path, help="folder to write the corpus into")
    parser.add_argument("--records", type=int, default=100, help="records to write (100)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument(
        "--pdf", action="store_true", help=f"add PDFs at a share of {PDF_SHARE} (off)"
    )
    parser.add_argument(
        "--formats",
        help="format weights as name=weight,… (the text and HTML formats); "
        f"names: {', '.join(FORMATS)}",
    )
    parser.add_argument(
        "--layout",
        action="append",
        choices=LAYOUTS,
        metavar="LAYOUT",
        help=f"only this layout; repeatable (all: {', '.join(LAYOUTS)})",
    )


def parse_formats(text: str | None, pdf: bool) -> dict[str, float]:
    """Parse ``name=weight,…`` into format weights (default: the text and HTML formats)."""
    weights = dict(DEFAULT_FORMATS)
    if text:
        weights = {}
        for part in text.split(","):
            name, _, weight = part.partition("=")
            weights[name.strip()] = float(weight) if weight else 1.0
    if pdf:
        weights["pdf"] = PDF_SHARE
    return weights


def write_corpus(args: argparse.Namespace) -> int:
    """Write a corpus and report where and how fast."""
    try:
        formats = parse_formats(args.formats, args.pdf)
        started = time.perf_counter()
        manifest = generate(args.out_dir, args.records, args.seed, formats, args.layout)
    except ValueError as error:
        print(f"bench corpus: {error}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    rate = args.records / seconds if seconds else 0.0
    print(
        f"wrote {args.records} records in {seconds:.2f} s ({rate:.0f} records/s)", file=sys.stderr
    )
    print(manifest)
    return 0


def verify_corpus(args: argparse.Namespace) -> int:
    """Check a corpus against its manifest; exit 1 when the ground truth is wrong."""
    from bench.verify import verify

    result = verify(args.corpus_dir)
    for problem in result.problems:
        print(problem)
    state = "ok" if result.ok else "PROBLEMS"
    print(f"{state}: {result.records} records, {result.statements} statements", file=sys.stderr)
    return 0 if result.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a subcommand; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    bench_all = commands.add_parser(
        "all", help="every benchmark at every size, written to BENCHMARKS.md"
    )
    suite.add_arguments(bench_all)
    bench_all.set_defaults(run=suite.main)
    bench_extract = commands.add_parser(
        "extract", help="extraction speed and correctness on a synthetic corpus"
    )
    extract.add_arguments(bench_extract)
    bench_extract.set_defaults(run=extract.main)
    bench_build = commands.add_parser(
        "build", help="kg build speed, by stage, against pyoxigraph's bulk loader and rdflib"
    )
    build.add_arguments(bench_build)
    bench_build.set_defaults(run=build.main)
    bench_viz = commands.add_parser(
        "viz", help="kg viz page generation, size and time to a stable drawing in Chromium"
    )
    viz.add_arguments(bench_viz)
    bench_viz.set_defaults(run=viz.main)
    bench_publish = commands.add_parser(
        "publish", help="kg publish speed (pages/s) and site size on a built synthetic corpus"
    )
    publish.add_arguments(bench_publish)
    bench_publish.set_defaults(run=publish.main)
    bench_queries = commands.add_parser(
        "queries", help="canned query latency on the embedded store, against rdflib in memory"
    )
    queries.add_arguments(bench_queries)
    bench_queries.set_defaults(run=queries.main)
    bench_load = commands.add_parser(
        "load", help="kg serve throughput and latency under a request mix while kg build writes"
    )
    load.add_arguments(bench_load)
    bench_load.set_defaults(run=load.main)
    corpus = commands.add_parser("corpus", help="write a synthetic corpus and its manifest")
    corpus_arguments(corpus)
    corpus.set_defaults(run=write_corpus)
    check = commands.add_parser("verify", help="check a corpus's files against its manifest")
    check.add_argument("corpus_dir", type=Path, help="folder holding manifest.jsonl")
    check.set_defaults(run=verify_corpus)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
