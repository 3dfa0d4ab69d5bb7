"""The eight layouts of DESIGN section 2: how each prints a record's header and body."""

from __future__ import annotations

import random
from typing import Any

from bench.jtext import fullwidth, kanji_number, number, wareki
from bench.plan import Participant, Plan, Turn, Utterance
from bench.render import Line, Rendered, Renderer, Style, kanji_clock_line


class _Summary(Renderer):
    """Header of a summary (議事要旨): title, 日時, 場所, 議事, sometimes 出席者."""

    agenda_form = "numbered"

    def header(self) -> str:
        rng, plan = self.rng, self.plan
        title = self.title_line()
        numbered = rng.random() < 0.2
        self.field("日時", self.date_line(), 1 if numbered else None)
        self.venue = self.art(plan.venue)
        self.field("場所", self.venue, 2 if numbered else None)
        self.agenda(self.agenda_form, rng.choice(("議事", "議事", "次第", "議題")))
        self.attendees()
        return title

    def open_section(self, title: str | None, agenda_index: int | None) -> None:
        self.section, self.agenda_index, self.subsection = title, agenda_index, None

    def statement_lines(
        self,
        utterance: Utterance,
        marker: str,
        kind: str,
        speaker: dict[str, Any] | None,
        continuation: float = 0.06,
        fragment: bool = False,
    ) -> None:
        """Print one bulleted statement, maybe with an unbulleted paragraph after it or a
        page break through it; record what was printed."""
        rng = self.rng
        sentences = [self.art(s) for s in utterance.sentences]
        paragraphs = ["".join(sentences)]
        if len(sentences) > 1 and rng.random() < continuation:
            paragraphs = ["".join(sentences[:-1]), sentences[-1]]
        first = paragraphs[0]
        if fragment and len(first) > 30:
            cut = rng.randrange(12, len(first) - 8)
            while cut < len(first) - 1 and first[cut - 1] == " ":
                cut += 1
            self.add(first[:cut], kind, marker)
            rest = Line(first[cut:], "p", "", "blank", page_break=True)
            self.lines.append(rest)
        else:
            self.add(first, kind, marker)
        for extra in paragraphs[1:]:
            self.add(extra, "p")
        self.record(utterance, "".join(paragraphs), speaker)

    def heading_label(self, p: Participant) -> tuple[str, str | None, str | None]:
        """A speaker heading: (label, post printed, name printed)."""
        if p.kind == "secretariat":
            return p.title or "事務局", p.title, None
        if p.alt_title and p.holder and self.cio_as_vice_governor:
            return f"{p.holder.surname}{p.alt_title}", p.alt_title, "surname"
        if p.kind == "tokyo" and p.units and self.rng.random() < 0.1:
            return "".join(p.units) + (p.title or ""), p.title, None
        return p.body_label, p.title, None

    @property
    def cio_as_vice_governor(self) -> bool:
        if not hasattr(self, "_vice"):
            self._vice = self.rng.random() < 0.35
        return self._vice


class HeadingBullets(_Summary):
    """Speaker on its own line (国立市), then ・ or ``  • `` bullets (HTML-derived text)."""

    def body(self) -> None:
        rng, style = self.rng, self.style
        bullet = rng.choice(("・", "  • ")) if style.can("•") else "・"
        for section in self.plan.sections:
            self.open_section(section.title, section.agenda_index)
            self.add(section.title or "", "h2", gap="blank")
            if section.note:
                self.add(section.note, "li", bullet)
            previous: Participant | None = None
            for turn in section.turns:
                if turn.subheading:
                    self.subsection = turn.subheading
                    self.add(turn.subheading, "h3")
                assert turn.speaker is not None
                label, title, name = self.heading_label(turn.speaker)
                truth = self.speaker(turn.speaker, label, title, name)
                if turn.speaker != previous or turn.subheading:
                    self.add(label, "h3")
                previous = turn.speaker
                for utterance in turn.utterances:
                    self.statement_lines(utterance, bullet, "li", truth)


