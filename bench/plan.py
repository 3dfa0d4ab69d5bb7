"""The plan of one record: session, agenda, attendees and who says what, before any layout.

A plan is what a meeting was; a layout (``bench.layouts``) decides how a record prints it.
Everything is drawn from the record's own ``random.Random``; facts that several records
share (a session's date, a post's holder in a fiscal year) are drawn from a generator seeded
by those facts, so two records of one session agree on its header.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from bench import speech
from bench.jtext import clock, fiscal_year, fiscal_year_name, fullwidth
from bench.speech import PLAIN, POLITE, Voice
from bench.vocab import (
    ASSEMBLY_EXECUTIVES,
    ASSEMBLY_ROOMS,
    GIVEN_NAMES,
    LECTURES,
    MEMBER_ORIGINS,
    MUNICIPAL_ROOMS,
    MUNICIPAL_TITLES,
    NATIONAL,
    OTHERS,
    PUBLISHER,
    SERIES,
    SURNAME_VARIANTS,
    SURNAMES,
    TOKYO_CIO,
    TOKYO_STAFF,
    TOPICS,
    UNIVERSITIES,
    VENUES,
    Municipality,
    Post,
    Series,
    Topic,
)

LAST_DATE = dt.date(2025, 12, 20)

# Which meeting families each layout prints.
LAYOUT_FAMILIES = {
    "heading-bullets": ("summary",),
    "heading-circle-pdf": ("summary",),
    "paren-speaker": ("summary",),
    "colon-transcript": ("transcript",),
    "circle-name-transcript": ("assembly", "plenary"),
    "role-speakers": ("council",),
    "anonymous-qa": ("summary",),
    "anonymous-opinions": ("summary",),
}
LAYOUTS = tuple(LAYOUT_FAMILIES)


@dataclass(frozen=True)
class Holder:
    """The person holding a post."""

    surname: str
    given: str

    @property
    def full(self) -> str:
        """The full name without a space."""
        return self.surname + self.given


@dataclass(frozen=True)
class Participant:
    """Someone who presents or speaks: a body, a post in it and, when known, its holder.

    Attributes:
        org: the body (plain name): a municipality, 東京都, a ministry, GovTech東京.
        title: the post (CIO, 戦略部長, 座長, 委員, 事務局, 議長), or None for the body itself.
        units: the units above the post, outermost first.
        holder: the person, when the plan knows one.
        kind: municipality, tokyo, national, other, secretariat, chair, member, executive,
            councillor.
        alt_title: a second post the holder is known by (副知事 for the Tokyo CIO).
        note: what an attendee list prints after the name (武蔵野台大学教授).
        seat: a councillor's seat number.
    """

    org: str
    title: str | None = None
    units: tuple[str, ...] = ()
    holder: Holder | None = None
    kind: str = "municipality"
    alt_title: str | None = None
    note: str | None = None
    seat: int | None = None

    @property
    def body_label(self) -> str:
        """Body, units and post as one label (東京都デジタルサービス局戦略部長)."""
        return self.org + "".join(self.units) + (self.title or "")


@dataclass
class Utterance:
    """One statement to be: its act, sentences and the statement it answers."""

    index: int
    act: str
    sentences: list[str]
    replies_to: int | None = None


@dataclass
class Turn:
    """A speaker's consecutive statements (one per bullet, or one per verbatim turn)."""

    speaker: Participant | None
    utterances: list[Utterance]
    subheading: str | None = None
    direction: str | None = None  # a stage direction printed after the turn


@dataclass
class Section:
    """The part of the record's body under one heading (an agenda item)."""

    title: str | None
    agenda_index: int | None
    turns: list[Turn] = field(default_factory=list)
    note: str | None = None  # 質疑なし and the like, printed instead of turns


@dataclass
class Item:
    """An agenda item and the people who present it."""

    title: str
    presenters: list[Participant] = field(default_factory=list)
    closed: bool = False


@dataclass
class Plan:
    """Everything a record reports, before layout."""

    layout: str
    family: str
    series: Series
    series_name: str
    publisher: str
    municipality: Municipality | None
    doc: str
    number: int
    date: dt.date
    start: int
    end: int
    venue: str
    online: bool
    agenda: list[Item] = field(default_factory=list)
    attendees: list[Participant] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    identifier: str | None = None

    @property
    def fiscal_year(self) -> str:
        """The record's fiscal year as printed (令和5年度)."""
        return fiscal_year_name(fiscal_year(self.date))

    def statements(self) -> list[Utterance]:
        """All utterances in order."""
        return [u for s in self.sections for t in s.turns for u in t.utterances]


