"""Parse a loaded record's text into a Minutes record (DESIGN sections 2 and 3).

The text is read line by line. The header gives title, date, times, venue, agenda (with its
presenters) and attendees; the body is a sequence of section headings, speaker markers and
statements. A statement is one bullet with the unbulleted paragraphs that follow it (a page
break can split a sentence), or one speaker turn where the record has no bullets. Every
statement keeps the span of the source text it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.japanese import match_key, nfkc, parse_date, parse_ordinal, parse_time_range
from kg.record import Actor, AgendaItem, Document, Minutes, Session, Statement
from kg.registry import Body, Registry, Series
from kg.resolve import split_label

BULLETS = "・•●○〇◯◎◇◆□■*＊-－‐―→⇒"
_BULLET = re.compile(r"^([・•●○〇◯◎◇◆□■*＊\-－‐―→⇒])\s*")
_NUMBERED = re.compile(
    r"^(?:\(?\d{1,2}[.)．、]|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+(?:[、.．]|[\s\u3000]+)|第\d+\s)\s*"
)
_FIELD = re.compile(
    r"^[【\[]?(日\s*時|開催日時|開催日|日\s*程|日\s*付|と\s*き|場\s*所|会\s*場|開催場所|と\s*こ\s*ろ|"
    r"出席者等?|出席委員|出席説明員|説明員|出\s*席|欠席者|欠席委員|構成員|議\s*事|議\s*題|次\s*第|会議次第|"
    r"案\s*件|本日の会議に付した事件|会議に付した事件|付議事件|配布資料|資\s*料)"
    r"[】\]]?\s*(?:[(（][^()（）]{0,12}[)）])?\s*(?:[:：]\s*(.*)|\s+(.*)|)$"
)
_DATE_FIELDS = ("日時", "開催日時", "開催日", "日程", "日付", "とき")
_VENUE_FIELDS = ("場所", "会場", "開催場所", "ところ")
_AGENDA_FIELDS = (
    "議事",
    "議題",
    "次第",
    "会議次第",
    "案件",
    "本日の会議に付した事件",
    "会議に付した事件",
    "付議事件",
)
_ATTENDEE_FIELDS = ("出席者", "出席者等", "出席委員", "出席説明員", "説明員", "出席", "構成員")
_IDENTIFIER = re.compile(r"(?:記事ID|文書番号|記事番号)\s*[:：]\s*([\w\-]+)")
_NOTE = re.compile(
    r"^[(（]?\s*(質疑なし|質問なし|意見なし|特になし|以\s*上|了|閉\s*会|散\s*会|休\s*憩|"
    r"(?:午前|午後)[^)）]*(?:開会|開議|散会|閉会|休憩|再開))\s*[)）]?\s*$"
)
_PAGE_NUMBER = re.compile(
    r"^[-－‐―\s]*\d{1,4}[-－‐―\s]*$|^\d{1,4}\s*/\s*\d{1,4}$|^[(（]?\s*\d{1,4}\s*[)）]?$"
)
_CHROME = re.compile(r"^(ページの先頭へ|このページの先頭へ|前のページへ|印刷|PDF形式|お問い合わせ)")
_PAREN_LINE = re.compile(r"^[(（【〔]([^()（）【】〔〕]{1,60})[)）】〕]\s*(.*)$")
_PRESENTER_LINE = re.compile(r"^[(（]([^()（）]{1,60})[)）]$")
_OPEN_CLOSE = re.compile(r"(開議|開会|散会|閉会)")
_COLON_TURN = re.compile(r"^([^:：。、\s][^:：。]{0,29}?)\s*[:：]\s*(\S.*)$")
_CIRCLE_TURN = re.compile(
    r"^[○〇◯]\s*([^\s　。、]{1,30}?(?:[(（][^)）]{1,20}[)）])?)[\s　]+(\S.*)$"
)
_JAPANESE = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。．！？!?」』)）]$")
_ONLINE = re.compile(
    r"リモート|オンライン|web|ウェブ|webex|zoom|teams|テレビ会議|ビデオ会議|遠隔", re.I
)
_SECTION_WORDS = re.compile(
    r"概要|について|報告|意見交換|質疑|応答|議事|挨拶|あいさつ|説明|その他|討議|協議|講演|共有|開会|閉会|まとめ"
)
_TITLE_TAIL = re.compile(r"(議事要旨|議事概要|議事録|会議録|速記録|要旨|概要)\s*$")
_AGENDA_STRIP = re.compile(
    r"^[【\[(（]?\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*[.．、)）]?\s*|[】\]]$"
)

_CONTINUATION_START = re.compile(r"^[\u3041-\u3093、，,)）」』]")


@dataclass
class Line:
    """One line of the text: its offsets and its stripped content."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class _Draft:
    """A statement being built: its pieces of text, marker and context."""

    label: str | None
    section: str | None
    subsection: str | None
    marker: str
    pieces: list[tuple[int, int]] = field(default_factory=list)
    bulleted: bool = False