class HeadingCirclePdf(_Summary):
    """Speaker heading, then ○ paragraphs, as PDF text: page-break fragments, stray spaces."""

    pdf_artefacts = True
    agenda_form = "bullets"

    def body(self) -> None:
        rng = self.rng
        candidates = [u.index for u in self.plan.statements() if len("".join(u.sentences)) > 50]
        breaks = set(rng.sample(candidates, min(len(candidates), rng.randint(1, 2))))
        mark = rng.choice(("○", "○", "〇"))
        for section in self.plan.sections:
            self.open_section(section.title, section.agenda_index)
            self.add(self.art(section.title or ""), "h2", gap="blank")
            if section.note:
                self.add(section.note, "p", mark)
            previous: Participant | None = None
            for turn in section.turns:
                if turn.subheading:
                    self.subsection = self.art(turn.subheading)
                    self.add(self.subsection, "h3", rng.choice(("*", "* ", "*「")))
                assert turn.speaker is not None
                label, title, name = self.heading_label(turn.speaker)
                label = self.art(label)
                truth = self.speaker(turn.speaker, label, title, name)
                if turn.speaker != previous or turn.subheading:
                    self.add(label, "h3")
                previous = turn.speaker
                for utterance in turn.utterances:
                    fragment = utterance.index in breaks
                    self.statement_lines(utterance, mark, "p", truth, 0.08, fragment)


class ParenSpeaker(_Summary):
    """``(東京都CIO 副知事 山田 花子)`` lines, then bullets or plain paragraphs; 【1.挨拶】."""

    def body(self) -> None:
        rng, style = self.rng, self.style
        left, right = style.paren
        single = all(len(t.utterances) == 1 for s in self.plan.sections for t in s.turns)
        plain = single and rng.random() < 0.6
        numbered = rng.random() < 0.7
        dot = rng.choice((".", "．", " "))
        for section in self.plan.sections:
            self.open_section(section.title, section.agenda_index)
            k = (section.agenda_index or 0) + 1
            heading = f"【{k}{dot}{section.title}】" if numbered else f"【{section.title}】"
            self.add(heading, "h2", gap="blank")
            if section.note:
                self.add(section.note, "p", "・")
            for turn in section.turns:
                assert turn.speaker is not None
                label, title, name = self.paren_label(turn.speaker)
                truth = self.speaker(turn.speaker, label, title, name)
                self.add(f"{left}{label}{right}", "p")
                for utterance in turn.utterances:
                    if plain:
                        self.statement_lines(utterance, "", "p", truth, 0.0)
                    else:
                        self.statement_lines(utterance, "・", "li", truth)

    def paren_label(self, p: Participant) -> tuple[str, str | None, str | None]:
        rng = self.rng
        if p.kind == "secretariat" or p.holder is None:
            return p.body_label if p.kind != "secretariat" else "事務局", p.title, None
        name = f"{p.holder.surname}{rng.choice((' ', '', '　'))}{p.holder.given}"
        if p.alt_title:
            return f"{p.body_label} {p.alt_title} {name}", p.title, "full"
        if p.kind in ("national", "other", "municipality"):
            return f"{p.org} {''.join(p.units)}{p.title} {name}", p.title, "full"
        return f"{p.body_label} {name}", p.title, "full"


class AnonymousQA(_Summary):
    """``○ …か。`` questions followed by ``→ …したい。`` answers; no speakers."""

    def body(self) -> None:
        rng = self.rng
        ask = rng.choice(("○ ", "○", "〇 "))
        answer = rng.choice(("→ ", "→", "→　"))
        form = rng.randrange(3)
        for section in self.plan.sections:
            self.open_section(section.title, section.agenda_index)
            k = (section.agenda_index or 0) + 1
            title = section.title or ""
            heading = (f"【{title}】", f"{k} {title}", f"■{title}")[form]
            self.add(heading, "h2", gap="blank")
            if section.note:
                self.add(section.note, "p", ask)
            for turn in section.turns:
                for utterance in turn.utterances:
                    marker = answer if utterance.act == "response" else ask
                    self.statement_lines(utterance, marker, "p", None, 0.0)


class AnonymousOpinions(_Summary):
    """``- …`` bullets under a 意見交換概要 heading; no speakers."""

    def body(self) -> None:
        rng = self.rng
        bullet = rng.choice(("- ", "- ", "-"))
        for section in self.plan.sections:
            self.open_section(section.title, section.agenda_index)
            self.add(rng.choice((section.title or "", f"＜{section.title}＞")), "h2", gap="blank")
            for turn in section.turns:
                for utterance in turn.utterances:
                    self.statement_lines(utterance, bullet, "li", None, 0.04)


