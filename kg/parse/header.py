"""The header of a record: title, date and times, venue, agenda with presenters, attendees."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.japanese import nfkc, parse_date, parse_time_range
from kg.parse.patterns import (
    AGENDA_FIELDS,
    ATTENDEE_FIELDS,
    ATTENDEE_SUMMARY,
    BULLET,
    CIRCLE_TURN,
    DATE_FIELDS,
    FIELD,
    NUMBERED,
    ONLINE,
    PRESENTER_LINE,
    VENUE_FIELDS,
    Line,
    agenda_key,
    is_date_line,
    presenter_parts,
    split_lines,
    strip_date,
    strip_marker,
)
from kg.record import Actor, AgendaItem, Document, Session, Statement
from kg.registry import Registry
from kg.resolve import split_label


class HeaderParser:
    """Reads a record's header into the session, agenda and attendee list."""

    def __init__(self, document: Document, registry: Registry) -> None:
        self.doc = document
        self.text = document.text
        self.registry = registry
        self.lines = split_lines(document.text)
        self.session = Session()
        self.agenda: list[AgendaItem] = []
        self.attendees: list[str] = []
        self.warnings: list[str] = []
        self.statements: list[Statement] = []
        self.answers: set[int] = set()
        self.agenda_keys: list[str] = []

    # ---- header -------------------------------------------------------------------------
    def parse_header(self) -> int:
        """Read title and header fields; return the index of the first body line."""
        i, n = 0, len(self.lines)
        title_lines: list[str] = []
        while i < n and self.lines[i].blank:
            i += 1
        while i < n and len(title_lines) < 3:
            line = self.lines[i]
            if line.blank:
                i += 1
                continue
            if FIELD.match(line.text) or self._is_body_start(i):
                break
            if title_lines and is_date_line(line.text):
                self._read_when(line.text)
                i += 1
                continue
            title_lines.append(line.text)
            i += 1
        if title_lines and not self._field_ahead(i, 12):
            # No header fields follow: only the first line is the title.
            i = self._index_after_first_nonblank()
            title_lines = title_lines[:1]
        self.session.title = " ".join(title_lines) or None
        body_start = i
        while i < n:
            line = self.lines[i]
            if line.blank:
                i += 1
                continue
            match = FIELD.match(line.text)
            if not match:
                break
            name = re.sub(r"\s", "", match.group(1))
            value = (match.group(2) or match.group(3) or "").strip()
            i = self._read_field(name, value, i + 1)
            body_start = i
        return body_start

    def _index_after_first_nonblank(self) -> int:
        for k, line in enumerate(self.lines):
            if not line.blank:
                return k + 1
        return len(self.lines)

    def _field_ahead(self, i: int, window: int) -> bool:
        seen = 0
        for k in range(i, len(self.lines)):  # by index: a slice would copy the lines
            line = self.lines[k]
            if line.blank:
                continue
            if FIELD.match(line.text):
                return True
            seen += 1
            if seen >= window:
                return False
        return False

    def _is_body_start(self, i: int) -> bool:
        text = self.lines[i].text
        return bool(CIRCLE_TURN.match(text) and self._speaker_of_circle(text))

    def _read_field(self, name: str, value: str, i: int) -> int:
        if name in DATE_FIELDS:
            self._read_when(value)
            return i
        if name in VENUE_FIELDS:
            self.session.venue = value or None
            self.session.online = bool(ONLINE.search(nfkc(value))) if value else None
            return i
        if name in AGENDA_FIELDS:
            if value:
                self._add_agenda_item(value)
            return self._read_agenda(i)
        if name in ATTENDEE_FIELDS:
            if value:
                self.attendees.extend(v for v in re.split(r"[、,，]", value) if v.strip())
            return self._read_attendees(i)
        return self._skip_list(i)

    def _read_when(self, value: str) -> None:
        when = parse_date(value)
        if when:
            self.session.date = when.isoformat()
        rest = strip_date(value)
        start, end = parse_time_range(rest)
        self.session.start_time = self.session.start_time or start
        self.session.end_time = self.session.end_time or end

    def _list_lines(self, i: int) -> Iterator[tuple[int, Line]]:
        """Yield (index, line) of a header list until a line that is not part of it."""
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if line.blank:
                i += 1
                continue
            text = line.text
            if FIELD.match(text):
                return
            if not (
                NUMBERED.match(text)
                or (BULLET.match(text) and "。" not in text)
                or PRESENTER_LINE.match(text)
            ):
                return
            yield i, line
            i += 1

    def _read_agenda(self, i: int) -> int:
        last = i
        for k, line in self._list_lines(i):
            paren = PRESENTER_LINE.match(line.text)
            if paren and not NUMBERED.match(line.text) and self.agenda:
                self._add_presenters(self.agenda[-1], paren.group(1))
            else:
                self._add_agenda_item(strip_marker(line.text))
            last = k + 1
        return last

    def _read_attendees(self, i: int) -> int:
        last = i
        for k, line in self._list_lines(i):
            self.attendees.append(strip_marker(line.text))
            last = k + 1
        # Attendee lists are often plain lines (役職 氏名): take those that name a person and
        # pass over summaries such as 区市町村CIO等(59団体), up to the first heading or statement.
        k = last
        while k < len(self.lines):
            text = self.lines[k].text
            if not text:
                k += 1
                continue
            if FIELD.match(text) or "。" in text or BULLET.match(text) or len(text) > 60:
                break
            if agenda_key(text) in self.agenda_keys:
                break
            if split_label(text, self.registry).person:
                self.attendees.append(text)
            elif not ATTENDEE_SUMMARY.search(text):
                break
            k += 1
            last = k
        return last

    def _skip_list(self, i: int) -> int:
        last = i
        for k, _ in self._list_lines(i):
            last = k + 1
        return last

    def _add_agenda_item(self, text: str) -> None:
        title, closed, presenters = text, False, []
        for match in list(re.finditer(r"[(（]([^()（）]*)[)）]", text)):
            inner = match.group(1).strip()
            if re.fullmatch(r"非公開|非公表|非公開案件", inner):
                closed = True
            elif inner and all(self._is_speaker(p) for p in presenter_parts(inner)):
                presenters.append(inner)
            else:
                continue  # (案), (仮称), times and other notes stay in the title
            title = title.replace(match.group(0), "")
        if "非公開" in title:
            closed = True
        item = AgendaItem(title=title.strip(" 　"), closed=closed)
        for inner in presenters:
            self._add_presenters(item, inner)
        if item.title:
            self.agenda.append(item)
            self.agenda_keys.append(agenda_key(item.title))

    def _add_presenters(self, item: AgendaItem, text: str) -> None:
        item.presenters.extend(Actor(label=part) for part in presenter_parts(text))

    # ---- body ---------------------------------------------------------------------------

    def _speaker_of_circle(self, text: str) -> str | None:
        circle = CIRCLE_TURN.match(text)
        if not circle:
            return None
        label = circle.group(1)
        parts = split_label(label, self.registry)
        if not parts.is_actor:
            return None
        # Assembly records set the name off with a full-width space; with a plain space
        # (○CIO とツールを…) only a label that names a person starts a turn.
        gap = text[circle.end(1) : circle.start(2)]
        if parts.person or ("\u3000" in gap and parts.post):
            return label
        return None

    def _is_speaker(self, label: str) -> bool:
        return split_label(label, self.registry).is_actor
