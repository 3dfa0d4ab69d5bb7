"""A synthetic corpus of Japanese meeting records, with its ground truth, from a seed.

Every record is drawn from its own ``random.Random`` seeded by (seed, record number), so a
corpus is the same on every run and any record can be rebuilt alone. Records come in the
eight layouts of DESIGN section 2 (assigned in turn, so each layout gets its share) and in
the formats of :data:`bench.formats.FORMATS` (drawn by weight). Files are written as they
are made, and ``manifest.jsonl`` gets one line of ground truth per record, so memory stays
flat from a hundred records to a hundred thousand.

The manifest records what each file prints, not what the meeting was:

- ``text`` is the statement as written (PDF stray spaces included), without its marker or
  speaker label, with page-break fragments, unbulleted continuation paragraphs and
  continuation lines joined without a separator.
- ``speaker_label`` is the label as printed without its marker (``(…)``, ``○``, ``:``);
  ``organization`` the body in plain form, the publisher for labels without one (事務局,
  村上副知事, 委員); ``post`` the post as the reference annotations give it (the title with
  its own unit: 戦略部長, 情報システム企画課長), ``units`` the units above it.
- ``person`` is the full name when the label prints it or when the record's agenda or
  attendee list names the holder of that post (by surname, for a surname label); the
  surname when only that is printed; otherwise null.
- ``act``: questions and requests are answered by the next turn of another party in the
  same section, one response per question or request, in order; a second responder
  answers the single question before it. Procedural turns are remarks.

Example::

    from pathlib import Path
    from bench.corpus import generate
    manifest = generate(Path("/tmp/corpus"), records=100, seed=1)
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.formats import FORMATS, Format, encode_text, to_html, to_pdf, to_text
from bench.layouts import render
from bench.plan import LAYOUTS, Planner
from bench.render import Style
from bench.vocab import load_municipalities

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "LAYOUTS",
    "MANIFEST",
    "PDF_SHARE",
    "generate",
    "iter_records",
    "read_manifest",
]

MANIFEST = "manifest.jsonl"
# Shares of the text and HTML formats; PDF is slow to write and read, so it is opt-in.
DEFAULT_FORMATS: dict[str, float] = {
    "txt": 0.50,
    "txt-bom": 0.07,
    "txt-cp932": 0.10,
    "txt-eucjp": 0.06,
    "html": 0.22,
    "html-cp932": 0.05,
}
PDF_SHARE = 0.05


def generate(
    out_dir: Path,
    records: int,
    seed: int = 0,
    formats: dict[str, float] | None = None,
    layouts: list[str] | None = None,
) -> Path:
    """Write ``records`` records and their manifest under ``out_dir``; return the manifest.

    Args:
        out_dir: folder to write into (created if missing); files go to ``NNN/NNNNNN.ext``.
        records: how many records.
        seed: the corpus seed; the same seed gives the same corpus.
        formats: format name → weight (see :data:`bench.formats.FORMATS`); default
            :data:`DEFAULT_FORMATS`. Add ``"pdf": PDF_SHARE`` for some PDFs.
        layouts: the layouts to use, in turn (default: all eight).

    Raises:
        ValueError: for an unknown format or layout name.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST
    with manifest.open("w", encoding="utf-8") as out:
        for entry in iter_records(out_dir, records, seed, formats, layouts):
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return manifest


def iter_records(
    out_dir: Path,
    records: int,
    seed: int = 0,
    formats: dict[str, float] | None = None,
    layouts: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """Write the records one by one, yielding each one's manifest entry after its file."""
    weights = dict(formats or DEFAULT_FORMATS)
    chosen = list(layouts or LAYOUTS)
    unknown = [f for f in weights if f not in FORMATS] + [x for x in chosen if x not in LAYOUTS]
    if unknown:
        known = ", ".join([*FORMATS, *LAYOUTS])
        raise ValueError(f"unknown format or layout: {', '.join(unknown)} (known: {known})")
    if not weights or sum(weights.values()) <= 0:
        raise ValueError("formats: at least one weight must be positive")
    planner = Planner(seed, load_municipalities())
    names, shares = list(weights), list(weights.values())
    for index in range(records):
        rng = random.Random(f"gijiroku-bench/{seed}/{index}")
        layout = chosen[index % len(chosen)]
        fmt = FORMATS[rng.choices(names, shares)[0]]
        yield _write_record(out_dir, index, rng, planner, layout, fmt)


def read_manifest(path: Path) -> Iterator[dict[str, Any]]:
    """Read a manifest's entries one by one."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _write_record(
    out_dir: Path,
    index: int,
    rng: random.Random,
    planner: Planner,
    layout: str,
    fmt: Format,
) -> dict[str, Any]:
    style = Style(
        encoding=fmt.encoding,
        blank_lines=rng.random() < 0.6,
        fullwidth=rng.random() < 0.4,
        numerals=rng.choices(("arabic", "kanji", "fullwidth"), (0.75, 0.15, 0.1))[0],
        html_dl=rng.random() < 0.2,
        unprintable=fmt.unprintable,
    )
    plan = planner.plan(rng, layout, style.can)
    rendered = render(plan, rng, style)
    crlf = fmt.kind == "text" and rng.random() < (0.5 if fmt.encoding == "cp932" else 0.1)
    if fmt.kind == "pdf":
        data = to_pdf(rendered, hanging=rng.random() < 0.5)
    elif fmt.kind == "html":
        data = to_html(rendered, plan, style, rng).encode(fmt.encoding)
    else:
        data = encode_text(to_text(rendered.lines, style, rng), fmt, crlf)
    relative = f"{index // 1000:03d}/{index:06d}{fmt.suffix}"
    path = out_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return {
        "file": relative,
        "layout": layout,
        "format": fmt.name,
        "media_type": fmt.media_type,
        "encoding": None if fmt.kind == "pdf" else fmt.encoding,
        "crlf": crlf,
        "session": {
            "title": rendered.title,
            "series": plan.series_name,
            "number": plan.number,
            "date": plan.date.isoformat(),
            "start_time": _hhmm(plan.start),
            "end_time": _hhmm(plan.end),
            "venue": rendered.venue,
            "online": plan.online,
            "publisher": plan.publisher,
            "doc_type": plan.doc,
            "identifier": rendered.identifier,
        },
        "agenda": rendered.agenda,
        "statements": rendered.statements,
    }


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
