"""Incremental builds: one changed source rebuilt into a built store, and new records added
to stores that already hold few or many records.

Both run ``kg.build.build`` on a copy of the size's store, in a fresh process (so that the
peak RSS is the build's own), in one process (``workers=1``, so that the clock reaches every
stage):

- **one changed source**: one UTF-8 text record of the corpus gets a sentence added, then the
  whole corpus folder is built again (as ``kg build minutes/`` would be): every other file is
  read and found unchanged by its hash, the changed one is extracted, mapped, validated and
  replaced. The time is split into validation of the source's batch, the check of the shared
  entities (``kg.build._check_shared``), the counting queries of the summary, and the rest
  (reading and hashing every file, extraction, mapping, storing).
- **new records**: a corpus of ``new`` records drawn with another seed is built into the
  store; the peak RSS shows whether memory grows with what the store already holds.
"""

from __future__ import annotations

import functools
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.build import in_process, peak_rss_mb
from bench.corpus import DEFAULT_FORMATS, generate, read_manifest

# kg.build / kg.jobs functions timed during a rebuild, by the part they belong to
TIMED = {
    ("kg.jobs", "validate_batch"): "validation",
    ("kg.build", "_check_shared"): "shared_check",
    ("kg.build", "_count"): "counting",
}


@contextmanager
def _timers(seconds: dict[str, float]) -> Iterator[None]:
    import importlib

    saved = {}
    for (module_name, name), part in TIMED.items():
        module = importlib.import_module(module_name)
        if not hasattr(module, name):
            continue
        function = getattr(module, name)
        saved[(module, name)] = function

        @functools.wraps(function)
        def timed(*args: Any, _f: Callable[..., Any] = function, _p: str = part, **kw: Any) -> Any:
            started = time.perf_counter()
            try:
                return _f(*args, **kw)
            finally:
                seconds[_p] = seconds.get(_p, 0.0) + time.perf_counter() - started

        setattr(module, name, timed)
    try:
        yield
    finally:
        for (module, name), function in saved.items():
            setattr(module, name, function)


def build_into(corpus: str, store_dir: str) -> dict[str, Any]:
    """Build ``corpus`` into the existing store at ``store_dir`` (one process); return the
    wall time, its parts, what was built and the peak RSS. For a fresh process."""
    from kg.build import build
    from kg.store import Store

    parts: dict[str, float] = {}
    with _timers(parts), Store.open(store_dir) as store:
        started = time.perf_counter()
        summary = build([corpus], store)
        seconds = time.perf_counter() - started
    parts["other"] = seconds - sum(parts.values())
    return {
        "seconds": seconds,
        "parts": parts,
        "built": len(summary.built),
        "unchanged": len(summary.unchanged),
        "violations": len(summary.results),
        "peak_rss_mb": peak_rss_mb(),
    }


def changed_record(corpus: Path) -> Path:
    """The first plain UTF-8 text record of the corpus (a sentence can be added in place)
    that is the only record of its session, so that the build maps all of it, shared
    entities included (a second record of a session adds only its document and spans)."""
    manifest = corpus / "manifest.jsonl"

    def session(entry: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(entry["session"][k] for k in ("series", "number", "date"))

    counts: dict[tuple[Any, ...], int] = {}
    for entry in read_manifest(manifest):
        counts[session(entry)] = counts.get(session(entry), 0) + 1
    texts = [e for e in read_manifest(manifest) if e["format"] == "txt"]
    alone = [e for e in texts if counts[session(e)] == 1]
    if not texts:
        raise ValueError(f"{corpus}: no UTF-8 text record to change")
    return corpus / (alone or texts)[0]["file"]


def one_changed(
    store: Path, corpus: Path, folder: Path, runs: int, say: Callable[[str], None]
) -> dict[str, Any]:
    """Rebuild the corpus ``runs`` times into a copy of ``store``, one record changed each
    time; return the median run."""
    record = changed_record(corpus)
    original = record.read_bytes()
    copy = folder / "incremental-store"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    samples = []
    try:
        for k in range(1, runs + 1):
            say(f"incremental: one changed source, run {k}/{runs}")
            added = f"。なお、補足{k}を申し上げます。".encode()
            record.write_bytes(original.replace("。".encode(), added, 1))
            samples.append(in_process(build_into, str(corpus), str(copy)))
    finally:
        record.write_bytes(original)
        shutil.rmtree(copy, ignore_errors=True)
    chosen = sorted(samples, key=lambda s: s["seconds"])[(len(samples) - 1) // 2]
    return chosen | {
        "runs": runs,
        "seconds_each": [round(s["seconds"], 3) for s in samples],
        "file": str(record.relative_to(corpus)),
        "median_seconds": statistics.median(s["seconds"] for s in samples),
    }


def new_records(
    store: Path, folder: Path, new: int, seed: int, say: Callable[[str], None]
) -> dict[str, Any]:
    """Build ``new`` records of another seed into a copy of ``store``; return time and RSS."""
    corpus = folder / f"new-{new}"
    if not (corpus / "manifest.jsonl").exists():
        generate(corpus, new, seed + 1_000, dict(DEFAULT_FORMATS))
    copy = folder / "grow-store"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    try:
        say(f"incremental: {new} new records into the store")
        result = in_process(build_into, str(corpus), str(copy))
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    return result | {"records": new}


def run(
    store: Path,
    corpus: Path,
    folder: Path,
    runs: int,
    new: int,
    seed: int,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Both measurements on one size's store."""
    return {
        "one_changed": one_changed(store, corpus, folder, runs, say),
        "new_records": new_records(store, folder, new, seed, say),
    }
