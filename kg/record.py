"""The Minutes record: what extraction produces, as plain dataclasses (DESIGN section 3)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ACTS: tuple[str, ...] = ("question", "request", "response", "remark")


@dataclass
class Source:
    """Where a record came from."""

    path: str
    sha256: str
    media_type: str
    url: str | None = None  # the page it was published at, from a sources.csv beside it


@dataclass
class Document:
    """A loaded source: its decoded text plus where it came from.

    Statement spans index ``text`` in code points.
    """

    source: Source
    text: str
    encoding: str | None = None


@dataclass
class Actor:
    """A speaker or presenter label resolved into its parts (DESIGN section 4)."""

    label: str
    organization: str | None = None
    units: list[str] = field(default_factory=list)
    post: str | None = None
    person: str | None = None
    iri: str | None = None
    evidence: str | None = None  # how the person was inferred, when not printed in the label
    person_is_surname: bool = False  # only a surname is known (宮坂副知事): not a full name


@dataclass
class Session:
    """The meeting the record reports."""

    iri: str | None = None
    title: str | None = None
    series: str | None = None
    number: int | None = None
    date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    venue: str | None = None
    online: bool | None = None
    identifier: str | None = None


@dataclass
class AgendaItem:
    """One item of the meeting's agenda (議事, 次第)."""

    title: str
    closed: bool = False
    presenters: list[Actor] = field(default_factory=list)


@dataclass
class Topic:
    """A topic from the scheme that a statement mentions."""

    iri: str
    label: str


@dataclass
class Statement:
    """The smallest attributed unit of a record (DESIGN section 2)."""

    index: int
    text: str
    span: tuple[int, int]
    section: str | None = None
    subsection: str | None = None
    agenda_index: int | None = None
    speaker: Actor | None = None
    act: str = "remark"
    replies_to: int | None = None
    topics: list[Topic] = field(default_factory=list)


@dataclass
class Minutes:
    """One extracted record: source, session header, agenda, statements and warnings."""

    source: Source
    session: Session
    agenda: list[AgendaItem] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as the JSON-ready dict of the extraction contract."""
        return {
            "source": asdict(self.source),
            "session": asdict(self.session),
            "agenda": [
                {
                    "title": item.title,
                    "closed": item.closed,
                    "presenters": [actor_to_dict(a) for a in item.presenters],
                }
                for item in self.agenda
            ],
            "statements": [statement_to_dict(s) for s in self.statements],
            "warnings": list(self.warnings),
        }


def actor_to_dict(actor: Actor) -> dict[str, Any]:
    """Return an actor as the contract's dict (evidence only when there is some)."""
    data: dict[str, Any] = {
        "label": actor.label,
        "organization": actor.organization,
        "units": list(actor.units),
        "post": actor.post,
        "person": actor.person,
        "iri": actor.iri,
    }
    if actor.evidence:
        data["evidence"] = actor.evidence
    return data


def statement_to_dict(statement: Statement) -> dict[str, Any]:
    """Return a statement as the contract's dict."""
    return {
        "index": statement.index,
        "section": statement.section,
        "subsection": statement.subsection,
        "agenda_index": statement.agenda_index,
        "speaker": actor_to_dict(statement.speaker) if statement.speaker else None,
        "act": statement.act,
        "replies_to": statement.replies_to,
        "topics": [asdict(t) for t in statement.topics],
        "text": statement.text,
        "span": [statement.span[0], statement.span[1]],
    }
