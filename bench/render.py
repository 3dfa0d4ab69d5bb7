"""Printing a plan: the lines a record is made of, and the ground truth of what was printed.

A layout turns a :class:`~bench.plan.Plan` into :class:`Line` objects (kind, marker, text)
that the format writers (``bench.formats``) put out as plain text, HTML or PDF. While
printing, it records every statement exactly as written, with the speaker's label as
printed and the person that the record itself names, so the manifest is the ground truth of
the file and not of the plan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from bench.jtext import kanji_number, number, pdf_spacing, time_range, wareki
from bench.plan import Holder, Item, Participant, Plan, Utterance


@dataclass
class Line:
    """One printed line (paragraph) of a record.

    Attributes:
        text: the words, without the marker.
        kind: ``h1``-``h4`` headings, ``p`` paragraph (its marker is part of the text in every
            format), ``li``/``oli`` list items (the marker becomes ``<ul>``/``<ol>`` in HTML),
            ``field`` a header field whose marker is its label.
        marker: printed before the text (・, ``  • ``, ○, ``1. ``, ``日時:``).
        gap: what separates it from the line before in plain text: ``auto`` (the record's
            habit), ``tight`` (a line break) or ``blank`` (a blank line).
        page_break: a PDF page break falls before this line.
    """

    text: str
    kind: str = "p"
    marker: str = ""
    gap: str = "auto"
    page_break: bool = False

    @property
    def printed(self) -> str:
        """Marker and text, as a plain-text file shows them."""
        return self.marker + self.text


@dataclass
class Style:
    """The printing habits of one record (drawn once per record)."""

    encoding: str
    blank_lines: bool
    fullwidth: bool
    numerals: str  # arabic, fullwidth or kanji, for the session number and the date
    html_dl: bool = False  # HTML pages print header fields as <dl>
    unprintable: str = ""  # characters the format cannot carry

    def can(self, text: str) -> bool:
        """True when the file's format and encoding hold ``text``."""
        if any(c in self.unprintable for c in text):
            return False
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            return False
        return True

    @property
    def paren(self) -> tuple[str, str]:
        """The parentheses the record prints."""
        return ("（", "）") if self.fullwidth else ("(", ")")

    @property
    def colon(self) -> str:
        """The colon the record prints after a field name."""
        return "：" if self.fullwidth else ":"


@dataclass
class Rendered:
    """A printed record: its lines and the ground truth of what they say."""

    lines: list[Line]
    title: str
    statements: list[dict[str, Any]]
    agenda: list[dict[str, Any]]
    venue: str
    identifier: str | None = None


@dataclass
class _Named:
    """Holders a record names in its agenda and attendee lists, by (body, units, post)."""

    holders: dict[tuple[str, tuple[str, ...], str], list[Holder]] = field(default_factory=dict)

    def add(self, participant: Participant, alt: bool = True) -> None:
        """Learn a holder from a list entry that printed the post (and the second post,
        when ``alt``)."""
        if participant.holder is None or participant.title is None:
            return
        for title in (participant.title, participant.alt_title if alt else None):
            if title:
                key = (
                    participant.org,
                    participant.units if title == participant.title else (),
                    title,
                )
                known = self.holders.setdefault(key, [])
                if participant.holder not in known:
                    known.append(participant.holder)

    def find(self, participant: Participant, title: str | None, surname: str | None) -> str | None:
        if title is None:
            return None
        units = participant.units if title == participant.title else ()
        known = self.holders.get((participant.org, units, title), [])
        if surname is not None:
            known = [h for h in known if h.surname == surname]
        return known[0].full if len(known) == 1 else None


