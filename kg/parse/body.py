"""The body of a record: sections, speaker markers and statements with their spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.japanese import nfkc, parse_time_range
from kg.parse.header import HeaderParser
from kg.parse.patterns import (
    BULLET,
    CHROME,
    CIRCLE_TURN,
    COLON_TURN,
    CONTINUATION_START,
    FIELD,
    HEADING_MARKS,
    IDENTIFIER,
    NOTE,
    NUMBERED,
    OPEN_CLOSE,
    PAGE_NUMBER,
    PAREN_LINE,
    SECTION_WORDS,
    SENTENCE_END,
    agenda_key,
    join,
    strip_marker,
)
from kg.record import Actor, Statement

MAX_STATEMENTS = 50_000
"""Most statements one record may give: the longest real records give a few thousand, and
each costs about 1 KB extracted and 17 triples mapped, so a hostile file stops here."""


@dataclass
class _Draft:
    """A statement being built: its pieces of text, marker and context."""

    label: str | None
    section: str | None
    subsection: str | None
    marker: str
    pieces: list[tuple[int, int]] = field(default_factory=list)
    bulleted: bool = False


class BodyParser(HeaderParser):
    """Reads the body after the header (see ``parse_body``)."""

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
            ident = IDENTIFIER.search(text)
            if ident:
                self.session.identifier = self.session.identifier or ident.group(1)
                close()
                i += 1
                continue
            if (
                NOTE.match(nfkc(strip_marker(text)))
                or PAGE_NUMBER.match(text)
                or CHROME.match(text)
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

            bullet = BULLET.match(text)
            paren = PAREN_LINE.match(text)
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
                if marker in HEADING_MARKS and self._is_heading(content):
                    close()
                    section, subsection, speaker = content.strip(), None, None
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
        found = OPEN_CLOSE.search(text)
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
        if SENTENCE_END.match(last) or last in "。、":
            return False
        return bool(CONTINUATION_START.match(text)) and not self._is_speaker(text)

    def _emit(self, draft: _Draft) -> None:
        pieces = draft.pieces
        text = join(self.text, pieces)
        if not text:
            return
        index = len(self.statements)
        if index >= MAX_STATEMENTS:
            message = f"more than {MAX_STATEMENTS:,} statements: too many for one record; split it"
            raise InputError(message, path=self.doc.source.path)
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
        key = agenda_key(section)
        if not key:
            return None
        for k, known in enumerate(self.agenda_keys):
            if key == known:
                return k
        hits = [k for k, a in enumerate(self.agenda_keys) if a and (a in key or key in a)]
        return hits[0] if len(hits) == 1 else None

    # ---- line classification ------------------------------------------------------------
    def _inline_turn(self, text: str) -> tuple[str, int] | None:
        """Return (label, offset of the turn's text) for a line that starts a speaker turn."""
        circle = CIRCLE_TURN.match(text)
        if circle:
            label = self._speaker_of_circle(text)
            if label:
                return label, circle.start(2)
        paren = PAREN_LINE.match(text)
        if paren and paren.group(2) and self._is_speaker(paren.group(1)):
            return paren.group(1).strip(), paren.start(2)
        colon = COLON_TURN.match(text)
        if colon and not FIELD.match(text) and self._is_speaker(colon.group(1)):
            return colon.group(1).strip(), colon.start(2)
        return None

    def _is_heading(self, text: str) -> bool:
        ends = ("．", "！", "？", "!", "?")
        return len(text) <= 60 and "。" not in text and not text.endswith(ends)

    def _classify_heading(self, i: int, text: str) -> tuple[str, str]:
        bracket = re.fullmatch(r"[【\[〔]\s*(.+?)\s*[】\]〕]", text)
        inner = bracket.group(1) if bracket else text
        key = agenda_key(inner)
        if key and key in self.agenda_keys:
            return "section", text if not bracket else inner
        if self._is_speaker(inner):
            return "speaker", inner
        if bracket or NUMBERED.match(text):
            return "section", inner
        if any(k and (k in key or key in k) for k in self.agenda_keys if len(k) >= 2):
            return "section", text
        if SECTION_WORDS.search(text):
            return "section", text
        # An unknown short line: a heading. Speakers must resolve (a registry body, a known
        # ending such as 株式会社 or 事務所, a post or a name), so that no heading is taken
        # for a person.
        return "section", text

    def _is_subsection(self, i: int, content: str, marker: str) -> bool:
        """A bulleted short line without a sentence end that introduces other material."""
        if not content or SENTENCE_END.search(content) or "。" in content or len(content) > 60:
            return False
        if marker in "○〇◯":
            return False
        nxt = self._next_content(i)
        if nxt is None:
            return False
        nxt_bullet = BULLET.match(nxt)
        if nxt_bullet:
            return nxt_bullet.group(1) != marker
        return self._is_heading(nxt) or self._inline_turn(nxt) is not None

    def _next_content(self, i: int) -> str | None:
        lines = self.lines  # by index: a slice would copy the rest of the lines at every call
        for k in range(i + 1, len(lines)):
            if not lines[k].blank:
                return lines[k].text
        return None
