"""Map a Minutes record to RDF (ontology/README.md is the contract).

A record becomes two graphs: its own named graph (session, agenda, statements, provenance) and
the shared entities it mentions (series, organizations, units, posts, persons), which many
records share. Literals keep the printed form with ``@ja``; IRIs are ASCII and minted in
``kg.namespaces``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.japanese import canonical_label, canonical_name, label_slug, nfkc
from kg.namespaces import (  # re-exported: tests and callers build triples with these
    AS,
    DCT,
    FOAF,
    GKNS,
    OA,
    ORG,
    PREFIXES,
    PROV,
    SDO,
    SKOS,
    graph_iri,
    mint,
    normalize_base,
    person_iri,
    record_iri,
)
from kg.record import Actor, Minutes, Statement
from kg.registry import Registry

ACT_IRIS = {act: GKNS[f"act-{act}"] for act in ("question", "request", "response", "remark")}


# N-Triples string escapes (RDF 1.1 N-Triples: other characters go as UTF-8)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


_PREDICATES: dict[Node | str, str] = {}  # N-Triples of each predicate, made once


class Triples:
    """The triples of one graph as the mapping adds them: a set kept as N-Triples lines.

    Mapping into an rdflib Graph costs more than everything else the build does but
    validation (its indexes are built for every add); the build needs N-Triples for the
    store and the validator, so the mapping writes them straight away, once per triple.

    Example:
        >>> triples = Triples()
        >>> triples.add((URIRef("http://x/s"), RDFS.label, Literal("議事録", lang="ja")))
        >>> triples.ntriples().decode()
        '<http://x/s> <http://www.w3.org/2000/01/rdf-schema#label> "議事録"@ja .\\n'
    """

    def __init__(self) -> None:
        self._lines: dict[str, None] = {}  # an ordered set

    def add(self, triple: tuple[Node | str, Node | str, Node | str]) -> None:
        """Add a triple of rdflib terms, IRIs as strings or rendered literals (again: no
        effect)."""
        s, p, o = triple
        predicate = _PREDICATES.get(p)
        if predicate is None:
            predicate = _PREDICATES.setdefault(p, _nt(p))
        self._lines[f"{_nt(s)} {predicate} {_nt(o)} .\n"] = None

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[tuple[Node, Node, Node]]:
        return iter(self.graph())

    def ntriples(self) -> bytes:
        """Return the triples as N-Triples, in the order they were first added."""
        return "".join(self._lines).encode()

    def graph(self, identifier: URIRef | None = None) -> Graph:
        """Return the triples as an rdflib graph with the project's prefixes bound."""
        graph = new_graph(identifier)
        graph.parse(data=self.ntriples(), format="nt")
        return graph


def _nt(term: Node | str) -> str:
    """Return the N-Triples form of a term: a rendered literal, an rdflib literal, or an IRI
    (a plain string or a URIRef; the mapping mints no blank nodes)."""
    kind = type(term)
    if kind is _Lit:
        return cast(str, term)
    if kind is Literal:
        assert isinstance(term, Literal)
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    if kind is BNode:
        raise TypeError(f"the mapping mints IRIs and literals only, not {term!r}")
    return f"<{term}>"


@dataclass
class Mapped:
    """The RDF of one record: its own named graph and the shared entities it mentions."""

    graph: URIRef
    own_triples: Triples
    shared_triples: Triples

    @functools.cached_property
    def own(self) -> Graph:
        """The record's own graph as an rdflib graph (made on first use)."""
        return self.own_triples.graph(self.graph)

    @functools.cached_property
    def shared(self) -> Graph:
        """The shared entities as an rdflib graph (made on first use)."""
        return self.shared_triples.graph()

    def __len__(self) -> int:
        return len(self.own_triples) + len(self.shared_triples)


def new_graph(identifier: URIRef | None = None) -> Graph:
    """Return an empty graph with the project's prefixes bound."""
    graph = Graph(identifier=identifier)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


class _Lit(str):
    """A literal already in N-Triples form (the mapping writes terms as text: an rdflib
    Literal costs 2–4 µs to make, and the mapping makes about ten a statement)."""


_XSD_NS = str(XSD)
_NON_NEGATIVE = f"{_XSD_NS}nonNegativeInteger"


def _quoted(text: str) -> str:
    return f'"{text.translate(_ESCAPES)}"'


def _ja(text: str) -> _Lit:
    return _Lit(f"{_quoted(text)}@ja")


