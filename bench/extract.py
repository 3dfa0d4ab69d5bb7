"""The extraction benchmark: speed and correctness of ``kg.extract`` on a synthetic corpus.

It writes a corpus (``bench.corpus``), runs ``kg.extract.extract_path`` on every file in one
process, and compares each result with the manifest's ground truth:

- statements: a predicted statement matches a true one when their texts are equal after
  NFKC and removal of white space (aligned in order); recall and precision count those.
  Statements whose texts differ a little (similarity ≥ 0.8) are also paired, so that
  speaker, act and reply accuracy can be measured even where a boundary is off.
- on paired statements: speaker label, organization, person, post, act and replies_to.
  Person accuracy counts statements whose truth names a person; ``spurious_person`` counts
  statements given a person the record does not name.
- sessions: date, start and end time, number, series, venue and online.

Example::

    python -m bench extract --records 400 --seed 1
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import DEFAULT_FORMATS, PDF_SHARE, generate, read_manifest
from bench.plan import LAYOUTS

OUT = Path(__file__).resolve().parent / "out" / "extract.json"
SESSION_FIELDS = ("date", "start_time", "end_time", "number", "series", "venue", "online")
ATTRIBUTES = ("label", "organization", "person", "post", "act", "replies_to")
NEAR = 0.8


class ExtractionUnavailable(RuntimeError):
    """The project has no ``kg.extract.extract_path`` to benchmark."""


def load_extractor() -> Callable[[Path], Any]:
    """Return ``kg.extract.extract_path``.

    Raises:
        ExtractionUnavailable: when it cannot be imported.
    """
    try:
        from kg.extract import extract_path
    except ImportError as error:
        raise ExtractionUnavailable(
            "kg.extract.extract_path is not available yet "
            f"({error}); the benchmark needs the extraction stage "
            "(extract_path(path) -> kg.record.Minutes)"
        ) from error
    return extract_path


def text_key(text: str) -> str:
    """How statement texts are compared: NFKC, white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def name_key(text: str | None) -> str | None:
    """How labels, organizations and persons are compared (the project's matching key)."""
    if text is None:
        return None
    try:
        from kg.japanese import match_key
    except ImportError:
        return text_key(text)
    return match_key(text)


