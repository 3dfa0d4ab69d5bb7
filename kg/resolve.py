"""Resolve speaker labels into organization, units, post and person (DESIGN section 4).

A label such as ``東京都デジタルサービス局基盤整備部情報システム企画課長`` splits into the body
(東京都, from the registry, longest match first), units (デジタルサービス局, 基盤整備部) and a
post (情報システム企画課長). The person comes from the label itself (``役職 姓 名``,
``宮坂副知事``, ``議長（高橋一郎君）``) or from the record's presenter and attendee lists, which
name whoever later speaks in the same post. What cannot be resolved stays ``None``.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kg.japanese import match_key, nfkc, squeeze_latin_spaces
from kg.namespaces import org_iri
from kg.record import Actor, Minutes
from kg.registry import Body, Registry
from kg.resources import resource_path

# A note in brackets closing a list entry: （民間事業者）, (欠席).
_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def _read_posts() -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    """Read ``data/registry/posts.csv``: posts, those written after a surname, meeting roles."""
    path = resource_path("data", "registry", "posts.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    posts = tuple(sorted((r["post"] for r in rows), key=len, reverse=True))
    titles = frozenset(r["post"] for r in rows if r["follows_surname"] == "yes")
    roles = frozenset(r["post"] for r in rows if r["meeting_role"] == "yes")
    return posts, titles, roles


# Posts matched at the end of a label (longest first); posts written after a surname
# (宮坂副知事, 佐藤座長); roles in the meeting itself (委員, 座長), which outsiders also hold.
POSTS, PERSONAL_TITLES, MEETING_ROLES = _read_posts()
UNIT_SUFFIXES: tuple[str, ...] = (
    "センター",
    "本部",
    "事務局",
    "局",
    "部",
    "課",
    "室",
    "係",
    "担当",
)
# Endings of organization names that are not in the registry (三浦法律事務所, 株式会社…).
ORG_SUFFIXES: tuple[str, ...] = (
    "事務所",
    "株式会社",
    "有限会社",
    "合同会社",
    "大学",
    "研究所",
    "協会",
    "協議会",
    "法人",
    "財団",
    "機構",
    "会社",
    "銀行",
    "組合",
    "都",
    "道",
    "府",
    "県",
    "市",
    "区",
    "町",
    "村",
    "省",
    "庁",
)
HONORIFICS: tuple[str, ...] = ("氏", "君", "様", "さん", "殿")

SEAT = re.compile(r"\d{1,3}番")
_NAME_CHARS = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc\u3400-\u9fff\uf900-\ufaff々〆ヶ]+")
_WRAPPED = re.compile(r"^[(\[【〔〈《]\s*(.*?)\s*[)\]】〕〉》]$")
_INNER_NAME = re.compile(r"^(.*?)\s*\(\s*([^()]+?)\s*\)$")


@dataclass(frozen=True)
class LabelParts:
    """What a label says: body, units, post and person, and whether all of it was understood."""

    body: Body | None = None
    organization: str | None = None
    units: tuple[str, ...] = ()
    post: str | None = None
    person: str | None = None
    complete: bool = False
    surname_only: bool = False  # the person is a bare surname (宮坂副知事, 山田課長, 2 characters)

    @property
    def is_actor(self) -> bool:
        """True when the label names a speaker: fully understood, with a body, post or person."""
        return self.complete and bool(self.organization or self.post or self.person)


def _strip_honorific(text: str) -> str:
    for suffix in HONORIFICS:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)].rstrip()
    return text


def _is_name(token: str) -> bool:
    """True for a token that can be (part of) a personal name: 1–5 kana/kanji, not a post."""
    if not (1 <= len(token) <= 5) or not _NAME_CHARS.fullmatch(token):
        return False
    return not token.endswith(POSTS) and not token.endswith(UNIT_SUFFIXES)


def _is_short_surname(token: str) -> bool:
    """渡部, 阿部, 服部, 氷室: two-character surnames that end like a unit."""
    return len(token) == 2 and bool(_NAME_CHARS.fullmatch(token)) and token[-1] in "部室課"


def _split_units(text: str) -> tuple[list[str], str]:
    """Split leading units off ``text``; return them and the unparsed rest."""
    units: list[str] = []
    rest = text
    while rest:
        cut = _first_unit_end(rest)
        if cut is None:
            break
        units.append(rest[:cut])
        rest = rest[cut:]
    return units, rest


def _first_unit_end(text: str) -> int | None:
    best: int | None = None
    for suffix in UNIT_SUFFIXES:
        pos = text.find(suffix, 1)
        if pos > 0:
            end = pos + len(suffix)
            if best is None or end < best:
                best = end
    return best


def _split_post(text: str) -> tuple[list[str], str | None, str]:
    """Split ``text`` (no spaces) into units, a post at its end, and what could not be parsed."""
    if SEAT.fullmatch(text):  # 15番: an assembly member's seat
        return [], text, ""
    for post in POSTS:
        if not text.endswith(post):
            continue
        head = text[: -len(post)]
        units, rest = _split_units(head)
        # The post keeps the name of the unit it heads: 情報システム企画課長, 戦略部長.
        return units, rest + post, ""
    units, rest = _split_units(text)
    return units, None, rest


def _known_org(token: str) -> bool:
    return len(token) >= 2 and token.endswith(ORG_SUFFIXES) and bool(_NAME_CHARS.match(token))


@lru_cache(maxsize=65536)
def _split_label_cached(label: str, registry: Registry) -> LabelParts:
    text = nfkc(label).strip()
    wrapped = _WRAPPED.match(text)
    if wrapped:
        text = wrapped.group(1)
    text = text.strip(" :：・")
    if not text or len(text) > 60 or "。" in text:
        return LabelParts()
    parts = _decompose(text, registry)
    if not parts.complete:
        # PDF text sets Latin words off with spaces (区市町村 DX 支援): try without them.
        squeezed = squeeze_latin_spaces(text)
        if squeezed != text:
            retry = _decompose(squeezed, registry)
            if retry.complete:
                return retry
    return parts


def _decompose(text: str, registry: Registry) -> LabelParts:
    """Split a normalized label into its parts (see split_label)."""

    person: str | None = None
    surname_only = False
    inner = _INNER_NAME.match(text)
    if inner:  # 議長(高橋一郎君), 山田(花子)
        name = _strip_honorific(inner.group(2)).replace(" ", "")
        outer = inner.group(1)
        if _NAME_CHARS.fullmatch(name) and len(name) <= 6 and not name.endswith(ORG_SUFFIXES):
            if _is_name(outer) and not registry.find(outer):
                return LabelParts(person=outer + name, complete=True)
            person, text = name, outer
        elif " " in outer.strip():
            # 会長 小川 千尋(多摩中央大学准教授): an affiliation note after the name.
            text = outer
    text = _strip_honorific(text)

    tokens = text.split()
    body: Body | None = None
    organization: str | None = None
    joined = "".join(tokens)
    hit = registry.match_prefix(joined)
    if hit:
        body, consumed = hit
        organization = body.name
        tokens = _drop_chars(tokens, consumed)
    elif tokens and len(tokens) > 1 and _known_org(tokens[0]):
        organization = tokens.pop(0)

    if person is None:
        names: list[str] = []
        while (
            tokens
            and len(names) < 2
            and len(tokens) > 1
            and (_is_name(tokens[-1]) or (names and _is_short_surname(tokens[-1])))
        ):
            names.insert(0, tokens.pop())
        if names and (organization or tokens):
            person = "".join(names)
            surname_only = len(names) == 1 and len(person) <= 2
        else:
            tokens.extend(names)

    units: list[str] = []
    posts: list[str] = []
    leftover = ""
    for token in tokens:
        token_units, post, rest = _split_post(token)
        units.extend(token_units)
        if post:
            posts.append(post)
        leftover += rest

    bare = not posts and not units and organization is None and person is None
    if leftover and bare and _known_org(leftover):
        # An unknown body such as 横浜市 (宮坂副知事 was caught above as a post).
        return LabelParts(organization=leftover, complete=True)
    post = " ".join(posts) if posts else None
    if post and person is None and not units and organization is None:
        surname, title = _surname_and_title(post)
        if surname:
            person, post, surname_only = surname, title, True
    if inner and person and len(person) <= 2:
        surname_only = True  # 議長(高橋君)
    return LabelParts(
        body=body,
        organization=organization,
        units=tuple(units),
        post=post,
        person=person,
        complete=not leftover,
        surname_only=surname_only,
    )


def _surname_and_title(post: str) -> tuple[str | None, str]:
    """Split ``宮坂副知事`` into (宮坂, 副知事): a name before a personal title."""
    for title in POSTS:
        if post.endswith(title) and title in PERSONAL_TITLES:
            head = post[: -len(title)]
            if head and _is_name(head) and len(head) <= 4:
                return head, title
            return None, post
    return None, post


def _drop_chars(tokens: list[str], count: int) -> list[str]:
    """Remove the first ``count`` characters from a list of tokens."""
    out: list[str] = []
    for token in tokens:
        if count >= len(token):
            count -= len(token)
            continue
        out.append(token[count:])
        count = 0
    return out


def split_label(label: str, registry: Registry) -> LabelParts:
    """Split a printed speaker label into body, units, post and person.

    Args:
        label: the label as printed, without its marker (``東京都CIO 副知事 山田 花子``).
        registry: the registry of bodies matched longest-first at the label's start.

    Returns:
        The parts; ``complete`` is False when some of the label was not understood.
    """
    return _split_label_cached(label, registry)


@dataclass
class _Holder:
    parts: LabelParts
    person: str
    label: str


@dataclass
class SpeakerResolver:
    """Resolves labels within one record, using its presenter and attendee lists."""

    registry: Registry
    publisher: Body | None
    base_iri: str
    holders: list[_Holder] = field(default_factory=list)

    def learn(self, labels: Iterable[str]) -> None:
        """Remember who holds which post, from presenter and attendee labels."""
        for label in labels:
            parts = split_label(label, self.registry)
            bare = _NOTE.sub("", label)
            if bare != label and bare.strip():
                # 会長　山田 太郎（東都大学教授）: the note in brackets is an affiliation, not
                # the person, when what comes before it names a post and a person.
                noted = split_label(bare, self.registry)
                if noted.person and noted.post:
                    parts = noted
            if parts.person and len(parts.person) >= 3 and parts.post:
                self.holders.append(_Holder(parts, parts.person, label))

    def resolve(self, label: str) -> Actor:
        """Return the actor a label names, with the person filled from the record's lists."""
        parts = split_label(label, self.registry)
        body = parts.body
        organization = parts.organization
        # A label without a body (デジタルサービス局長, 宮坂副知事, 座長) takes the body implied by
        # the record's publisher (DESIGN section 4).
        implied = bool(parts.units or parts.post)
        if organization is None and implied and self.publisher is not None:
            body, organization = self.publisher, self.publisher.name
        person, evidence = parts.person, None
        if parts.post and person is None and not parts.units:
            holder = self._surname_holder(parts.post)
            if holder is not None:  # 田村企画部長 with 企画部長 田村 一郎 in the lists
                surname = holder.person[: len(parts.post) - len(holder.parts.post or "")]
                person, post = surname, holder.parts.post
                parts = LabelParts(parts.body, organization, parts.units, post, person, True, True)
        if parts.post:
            holder = self._holder_for(parts, organization)
            if holder and (person is None or holder.person.startswith(person)):
                if person != holder.person:
                    evidence = f"named in this record's lists as {holder.label}"
                person = holder.person
        # A body outside the registry (三浦法律事務所) gets its IRI when it is mapped: minting
        # one from its name needs the romanization dictionary, too slow to load for extraction.
        iri = org_iri(self.base_iri, body.iri_path) if body is not None else None
        return Actor(
            label=label.strip(),
            organization=organization,
            units=list(parts.units),
            post=parts.post,
            person=person,
            iri=iri,
            evidence=evidence,
            person_is_surname=parts.surname_only and evidence is None and person is not None,
        )

    def _surname_holder(self, post: str) -> _Holder | None:
        """The one holder whose post ends ``post`` and whose surname is the rest of it."""
        key = match_key(post)
        found = []
        for holder in self.holders:
            held = match_key(holder.parts.post or "")
            if held and key.endswith(held) and key != held:
                surname = key[: -len(held)]
                if match_key(holder.person).startswith(surname):
                    found.append(holder)
        return found[0] if len({h.person for h in found}) == 1 else None

    def _holder_for(self, parts: LabelParts, organization: str | None) -> _Holder | None:
        post_key = match_key(parts.post or "")
        found: list[_Holder] = []
        for holder in self.holders:
            other = holder.parts
            held = other.post or ""
            posts = {match_key(p) for p in held.split()} | {match_key(held)}
            if post_key not in posts:
                continue
            other_org = other.organization or (self.publisher.name if self.publisher else None)
            if organization and other_org and organization != other_org:
                continue
            if parts.units and tuple(other.units[-len(parts.units) :]) != parts.units:
                continue
            if parts.person and not holder.person.startswith(parts.person):
                continue
            found.append(holder)
        people = {h.person for h in found}
        return found[0] if len(people) == 1 else None


def resolve_minutes(minutes: Minutes, resolver: SpeakerResolver) -> Minutes:
    """Fill every presenter's and speaker's organization, units, post, person and IRI."""
    resolver.learn(p.label for item in minutes.agenda for p in item.presenters)
    for item in minutes.agenda:
        item.presenters = [resolver.resolve(p.label) for p in item.presenters]
    cache: dict[str, Actor] = {}
    for statement in minutes.statements:
        if statement.speaker is None:
            continue
        label = statement.speaker.label
        if label not in cache:
            cache[label] = resolver.resolve(label)
        statement.speaker = _copy(cache[label])
    return minutes


def _copy(actor: Actor) -> Actor:
    return dataclasses.replace(actor, units=list(actor.units))