def _en(text: str) -> _Lit:
    return _Lit(f"{_quoted(text)}@en")


def _string(text: str) -> _Lit:
    return _Lit(_quoted(text))


def _typed(lexical: str, datatype: str) -> _Lit:
    return _Lit(f"{_quoted(lexical)}^^<{datatype}>")


def _integer(value: int) -> _Lit:
    return _typed(str(value), f"{_XSD_NS}integer")


def _boolean(value: bool) -> _Lit:
    return _typed("true" if value else "false", f"{_XSD_NS}boolean")


def _datetime(date: str, time: str | None) -> _Lit:
    if time:
        return _typed(f"{date}T{time}:00+09:00", f"{_XSD_NS}dateTime")
    return _typed(date, f"{_XSD_NS}date")


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef on every attribute
    access (about 1 µs), which the mapping does some 30 times a statement."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = URIRef(self._namespace[name])
        setattr(self, name, term)  # found as a plain attribute from now on
        return term

    def __getitem__(self, name: str) -> URIRef:
        return getattr(self, name)


_SDO, _DCT, _FOAF, _GKNS = _Terms(SDO), _Terms(DCT), _Terms(FOAF), _Terms(GKNS)
_OA, _ORG, _PROV, _SKOS, _AS = _Terms(OA), _Terms(ORG), _Terms(PROV), _Terms(SKOS), _Terms(AS)
_RDF, _RDFS, _XSD = _Terms(RDF), _Terms(RDFS), _Terms(XSD)