@dataclass
class Tally:
    """Counts for one group of records (a layout, a format, or all)."""

    records: int = 0
    failures: int = 0
    seconds: float = 0.0
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    paired: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    counted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    spurious_person: int = 0
    session_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SESSION_FIELDS, 0))

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        for name in ("records", "failures", "seconds", "gold", "predicted", "exact", "paired"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.spurious_person += other.spurious_person
        for key in ATTRIBUTES:
            self.right[key] += other.right[key]
            self.counted[key] += other.counted[key]
        for key in SESSION_FIELDS:
            self.session_right[key] += other.session_right[key]

    def summary(self) -> dict[str, Any]:
        """The tally as rates, JSON-ready."""
        done = self.records - self.failures
        out: dict[str, Any] = {
            "records": self.records,
            "failures": self.failures,
            "statements": self.gold,
            "extracted": self.predicted,
            "matched": self.exact,
            "paired": self.paired,
            "recall": _rate(self.exact, self.gold),
            "precision": _rate(self.exact, self.predicted),
            "paired_recall": _rate(self.paired, self.gold),
            "seconds": round(self.seconds, 4),
            "statements_per_s": _per(self.gold, self.seconds),
            "records_per_s": _per(self.records, self.seconds),
            "accuracy": {k: _rate(self.right[k], self.counted[k]) for k in ATTRIBUTES},
            "spurious_person": self.spurious_person,
            "session": {k: _rate(self.session_right[k], done) for k in SESSION_FIELDS},
        }
        return out


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _per(count: int, seconds: float) -> float | None:
    return round(count / seconds, 1) if seconds > 0 else None


def score_record(entry: dict[str, Any], minutes: Any) -> tuple[Tally, dict[str, Any] | None]:
    """Compare one extracted record with its truth; return its tally and, when statements
    were missed or invented, an example of them."""
    tally = Tally(records=1)
    gold: list[dict[str, Any]] = entry["statements"]
    predicted = list(minutes.statements)
    tally.gold, tally.predicted = len(gold), len(predicted)
    exact, near = align([text_key(s["text"]) for s in gold], [text_key(s.text) for s in predicted])
    tally.exact, tally.paired = len(exact), len(exact) + len(near)
    pairs = sorted(exact + near)
    to_gold = {p: g for g, p in pairs}
    for g, p in pairs:
        _score_statement(tally, gold[g], predicted[p], to_gold)
    _score_session(tally, entry["session"], minutes.session)
    example = None
    if len(exact) < max(len(gold), len(predicted)):
        found = {g for g, _ in exact}
        used = {p for _, p in exact}
        example = {
            "file": entry["file"],
            "missed": [s["text"][:80] for i, s in enumerate(gold) if i not in found][:3],
            "invented": [s.text[:80] for i, s in enumerate(predicted) if i not in used][:3],
        }
    return tally, example


def align(gold: Sequence[str], predicted: Sequence[str]) -> tuple[list[tuple[int, int]], ...]:
    """Pair statements in order: exact pairs (equal keys), then near ones among the rest."""
    matcher = difflib.SequenceMatcher(None, gold, predicted, autojunk=False)
    exact = [(a + i, b + i) for a, b, n in matcher.get_matching_blocks() for i in range(n)]
    found = {g for g, _ in exact}
    used = {p for _, p in exact}
    near: list[tuple[int, int]] = []
    for g, text in enumerate(gold):
        if g in found:
            continue
        best, best_ratio = None, NEAR
        for p, other in enumerate(predicted):
            if p in used:
                continue
            ratio = difflib.SequenceMatcher(None, text, other, autojunk=False)
            if ratio.quick_ratio() >= best_ratio and (r := ratio.ratio()) >= best_ratio:
                best, best_ratio = p, r
        if best is not None:
            near.append((g, best))
            used.add(best)
    return exact, near


def _score_statement(
    tally: Tally, truth: dict[str, Any], statement: Any, to_gold: dict[int, int]
) -> None:
    speaker = statement.speaker
    got = {
        "label": speaker.label if speaker else None,
        "organization": speaker.organization if speaker else None,
        "person": speaker.person if speaker else None,
        "post": speaker.post if speaker else None,
    }
    want = {
        "label": truth["speaker_label"],
        "organization": truth["organization"],
        "person": truth["person"],
        "post": truth["post"],
    }
    for key in ("label", "organization"):
        tally.counted[key] += 1
        tally.right[key] += name_key(got[key]) == name_key(want[key])
    if want["person"] is not None:
        tally.counted["person"] += 1
        tally.right["person"] += name_key(got["person"]) == name_key(want["person"])
    elif got["person"] is not None:
        tally.spurious_person += 1
    if truth["speaker_label"] is not None:
        tally.counted["post"] += 1
        tally.right["post"] += _post_matches(got["post"], want["post"])
    tally.counted["act"] += 1
    tally.right["act"] += statement.act == truth["act"]
    tally.counted["replies_to"] += 1
    replies = statement.replies_to
    tally.right["replies_to"] += (to_gold.get(replies) if replies is not None else None) == truth[
        "replies_to"
    ]


def _post_matches(got: str | None, want: str | None) -> bool:
    """Posts match when one contains the other (戦略部長 and 部長 both name the post)."""
    g, w = name_key(got), name_key(want)
    if g is None or w is None:
        return g == w
    return bool(g) and (g in w or w in g)


def _score_session(tally: Tally, truth: dict[str, Any], session: Any) -> None:
    for key in SESSION_FIELDS:
        got, want = getattr(session, key, None), truth[key]
        if key in ("series", "venue"):
            got, want = name_key(got), name_key(want)
        tally.session_right[key] += got == want


@dataclass
class Report:
    """The benchmark's result: configuration, speeds and tallies by layout and format."""

    config: dict[str, Any]
    generator: dict[str, Any]
    overall: Tally = field(default_factory=Tally)
    layouts: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    formats: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    failures: list[dict[str, str]] = field(default_factory=list)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def to_dict(self) -> dict[str, Any]:
        """The report, JSON-ready."""
        return {
            "config": self.config,
            "generator": self.generator,
            "extraction": {
                "seconds": round(self.overall.seconds, 3),
                "statements_per_s": _per(self.overall.gold, self.overall.seconds),
                "records_per_s": _per(self.overall.records, self.overall.seconds),
            },
            "overall": self.overall.summary(),
            "layouts": {k: self.layouts[k].summary() for k in LAYOUTS if k in self.layouts},
            "formats": {k: v.summary() for k, v in sorted(self.formats.items())},
            "failures": self.failures,
            "examples": dict(self.examples),
        }


def run(
    records: int = 200,
    seed: int = 0,
    pdf: bool = False,
    keep: Path | None = None,
    layouts: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Generate a corpus, extract every record and score it; return the report as a dict.

    Args:
        records: how many records to generate.
        seed: the corpus seed.
        pdf: include PDFs (slow to write and to read).
        keep: write the corpus here and keep it (default: a temporary folder).
        layouts: restrict to these layouts (default: all).
        progress: called with short progress messages.

    Raises:
        ExtractionUnavailable: when ``kg.extract.extract_path`` does not exist.
    """
    extract_path = load_extractor()
    say = progress or (lambda _message: None)
    formats = dict(DEFAULT_FORMATS)
    if pdf:
        formats["pdf"] = PDF_SHARE
    with tempfile.TemporaryDirectory(prefix="gijiroku-bench-") as scratch:
        folder = keep or Path(scratch)
        say(f"generating {records} records in {folder}")
        started = time.perf_counter()
        manifest = generate(folder, records, seed, formats, layouts)
        seconds = time.perf_counter() - started
        entries = list(read_manifest(manifest))
        statements = sum(len(e["statements"]) for e in entries)
        generator = {
            "records": records,
            "statements": statements,
            "seconds": round(seconds, 3),
            "records_per_s": _per(records, seconds),
            "statements_per_s": _per(statements, seconds),
        }
        config = {"records": records, "seed": seed, "pdf": pdf, "layouts": layouts or "all"}
        report = Report(config, generator)
        say(f"extracting {records} records")
        for n, entry in enumerate(entries, 1):
            _run_one(report, folder, entry, extract_path)
            if n % 500 == 0:
                say(f"  {n}/{records}")
    return report.to_dict()


def _run_one(
    report: Report, folder: Path, entry: dict[str, Any], extract_path: Callable[[Path], Any]
) -> None:
    path = folder / entry["file"]
    started = time.perf_counter()
    try:
        minutes = extract_path(path)
        error = None
    except Exception as exc:
        minutes, error = None, exc
    elapsed = time.perf_counter() - started
    if minutes is None:
        tally = Tally(records=1, failures=1, gold=len(entry["statements"]))
        if len(report.failures) < 20:
            message = f"{type(error).__name__}: {error}"
            report.failures.append(
                {"file": entry["file"], "layout": entry["layout"], "error": message}
            )
    else:
        tally, example = score_record(entry, minutes)
        examples = report.examples[entry["layout"]]
        if example and len(examples) < 3:
            examples.append(example)
    tally.seconds = elapsed
    report.overall.add(tally)
    report.layouts[entry["layout"]].add(tally)
    report.formats[entry["format"]].add(tally)


def format_table(report: dict[str, Any]) -> str:
    """The report as a readable table."""
    head = (
        f"{'':24} {'recs':>5} {'fail':>4} {'stmts':>6} {'found':>6} {'recall':>6} "
        f"{'prec':>6} {'label':>6} {'org':>6} {'person':>6} {'act':>6} {'reply':>6} {'stmt/s':>8}"
    )
    lines = [head, "-" * len(head)]

    def row(name: str, s: dict[str, Any]) -> str:
        a = s["accuracy"]
        return (
            f"{name:24} {s['records']:>5} {s['failures']:>4} {s['statements']:>6} "
            f"{s['extracted']:>6} {_pct(s['recall'])} {_pct(s['precision'])} "
            f"{_pct(a['label'])} {_pct(a['organization'])} {_pct(a['person'])} "
            f"{_pct(a['act'])} {_pct(a['replies_to'])} {s['statements_per_s'] or 0:>8.0f}"
        )

    for name, summary in report["layouts"].items():
        lines.append(row(name, summary))
    lines.append("-" * len(head))
    for name, summary in report["formats"].items():
        lines.append(row(f"format {name}", summary))
    lines.append("-" * len(head))
    lines.append(row("all", report["overall"]))
    session = report["overall"]["session"]
    lines.append("")
    lines.append(
        "session fields: " + "  ".join(f"{k} {_pct(v).strip()}" for k, v in session.items())
    )
    g, e = report["generator"], report["extraction"]
    lines.append(
        f"generator: {g['records']} records, {g['statements']} statements in {g['seconds']} s "
        f"({g['records_per_s']} records/s)"
    )
    lines.append(
        f"extraction: {e['seconds']} s, {e['statements_per_s']} statements/s, "
        f"{e['records_per_s']} records/s (one process)"
    )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return f"{'-':>6}" if value is None else f"{value * 100:>5.1f}%"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the benchmark's options."""
    parser.add_argument("--records", type=int, default=200, help="records to generate (200)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (0)")
    parser.add_argument("--pdf", action="store_true", help="include PDF records (off)")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it (temporary)")
    parser.add_argument(
        "--layout",
        action="append",
        choices=LAYOUTS,
        metavar="LAYOUT",
        help=f"only this layout; repeat for several (all: {', '.join(LAYOUTS)})",
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report ({OUT})")


def main(args: argparse.Namespace) -> int:
    """Run the benchmark from parsed options; return the exit code."""
    try:
        report = run(
            args.records,
            args.seed,
            args.pdf,
            args.keep,
            args.layout,
            progress=lambda message: print(message, file=sys.stderr),
        )
    except ExtractionUnavailable as error:
        print(f"bench extract: {error}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(format_table(report))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
