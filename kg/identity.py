"""Identity across records: who held a post at a date names a surname-only speaker.

A record may print only ``宮坂副知事``. Another record (or the registry of officials in
``data/registry/officials.csv``) shows who held that post near that date; the speaker is then
linked to that person, and the evidence is kept on the actor. Organizations and persons that
are printed in full need nothing here: their IRIs are minted from registry codes and from
names with variant kanji folded, so they meet in one node by construction.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from kg.errors import InputError
from kg.japanese import canonical_name, match_key
from kg.record import Actor, Minutes
from kg.registry import Registry
from kg.resources import resource_path

# How far from the session a holder seen in another record may be (no tenure known).
NEAR = datetime.timedelta(days=2 * 365)


@dataclass(frozen=True)
class Holding:
    """A person seen in a post: at a date (a record), or over a tenure (the registry)."""

    organization: str
    post: str
    person: str
    start: datetime.date
    end: datetime.date | None  # None: still in office
    evidence: str
    tenure: bool = False  # start and end are the tenure (registry), not a date seen in a record

    def distance(self, when: datetime.date) -> datetime.timedelta | None:
        """How far ``when`` lies from this holding; None when it does not count."""
        end = self.end or (datetime.date.max if self.tenure else self.start)
        if self.start <= when <= end:
            return datetime.timedelta(0)
        if self.tenure:
            return None  # a known tenure is exact
        gap = self.start - when if when < self.start else when - end
        return gap if gap <= NEAR else None


def _key(organization: str | None, post: str | None) -> tuple[str, str]:
    return match_key(organization or ""), match_key(post or "")


@dataclass
class HolderIndex:
    """Posts and the persons seen in them, from records and from the registry of officials."""

    holdings: dict[tuple[str, str], list[Holding]] = field(default_factory=dict)

    def add(self, holding: Holding) -> None:
        """Remember one holding."""
        key = _key(holding.organization, holding.post)
        self.holdings.setdefault(key, []).append(holding)

    def add_minutes(self, minutes: Minutes) -> None:
        """Remember every full name a record prints (or infers from its lists) with a post."""
        when = _date(minutes.session.date)
        if when is None:
            return
        actors: list[Actor] = [p for item in minutes.agenda for p in item.presenters]
        actors += [s.speaker for s in minutes.statements if s.speaker is not None]
        seen: set[tuple[str, str, str]] = set()
        for actor in actors:
            if not (actor.person and actor.post and actor.organization) or actor.person_is_surname:
                continue
            for post in actor.post.split():
                marker = (actor.organization, post, actor.person)
                if marker in seen:
                    continue
                seen.add(marker)
                evidence = f"{minutes.source.path} ({when.isoformat()}): {actor.label}"
                self.add(Holding(actor.organization, post, actor.person, when, when, evidence))

    def find(self, actor: Actor, when: datetime.date) -> Holding | None:
        """The one holder of the actor's post whose family name is the actor's surname."""
        if not (actor.person and actor.post and actor.organization):
            return None
        surname = match_key(actor.person)
        best: dict[str, tuple[datetime.timedelta, Holding]] = {}
        for post in actor.post.split():
            for holding in self.holdings.get(_key(actor.organization, post), []):
                if not match_key(holding.person).startswith(surname):
                    continue
                distance = holding.distance(when)
                if distance is None:
                    continue
                person = match_key(holding.person)
                if person not in best or distance < best[person][0]:
                    best[person] = (distance, holding)
        if len(best) != 1:
            return None  # nobody, or two people with that surname in that post: do not guess
        return next(iter(best.values()))[1]


def load_officials(registry: Registry, path: Path | None = None) -> list[Holding]:
    """Read the registry of officials (``data/registry/officials.csv``).

    Raises:
        InputError: naming the file and line of a malformed row.
    """
    path = path or resource_path("data", "registry", "officials.csv")
    out: list[Holding] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            body = registry.get(row["organization"]) or registry.by_code(row["organization"])
            if body is None:
                message = f"line {line}: unknown organization {row['organization']!r}"
                raise InputError(message, str(path))
            start, end = _date(row["start"]), _date(row["end"])
            if start is None or (row["end"] and end is None):
                raise InputError(f"line {line}: dates must be YYYY-MM-DD", str(path))
            person = canonical_name(row["person"])
            evidence = f"registry of officials: {row['source']}"
            out.append(Holding(body.name, row["post"], person, start, end, evidence, tenure=True))
    return out


def link_surnames(records: Iterable[Minutes], index: HolderIndex) -> int:
    """Give surname-only speakers the full name of the post's holder at the session's date.

    Returns:
        How many speakers were linked.
    """
    linked = 0
    for minutes in records:
        when = _date(minutes.session.date)
        if when is None:
            continue
        for statement in minutes.statements:
            actor = statement.speaker
            if actor is None or not actor.person_is_surname:
                continue
            holding = index.find(actor, when)
            if holding is None:
                continue
            actor.person, actor.person_is_surname = holding.person, False
            actor.evidence = (
                f"{actor.label} on {when.isoformat()}: {holding.person} held "
                f"{holding.organization} {holding.post}, per {holding.evidence}"
            )
            linked += 1
    return linked


# Run through Store.select, which predeclares the project's prefixes.
HOLDINGS_QUERY = """
SELECT DISTINCT ?organization ?post ?name ?date ?record WHERE {
  ?statement schema:creator ?person ; gk:spokenAs ?postNode ; dcterms:isPartOf ?session .
  ?person foaf:name ?name .
  ?postNode skos:prefLabel ?post ; org:postIn ?holder .
  ?session schema:startDate ?date ; schema:recordedIn ?record .
  { ?holder org:unitOf ?body } UNION { ?holder a org:FormalOrganization BIND(?holder AS ?body) }
  ?body skos:prefLabel ?organization .
  FILTER(lang(?organization) = "ja")
}
"""


def holdings_in(rows: Iterable[dict[str, str]]) -> list[Holding]:
    """Turn rows of ``HOLDINGS_QUERY`` (organization, post, name, date, record) into holdings."""
    out: list[Holding] = []
    for row in rows:
        when = _date(row["date"][:10])
        if when is not None:
            evidence = f"{row['record']} ({when.isoformat()})"
            out.append(Holding(row["organization"], row["post"], row["name"], when, when, evidence))
    return out


_MEDIA_PREFERENCE = {"text/html": 0, "text/plain": 1, "application/pdf": 2}


def choose_primary(records: list[Minutes]) -> Minutes:
    """Of several sources of one session, the one whose statements the graph keeps.

    The source with the most statements wins; then HTML over plain text over PDF (PDF text
    carries page-break and spacing noise); then the path, so the choice is stable.
    """
    return min(
        records,
        key=lambda m: (
            -len(m.statements),
            _MEDIA_PREFERENCE.get(m.source.media_type, 3),
            m.source.path,
        ),
    )


def align_statements(primary: Minutes, secondary: Minutes) -> tuple[dict[int, int], list[int]]:
    """Pair the statements of a second source of a session with the primary's.

    Texts are compared by their matching key (NFKC, variants folded, no spaces), then the
    rest by similarity (at least 0.9), in order.

    Returns:
        The primary index of each paired secondary statement, and the unpaired indexes.
    """
    keys: dict[str, list[int]] = {}
    for statement in primary.statements:
        keys.setdefault(match_key(statement.text), []).append(statement.index)
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    rest: list[int] = []
    for statement in secondary.statements:
        candidates = [k for k in keys.get(match_key(statement.text), []) if k not in taken]
        if candidates:
            pairs[statement.index] = candidates[0]
            taken.add(candidates[0])
        else:
            rest.append(statement.index)
    unpaired: list[int] = []
    left = {s.index: match_key(s.text) for s in primary.statements if s.index not in taken}
    for index in rest:
        text = match_key(secondary.statements[index].text)
        best, score = None, 0.9
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(text)  # SequenceMatcher caches what it learns about its second text
        for candidate, other in left.items():
            if candidate in taken or not _close_in_length(text, other, score):
                continue
            matcher.set_seq1(other)
            if matcher.real_quick_ratio() < score or matcher.quick_ratio() < score:
                continue  # cheap upper bounds of ratio(): most pairs stop here
            ratio = matcher.ratio()
            if ratio >= score:
                best, score = candidate, ratio
        if best is None:
            unpaired.append(index)
        else:
            pairs[index] = best
            taken.add(best)
    return pairs, unpaired


def _close_in_length(a: str, b: str, score: float) -> bool:
    """Whether two texts' lengths allow a similarity ratio of at least ``score``."""
    return 2 * min(len(a), len(b)) >= score * (len(a) + len(b))


def _date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
