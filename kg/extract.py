"""Extraction: load → parse → resolve → annotate, for one file or a batch (DESIGN section 3)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.annotate import annotate_acts
from kg.errors import InputError, KgError, one_line
from kg.load import load_document
from kg.namespaces import DEFAULT_BASE_IRI, check_base_iri, session_iri
from kg.parse import parse_document
from kg.record import Document, Minutes
from kg.registry import Registry, default_registry
from kg.resolve import SpeakerResolver, resolve_minutes
from kg.topics import annotate_topics, default_scheme

SOURCE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".pdf"})


def extract_document(
    document: Document, registry: Registry | None = None, base_iri: str = DEFAULT_BASE_IRI
) -> Minutes:
    """Turn a loaded document into a Minutes record with speakers, acts and replies.

    Raises:
        InputError: when the text is not a meeting record.
    """
    registry = registry or default_registry()
    parsed = parse_document(document, registry)
    minutes = parsed.minutes
    resolver = SpeakerResolver(registry, parsed.publisher, base_iri)
    resolver.learn(parsed.attendees)
    resolve_minutes(minutes, resolver)
    host = parsed.publisher.name if parsed.publisher else None
    annotate_acts(minutes, host=host, answers=parsed.answers)
    annotate_topics(minutes, default_scheme())
    session = minutes.session
    series_id = parsed.series.id if parsed.series else None
    session.iri = session_iri(
        base_iri, series_id, session.number, session.date, document.source.sha256
    )
    return minutes


def extract_path(
    path: str | os.PathLike[str],
    registry: Registry | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> Minutes:
    """Load and extract one file."""
    return extract_document(load_document(path), registry, base_iri)


@dataclass
class Failure:
    """A source that could not be extracted, and why."""

    path: str
    error: KgError

    def __str__(self) -> str:
        return str(self.error)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the files named, with folders expanded to the records they hold (sorted).

    A missing path is kept, so that extraction reports it by name.
    """
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    # not is_file(): a dangling link or a FIFO is reported, not skipped
                    if not p.is_dir() and p.suffix.lower() in SOURCE_SUFFIXES
                )
            )
        else:
            out.append(path)
    return out


def iter_extract(
    paths: Iterable[str | os.PathLike[str]],
    registry: Registry | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
) -> Iterator[Minutes | Failure]:
    """Extract each file in turn, yielding a Minutes record or a Failure; never stops early.

    Raises:
        UsageError: ``base_iri`` is no absolute ASCII IRI (before any file is read).
    """
    check_base_iri(base_iri)
    registry = registry or default_registry()
    for path in expand_paths(paths):
        try:
            yield extract_path(path, registry, base_iri)
        except KgError as error:
            yield Failure(str(path), error)
        except EXTRACTION_BUGS as error:
            yield Failure(str(path), extraction_bug(path, error))


# What a defect of a parser library (or of ours) on one odd file raises: reported as that
# file's failure, so that one file never stops a batch.
EXTRACTION_BUGS = (RecursionError, MemoryError, ValueError, UnicodeError, IndexError, KeyError)


def extraction_bug(path: str | os.PathLike[str], error: BaseException) -> InputError:
    """The one-line failure of a file whose extraction raised one of EXTRACTION_BUGS."""
    detail = one_line(error, 120)
    return InputError(f"cannot extract ({type(error).__name__}): {detail}", path=str(path))