class Renderer:
    """Common printing: header, agenda, attendee lists, statements and their truth.

    Subclasses (one per layout, in ``bench.layouts``) print the body.
    """

    pdf_artefacts = False

    def __init__(self, plan: Plan, rng: random.Random, style: Style) -> None:
        self.plan = plan
        self.rng = rng
        self.style = style
        self.lines: list[Line] = []
        self.statements: list[dict[str, Any]] = []
        self.named = _Named()
        self.section: str | None = None
        self.subsection: str | None = None
        self.agenda_index: int | None = None
        self.venue = plan.venue

    # -- output -----------------------------------------------------------------------------

    def render(self) -> Rendered:
        """Print the record and return its lines and ground truth."""
        title = self.header()
        self.body()
        identifier = self.trailer()
        agenda = [_agenda_truth(item) for item in self.plan.agenda]
        return Rendered(self.lines, title, self.statements, agenda, self.venue, identifier)

    def header(self) -> str:
        """Print title, date, venue, agenda and attendees; return the title as printed."""
        raise NotImplementedError

    def body(self) -> None:
        """Print the statements."""
        raise NotImplementedError

    def trailer(self) -> str | None:
        """Print what follows the body (以上, 記事ID); return the identifier, if any."""
        rng = self.rng
        if rng.random() < 0.2:
            self.add("以上", gap="blank")
        if self.plan.publisher == "東京都" and rng.random() < 0.4:
            d = self.plan.date
            identifier = f"110-001-{d:%Y%m%d}-{rng.randrange(1000, 9999):06d}"
            self.add(f"記事ID{self.style.colon}{identifier}")
            return identifier
        return None

    def add(self, text: str, kind: str = "p", marker: str = "", gap: str = "auto") -> Line:
        """Append a line."""
        line = Line(text, kind, marker, gap)
        self.lines.append(line)
        return line

    def art(self, text: str) -> str:
        """The text as this layout prints it (with PDF spacing where the layout has it)."""
        return pdf_spacing(text, self.rng) if self.pdf_artefacts else text

    # -- statements ---------------------------------------------------------------------------

    def record(self, utterance: Utterance, text: str, speaker: dict[str, Any] | None) -> None:
        """Record a statement's ground truth (``text`` as printed, markers and breaks removed)."""
        if utterance.index != len(self.statements):
            raise AssertionError(f"statement {utterance.index} printed as {len(self.statements)}")
        truth: dict[str, Any] = {
            "index": utterance.index,
            "section": self.section,
            "subsection": self.subsection,
            "agenda_index": self.agenda_index,
            "text": text,
            "act": utterance.act,
            "replies_to": utterance.replies_to,
            "speaker_label": None,
            "organization": None,
            "units": [],
            "post": None,
            "person": None,
        }
        if speaker:
            truth.update(speaker)
        self.statements.append(truth)

    def speaker(
        self,
        participant: Participant,
        label: str,
        title: str | None = None,
        name: str | None = None,
        units: bool = True,
    ) -> dict[str, Any]:
        """The truth about a speaker label as printed.

        Args:
            participant: who speaks.
            label: the label as printed, without marker.
            title: the post the label prints (None for a bare body or a seat number).
            name: ``full`` or ``surname`` when the label prints the holder's name.
            units: whether the label prints the post's units.
        """
        holder = participant.holder
        if name == "full" and holder:
            person: str | None = holder.full
        elif name == "surname" and holder:
            person = self.named.find(participant, title, holder.surname) or holder.surname
        else:
            person = self.named.find(participant, title, None)
        return {
            "speaker_label": label,
            "organization": participant.org,
            "units": list(participant.units) if units and title == participant.title else [],
            "post": title,
            "person": person,
        }

    # -- header pieces ------------------------------------------------------------------------

    def ordinal(self) -> str:
        """第N回 in the record's numerals."""
        return f"第{number(self.plan.number, self.style.numerals)}回"

    def date_line(self, weekday: str = "short") -> str:
        """The date and time range (令和5年2月14日(火)13:00~14:45)."""
        plan, style = self.plan, self.style
        numerals = "kanji" if style.numerals == "kanji" else "arabic"
        if style.numerals == "fullwidth":
            numerals = "fullwidth"
        date = wareki(plan.date, numerals, gannen=self.rng.random() < 0.8, weekday=weekday)
        allowed = "".join(c for c in "~～〜－" if style.can(c))
        return (
            date
            + self.rng.choice(("", " ", "　"))
            + time_range(plan.start, plan.end, self.rng, allowed)
        )

    def field(self, label: str, value: str, numbered: int | None = None) -> None:
        """A header field (日時:…, 場所:…)."""
        rng, style = self.rng, self.style
        printed = rng.choice((label, label, " ".join(label) if len(label) == 2 else label))
        if numbered is not None:
            marker = f"{numbered}{rng.choice(('　', ' ', '. '))}{printed}{rng.choice(('　', ' '))}"
        else:
            marker = printed + rng.choice((style.colon, style.colon, "　"))
        self.add(value, "field", marker)

    def presenter_text(self, p: Participant) -> str:
        """How an agenda or attendee list prints a presenter (org, post, name); learns the
        name it prints."""
        rng = self.rng
        self.named.add(p, alt=False)
        if p.kind == "secretariat" and p.title:
            return p.title
        if p.holder is None:
            return p.body_label
        sep = rng.choice((" ", " ", "　", ""))
        name = f"{p.holder.surname}{sep}{p.holder.given}"
        if p.kind == "national" or p.kind == "other":
            units = "".join(p.units)
            text = f"{p.org} {units}{p.title} {name}"
            return text + (" 氏" if rng.random() < 0.6 else "")
        if p.alt_title and rng.random() < 0.7:
            self.named.add(p, alt=True)
            return f"{p.body_label} {p.alt_title} {name}"
        if p.kind == "municipality":
            return f"{p.org} {p.title} {name}"
        return f"{p.body_label} {name}"

    def agenda(self, form: str, heading: str = "議事") -> None:
        """Print the agenda: ``numbered`` items with presenters inline, or ``bullets`` with
        presenter lines under each item."""
        rng, style = self.rng, self.style
        left, right = style.paren
        self.add(heading, "h2", gap="blank")
        numbering = rng.choice(("{k}. ", "  {k}. ", "({k})", "（{k}）", "{k} ", "{k}．"))
        for k, item in enumerate(self.plan.agenda, 1):
            closed = f"{left}非公開{right}" if item.closed else ""
            if form == "numbered":
                names = "、".join(self.presenter_text(p) for p in item.presenters)
                who = f"{left}{self.art(names)}{right}" if names else ""
                marker = numbering.format(k=k)
                self.add(self.art(item.title) + who + closed, "oli", marker)
            else:
                self.add(self.art(item.title) + closed, "li", "・")
                for p in item.presenters:
                    self.add(f"{left}{self.art(self.presenter_text(p))}{right}")

    def attendees(self, heading: str = "出席者") -> None:
        """Print the attendee list (if the plan has one) and learn the names it gives."""
        plan, style = self.plan, self.style
        if not plan.attendees:
            return
        self.add(heading, "h2", gap="blank")
        if plan.family == "summary":
            self.add(f"区市町村CIO等{style.paren[0]}{len(plan.attendees) + 55}団体{style.paren[1]}")
        for p in plan.attendees:
            if plan.family == "summary":
                self.add(self.art(self.presenter_text(p)))
            elif p.holder is not None:
                self.named.add(p)
                note = f"{style.paren[0]}{p.note}{style.paren[1]}" if p.note else ""
                self.add(f"{p.title}　{p.holder.surname} {p.holder.given}{note}")
            else:
                self.add(p.title or p.org)

    def title_line(self) -> str:
        """Print the title in one of the usual forms; return it as one line."""
        rng, plan = self.rng, self.plan
        left, right = self.style.paren
        series, doc, ordinal = self.art(plan.series_name), plan.doc, self.ordinal()
        form = rng.randrange(4)
        if form == 0:
            title = f"{ordinal}{series} {doc}"
        elif form == 1:
            title = f"{series}{left}{ordinal}{right}{doc}"
        elif form == 2:
            title = f"{series}{ordinal}会合 {doc}"
        else:
            self.add(f"{ordinal}{series}", "h1")
            self.add(doc, "h1", gap="blank")
            return f"{ordinal}{series} {doc}"
        self.add(title, "h1")
        return title


def _agenda_truth(item: Item) -> dict[str, Any]:
    return {
        "title": item.title,
        "closed": item.closed,
        "presenters": [
            {
                "organization": p.org,
                "units": list(p.units),
                "post": p.title,
                "person": p.holder.full if p.holder else None,
            }
            for p in item.presenters
        ],
    }


def kanji_clock_line(minutes: int, suffix: str) -> str:
    """An assembly record's time line (午後二時開議, 午後四時四十分散会)."""
    h, m = divmod(minutes, 60)
    half = "午前" if h < 12 else "午後"
    h12 = h if h < 12 else h - 12  # noon is 午後零時
    clock = f"{half}{kanji_number(h12) if h12 else '零'}時" + (f"{kanji_number(m)}分" if m else "")
    return clock + suffix
