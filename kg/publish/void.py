"""The dataset described in VoID and DCAT 3: what it holds, where to get it, who and when.

Nothing is asserted that is not known: a publisher, licence and SPARQL endpoint only when
given (the sources' terms vary, so no licence by default); the sources' URLs come from the
data (``dcterms:source`` of the records); counts and dates from the graph itself.
``ontology/void-shapes.ttl`` holds the SHACL shapes this description conforms to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from kg.errors import UsageError
from kg.namespaces import SCHEMA
from kg.publish.dumps import Dump
from kg.publish.graph import DCAT, DCT, RDF_TYPE, VOID, SiteGraph

FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS = "http://www.w3.org/ns/formats/"
EXAMPLE_KINDS = ("session", "statement", "person", "organization", "topic")
# Outbound link targets counted as linksets: (predicate, host) → target name and URI space.
LINK_TARGETS = {
    "www.wikidata.org": ("wikidata", "Wikidata", "http://www.wikidata.org/entity/"),
    "data.e-stat.go.jp": ("estat", "e-Stat 統計LOD", "http://data.e-stat.go.jp/lod/sac/"),
}
VOCABULARIES = (
    SCHEMA,
    "http://www.w3.org/ns/org#",
    FOAF,
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    DCT,
    "https://www.w3.org/ns/activitystreams#",
    "http://www.w3.org/ns/oa#",
    "https://w3id.org/gijiroku/def#",
)


def _iri(value: str, option: str) -> ox.NamedNode:
    if not value.startswith(("http://", "https://")):
        raise UsageError(f"{option} {value!r}: give an http(s) IRI")
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise UsageError(f"{option} {value!r}: not an IRI ({error})") from error


@dataclass(frozen=True)
class DatasetOptions:
    """What the publisher states about the dataset (none of it is assumed)."""

    title_ja: str = "議事録ナレッジグラフ"
    title_en: str = "Gijiroku knowledge graph"
    publisher: str | None = None  # an IRI, or a name
    license: str | None = None  # an IRI
    sparql_endpoint: str | None = None  # an IRI

    def __post_init__(self) -> None:
        """Check the IRIs now, before anything is written."""
        if self.license:
            _iri(self.license, "--license")
        if self.sparql_endpoint:
            _iri(self.sparql_endpoint, "--sparql-endpoint")
        if self.publisher and self.publisher.startswith(("http://", "https://")):
            _iri(self.publisher, "--publisher")


def describe_dataset(
    graph: SiteGraph, dumps: list[Dump], options: DatasetOptions, *, today: str | None = None
) -> list[ox.Triple]:
    """Return the VoID + DCAT 3 description of the dataset as triples.

    Raises:
        UsageError: the licence, endpoint or publisher IRI is not an http(s) IRI.
    """
    base = graph.base_iri
    dataset = ox.NamedNode(base + "void")
    part = lambda name: ox.NamedNode(f"{base}void#{name}")  # noqa: E731
    ja = lambda text: ox.Literal(text, language="ja")  # noqa: E731
    en = lambda text: ox.Literal(text, language="en")  # noqa: E731
    integer = lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))  # noqa: E731
    date = lambda d: ox.Literal(d, datatype=ox.NamedNode(XSD + "date"))  # noqa: E731
    p = lambda iri: ox.NamedNode(iri)  # noqa: E731
    out: list[ox.Triple] = []
    add = lambda s, pred, o: out.append(ox.Triple(s, p(pred), o))  # noqa: E731

    add(dataset, RDF_TYPE, p(VOID + "Dataset"))
    add(dataset, RDF_TYPE, p(DCAT + "Dataset"))
    add(dataset, DCT + "title", ja(options.title_ja))
    add(dataset, DCT + "title", en(options.title_en))
    add(
        dataset,
        DCT + "description",
        ja(
            "日本の公的機関の会議記録から、誰が、どの会議で、どの話題について何を述べたかを表す知識グラフ。"
        ),
    )
    add(
        dataset,
        DCT + "description",
        en(
            "Who said what, about which topic, in which meeting: a knowledge graph of Japanese "
            "public-sector meeting records."
        ),
    )
    add(dataset, DCT + "modified", date(today or datetime.now(UTC).date().isoformat()))
    add(dataset, DCT + "language", p("http://id.loc.gov/vocabulary/iso639-1/ja"))
    for keyword in ("議事録", "会議録", "自治体DX"):
        add(dataset, DCAT + "keyword", ja(keyword))
    add(dataset, DCAT + "keyword", en("meeting minutes"))
    add(dataset, DCAT + "landingPage", p(base + "index.html"))
    add(dataset, VOID + "uriSpace", ox.Literal(base + "id/"))
    add(dataset, VOID + "triples", integer(graph.triple_count))
    add(
        dataset,
        VOID + "entities",
        integer(sum(1 for r in graph.resources.values() if r.kind != "dataset")),
    )
    add(dataset, VOID + "distinctSubjects", integer(graph.data_subjects))
    add(dataset, VOID + "properties", integer(len(graph.predicates)))
    add(dataset, VOID + "classes", integer(len(graph.class_counts)))
    for vocabulary in VOCABULARIES:
        add(dataset, VOID + "vocabulary", p(vocabulary))
    for n, (cls, count) in enumerate(sorted(graph.class_counts.items()), 1):
        node = part(f"class-{n}")
        add(dataset, VOID + "classPartition", node)
        add(node, VOID + "class", p(cls))
        add(node, VOID + "entities", integer(count))
    examples: dict[str, str] = {}
    for iri, resource in sorted(graph.resources.items()):
        examples.setdefault(resource.kind, iri)
    for kind in EXAMPLE_KINDS:
        if kind in examples:
            add(dataset, VOID + "exampleResource", p(examples[kind]))
    sources = sorted(
        {
            o.value
            for r in graph.resources.values()
            if r.kind == "record"
            for o in graph.values(r.iri, DCT + "source")
            if isinstance(o, ox.NamedNode)
        }
    )
    for url in sources:
        add(dataset, DCT + "source", p(url))
    dates = sorted(
        (graph.first(iri, SCHEMA + "startDate") or "")[:10]
        for iri, r in graph.resources.items()
        if r.kind == "session"
    )
    dates = [d for d in dates if len(d) == 10]
    if dates:
        period = part("temporal")
        add(dataset, DCT + "temporal", period)
        add(period, RDF_TYPE, p(DCT + "PeriodOfTime"))
        add(period, DCAT + "startDate", date(dates[0]))
        add(period, DCAT + "endDate", date(dates[-1]))
    feature = {"turtle": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "trig": "TriG"}
    for dump in dumps:
        node = part("dump-" + dump.fmt)
        download = p(base + dump.path)
        add(dataset, VOID + "dataDump", download)
        add(dataset, VOID + "feature", p(FORMATS + feature[dump.fmt]))
        add(dataset, DCAT + "distribution", node)
        add(node, RDF_TYPE, p(DCAT + "Distribution"))
        add(node, DCT + "title", en(dump.title))
        add(node, DCAT + "downloadURL", download)
        add(node, DCAT + "accessURL", download)
        add(node, DCAT + "mediaType", p(IANA + dump.media_type))
        add(
            node,
            DCAT + "byteSize",
            ox.Literal(str(dump.size), datatype=p(XSD + "nonNegativeInteger")),
        )
        if dump.compressed:
            add(node, DCAT + "compressFormat", p(IANA + "application/gzip"))
        if options.license:
            add(node, DCT + "license", _iri(options.license, "--license"))
    for (predicate, host), count in sorted(graph.link_counts.items()):
        if host not in LINK_TARGETS:
            continue
        name, title, space = LINK_TARGETS[host]
        target, linkset = (
            part(name),
            part(f"links-{name}-{predicate.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}"),
        )
        add(dataset, VOID + "subset", linkset)
        add(linkset, RDF_TYPE, p(VOID + "Linkset"))
        add(linkset, VOID + "subjectsTarget", dataset)
        add(linkset, VOID + "objectsTarget", target)
        add(linkset, VOID + "linkPredicate", p(predicate))
        add(linkset, VOID + "triples", integer(count))
        add(target, RDF_TYPE, p(VOID + "Dataset"))
        add(target, DCT + "title", ja(title))
        add(target, VOID + "uriSpace", ox.Literal(space))
    if options.license:
        add(dataset, DCT + "license", _iri(options.license, "--license"))
    if options.publisher:
        if options.publisher.startswith(("http://", "https://")):
            publisher = _iri(options.publisher, "--publisher")
        else:
            publisher = part("publisher")
            add(publisher, FOAF + "name", ox.Literal(options.publisher))
        add(dataset, DCT + "publisher", publisher)
        add(publisher, RDF_TYPE, p(FOAF + "Agent"))
    if options.sparql_endpoint:
        endpoint = _iri(options.sparql_endpoint, "--sparql-endpoint")
        service = part("sparql")
        add(dataset, VOID + "sparqlEndpoint", endpoint)
        add(dataset, DCAT + "accessService", service)
        add(service, RDF_TYPE, p(DCAT + "DataService"))
        add(service, DCAT + "endpointURL", endpoint)
        add(service, DCAT + "servesDataset", dataset)
        add(service, DCT + "conformsTo", p("https://www.w3.org/TR/sparql11-protocol/"))
    return out
