"""Read the graph once for the site: triples by subject and by object, kinds, labels, order.

Every page needs its resource's triples, the triples that point at it and the labels of
everything it links to. One query per resource would take hours at 100k statements, so the
whole graph is read once (the N-Triples the dump is made of) and grouped here in Python.

Provenance nodes (the ``oa:SpecificResource`` of a statement and its selectors) and hash IRIs
(``…/void#turtle``) get no page of their own: they are *dependents*, described on the page
of the resource that owns them, under an anchor.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.namespaces import GK, SCHEMA, normalize_base

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
OA = "http://www.w3.org/ns/oa#"
DCT = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"

# rdf:type → kind of page, first match wins (an agenda item is also a schema:Event).
KINDS: tuple[tuple[str, str], ...] = (
    (GK + "Statement", "statement"),
    (GK + "AgendaItem", "agenda"),
    (SCHEMA + "EventSeries", "series"),
    (SCHEMA + "Event", "session"),
    (ORG + "FormalOrganization", "organization"),
    (ORG + "OrganizationalUnit", "unit"),
    (ORG + "Post", "post"),
    (FOAF + "Person", "person"),
    (SKOS + "ConceptScheme", "scheme"),
    (SKOS + "Concept", "topic"),
    (SCHEMA + "DigitalDocument", "record"),
    (VOID + "Dataset", "dataset"),
)
KIND_LABELS = {
    "series": ("会議シリーズ", "Meeting series"),
    "session": ("会議", "Session"),
    "agenda": ("議題", "Agenda item"),
    "statement": ("発言", "Statement"),
    "organization": ("団体", "Organization"),
    "unit": ("部署", "Organizational unit"),
    "post": ("職", "Post"),
    "person": ("人物", "Person"),
    "topic": ("話題", "Topic"),
    "scheme": ("話題の体系", "Concept scheme"),
    "record": ("会議記録", "Source record"),
    "dataset": ("データセット", "Dataset"),
    "other": ("資源", "Resource"),
}
DEPENDENT_TYPES = frozenset(
    {OA + "SpecificResource", OA + "TextPositionSelector", OA + "TextQuoteSelector"}
)
LABEL_PREDICATES = (
    SKOS + "prefLabel",
    SCHEMA + "name",
    FOAF + "name",
    RDFS + "label",
    DCT + "title",
)
# A site path: ASCII letters, digits and -._~ in /-separated segments, none of them dots only.
_SAFE_PATH = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*")
_LANG_RANK = {"ja": 0, "": 1, "en": 2}


@dataclass
class Resource:
    """A resource that gets a page: its IRI, site path (no extension), kind and triples.

    ``triples`` holds its own triples and then its dependents'; ``dependents`` their IRIs.
    """

    iri: str
    path: str
    kind: str
    triples: list[ox.Triple] = field(default_factory=list)
    dependents: list[str] = field(default_factory=list)

    @property
    def root(self) -> str:
        """The relative path from this page's folder to the site's root (``../../``)."""
        return "../" * self.path.count("/")


@dataclass
class SiteGraph:
    """The graph grouped for publishing (see the module docstring)."""

    base_iri: str
    subjects: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    inbound: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    resources: dict[str, Resource] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # dependent IRI → owner IRI
    labels: dict[str, str] = field(default_factory=dict)
    labels_en: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # IRIs under the base with no safe path
    triple_count: int = 0  # of the data (the vocabulary's are not counted below either)
    predicates: set[str] = field(default_factory=set)
    class_counts: Counter[str] = field(default_factory=Counter)
    link_counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (predicate, host)
    data_subjects: int = 0
    sort_keys: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def add(self, triples: Iterable[ox.Triple], *, inbound: bool = True) -> None:
        """Group ``triples`` by subject (and by IRI object, for inbound links)."""
        subjects, back = self.subjects, self.inbound
        before = len(subjects)
        for triple in triples:
            subject, obj = triple.subject, triple.object
            key = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
            subjects[key].append(triple)
            if (
                inbound
                and isinstance(obj, ox.NamedNode | ox.BlankNode)
                and triple.predicate.value != RDF_TYPE
            ):
                name = obj.value if isinstance(obj, ox.NamedNode) else str(obj)
                back[name].append((key, triple.predicate.value))
            if inbound:
                self.triple_count += 1
                predicate = triple.predicate.value
                self.predicates.add(predicate)
                if predicate == RDF_TYPE:
                    self.class_counts[str(getattr(obj, "value", obj))] += 1
                elif isinstance(obj, ox.NamedNode) and not obj.value.startswith(self.base_iri):
                    host = obj.value.split("/", 3)[2] if "://" in obj.value else ""
                    self.link_counts[(predicate, host)] += 1
        if inbound:
            self.data_subjects += len(subjects) - before

    def add_page(self, iri: str, kind: str, triples: list[ox.Triple]) -> Resource:
        """Add a page made outside the data (the dataset description); ``iri#…`` are its parts."""
        path = self.site_path(iri)
        if path is None:
            raise ValueError(f"{iri} is not under {self.base_iri}")
        self.add(triples, inbound=False)
        resource = Resource(iri, path, kind, list(self.subjects[iri]))
        for subject in sorted(self.subjects):
            if subject.startswith(iri + "#"):
                resource.dependents.append(subject)
                resource.triples.extend(self.subjects[subject])
                self.owners[subject] = iri
        self.resources[iri] = resource
        label, english = _best(
            [t.object for t in self.subjects[iri] if t.predicate.value == DCT + "title"]  # type: ignore[misc]
        )
        if label:
            self.labels[iri] = label
        if english:
            self.labels_en[iri] = english
        return resource

    def values(self, iri: str, predicate: str) -> list[Any]:
        """Return the objects of ``iri``'s own triples with ``predicate``."""
        return [t.object for t in self.subjects.get(iri, ()) if t.predicate.value == predicate]

    def first(self, iri: str, predicate: str) -> str | None:
        """Return the value of the first object of ``predicate``, or None."""
        found = self.values(iri, predicate)
        return found[0].value if found else None

    def types(self, iri: str) -> set[str]:
        """Return the rdf:types of ``iri``."""
        return {o.value for o in self.values(iri, RDF_TYPE)}

    def site_path(self, iri: str) -> str | None:
        """Return the site path of an IRI under the base (``id/session/x/2``), or None."""
        if not iri.startswith(self.base_iri):
            return None
        rest = iri[len(self.base_iri) :]
        return rest if _SAFE_PATH.fullmatch(rest) else None

    def label(self, iri: str) -> str:
        """Return the display label of ``iri`` (Japanese first), or its last path segment."""
        return self.labels.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def kind(self, iri: str) -> str:
        """Return the kind of page ``iri`` has, or ``other``."""
        resource = self.resources.get(iri)
        return resource.kind if resource else "other"