@dataclass
class ParsedRecord:
    """What the parser finds: the Minutes (speakers still unresolved) and the attendee labels."""

    minutes: Minutes
    attendees: list[str]
    publisher: Body | None
    series: Series | None
    answers: set[int] = field(default_factory=set)  # statements marked as answers (→)


def split_lines(text: str) -> list[Line]:
    """Return the lines of ``text`` with their offsets; content is stripped of outer spaces."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\xa0")
        lead = len(raw) - len(raw.lstrip(" \t\u3000\xa0"))
        lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


class _Parser:
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
            if _FIELD.match(line.text) or self._is_body_start(i):
                break
            if title_lines and _is_date_line(line.text):
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
            match = _FIELD.match(line.text)
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
        for line in self.lines[i:]:
            if line.blank:
                continue
            if _FIELD.match(line.text):
                return True
            seen += 1
            if seen >= window:
                return False
        return False

    def _is_body_start(self, i: int) -> bool:
        text = self.lines[i].text
        return bool(_CIRCLE_TURN.match(text) and self._speaker_of_circle(text))

    def _read_field(self, name: str, value: str, i: int) -> int:
        if name in _DATE_FIELDS:
            self._read_when(value)
            return i
        if name in _VENUE_FIELDS:
            self.session.venue = value or None
            self.session.online = bool(_ONLINE.search(nfkc(value))) if value else None
            return i
        if name in _AGENDA_FIELDS:
            if value:
                self._add_agenda_item(value)
            return self._read_agenda(i)
        if name in _ATTENDEE_FIELDS:
            if value:
                self.attendees.extend(v for v in re.split(r"[、,，]", value) if v.strip())
            return self._read_attendees(i)
        return self._skip_list(i)

    def _read_when(self, value: str) -> None:
        when = parse_date(value)
        if when:
            self.session.date = when.isoformat()
        rest = _strip_date(value)
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
            if _FIELD.match(text):
                return
            if not (
                _NUMBERED.match(text)
                or (_BULLET.match(text) and "。" not in text)
                or _PRESENTER_LINE.match(text)
            ):
                return
            yield i, line
            i += 1

    def _read_agenda(self, i: int) -> int:
        last = i
        for k, line in self._list_lines(i):
            paren = _PRESENTER_LINE.match(line.text)
            if paren and not _NUMBERED.match(line.text) and self.agenda:
                self._add_presenters(self.agenda[-1], paren.group(1))
            else:
                self._add_agenda_item(_strip_marker(line.text))
            last = k + 1
        return last

    def _read_attendees(self, i: int) -> int:
        last = i
        for k, line in self._list_lines(i):
            self.attendees.append(_strip_marker(line.text))
            last = k + 1
        # Attendee lists are often plain lines (役職 氏名): take those that name a person.
        k = last
        while k < len(self.lines):
            text = self.lines[k].text
            if not text:
                k += 1
                continue
            if _FIELD.match(text) or "。" in text or not split_label(text, self.registry).person:
                break
            self.attendees.append(text)
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
            elif inner and all(self._is_speaker(p) for p in _presenter_parts(inner)):
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
            self.agenda_keys.append(_agenda_key(item.title))

    def _add_presenters(self, item: AgendaItem, text: str) -> None:
        item.presenters.extend(Actor(label=part) for part in _presenter_parts(text))

    # ---- body ---------------------------------------------------------------------------
    def parse_body(self, i: int) -> None:
        section: str | None = None
        subsection: str | None = None
        speaker: str | None = None
        draft: _Draft | None = None
        lines = self.lines
        n = len(lines)

        def close() -> None:
            nonlocal draft
            if draft is not None and draft.pieces:
                self._emit(draft)
            draft = None

        while i < n:
            line = lines[i]
            text = line.text
            if line.blank:
                i += 1
                continue
            ident = _IDENTIFIER.search(text)
            if ident:
                self.session.identifier = self.session.identifier or ident.group(1)
                close()
                i += 1
                continue
            if (
                _NOTE.match(nfkc(_strip_marker(text)))
                or _PAGE_NUMBER.match(text)
                or _CHROME.match(text)
            ):
                self._read_note(text)
                close()
                i += 1
                continue

            # ○鈴木委員長　ただいまより… / 佐藤座長: … / (委員)… : a turn with its text on the line.
            turn = self._inline_turn(text)
            if turn is not None:
                close()
                label, offset = turn
                speaker = label
                draft = _Draft(label, section, subsection, marker="turn")
                draft.pieces.append((line.start + offset, line.end))
                i += 1
                continue

            bullet = _BULLET.match(text)
            paren = _PAREN_LINE.match(text)
            if paren and not paren.group(2) and self._is_speaker(paren.group(1)):
                close()
                speaker = paren.group(1).strip()
                i += 1
                continue

            if bullet:
                content = text[bullet.end() :]
                marker = bullet.group(1)
                if marker in "→⇒":
                    close()
                    draft = _Draft(speaker, section, subsection, marker=marker, bulleted=True)
                    draft.pieces.append((line.start + bullet.end(), line.end))
                    i += 1
                    continue
                if self._is_subsection(i, content, marker):
                    close()
                    subsection = content.strip() or None
                    speaker = None
                    i += 1
                    continue
                close()
                if content:
                    draft = _Draft(speaker, section, subsection, marker=marker, bulleted=True)
                    draft.pieces.append((line.start + bullet.end(), line.end))
                i += 1
                continue

            if draft is not None and self._continues(draft, text):
                draft.pieces.append((line.start, line.end))
                i += 1
                continue

            if self._is_heading(text):
                close()
                kind, value = self._classify_heading(i, text)
                if kind == "speaker":
                    speaker = value
                elif kind == "section":
                    section, subsection, speaker = value, None, None
                else:
                    subsection, speaker = value, None
                i += 1
                continue

            # A plain paragraph: continues the statement being built, or starts a turn.
            if draft is not None:
                draft.pieces.append((line.start, line.end))
            else:
                draft = _Draft(speaker, section, subsection, marker="")
                draft.pieces.append((line.start, line.end))
            i += 1
        close()

    def _read_note(self, text: str) -> None:
        """Take the start and end times from notes such as 午後二時開議 and 午後四時四十分散会."""
        found = _OPEN_CLOSE.search(text)
        if not found:
            return
        start, end = parse_time_range(text)
        when = start or end
        if found.group(1) in ("開議", "開会"):
            self.session.start_time = self.session.start_time or when
        else:
            self.session.end_time = end or start or self.session.end_time

    def _continues(self, draft: _Draft, text: str) -> bool:
        """A fragment after a page break: the statement so far ends mid-sentence, and the
        line starts like the rest of a sentence (a particle or a comma), not like a heading."""
        last = self.text[draft.pieces[-1][1] - 1] if draft.pieces else "。"
        if _SENTENCE_END.match(last) or last in "。、":
            return False
        return bool(_CONTINUATION_START.match(text)) and not self._is_speaker(text)

    def _emit(self, draft: _Draft) -> None:
        pieces = draft.pieces
        text = _join(self.text, pieces)
        if not text:
            return
        index = len(self.statements)
        speaker = Actor(label=draft.label) if draft.label else None
        statement = Statement(
            index=index,
            text=text,
            span=(pieces[0][0], pieces[-1][1]),
            section=draft.section,
            subsection=draft.subsection,
            agenda_index=self._agenda_index(draft.section),
            speaker=speaker,
        )
        if draft.marker in "→⇒" and draft.marker:
            self.answers.add(index)
        self.statements.append(statement)

    def _agenda_index(self, section: str | None) -> int | None:
        if not section or not self.agenda_keys:
            return None
        key = _agenda_key(section)
        if not key:
            return None
        for k, agenda_key in enumerate(self.agenda_keys):
            if key == agenda_key:
                return k
        hits = [k for k, a in enumerate(self.agenda_keys) if a and (a in key or key in a)]
        return hits[0] if len(hits) == 1 else None

    # ---- line classification ------------------------------------------------------------
    def _inline_turn(self, text: str) -> tuple[str, int] | None:
        """Return (label, offset of the turn's text) for a line that starts a speaker turn."""
        circle = _CIRCLE_TURN.match(text)
        if circle:
            label = self._speaker_of_circle(text)
            if label:
                return label, circle.start(2)
        paren = _PAREN_LINE.match(text)
        if paren and paren.group(2) and self._is_speaker(paren.group(1)):
            return paren.group(1).strip(), paren.start(2)
        colon = _COLON_TURN.match(text)
        if colon and not _FIELD.match(text) and self._is_speaker(colon.group(1)):
            return colon.group(1).strip(), colon.start(2)
        return None

    def _speaker_of_circle(self, text: str) -> str | None:
        circle = _CIRCLE_TURN.match(text)
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

    def _is_heading(self, text: str) -> bool:
        return len(text) <= 60 and not _SENTENCE_END.search(text) and "。" not in text

    def _classify_heading(self, i: int, text: str) -> tuple[str, str]:
        bracket = re.fullmatch(r"[【\[〔]\s*(.+?)\s*[】\]〕]", text)
        inner = bracket.group(1) if bracket else text
        key = _agenda_key(inner)
        if key and key in self.agenda_keys:
            return "section", text if not bracket else inner
        if self._is_speaker(inner):
            return "speaker", inner
        if bracket or _NUMBERED.match(text):
            return "section", inner
        if any(k and (k in key or key in k) for k in self.agenda_keys if len(k) >= 2):
            return "section", text
        if _SECTION_WORDS.search(text):
            return "section", text
        # An unknown short line: a heading. Speakers must resolve (a registry body, a known
        # ending such as 株式会社 or 事務所, a post or a name), so that no heading is taken
        # for a person.
        return "section", text

    def _is_subsection(self, i: int, content: str, marker: str) -> bool:
        """A bulleted short line without a sentence end that introduces other material."""
        if not content or _SENTENCE_END.search(content) or "。" in content or len(content) > 60:
            return False
        if marker in "○〇◯":
            return False
        nxt = self._next_content(i)
        if nxt is None:
            return False
        nxt_bullet = _BULLET.match(nxt)
        if nxt_bullet:
            return nxt_bullet.group(1) != marker
        return self._is_heading(nxt) or self._inline_turn(nxt) is not None

    def _next_content(self, i: int) -> str | None:
        for line in self.lines[i + 1 :]:
            if not line.blank:
                return line.text
        return None


def _presenter_parts(text: str) -> list[str]:
    """Split a presenter note such as ``東京都 山田課長、デジタル庁 佐藤参事官`` into labels."""
    return [p.strip() for p in re.split(r"[、,，;；]|\s+及び\s+", text) if p.strip()]


def _is_date_line(text: str) -> bool:
    """A line that is only a date (令和五年十一月二日（木曜日）), as in assembly records."""
    if parse_date(text) is None:
        return False
    rest = re.sub(
        r"[\d一二三四五六七八九十〇元]+|令和|平成|昭和|年|月|日|曜|[()（）\s]|[月火水木金土日]",
        "",
        nfkc(text),
    )
    return len(rest) <= 2


def _strip_marker(text: str) -> str:
    text = _BULLET.sub("", text, count=1)
    return _NUMBERED.sub("", text, count=1).strip()


def _strip_date(value: str) -> str:
    """Remove the date (and weekday) from a 日時 value, leaving the times."""
    value = nfkc(value)
    value = re.sub(r"^.*?日\s*(?:\([^)]*\))?", "", value, count=1) if "日" in value else value
    return re.sub(r"^\s*\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\s*(?:\([^)]*\))?", "", value)


def _agenda_key(text: str) -> str:
    key = match_key(text)
    key = _AGENDA_STRIP.sub("", key)
    return _AGENDA_STRIP.sub("", key)


def _join(text: str, pieces: list[tuple[int, int]]) -> str:
    """Join the pieces of one statement: line and page breaks removed, Latin words kept apart."""
    out = ""
    for start, end in pieces:
        part = text[start:end].strip()
        if not part:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " "
        out += part
    return out


def parse_document(document: Document, registry: Registry) -> ParsedRecord:
    """Parse a loaded document into a Minutes record with unresolved speaker labels.

    Raises:
        InputError: when the text has neither a session header nor any statement.
    """
    parser = _Parser(document, registry)
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
        session.series = _series_name(title)
    if publisher is None and title:
        found = registry.find_in(title)
        publisher = found[0] if found else None
    session.number = parse_ordinal(title) if title else None
    if session.date is None and title:
        when = parse_date(title)
        session.date = when.isoformat() if when else None
    attributed = any(s.speaker is not None for s in parser.statements)
    if not (session.date or parser.agenda or attributed) or not _JAPANESE.search(document.text):
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


def _series_name(title: str) -> str | None:
    """Return a series name guessed from a title: ordinal, date and record kind removed."""
    name = nfkc(title)
    name = re.sub(r"第\s*[\d一二三四五六七八九十百〇]+\s*回", " ", name)
    name = re.sub(r"[(（][^)）]*[)）]", " ", name)
    name = _TITLE_TAIL.sub("", name.strip())
    name = re.sub(r"(の開催|開催)$", "", name.strip(" ・の"))
    name = re.sub(r"\s+", "", name)
    return name or None