class _Verbatim(Renderer):
    """Shared by verbatim records: one turn is one statement, continuation lines join it."""

    def turn_lines(
        self, utterance: Utterance, head: str, speaker: dict[str, Any], indent: str, gap: str
    ) -> None:
        rng = self.rng
        sentences = list(utterance.sentences)
        lines = ["".join(sentences)]
        if len(sentences) > 1 and rng.random() < 0.45:
            cut = rng.randint(1, len(sentences) - 1)
            lines = ["".join(sentences[:cut]), "".join(sentences[cut:])]
        self.add(head + lines[0])
        for more in lines[1:]:
            self.add(indent + more, gap=gap)
        self.record(utterance, "".join(lines), speaker)


class ColonTranscript(_Verbatim):
    """``佐藤座長: 本日は…`` / ``事務局: …`` turns with surname-only speakers."""

    def header(self) -> str:
        rng = self.rng
        title = self.title_line()
        self.field("日時", self.date_line())
        self.field("場所", self.plan.venue)
        self.attendees(rng.choice(("出席者", "出席委員", "出席者（敬称略）")))
        self.agenda("numbered", rng.choice(("議事", "次第")))
        return title

    def body(self) -> None:
        rng = self.rng
        colon = rng.choice((": ", "：", ":", "： "))
        other = "：" if colon.startswith(":") else ": "
        gap = rng.choice(("tight", "tight", "auto"))
        if rng.random() < 0.6:
            self.add(rng.choice(("議事録", "【議事】", "議事の経過")), "h2", gap="blank")
        for section in self.plan.sections:
            for turn in section.turns:
                assert turn.speaker is not None
                label, title, name = self.colon_label(turn.speaker)
                truth = self.speaker(turn.speaker, label, title, name)
                mark = other if rng.random() < 0.08 else colon
                for utterance in turn.utterances:
                    self.turn_lines(utterance, label + mark, truth, "", gap)

    def colon_label(self, p: Participant) -> tuple[str, str | None, str | None]:
        if p.holder is None:
            return p.title or p.org, p.title, None
        return f"{p.holder.surname}{p.title}", p.title, "surname"


class RoleSpeakers(_Verbatim):
    """``(委員)…`` / ``(事務局)…`` paragraphs and ``【会長】`` headings."""

    def header(self) -> str:
        rng = self.rng
        title = self.title_line()
        self.field("日時", self.date_line())
        self.field("場所", self.plan.venue)
        self.attendees(rng.choice(("出席者", "出席委員")))
        self.agenda("numbered", "議事")
        return title

    def body(self) -> None:
        rng, style = self.rng, self.style
        form = rng.choice(("inline", "heading", "mixed", "mixed"))
        left, right = rng.choice((style.paren, ("(", ")"), ("（", "）")))
        for section in self.plan.sections:
            self.section, self.agenda_index = section.title, section.agenda_index
            self.add(section.title or "", "h2", gap="blank")
            for turn in section.turns:
                assert turn.speaker is not None
                p = turn.speaker
                label = p.title or p.org
                truth = self.speaker(p, label, p.title, None)
                chair = p.kind == "chair"
                heading = form == "heading" or (form == "mixed" and chair)
                for utterance in turn.utterances:
                    if heading:
                        self.add(f"【{label}】", "h3")
                        self.turn_lines(utterance, "", truth, "", "auto")
                    else:
                        self.turn_lines(utterance, f"{left}{label}{right}", truth, "", "auto")