def build_site_graph(
    data: Iterable[ox.Triple], base_iri: str, vocabulary: Iterable[ox.Triple] = ()
) -> SiteGraph:
    """Group the data's triples (and the topic and act schemes') and decide the pages.

    Args:
        data: every triple of the dataset (the union of its graphs).
        base_iri: the base the data's IRIs are minted under; only IRIs under it get pages.
        vocabulary: the triples of the concept schemes the data refers to (topics, acts),
            used to describe their concepts; they add no inbound links.
    """
    graph = SiteGraph(normalize_base(base_iri))
    graph.add(data)
    count = graph.triple_count
    described = set(graph.subjects)  # kg build stores the schemes: no second copy of them
    graph.add(
        (t for t in vocabulary if getattr(t.subject, "value", None) not in described),
        inbound=False,
    )
    graph.triple_count = count
    _find_resources(graph)
    _label_all(graph)
    return graph


def _find_resources(graph: SiteGraph) -> None:
    """Decide which subjects get a page and which are described on their owner's page."""
    dependents: set[str] = set()
    hashed: list[str] = []
    for subject, triples in graph.subjects.items():
        types = {
            t.object.value
            for t in triples
            if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
        }
        if types & DEPENDENT_TYPES:
            dependents.add(subject)
            continue
        if "#" in subject[len(graph.base_iri) :]:
            hashed.append(subject)
            continue
        path = graph.site_path(subject)
        if path is None:
            if subject.startswith(graph.base_iri):
                graph.skipped.append(subject)
            continue
        kind = next((k for t, k in KINDS if t in types), "other")
        graph.resources[subject] = Resource(subject, path, kind, list(triples))
    # a hash IRI belongs to the page of the IRI before the hash, if there is one
    dependents.update(s for s in hashed if s.split("#", 1)[0] in graph.resources)
    for subject in sorted(dependents):  # attach to the owner: the resource pointing at it
        owner = _owner(graph, subject, dependents)
        if owner is None:
            continue
        graph.owners[subject] = owner
        resource = graph.resources[owner]
        resource.dependents.append(subject)
        resource.triples.extend(graph.subjects[subject])


