"""Check a corpus against its manifest: every file decodes, and every statement, speaker
label, title and venue the manifest names is found in the file's text.

This guards the generator, not the extractor: a failure means the ground truth describes
something the file does not say.

Example::

    python -m bench verify /tmp/corpus
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import MANIFEST, read_manifest
from bench.extract import text_key

_PAGE_NUMBER = re.compile(r"^- \d+ -$", re.MULTILINE)


@dataclass
class Verification:
    """What a verification found: counts and the first problems."""

    records: int = 0
    statements: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was wrong."""
        return not self.problems


def file_text(path: Path, entry: dict[str, Any]) -> str:
    """The text a reader sees in a corpus file (decoded; HTML without tags; PDF extracted)."""
    if entry["media_type"] == "application/pdf":
        from pdfminer.high_level import extract_text

        return _PAGE_NUMBER.sub("", extract_text(str(path)))
    text = path.read_bytes().decode(entry["encoding"])
    if entry["media_type"] == "text/html":
        from bs4 import BeautifulSoup

        return BeautifulSoup(text, "lxml").get_text()
    return text


def verify(folder: Path, limit: int = 20) -> Verification:
    """Verify the corpus in ``folder``; keep at most ``limit`` problem messages."""
    result = Verification()

    def problem(message: str) -> None:
        if len(result.problems) < limit:
            result.problems.append(message)

    for entry in read_manifest(folder / MANIFEST):
        result.records += 1
        name = entry["file"]
        try:
            key = text_key(file_text(folder / name, entry))
        except (OSError, UnicodeDecodeError) as error:
            problem(f"{name}: cannot read: {error}")
            continue
        session = entry["session"]
        # a title printed on two lines may come out of a PDF in pieces: look for each
        for piece in [*session["title"].split(), session["venue"]]:
            if text_key(piece) not in key:
                problem(f"{name}: header text not found: {piece}")
        for statement in entry["statements"]:
            result.statements += 1
            if text_key(statement["text"]) not in key:
                problem(f"{name}: statement {statement['index']} not found")
            label = statement["speaker_label"]
            if label is not None and text_key(label) not in key:
                problem(f"{name}: label not found: {label}")
    return result