class CircleNameTranscript(_Verbatim):
    """Assembly style: ``○鈴木委員長　ただいまより…``, ``○議長（山田太郎君）　…``."""

    def header(self) -> str:
        rng, plan = self.rng, self.plan
        self.style.numerals = "kanji" if rng.random() < 0.8 else self.style.numerals
        numerals = "kanji" if self.style.numerals == "kanji" else "arabic"
        title = self.assembly_title(numerals)
        date = wareki(plan.date, numerals, weekday="long")
        opening = kanji_clock_line(plan.start, rng.choice(("開議", "開会")))
        if plan.family == "plenary":
            opening = kanji_clock_line(plan.start, "開議")
        self.open_line = opening
        if rng.random() < 0.5:
            self.add(f"{date}　{opening}", "field", "日　時　")
            self.open_line = ""
        else:
            self.add(date, "field", rng.choice(("日　時　", "日時：", "開会日時　")))
        self.add(plan.venue, "field", rng.choice(("場　所　", "場所：")))
        self.members_list()
        self.add("本日の会議に付した事件", "h2", gap="blank")
        for k, item in enumerate(plan.agenda, 1):
            self.add(item.title, "oli", f"{kanji_number(k)}　")
        return title

    def assembly_title(self, numerals: str) -> str:
        """Print the title (第三回…会議録, 令和五年第四回…定例会会議録（第二号）)."""
        rng, plan = self.rng, self.plan
        ordinal, series = self.ordinal(), plan.series_name
        if plan.family == "plenary":
            year = wareki(plan.date, numerals).split("年")[0] + "年"
            issue = number(rng.randint(1, 5), numerals)
            title = f"{year}{ordinal}{series}会議録（第{issue}号）"
        elif rng.random() < 0.5:
            title = f"{ordinal}{series}{plan.doc}"
        else:
            title = f"{series}{plan.doc}（{ordinal}）"
        self.add(title, "h1")
        return title

    def members_list(self) -> None:
        plan = self.plan
        councillors = [p for p in plan.attendees if p.kind in ("chair", "councillor")]
        executives = [p for p in plan.attendees if p.kind == "executive"]
        if plan.family == "plenary":
            cells = [
                f"{fullwidth(str(p.seat)):>2}番　{p.holder.surname}　{p.holder.given}君"
                for p in councillors
                if p.holder and p.seat is not None
            ]
            self.add(f"出席議員（{kanji_number(len(cells))}名）", "h2", gap="blank")
            for i in range(0, len(cells), 3):
                self.add("　" + "　　".join(cells[i : i + 3]), gap="tight")
        else:
            self.add(f"出席委員（{kanji_number(len(councillors))}名）", "h2", gap="blank")
            for p in councillors:
                assert p.holder is not None
                self.named.add(p)
                self.add(f"{p.title}　{p.holder.surname}　{p.holder.given}君", gap="tight")
        self.add("説明のため出席した者", "h2", gap="blank")
        for p in executives:
            assert p.holder is not None
            self.named.add(p)
            self.add(f"{p.title}　{p.holder.surname}　{p.holder.given}君", gap="tight")

    def body(self) -> None:
        rng, plan = self.rng, self.plan
        self.add("―" * rng.randint(12, 30), gap="blank")
        if self.open_line:
            self.add(self.open_line)
        gap = rng.choice(("tight", "auto"))
        with_surname = rng.random() < 0.5
        for section in plan.sections:
            for turn in section.turns:
                self.print_turn(turn, gap, with_surname)
        self.add(kanji_clock_line(plan.end, "散会"), gap="blank")

    def print_turn(self, turn: Turn, gap: str, with_surname: bool) -> None:
        p = turn.speaker
        assert p is not None and p.holder is not None
        holder = p.holder
        if self.plan.family == "plenary":
            if p.seat is not None:
                label, title = f"{fullwidth(str(p.seat))}番（{holder.full}君）", None
            else:
                label, title = f"{p.title}（{holder.full}君）", p.title
            truth = self.speaker(p, label, title, "full")
        elif p.kind == "executive" and not with_surname:
            label = p.title or ""
            truth = self.speaker(p, label, p.title, None)
        else:
            label = f"{holder.surname}{p.title}"
            truth = self.speaker(p, label, p.title, "surname")
        for utterance in turn.utterances:
            self.turn_lines(utterance, f"○{label}　", truth, "　", gap)
        if turn.direction:
            for direction in turn.direction.split("\n"):
                self.add(direction)


LAYOUT_CLASSES: dict[str, type[Renderer]] = {
    "heading-bullets": HeadingBullets,
    "heading-circle-pdf": HeadingCirclePdf,
    "paren-speaker": ParenSpeaker,
    "colon-transcript": ColonTranscript,
    "circle-name-transcript": CircleNameTranscript,
    "role-speakers": RoleSpeakers,
    "anonymous-qa": AnonymousQA,
    "anonymous-opinions": AnonymousOpinions,
}


def render(plan: Plan, rng: random.Random, style: Style) -> Rendered:
    """Print ``plan`` in its layout."""
    return LAYOUT_CLASSES[plan.layout](plan, rng, style).render()