def _owner(graph: SiteGraph, iri: str, dependents: set[str]) -> str | None:
    """Follow inbound links (or the IRI before ``#``) from a dependent to a page resource."""
    seen = {iri}
    current = iri
    while True:
        if "#" in current:
            candidate = current.split("#", 1)[0]
            if candidate in graph.resources:
                return candidate
        pointers = [s for s, _ in graph.inbound.get(current, ()) if s not in seen]
        if not pointers:
            return None
        current = pointers[0]
        if current in graph.resources:
            return current
        if current not in dependents:
            return None
        seen.add(current)


def _best(values: list[ox.Literal]) -> tuple[str | None, str | None]:
    """Return the best label (Japanese, plain, English, other) and the English one."""
    if not values:
        return None, None
    ranked = sorted(values, key=lambda v: (_LANG_RANK.get(v.language or "", 3), v.value))
    english = next((v.value for v in ranked if v.language == "en"), None)
    return ranked[0].value, english


def _label_all(graph: SiteGraph) -> None:
    """Give every subject a display label; posts and units name their organization too."""
    raw: dict[str, str] = {}
    for subject, triples in graph.subjects.items():
        for predicate in LABEL_PREDICATES:
            literals = [
                t.object
                for t in triples
                if t.predicate.value == predicate and isinstance(t.object, ox.Literal)
            ]
            if literals:
                best, english = _best(literals)
                if best:
                    raw[subject] = best
                if english:
                    graph.labels_en[subject] = english
                break
    graph.labels.update(raw)
    for dependent in graph.owners:
        start = graph.first(dependent, OA + "start")
        if OA + "SpecificResource" in graph.types(dependent):
            graph.labels.setdefault(dependent, "出典の箇所")
        elif start is not None:
            graph.labels.setdefault(
                dependent, f"文字位置 {start}–{graph.first(dependent, OA + 'end')}"
            )
        elif OA + "TextQuoteSelector" in graph.types(dependent):
            graph.labels.setdefault(dependent, "引用")
    for iri, resource in graph.resources.items():
        if resource.kind in ("post", "unit"):
            graph.labels[iri] = _qualified(graph, raw, iri, 0)
        elif resource.kind == "statement":
            graph.labels[iri] = _statement_label(graph, iri)
        elif resource.kind == "record":
            graph.labels[iri] = _record_label(graph, raw, iri)


def _qualified(graph: SiteGraph, raw: dict[str, str], iri: str, depth: int) -> str:
    """``東京都 デジタルサービス局 戦略部長``: a post or unit after what it belongs to."""
    own = raw.get(iri, graph.label(iri))
    parent = graph.first(iri, ORG + "postIn") or graph.first(iri, ORG + "unitOf")
    if parent is None or depth > 8:
        return own
    return f"{_qualified(graph, raw, parent, depth + 1)} {own}"


def _statement_label(graph: SiteGraph, iri: str) -> str:
    """``国分寺市「ガバメントクラウドの実態が…」``: the speaker as printed and the text's start."""
    speaker = graph.first(iri, GK + "speakerLabel") or "発言者なし"
    text = graph.first(iri, SCHEMA + "text") or ""
    snippet = text if len(text) <= 40 else text[:40] + "…"
    return f"{speaker}「{snippet}」"


def _record_label(graph: SiteGraph, raw: dict[str, str], iri: str) -> str:
    """``第二回 … の記録``: a source record after the session it records."""
    session = graph.first(iri, SCHEMA + "about")
    if session and session in raw:
        return f"{raw[session]}（記録）"
    ident = graph.first(iri, SCHEMA + "identifier") or iri.rsplit("/", 1)[-1]
    return f"会議記録 {ident}"


def sort_key(graph: SiteGraph, iri: str) -> tuple[str, int, str]:
    """Order for lists: by date, then position (statements and agenda items), then label."""
    date = graph.first(iri, SCHEMA + "startDate") or ""
    whole = graph.first(iri, DCT + "isPartOf") or graph.first(iri, SCHEMA + "superEvent")
    if not date and whole:
        date = graph.first(whole, SCHEMA + "startDate") or ""
    position = graph.first(iri, SCHEMA + "position")
    try:
        number = int(position) if position is not None else -1
    except ValueError:
        number = -1
    return date, number, graph.label(iri)