class Planner:
    """Draws record plans; one per corpus, shared by all records.

    Args:
        seed: the corpus seed (facts shared across records derive from it).
        municipalities: the municipalities speakers come from.
    """

    def __init__(self, seed: int, municipalities: Sequence[Municipality]) -> None:
        self.seed = seed
        self.municipalities = tuple(municipalities)
        self.by_name = {m.name: m for m in self.municipalities}

    def plan(self, rng: random.Random, layout: str, can_print: Callable[[str], bool]) -> Plan:
        """Draw the plan of one record printed in ``layout``.

        Args:
            rng: the record's random source.
            layout: one of :data:`LAYOUTS`.
            can_print: tells whether the file's encoding holds a string (for variant kanji).
        """
        family = rng.choice(LAYOUT_FAMILIES[layout])
        plan = self._session(rng, layout, family)
        builder = _Builder(self, rng, plan, can_print)
        if family == "summary":
            builder.summary()
        elif family == "transcript":
            builder.transcript()
        elif family == "council":
            builder.council()
        else:
            builder.assembly()
        return plan

    def holder(self, key: str, year: int, can_print: Callable[[str], bool]) -> Holder:
        """Return who holds the post ``key`` in fiscal ``year`` (the same in every record)."""
        r = random.Random(f"{self.seed}/holder/{key}/{year}")
        return _name(r, can_print)

    def _session(self, rng: random.Random, layout: str, family: str) -> Plan:
        series = rng.choice([s for s in SERIES if s.family == family])
        municipality = rng.choice(self.municipalities) if series.municipal else None
        name = series.name.format(m=municipality.name) if municipality else series.name
        first = dt.date(series.first_year, 4, 1)
        months = (LAST_DATE.year - first.year) * 12 + LAST_DATE.month - first.month
        if family == "plenary":
            year = rng.randrange(series.first_year, LAST_DATE.year + 1)
            number = rng.randint(1, 4)
            month, key = (2, 6, 9, 11)[number - 1], f"{year}/{number}"
        else:
            number = rng.randint(1, max(1, months // series.months_between))
            month_index = first.month - 1 + (number - 1) * series.months_between
            year, month, key = first.year + month_index // 12, month_index % 12 + 1, str(number)
        srng = random.Random(f"{self.seed}/session/{name}/{key}")
        date = dt.date(year, month, srng.randint(1, 28))
        while date.weekday() >= 5:
            date += dt.timedelta(days=1)
        start = srng.choice((570, 600, 780, 810, 840, 900, 960))
        if family in ("assembly", "plenary"):
            start = srng.choice((600, 780, 840))
            end = start + srng.randrange(45, 240, 5)
        else:
            end = start + srng.choice((60, 75, 90, 105, 120, 150))
        if family in ("assembly", "plenary"):
            venue, online = srng.choice(ASSEMBLY_ROOMS), False
            if family == "plenary":
                venue = "本会議場"
        elif municipality:
            venue = municipality.office + srng.choice(MUNICIPAL_ROOMS)
            online = False
            if srng.random() < 0.3:
                venue, online = venue + "（オンライン併用）", True
        else:
            venue, online = srng.choice(VENUES)
        doc = rng.choice(series.docs)
        return Plan(
            layout=layout,
            family=family,
            series=series,
            series_name=name,
            publisher=municipality.name if municipality else PUBLISHER,
            municipality=municipality,
            doc=doc,
            number=number,
            date=date,
            start=start,
            end=end,
            venue=venue,
            online=online,
        )


def _name(r: random.Random, can_print: Callable[[str], bool]) -> Holder:
    surname = r.choice(SURNAMES)
    given = r.choice(GIVEN_NAMES)
    variants = SURNAME_VARIANTS.get(surname)
    if variants and r.random() < 0.35:
        variant = r.choice(variants)
        if can_print(variant):
            surname = variant
    return Holder(surname, given)


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


class _Builder:
    """Fills one plan's agenda and sections."""

    def __init__(
        self, planner: Planner, rng: random.Random, plan: Plan, can_print: Callable[[str], bool]
    ) -> None:
        self.planner = planner
        self.rng = rng
        self.plan = plan
        self.can_print = can_print
        self.year = fiscal_year(plan.date)
        self.next_index = 0
        self.said: set[str] = set()

    # -- people ---------------------------------------------------------------------------

    def holder(self, key: str) -> Holder:
        return self.planner.holder(key, self.year, self.can_print)

    def post(self, post: Post, kind: str) -> Participant:
        return Participant(post.org, post.title, post.units, self.holder(post.label), kind)

    def cio(self) -> Participant:
        holder = self.holder(TOKYO_CIO.label)
        return Participant(PUBLISHER, "CIO", (), holder, "tokyo", alt_title="副知事")

    def municipality_speaker(self, exclude: Sequence[str] = ()) -> Participant:
        """A municipality that speaks; in parenthesized layouts sometimes a named official."""
        rng = self.rng
        municipality = rng.choice([m for m in self.planner.municipalities if m.name not in exclude])
        if self.plan.layout == "paren-speaker" and rng.random() < 0.35:
            title = rng.choice(("CIO", municipality.deputy, "情報政策課長"))
            holder = self.holder(municipality.name + title)
            return Participant(municipality.name, title, (), holder, "municipality")
        return Participant(municipality.name)

    def committee(self, count: int, key: str) -> list[Holder]:
        """Distinct-surname holders for a committee's seats (the same all fiscal year)."""
        r = random.Random(f"{self.planner.seed}/committee/{key}/{self.year}")
        out: list[Holder] = []
        while len(out) < count:
            holder = _name(r, self.can_print)
            if all(h.surname != holder.surname for h in out):
                out.append(holder)
        return out

    # -- statements -------------------------------------------------------------------------

    def utter(
        self, act: str, topic: Topic, voice: Voice, replies_to: int | None = None
    ) -> Utterance:
        for _ in range(8):  # a record never says the same thing twice
            sentences = speech.say(self.rng, act, topic, voice, self.plan.fiscal_year)
            if "".join(sentences) not in self.said:
                break
        self.said.add("".join(sentences))
        utterance = Utterance(self.next_index, act, sentences, replies_to)
        self.next_index += 1
        return utterance

    def fixed(self, text: str) -> Utterance:
        """A procedural remark (a chair's or secretariat's words)."""
        utterance = Utterance(self.next_index, "remark", [text])
        self.next_index += 1
        return utterance

    def fill(self, template: str, topic: Topic, **extra: object) -> str:
        rng = self.rng
        return template.format(
            subj=rng.choice(topic.subjects),
            aspect=rng.choice(topic.aspects),
            action=rng.choice(topic.actions),
            fy=self.plan.fiscal_year,
            title=self.title_for_speech(),
            **extra,
        )

    def title_for_speech(self) -> str:
        return f"第{self.plan.number}回{self.plan.series_name}"

    def voice(self, speaker: Participant | None, register: str, addressee: str = "都") -> Voice:
        if speaker is None or speaker.kind == "municipality":
            municipality = self.planner.by_name.get(speaker.org) if speaker else None
            names = municipality.self_names if municipality else ("本市", "本区")
            self_name = self.rng.choice(names)
        elif speaker.kind in ("member", "councillor"):
            self_name = self.rng.choice(("現場", "地域", "私の周り"))
        elif speaker.org == PUBLISHER:
            self_name = "都"
        elif speaker.kind == "national":
            self_name = "国"
        else:
            self_name = speaker.org
        local = speaker is not None and speaker.org != PUBLISHER
        local = local and speaker is not None and speaker.kind not in ("national", "other")
        voice = Voice(register, self_name, addressee, local)
        municipality = self.plan.municipality
        if self.plan.family in ("assembly", "plenary") and municipality is not None:
            suffix = {"特別区": "区"}.get(municipality.kind, municipality.kind)
            voice = replace(voice, community=f"本{suffix}", stakeholders=f"{suffix}民")
        return voice

    def exchange(
        self,
        asker: Participant | None,
        responders: Sequence[Participant | None],
        topic: Topic,
        register: str,
        addressee: str,
        bullets: tuple[int, int],
        weights: dict[str, float] | None = None,
        extra_answer: float = 0.0,
    ) -> list[Turn]:
        """An asker's turn and, for its questions and requests, the responses to each."""
        rng = self.rng
        weights = weights or {"question": 0.45, "request": 0.3, "remark": 0.25}
        voice = self.voice(asker, register, addressee)
        count = rng.randint(*bullets)
        ask = Turn(asker, [self.utter(_pick(rng, weights), topic, voice) for _ in range(count)])
        turns = [ask]
        asked = [u for u in ask.utterances if u.act in ("question", "request")]
        if not asked or not responders:
            return turns
        responder = rng.choice(responders)
        rvoice = self.voice(responder, register)
        turns.append(
            Turn(responder, [self.utter("response", topic, rvoice, u.index) for u in asked])
        )
        others = [r for r in responders if r != responder]
        if rng.random() < extra_answer:
            turns.append(Turn(responder, [self.utter("response", topic, rvoice, asked[-1].index)]))
        elif others and len(asked) == 1 and rng.random() < 0.25:
            second = rng.choice(others)
            svoice = self.voice(second, register)
            turns.append(Turn(second, [self.utter("response", topic, svoice, asked[-1].index)]))
        elif asker is not None and rng.random() < 0.12:
            follow = self.utter(rng.choice(("request", "remark")), topic, voice)
            turns.append(Turn(asker, [follow]))
            if follow.act == "request":
                turns.append(Turn(responder, [self.utter("response", topic, rvoice, follow.index)]))
        return turns

    # -- summaries (議事要旨, 議事概要) --------------------------------------------------------

    def summary(self) -> None:
        rng, plan = self.rng, self.plan
        cio = self.cio()
        staff = [self.post(p, "tokyo") for p in rng.sample(TOKYO_STAFF, rng.randint(3, 5))]
        secretariat = Participant(PUBLISHER, "事務局", kind="secretariat")
        anonymous = plan.layout.startswith("anonymous")
        bullets = (1, 3) if plan.layout != "paren-speaker" or rng.random() < 0.5 else (1, 1)
        exchanges = (2, 6) if anonymous or bullets == (1, 1) else (1, 4)
        if plan.layout == "anonymous-opinions":
            self.opinions()
            return
        kinds = ["lecture", "national", "tokyo", "exchange", "budget", "activity", "joint", "case"]
        chosen = rng.sample(kinds, rng.randint(2, 4))
        greeting = 0.0 if anonymous else 0.8 if plan.layout == "paren-speaker" else 0.3
        if rng.random() < greeting:
            chosen.insert(0, "greeting")
        for kind in chosen:
            topic = rng.choice(TOPICS)
            item, responders, addressee = self.summary_item(kind, topic, cio, staff, secretariat)
            plan.agenda.append(item)
            if rng.random() < 0.12 and kind != "greeting":
                item.closed = True
                continue
            section = Section(_section_title(rng, item.title), len(plan.agenda) - 1)
            plan.sections.append(section)
            if kind == "greeting":
                text = self.fill(rng.choice(speech.GREETING), topic)
                section.turns.append(Turn(cio, [self.fixed(text)]))
                continue
            if rng.random() < 0.08:
                section.note = "質疑なし"
                continue
            presenters = {p.org for p in item.presenters}
            last: set[str] = set()
            for n in range(rng.randint(*exchanges)):
                exchange_topic = topic if rng.random() < 0.5 else rng.choice(TOPICS)
                asker = None if anonymous else self.municipality_speaker(sorted(presenters | last))
                turns = self.exchange(
                    asker,
                    [None] if anonymous else responders,
                    exchange_topic,
                    PLAIN,
                    addressee,
                    (1, 1) if anonymous else bullets,
                    extra_answer=0.25 if anonymous else 0.0,
                )
                last = {asker.org} if asker else set()
                if n and rng.random() < 0.25 and plan.layout == "heading-circle-pdf":
                    turns[0].subheading = f"{rng.choice(exchange_topic.subjects)}について"
                section.turns.extend(turns)
        if rng.random() < 0.35:
            plan.agenda.append(Item("その他"))
        if rng.random() < 0.5:
            plan.attendees = [cio, *rng.sample(staff, rng.randint(1, len(staff)))]

    def summary_item(
        self,
        kind: str,
        topic: Topic,
        cio: Participant,
        staff: list[Participant],
        secretariat: Participant,
    ) -> tuple[Item, list[Participant | None], str]:
        """An agenda item of a summary record, who answers in it, and whom askers address."""
        rng = self.rng
        if kind == "greeting":
            return Item(rng.choice(("開会挨拶", "挨拶", "開会")), [cio]), [], "都"
        if kind == "lecture":
            post = rng.choice(NATIONAL + OTHERS)
            presenter = self.post(post, "national" if post in NATIONAL else "other")
            title = rng.choice(LECTURES).format(t=rng.choice(topic.subjects))
            return Item(f"講演「{title}」", [presenter]), [presenter], "国"
        if kind == "national":
            first = rng.choice(NATIONAL)
            same = [p for p in NATIONAL if p.org == first.org and p != first]
            posts = [first, *rng.sample(same, min(len(same), rng.randint(0, 1)))]
            presenters = [self.post(p, "national") for p in posts]
            title = rng.choice(("国からの情報共有", "情報共有会", "国からの情報提供"))
            if presenters[0].org == "デジタル庁" and rng.random() < 0.4:
                title = "デジタル庁からの情報提供"
            bare = [Participant(p.org, kind="national") for p in presenters]
            responders: list[Participant | None] = [*presenters, *bare[:1]]
            return Item(title, presenters), responders, "国"
        if kind == "tokyo":
            presenters = rng.sample(staff, rng.randint(1, min(4, len(staff))))
            title = rng.choice(("都からの事業報告", "都の取組状況について", "都からの報告"))
            return Item(title, presenters), list(presenters), "都"
        if kind == "exchange":
            title = rng.choice(
                (f"{topic.name}に関する意見交換", "意見交換", "フリーディスカッション")
            )
            return Item(title), [cio, *staff[:2]], "都"
        if kind == "budget":
            title = rng.choice(("区市町村支援に関する次年度予算案", "次年度予算について"))
            return Item(title, [secretariat]), [staff[0], secretariat], "都"
        if kind == "activity":
            title = rng.choice(("ワーキンググループの活動報告", "検討部会からの報告"))
            return Item(title, [secretariat]), [secretariat, cio], "都"
        if kind == "joint":
            presenters = [staff[-1]]
            return Item("共同調達の検討状況について", presenters), [staff[-1], cio], "都"
        municipality = rng.choice(self.planner.municipalities)
        title = rng.choice(MUNICIPAL_TITLES)
        holder = self.holder(municipality.name + title)
        presenter = Participant(municipality.name, title, (), holder, "municipality")
        item = Item(f"区市町村の取組事例紹介（{topic.name}）", [presenter])
        return item, [Participant(municipality.name)], "都"

    def opinions(self) -> None:
        """Anonymous opinions under 意見交換概要, optionally after a short report section."""
        rng, plan = self.rng, self.plan
        staff = self.post(rng.choice(TOKYO_STAFF), "tokyo")
        plan.agenda.append(Item(rng.choice(("都からの報告", "事務局からの報告")), [staff]))
        plan.agenda.append(Item("意見交換"))
        weights = {"remark": 0.55, "request": 0.3, "question": 0.15}
        section = Section("意見交換概要", 1)
        plan.sections.append(section)
        for _ in range(rng.randint(8, 24)):
            topic = rng.choice(TOPICS)
            act = _pick(rng, weights)
            section.turns.append(Turn(None, [self.utter(act, topic, self.voice(None, PLAIN))]))

    # -- verbatim transcripts (議事録) ---------------------------------------------------------

    def transcript(self) -> None:
        rng, plan = self.rng, self.plan
        chair_title = "委員長" if plan.municipality else "座長"
        holders = self.committee(rng.randint(5, 8), plan.series_name)
        chair = Participant(plan.publisher, chair_title, (), holders[0], "chair", note=_origin(rng))
        members = [
            Participant(plan.publisher, "委員", (), h, "member", note=_origin(rng))
            for h in holders[1:]
        ]
        secretariat = Participant(plan.publisher, "事務局", kind="secretariat")
        topics = rng.sample(TOPICS, rng.randint(1, 2))
        for topic in topics:
            plan.agenda.append(Item(f"{rng.choice(topic.subjects)}について", [secretariat]))
        section = Section(None, None)
        plan.sections.append(section)
        section.turns.append(
            Turn(chair, [self.fixed(self.fill(rng.choice(speech.OPENING), topics[0]))])
        )
        for k, topic in enumerate(topics, 1):
            item = plan.agenda[k - 1].title
            call = self.fill(rng.choice(speech.AGENDA_CALL), topic, k=k, item=item)
            section.turns.append(Turn(chair, [self.fixed(call)]))
            explain = self.fill(rng.choice(speech.EXPLANATION), topic, k=k)
            section.turns.append(Turn(secretariat, [self.fixed(explain)]))
            section.turns.append(Turn(chair, [self.fixed(rng.choice(speech.FLOOR))]))
            for _ in range(rng.randint(2, 4)):
                asker = _next_speaker(rng, members, section)
                turns = self.exchange(
                    asker, [secretariat, secretariat, chair], topic, POLITE, "事務局", (1, 1)
                )
                section.turns.extend(turns)
                if turns[-1].speaker != chair and rng.random() < 0.4:
                    section.turns.append(Turn(chair, [self.fixed(rng.choice(speech.THANKS))]))
        closing = rng.choice(speech.CLOSING)
        section.turns.append(Turn(chair, [self.fixed(closing)]))
        if rng.random() < 0.75:
            plan.attendees = [chair, *members, secretariat]

    # -- councils with role speakers ((委員), 【会長】) ----------------------------------------

    def council(self) -> None:
        rng, plan = self.rng, self.plan
        holders = self.committee(rng.randint(6, 9), plan.series_name)
        chair = Participant(plan.publisher, "会長", (), holders[0], "chair", note=_origin(rng))
        vice = Participant(plan.publisher, "副会長", (), holders[1], "chair", note=_origin(rng))
        members = [
            Participant(plan.publisher, "委員", (), h, "member", note=_origin(rng))
            for h in holders[2:]
        ]
        secretariat = Participant(plan.publisher, "事務局", kind="secretariat")
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        plan.agenda.append(Item("開会"))
        for topic in topics:
            plan.agenda.append(Item(f"{rng.choice(topic.subjects)}について", [secretariat]))
        plan.agenda.append(Item("閉会"))
        opening = Section(_council_heading(rng, 1, "開会"), 0)
        opening.turns.append(
            Turn(chair, [self.fixed(self.fill(rng.choice(speech.OPENING), topics[0]))])
        )
        plan.sections.append(opening)
        for k, topic in enumerate(topics, 1):
            section = Section(_council_heading(rng, k + 1, plan.agenda[k].title), k)
            plan.sections.append(section)
            explain = self.fill(rng.choice(speech.EXPLANATION), topic, k=k)
            section.turns.append(Turn(secretariat, [self.fixed(explain)]))
            for _ in range(rng.randint(2, 5)):
                asker = _next_speaker(rng, [*members, vice], section)
                responders: list[Participant | None] = [secretariat, secretariat, chair]
                section.turns.extend(
                    self.exchange(asker, responders, topic, PLAIN, "事務局", (1, 1))
                )
        closing = Section(_council_heading(rng, len(topics) + 2, "閉会"), len(plan.agenda) - 1)
        closing.turns.append(Turn(chair, [self.fixed(rng.choice(speech.CLOSING))]))
        plan.sections.append(closing)
        if rng.random() < 0.7:
            plan.attendees = [chair, vice, *members]

    # -- assembly records (会議録) -------------------------------------------------------------

    def assembly(self) -> None:
        rng, plan = self.rng, self.plan
        municipality = plan.municipality
        assert municipality is not None
        plenary = plan.family == "plenary"
        org = municipality.name
        holders = self.committee(rng.randint(6, 9), plan.series_name)
        if plenary:
            chair = Participant(org, "議長", (), holders[0], "chair")
            seats = sorted(rng.sample(range(1, 37), len(holders) - 1))
            members = [
                Participant(org, None, (), h, "councillor", seat=s)
                for h, s in zip(holders[1:], seats, strict=True)
            ]
            executives = [
                Participant(org, municipality.head, (), self.holder(org + "長"), "executive")
            ]
        else:
            chair = Participant(org, "委員長", (), holders[0], "chair")
            members = [
                Participant(org, "副委員長", (), holders[1], "councillor"),
                *(Participant(org, "委員", (), h, "councillor") for h in holders[2:]),
            ]
            executives = []
        for title in rng.sample(ASSEMBLY_EXECUTIVES, rng.randint(2, 3)):
            executives.append(Participant(org, title, (), self.holder(org + title), "executive"))
        topics = rng.sample(TOPICS, rng.randint(1, 2))
        for topic in topics:
            plan.agenda.append(Item(f"{rng.choice(topic.subjects)}について", executives[-1:]))
        section = Section(None, None)
        plan.sections.append(section)
        title = self.title_for_speech()
        section.turns.append(
            Turn(chair, [self.fixed(rng.choice(speech.ASSEMBLY_OPEN).format(title=title))])
        )
        recessed = False
        for k, topic in enumerate(topics, 1):
            item = plan.agenda[k - 1].title
            text = rng.choice(speech.ASSEMBLY_ITEM).format(item=item)
            section.turns.append(Turn(chair, [self.fixed(text)]))
            reporter = executives[-1]
            explain = self.fill(rng.choice(speech.EXPLANATION), topic, k=k)
            section.turns.append(Turn(reporter, [self.fixed(explain)]))
            for _ in range(rng.randint(2, 4)):
                asker = _next_speaker(rng, members, section)
                if rng.random() < 0.5:
                    section.turns.append(Turn(chair, [self.fixed(_call(rng, asker))]))
                turns = self.exchange(
                    asker,
                    executives,
                    topic,
                    POLITE,
                    {"特別区": "区"}.get(municipality.kind, municipality.kind),
                    (1, 1),
                    {"question": 0.6, "request": 0.25, "remark": 0.15},
                )
                if len(turns) > 1 and rng.random() < 0.5:
                    responder = turns[1].speaker
                    recognise = responder.title if responder and responder.title else "理事者"
                    if plenary and responder and responder.holder:
                        recognise += f"{responder.holder.full}君"
                    turns.insert(1, Turn(chair, [self.fixed(f"{recognise}。")]))
                    _renumber(turns)  # the recognition was drawn after the answer
                section.turns.extend(turns)
            if not recessed and rng.random() < 0.3:
                recessed = True
                pause = plan.start + (plan.end - plan.start) // 10 * 5
                recess, resume = clock(pause, "gogo-kanji"), clock(pause + 15, "gogo-kanji")
                section.turns[-1].direction = f"（{recess}休憩）\n（{resume}再開）"
                section.turns.append(Turn(chair, [self.fixed("休憩前に引き続き会議を開きます。")]))
        if rng.random() < 0.4:
            question = "本件は、これをもって報告を終了することにご異議ありませんか。"
            ask = Turn(chair, [Utterance(self.next_index, "question", [question])])
            self.next_index += 1
            ask.direction = "〔「異議なし」と呼ぶ者あり〕"
            section.turns.append(ask)
            section.turns.append(
                Turn(chair, [self.fixed("ご異議なしと認め、そのように決定いたしました。")])
            )
        section.turns.append(Turn(chair, [self.fixed(rng.choice(speech.ASSEMBLY_CLOSE))]))
        plan.attendees = [chair, *members, *executives]


def _next_speaker(
    rng: random.Random, candidates: Sequence[Participant], section: Section
) -> Participant:
    """A speaker other than the one who spoke last (so a turn never follows its own)."""
    last = section.turns[-1].speaker if section.turns else None
    return rng.choice([c for c in candidates if c != last] or list(candidates))


def _renumber(turns: list[Turn]) -> None:
    """Give utterances consecutive indices in print order, mending replies_to."""
    utterances = [u for t in turns for u in t.utterances]
    first = min(u.index for u in utterances)
    mapping = {}
    for offset, u in enumerate(utterances):
        mapping[u.index] = first + offset
    for u in utterances:
        u.index = mapping[u.index]
        if u.replies_to is not None:
            u.replies_to = mapping.get(u.replies_to, u.replies_to)


def _call(rng: random.Random, asker: Participant) -> str:
    """The chair giving the floor to a councillor."""
    holder = asker.holder
    if asker.seat is not None and holder is not None:
        return f"{fullwidth(str(asker.seat))}番{holder.full}君。"
    name = (holder.surname if holder else "") + (asker.title or "委員")
    return rng.choice(speech.ASSEMBLY_CALL).format(name=name)


def _origin(rng: random.Random) -> str:
    origin = rng.choice(MEMBER_ORIGINS)
    if origin.startswith("大学"):
        return rng.choice(UNIVERSITIES) + origin
    return origin


def _section_title(rng: random.Random, title: str) -> str:
    """A body heading for an agenda item: the item's title, sometimes shortened."""
    if title.startswith("講演「") and rng.random() < 0.5:
        return "講演"
    return title


def _council_heading(rng: random.Random, k: int, title: str) -> str:
    return rng.choice((f"{k} {title}", f"{k}　{title}", f"（{k}）{title}"))