class _Mapper:
    def __init__(self, minutes: Minutes, base: str, registry: Registry) -> None:
        self.minutes = minutes
        self.base = normalize_base(base)
        self.registry = registry
        sha = minutes.source.sha256
        self.graph_iri = URIRef(graph_iri(self.base, sha))  # Mapped.graph
        self.own = Triples()
        self.shared = Triples()
        self.session = str(minutes.session.iri or mint(self.base, "session", "unknown", sha))
        self.record = str(record_iri(self.base, sha))

    def run(self, aligned: dict[int, int] | None) -> Mapped:
        if aligned is not None:
            # Another source of a session mapped from its primary source: this document
            # records the session too, and gives a second span for each statement it shares.
            self._record()
            for statement in self.minutes.statements:
                if statement.index in aligned:
                    st = str(f"{self.session}/statement/{aligned[statement.index]}")
                    self._provenance(st, statement)
            return Mapped(self.graph_iri, self.own, self.shared)
        self._session()
        self._record()
        agenda = self._agenda()
        for statement in self.minutes.statements:
            self._statement(statement, agenda)
        return Mapped(self.graph_iri, self.own, self.shared)

    def _session(self) -> None:
        g, s, session = self.own, self.session, self.minutes.session
        g.add((s, _RDF.type, _SDO.Event))
        if session.title:
            g.add((s, _SDO.name, _ja(session.title)))
        if session.number is not None:
            g.add((s, _SDO.position, _integer(session.number)))
        if session.date:
            g.add((s, _SDO.startDate, _datetime(session.date, session.start_time)))
            if session.end_time:
                # a time only beside a start time: an xsd:date start and an xsd:dateTime end
                # cannot be compared, so without a start time the end is that day
                end_time = session.end_time if session.start_time else None
                g.add((s, _SDO.endDate, _datetime(session.date, end_time)))
        if session.venue:
            g.add((s, _SDO.location, _ja(session.venue)))
        if session.online is not None:
            mode = "Online" if session.online else "Offline"
            g.add((s, _SDO.eventAttendanceMode, _SDO[f"{mode}EventAttendanceMode"]))
        series = self.registry.series_for_title(session.title or "") if session.title else None
        if series is not None:
            series_iri = str(mint(self.base, *series.iri_path.split("/")))
            g.add((s, _SDO.superEvent, series_iri))
            sh = self.shared
            sh.add((series_iri, _RDF.type, _SDO.EventSeries))
            sh.add((series_iri, _SDO.name, _ja(series.name)))
            if series.name_en:
                sh.add((series_iri, _SDO.name, _en(series.name_en)))
            earlier = self.registry.get_series(series.replaces) if series.replaces else None
            if earlier is not None:  # the series it replaces is described too
                replaced = str(mint(self.base, *earlier.iri_path.split("/")))
                sh.add((series_iri, _DCT.replaces, replaced))
                sh.add((replaced, _RDF.type, _SDO.EventSeries))
                sh.add((replaced, _SDO.name, _ja(earlier.name)))
                if earlier.name_en:
                    sh.add((replaced, _SDO.name, _en(earlier.name_en)))

    def _record(self) -> None:
        g, r, session = self.own, self.record, self.minutes.session
        source = self.minutes.source
        g.add((self.session, _SDO.recordedIn, r))
        g.add((r, _RDF.type, _SDO.DigitalDocument))
        g.add((r, _RDF.type, _PROV.Entity))
        g.add((r, _SDO.encodingFormat, _string(source.media_type)))
        g.add((r, _DCT.identifier, _string(source.sha256)))
        g.add((r, _SDO.about, self.session))
        if session.identifier:
            g.add((r, _SDO.identifier, _string(session.identifier)))
        if source.url:  # the page it was published at: every statement leads back to it
            g.add((r, _DCT.source, source.url))

    def _agenda(self) -> list[str]:
        items: list[str] = []
        for k, item in enumerate(self.minutes.agenda):
            a = str(f"{self.session}/agenda/{k}")
            g = self.own
            g.add((a, _RDF.type, _GKNS.AgendaItem))
            g.add((a, _SDO.superEvent, self.session))
            g.add((a, _SDO.position, _integer(k)))
            g.add((a, _SDO.name, _ja(item.title)))
            g.add((a, _GKNS.closed, _boolean(item.closed)))
            for presenter in item.presenters:
                agent, _ = self._actor(presenter)
                if agent is not None:
                    g.add((a, _SDO.performer, agent))
            items.append(a)
        return items

    def _statement(self, statement: Statement, agenda: list[str]) -> None:
        g = self.own
        st = str(f"{self.session}/statement/{statement.index}")
        g.add((st, _RDF.type, _GKNS.Statement))
        g.add((st, _SDO.text, _ja(statement.text)))
        normalized = nfkc(statement.text)
        if normalized != statement.text:
            g.add((st, _GKNS.normalizedText, _ja(normalized)))
        g.add((st, _SDO.position, _integer(statement.index)))
        g.add((st, _DCT.isPartOf, self.session))
        if statement.agenda_index is not None and statement.agenda_index < len(agenda):
            g.add((st, _GKNS.agendaItem, agenda[statement.agenda_index]))
        if statement.section:
            g.add((st, _GKNS.section, _ja(statement.section)))
        if statement.subsection:
            g.add((st, _GKNS.subsection, _ja(statement.subsection)))
        g.add((st, _GKNS.act, ACT_IRIS[statement.act]))
        if statement.replies_to is not None:
            g.add((st, _AS.inReplyTo, str(f"{self.session}/statement/{statement.replies_to}")))
        for topic in statement.topics:
            g.add((st, _DCT.subject, str(topic.iri)))
        if statement.speaker is not None:
            g.add((st, _GKNS.speakerLabel, _ja(statement.speaker.label)))
            if statement.speaker.evidence:
                g.add((st, _GKNS.evidence, _ja(statement.speaker.evidence)))
            agent, post = self._actor(statement.speaker)
            if agent is not None:
                g.add((st, _SDO.creator, agent))
            if post is not None:
                g.add((st, _GKNS.spokenAs, post))
        self._provenance(st, statement)

    def _provenance(self, st: str, statement: Statement) -> None:
        """Link a statement to the span of this source document it was read from."""
        g = self.own
        # One span resource per source document: the same session read from a PDF and from
        # an HTML page gives one statement with two spans. IRIs, not blank nodes, so that
        # building twice gives the identical graph.
        source = str(f"{st}/source/{self.minutes.source.sha256[:16]}")
        g.add((st, _PROV.wasDerivedFrom, source))
        g.add((source, _RDF.type, _OA.SpecificResource))
        g.add((source, _OA.hasSource, self.record))
        position, quote = str(f"{source}/position"), str(f"{source}/quote")
        start, end = statement.span
        g.add((source, _OA.hasSelector, position))
        g.add((position, _RDF.type, _OA.TextPositionSelector))
        g.add((position, _OA.start, _typed(str(start), _NON_NEGATIVE)))
        g.add((position, _OA.end, _typed(str(end), _NON_NEGATIVE)))
        g.add((source, _OA.hasSelector, quote))
        g.add((quote, _RDF.type, _OA.TextQuoteSelector))
        g.add((quote, _OA.exact, _string(statement.text)))

    def _actor(self, actor: Actor) -> tuple[str | None, str | None]:
        """Add an actor's organization, units, post and person; return (agent, post)."""
        sh = self.shared
        holder: str | None = None
        iri = actor.iri
        if iri is None and actor.organization:  # a body outside the registry: by its name
            iri = mint(self.base, "org", _slug(actor.organization))
        if iri:
            holder = str(iri)
            body = self.registry.find(actor.organization) if actor.organization else None
            if body is None and actor.organization:
                sh.add((holder, _RDF.type, _ORG.FormalOrganization))
                self._label(holder, actor.organization)
            if body is not None:
                sh.add((holder, _RDF.type, _ORG.FormalOrganization))
                sh.add((holder, _SKOS.prefLabel, _ja(body.name)))
                if body.name_en:
                    sh.add((holder, _SKOS.prefLabel, _en(body.name_en)))
                if body.code:
                    sh.add((holder, _ORG.identifier, _string(body.code)))
                if body.wikidata:
                    wikidata = f"http://www.wikidata.org/entity/{body.wikidata}"
                    sh.add((holder, _SDO.sameAs, str(wikidata)))
                if body.estat:
                    sh.add((holder, _RDFS.seeAlso, str(body.estat)))
        organization = holder
        for unit in actor.units:
            if organization is None or holder is None:
                break
            # Units nest under the body: 東京都 › デジタルサービス局 › 戦略部. org:unitOf names
            # the formal organization (its range), org:subOrganizationOf the parent unit.
            unit_iri = f"{holder}/unit/{_slug(unit)}"
            sh.add((unit_iri, _RDF.type, _ORG.OrganizationalUnit))
            self._label(unit_iri, unit)
            sh.add((unit_iri, _ORG.unitOf, organization))
            if holder != organization:
                sh.add((unit_iri, _ORG.subOrganizationOf, holder))
            holder = unit_iri
        post: str | None = None
        if actor.post and holder is not None:
            path = str(holder).split("/id/org/", 1)[1]
            post = mint(self.base, "post", *path.split("/"), _slug(actor.post))
            sh.add((post, _RDF.type, _ORG.Post))
            self._label(post, actor.post)
            sh.add((post, _ORG.postIn, holder))
        person = self._person(actor)
        if person is not None and post is not None:
            sh.add((post, _ORG.heldBy, person))
        return (person or organization), post

    def _label(self, iri: str, printed: str) -> None:
        """Label a node minted from a label: its stored form, and the printed one beside it."""
        label = canonical_label(printed)
        self.shared.add((iri, _SKOS.prefLabel, _ja(label)))
        if printed != label:
            self.shared.add((iri, _SKOS.altLabel, _ja(printed)))

    def _person(self, actor: Actor) -> str | None:
        """Add the person an actor names, when the full name is known; return its IRI.

        The stored name folds the variants DESIGN lists (髙橋 → 高橋, 渡邊 → 渡辺), and the IRI
        comes from that name, so printings of one name meet in one node with one name; the
        printed form is kept as an altLabel.
        """
        if not actor.person or actor.person_is_surname:
            return None
        name = canonical_name(actor.person)
        # Identity follows the stored name, so that one node never gets two names: the DESIGN
        # variants meet (髙橋/高橋, 渡邊/渡邉), wider ones such as 櫻井/桜井 stay apart.
        person = str(person_iri(self.base, label_slug(name, key=name)))
        sh = self.shared
        sh.add((person, _RDF.type, _FOAF.Person))
        sh.add((person, _FOAF.name, _ja(name)))
        if actor.person != name:
            sh.add((person, _SKOS.altLabel, _ja(actor.person)))
        return person


def _slug(printed: str) -> str:
    """The IRI slug of a label: from its stored form, so a node has one preferred label."""
    label = canonical_label(printed)
    return label_slug(label, key=label)


def map_minutes(
    minutes: Minutes,
    base_iri: str,
    registry: Registry,
    aligned: dict[int, int] | None = None,
) -> Mapped:
    """Return the RDF of one extracted record: its own graph and the shared entities.

    Args:
        minutes: the extracted record.
        base_iri: the base under which data IRIs are minted.
        registry: bodies and series, for the organizations' descriptions.
        aligned: when the record is a second source of a session already mapped from another
            source, the index of each of its statements in that primary source; only the
            document and the spans are then mapped, so statements are not doubled.
    """
    return _Mapper(minutes, base_iri, registry).run(aligned)
