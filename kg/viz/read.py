"""Read what the views need from the graph, through SPARQL only.

Everything goes through ``store.query`` with a union default graph, so the embedded store and
an external SPARQL server (a RemoteStore with the same methods) behave alike. A few queries
fetch every statement, actor, label and structural link once; :mod:`kg.viz.projections`
builds each view from the resulting :class:`Facts`.

The topic scheme and the organization kinds may be absent from a store (``kg build`` stores
the data, not ``ontology/topics.ttl``): topic labels and ``skos:broader`` then come from the
bundled scheme, and kinds of bodies from the bundled registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import DEFAULT_BASE_IRI, FOAF, GK, ORG, SCHEMA, SKOS, mint, org_iri

# The kinds of node the views draw, keyed by the RDF type that makes them.
TYPE_KINDS = {
    str(ORG.FormalOrganization): "organization",
    str(ORG.OrganizationalUnit): "unit",
    str(ORG.Post): "post",
    str(FOAF.Person): "person",
    str(SKOS.Concept): "topic",
    SCHEMA + "Event": "session",
    GK + "AgendaItem": "agenda",
}
EXCERPT_LENGTH = 80  # characters of a statement shown in a tooltip
_LANGUAGES = {"ja": 0, "": 1, "en": 2}  # label preference

STATEMENTS = """
SELECT DISTINCT ?statement ?session ?position ?text ?act ?creator ?post ?speaker ?reply ?agenda
WHERE {
  ?statement a gk:Statement ; dcterms:isPartOf ?session .
  OPTIONAL { ?statement schema:position ?position }
  OPTIONAL { ?statement schema:text ?text }
  OPTIONAL { ?statement gk:act ?act }
  OPTIONAL { ?statement schema:creator ?creator }
  OPTIONAL { ?statement gk:spokenAs ?post }
  OPTIONAL { ?statement gk:speakerLabel ?speaker }
  OPTIONAL { ?statement as:inReplyTo ?reply }
  OPTIONAL { ?statement gk:agendaItem ?agenda }
}
"""
STATEMENT_TOPICS = """
SELECT DISTINCT ?statement ?session ?topic WHERE {
  ?statement a gk:Statement ; dcterms:isPartOf ?session ; dcterms:subject ?topic .
}
"""
SESSIONS = """
SELECT DISTINCT ?session ?position ?start ?series WHERE {
  ?session a schema:Event .
  FILTER NOT EXISTS { ?session a gk:AgendaItem }
  OPTIONAL { ?session schema:position ?position }
  OPTIONAL { ?session schema:startDate ?start }
  OPTIONAL { ?session schema:superEvent ?series }
}
"""
AGENDA = """
SELECT DISTINCT ?agenda ?session ?position WHERE {
  ?agenda a gk:AgendaItem ; schema:superEvent ?session .
  OPTIONAL { ?agenda schema:position ?position }
}
"""
TYPES = """
SELECT DISTINCT ?node ?type WHERE {
  VALUES ?type { org:FormalOrganization org:OrganizationalUnit org:Post foaf:Person }
  ?node a ?type .
}
"""
LABELS = """
SELECT DISTINCT ?node ?label WHERE {
  VALUES ?property { skos:prefLabel foaf:name schema:name }
  ?node ?property ?label .
  FILTER NOT EXISTS { ?node a gk:Statement }
}
"""
LINKS = """
SELECT DISTINCT ?node ?property ?other WHERE {
  VALUES ?property {
    org:unitOf org:subOrganizationOf org:postIn org:heldBy org:classification skos:broader
  }
  ?node ?property ?other .
}
"""
# Resolving the session parameter: a date, or an ordinal (schema:position) of a session.
SESSION_BY_DATE = """
SELECT DISTINCT ?session ?day WHERE {
  ?session a schema:Event ; schema:startDate ?start .
  FILTER NOT EXISTS { ?session a gk:AgendaItem }
  FILTER (STRSTARTS(STR(?start), ?day))
}
"""
SESSION_BY_ORDINAL = """
SELECT DISTINCT ?session ?ordinal WHERE {
  ?session a schema:Event ; schema:position ?ordinal .
  FILTER NOT EXISTS { ?session a gk:AgendaItem }
}
"""
SESSION_EXISTS = "ASK { ?session a schema:Event }"


class GraphReader(Protocol):
    """What the views need of a store: SPARQL queries over the union of its graphs, with the
    project's prefixes predeclared (kg.store.Store, and a store on an external server)."""

    def query(
        self, sparql: str, *, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query with ``bindings`` substituted for its variables."""
        ...


@dataclass
class Statement:
    """One statement, with what the views draw of it."""

    iri: str
    session: str
    position: int
    text: str = ""
    act: str | None = None  # question, request, response, remark, commitment
    creator: str | None = None
    post: str | None = None
    speaker_label: str | None = None
    replies_to: set[str] = field(default_factory=set)
    agenda: str | None = None
    topics: set[str] = field(default_factory=set)

    @property
    def excerpt(self) -> str:
        """The first characters of the text, for tooltips."""
        text = " ".join(self.text.split())
        return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


@dataclass
class Session:
    """A meeting of a series."""

    iri: str
    label: str
    date: str | None = None  # YYYY-MM-DD
    position: int | None = None
    series: str | None = None


@dataclass
class Facts:
    """What the views are built from: statements, sessions, agenda, actors, topics, links."""

    base_iri: str = DEFAULT_BASE_IRI
    statements: dict[str, Statement] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    agenda: dict[str, tuple[str, int]] = field(default_factory=dict)  # item → (session, pos)
    kinds: dict[str, str] = field(default_factory=dict)  # node → kind (TYPE_KINDS values)
    labels: dict[str, str] = field(default_factory=dict)
    unit_of: dict[str, str] = field(default_factory=dict)  # unit → parent unit or body
    top_body: dict[str, str] = field(default_factory=dict)  # unit or post → its body
    post_in: dict[str, str] = field(default_factory=dict)  # post → unit or body
    held_by: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    broader: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    org_types: dict[str, str] = field(default_factory=dict)  # body → kind of body

    def label(self, iri: str) -> str:
        """Return the node's label, or the last segment of its IRI."""
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def body_of(self, node: str | None) -> str | None:
        """Return the body (top-level organization) a unit, post or organization belongs to."""
        if node is None:
            return None
        if self.kinds.get(node) == "organization":
            return node
        return self.top_body.get(node)

    @cached_property
    def by_session(self) -> dict[str, list[Statement]]:
        """The statements of each session, in order (read once the statements are in)."""
        grouped: dict[str, list[Statement]] = defaultdict(list)
        for statement in sorted(self.statements.values(), key=lambda s: (s.position, s.iri)):
            grouped[statement.session].append(statement)
        return grouped

    @cached_property
    def posts_of(self) -> dict[str, set[str]]:
        """The posts each person held (read once the links are in)."""
        posts: dict[str, set[str]] = defaultdict(set)
        for post, persons in self.held_by.items():
            for person in persons:
                posts[person].add(post)
        return posts

    def speaker(self, statement: Statement) -> tuple[str | None, str | None]:
        """Return the statement's (person, body): either may be unknown."""
        creator = statement.creator
        if creator is None:
            return None, self.body_of(statement.post)
        if self.kinds.get(creator) == "person":
            body = self.body_of(statement.post)
            if body is None:
                bodies = {self.body_of(p) for p in self.posts_of.get(creator, ())}
                body = min((b for b in bodies if b), default=None)
            return creator, body
        return None, self.body_of(creator) or creator

    def session_date(self, session: str) -> str:
        """Return the session's date, or an empty string."""
        found = self.sessions.get(session)
        return (found.date if found else None) or ""


def read_facts(
    store: GraphReader, *, base_iri: str = DEFAULT_BASE_IRI, session: str | None = None
) -> Facts:
    """Read statements, sessions, actors, labels and links from the graph.

    Args:
        store: the object ``Target.open(read_only=True)`` returned.
        base_iri: the base of the data's IRIs (to find bodies in the bundled registry).
        session: read only this session's statements (an IRI), or every session's.
    """
    facts = Facts(base_iri=base_iri)
    bindings = {"session": ox.NamedNode(session)} if session else None
    for row in _rows(store, STATEMENTS, bindings):
        iri = row["statement"]
        statement = facts.statements.get(iri)
        if statement is None:
            position = row.get("position")
            statement = Statement(iri, row["session"], int(position) if position else 0)
            facts.statements[iri] = statement
        statement.text = row.get("text", statement.text)
        statement.act = _act(row.get("act")) or statement.act
        statement.creator = row.get("creator", statement.creator)
        statement.post = row.get("post", statement.post)
        statement.speaker_label = row.get("speaker", statement.speaker_label)
        statement.agenda = row.get("agenda", statement.agenda)
        if "reply" in row:
            statement.replies_to.add(row["reply"])
    for row in _rows(store, STATEMENT_TOPICS, bindings):
        if row["statement"] in facts.statements:
            facts.statements[row["statement"]].topics.add(row["topic"])
    for row in _rows(store, TYPES):
        facts.kinds.setdefault(row["node"], TYPE_KINDS[row["type"]])
    _read_labels(store, facts)
    _read_sessions(store, facts)
    _read_links(store, facts)
    _complete_from_bundles(facts)
    return facts


def resolve_session(store: GraphReader, value: str, *, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Return the IRI of the session ``value`` names.

    ``value`` is a session IRI, ``series/number`` (``cio-forum/4``), an ordinal (``4``) or a
    date (``2023-02-14``); the last two must name one session only.

    Raises:
        UsageError: no session, or more than one, matches.
    """
    value = value.strip()
    if ":" in value:
        candidates = [value] if _is_session(store, value) else []
    elif "/" in value:
        series, _, number = value.partition("/")
        iri = mint(base_iri, "session", series, number) if value.isascii() else ""
        candidates = [iri] if iri and _is_session(store, iri) else []
    elif value.isdigit():
        ordinal = ox.Literal(
            value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
        candidates = [r["session"] for r in _rows(store, SESSION_BY_ORDINAL, {"ordinal": ordinal})]
    else:
        rows = _rows(store, SESSION_BY_DATE, {"day": ox.Literal(value)})
        candidates = [r["session"] for r in rows] if len(value) == 10 else []
    candidates = sorted(set(candidates))
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UsageError(
            f"--session {value}: no such session; give its IRI, series/number "
            "(cio-forum/4), number or date (YYYY-MM-DD)"
        )
    raise UsageError(f"--session {value}: several sessions match: {', '.join(candidates)}")


def _is_session(store: GraphReader, iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    answer = store.query(SESSION_EXISTS, bindings={"session": node})
    return bool(answer)


def _rows(
    store: GraphReader, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> Iterator[dict[str, str]]:
    """Yield a SELECT query's rows as plain strings by variable (unbound: absent)."""
    for row, _ in _term_rows(store, sparql, bindings):
        yield row


def _term_rows(
    store: GraphReader, sparql: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None
) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Yield each row as (values, language tags) by variable; unbound variables are absent."""
    solutions = store.query(sparql, bindings=bindings)
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError("expected a SELECT query")
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        values: dict[str, str] = {}
        languages: dict[str, str] = {}
        for name in names:
            term = solution[name]
            if term is None:
                continue
            values[name] = term.value
            if isinstance(term, ox.Literal):
                languages[name] = term.language or ""
        yield values, languages


def _read_labels(store: GraphReader, facts: Facts) -> None:
    best: dict[str, int] = {}
    for row, languages in _term_rows(store, LABELS):
        node, label = row["node"], row["label"]
        rank = _LANGUAGES.get(languages.get("label", ""), 3)
        if rank < best.get(node, 9) or (rank == best[node] and label < facts.labels[node]):
            best[node], facts.labels[node] = rank, label


def _read_sessions(store: GraphReader, facts: Facts) -> None:
    for row in _rows(store, SESSIONS):
        iri = row["session"]
        position = row.get("position")
        facts.sessions[iri] = Session(
            iri,
            facts.label(iri),
            date=row["start"][:10] if "start" in row else None,
            position=int(position) if position and position.lstrip("-").isdigit() else None,
            series=row.get("series"),
        )
        facts.kinds[iri] = "session"
    for row in _rows(store, AGENDA):
        position = row.get("position")
        facts.agenda[row["agenda"]] = (row["session"], int(position) if position else 0)
        facts.kinds[row["agenda"]] = "agenda"


def _read_links(store: GraphReader, facts: Facts) -> None:
    sub_of: dict[str, str] = {}
    for row in _rows(store, LINKS):
        node, prop, other = row["node"], row["property"], row["other"]
        if prop == str(ORG.unitOf):
            facts.top_body[node] = other
            facts.unit_of.setdefault(node, other)
        elif prop == str(ORG.subOrganizationOf):
            sub_of[node] = other
        elif prop == str(ORG.postIn):
            facts.post_in[node] = other
        elif prop == str(ORG.heldBy):
            facts.held_by[node].add(other)
        elif prop == str(ORG.classification):
            facts.org_types[node] = facts.label(other)
        elif prop == str(SKOS.broader):
            facts.broader[node].add(other)
    facts.unit_of.update(sub_of)  # the nearest parent when the data names one
    for post, place in facts.post_in.items():
        body = place if facts.kinds.get(place) == "organization" else facts.top_body.get(place)
        if body:
            facts.top_body[post] = body


def _complete_from_bundles(facts: Facts) -> None:
    """Add topic labels and hierarchy, and kinds of bodies, the store does not hold."""
    from kg.registry import default_registry
    from kg.topics import default_scheme

    scheme = default_scheme()
    for iri, concept in scheme.concepts.items():
        facts.labels.setdefault(iri, concept.label_ja)
        if iri not in facts.broader:
            facts.broader[iri].update(concept.broader)
    for statement in facts.statements.values():
        for topic in statement.topics:
            facts.kinds.setdefault(topic, "topic")
    for body in default_registry():
        iri = org_iri(facts.base_iri, body.iri_path)
        if facts.kinds.get(iri) == "organization":
            facts.org_types.setdefault(iri, body.kind)
    for iri, kind in facts.kinds.items():
        if kind == "organization":
            facts.org_types.setdefault(iri, "other")


def _act(iri: str | None) -> str | None:
    if not iri:
        return None
    name = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return name.removeprefix("act-")
