"""Parse a loaded record's text into a Minutes record (DESIGN sections 2 and 3).

The text is read line by line. The header gives title, date, times, venue, agenda (with its
presenters) and attendees; the body is a sequence of section headings, speaker markers and
statements. A statement is one bullet with the unbulleted paragraphs that follow it (a page
break can split a sentence), or one speaker turn where the record has no bullets. Every
statement keeps the span of the source text it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.errors import InputError
from kg.japanese import parse_date, parse_ordinal
from kg.parse.body import BodyParser
from kg.parse.patterns import JAPANESE, Line, series_name, split_lines
from kg.record import Document, Minutes
from kg.registry import Body, Registry, Series

__all__ = ["Line", "ParsedRecord", "parse_document", "split_lines"]


@dataclass
class ParsedRecord:
    """What the parser finds: the Minutes (speakers still unresolved) and the attendee labels."""

    minutes: Minutes
    attendees: list[str]
    publisher: Body | None
    series: Series | None
    answers: set[int] = field(default_factory=set)  # statements marked as answers (→)


def parse_document(document: Document, registry: Registry) -> ParsedRecord:
    """Parse a loaded document into a Minutes record with unresolved speaker labels.

    Raises:
        InputError: when the text has neither a session header nor any statement.
    """
    parser = BodyParser(document, registry)
    body_start = parser.parse_header()
    parser.parse_body(body_start)
    session = parser.session
    title = session.title or ""
    series = registry.series_for_title(title) if title else None
    publisher: Body | None = None
    if series is not None:
        session.series = series.name
        publisher = registry.get(series.publisher) if series.publisher else None
    else:
        session.series = series_name(title)
    if publisher is None and title:
        found = registry.find_in(title)
        publisher = found[0] if found else None
    session.number = parse_ordinal(title) if title else None
    if session.date is None and title:
        when = parse_date(title)
        session.date = when.isoformat() if when else None
    attributed = any(s.speaker is not None for s in parser.statements)
    if not (session.date or parser.agenda or attributed) or not JAPANESE.search(document.text):
        raise InputError(
            "not a meeting record: no session date, agenda or speaker found",
            path=document.source.path,
        )
    if not parser.statements:
        parser.warnings.append("no statements found")
    minutes = Minutes(
        source=document.source,
        session=session,
        agenda=parser.agenda,
        statements=parser.statements,
        warnings=parser.warnings,
    )
    return ParsedRecord(minutes, parser.attendees, publisher, series, parser.answers)
