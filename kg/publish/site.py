"""The site around the resource pages: index and search data, vocabulary documentation (the
``def`` page the ``gk:`` namespace resolves to), the IRI-scheme page, assets and web-server rules.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.namespaces import GK
from kg.publish.formats import jsonld_bytes, to_jsonld, to_ntriples, to_turtle
from kg.publish.graph import KIND_LABELS, SiteGraph, sort_key
from kg.resources import resource_path

if TYPE_CHECKING:
    from jinja2 import Environment

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ONTOLOGY_FILES = ("gijiroku.ttl", "topics.ttl", "acts.ttl", "context.jsonld", "void-shapes.ttl")
LISTED_KINDS = ("series", "session", "organization", "person", "topic")
SERVER_FILES = {"htaccess": ".htaccess", "nginx.conf": "nginx.conf"}
# What the IRI-scheme page explains: the path pattern of each kind, in DESIGN's words.
IRI_PATTERNS = (
    ("series", "id/series/{series}", "会議シリーズ（登録簿の識別子）"),
    ("session", "id/session/{series}/{n}", "第n回の会議（回がなければ日付）"),
    ("agenda", "id/session/{series}/{n}/agenda/{k}", "会議のk番目の議題"),
    ("statement", "id/session/{series}/{n}/statement/{k}", "会議のk番目の発言（0から）"),
    ("record", "id/record/{sha256の先頭16桁}", "出典の会議記録（内容のハッシュ）"),
    (
        "organization",
        "id/org/lg/{団体コード6桁} ・ id/org/{slug}",
        "自治体は全国地方公共団体コード",
    ),
    ("unit", "id/org/{団体}/unit/{slug}", "部署"),
    ("post", "id/post/{団体・部署}/{slug}", "職（在職者によらない）"),
    ("person", "id/person/{ローマ字氏名}-{hash}", "人物"),
    ("topic", "id/topic/{slug}", "話題（topics.ttl の概念）"),
)


@dataclass
class Vocabulary:
    """The ontology and concept schemes, read for documentation and for page labels."""

    triples: list[ox.Triple]
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    terms: frozenset[str] = frozenset()


def read_vocabulary() -> tuple[Vocabulary, list[ox.Triple]]:
    """Read ontology/gijiroku.ttl, topics.ttl and acts.ttl.

    Returns:
        the vocabulary (all three files) and the concept schemes' triples (topics and acts),
        which describe the concepts the data's statements point at.
    """
    parsed = {
        name: list(ox.parse(path=str(resource_path("ontology", name)), format=ox.RdfFormat.TURTLE))
        for name in ("gijiroku.ttl", "topics.ttl", "acts.ttl")
    }
    every = [q.triple for quads in parsed.values() for q in quads]
    found: dict[str, dict[str, str]] = {}
    for t in every:
        if t.predicate.value in (RDFS + "label", SKOS + "prefLabel") and isinstance(
            t.object, ox.Literal
        ):
            found.setdefault(t.subject.value, {}).setdefault(
                t.object.language or "", t.object.value
            )
    labels = {
        s: (v.get("ja") or v.get("en") or "", v.get("en") or v.get("ja") or "")
        for s, v in found.items()
    }
    terms = frozenset(
        t.subject.value
        for t in every
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(GK)
    )
    schemes = [q.triple for name in ("topics.ttl", "acts.ttl") for q in parsed[name]]
    return Vocabulary(every, labels, terms), schemes


def copy_assets(out_dir: Path) -> None:
    """Copy the CSS, the search script, the ontology files and the web-server rules."""
    assets = out_dir / "assets"
    shutil.copytree(resource_path("viz", "publish", "assets"), assets, dirs_exist_ok=True)
    ontology = out_dir / "ontology"
    ontology.mkdir(exist_ok=True)
    for name in ONTOLOGY_FILES:
        shutil.copyfile(resource_path("ontology", name), ontology / name)
    for source, target in SERVER_FILES.items():
        shutil.copyfile(resource_path("viz", "publish", "server", source), out_dir / target)


def write_search_data(graph: SiteGraph, out_dir: Path) -> int:
    """Write ``search-data.js``: ``[label, English label, kind, path]`` of every page."""
    rows = [
        [graph.label(iri), graph.labels_en.get(iri, ""), KIND_LABELS[r.kind][0], r.path]
        for iri, r in graph.resources.items()
    ]
    rows.sort(key=lambda row: (row[2] == "発言", row[0]))
    text = "window.KG_LABELS = " + json.dumps(rows, ensure_ascii=False) + ";\n"
    (out_dir / "search-data.js").write_text(text, encoding="utf-8")
    return len(rows)


def write_index(env: Environment, graph: SiteGraph, out_dir: Path, context: dict[str, Any]) -> None:
    """Write ``index.html``: counts, search, the lists of sessions, bodies, people, topics."""
    counts = Counter(r.kind for r in graph.resources.values())
    lists = {}
    for kind in LISTED_KINDS:
        members = [iri for iri, r in graph.resources.items() if r.kind == kind]
        members.sort(key=lambda iri: sort_key(graph, iri))
        lists[kind] = [
            {
                "href": graph.resources[iri].path + ".html",
                "label": graph.label(iri),
                "en": graph.labels_en.get(iri),
                "date": graph.first(iri, "http://schema.org/startDate") or "",
                "mentions": len(graph.inbound.get(iri, ())),
            }
            for iri in members
        ]
    kinds = [
        {"ja": KIND_LABELS[k][0], "en": KIND_LABELS[k][1], "count": n}
        for k, n in sorted(counts.items(), key=lambda kv: -kv[1])
    ]
    page = env.get_template("index.html").render(root="", kinds=kinds, lists=lists, **context)
    (out_dir / "index.html").write_text(page, encoding="utf-8")


def write_iri_scheme(
    env: Environment, graph: SiteGraph, out_dir: Path, context: dict[str, Any]
) -> None:
    """Write ``iri-scheme.html``: how IRIs are made, with an example of each kind."""
    examples: dict[str, str] = {}
    for iri in sorted(graph.resources, key=lambda i: sort_key(graph, i)):
        examples.setdefault(graph.resources[iri].kind, iri)
    rows = [
        {
            "kind": KIND_LABELS[kind][0],
            "en": KIND_LABELS[kind][1],
            "pattern": pattern,
            "note": note,
            "example": examples.get(kind),
            "href": graph.resources[examples[kind]].path if kind in examples else None,
        }
        for kind, pattern, note in IRI_PATTERNS
    ]
    page = env.get_template("iri-scheme.html").render(root="", rows=rows, **context)
    (out_dir / "iri-scheme.html").write_text(page, encoding="utf-8")


def write_vocabulary_docs(
    env: Environment,
    graph: SiteGraph,
    vocabulary: Vocabulary,
    out_dir: Path,
    context: dict[str, Any],
) -> None:
    """Write ``def.html`` (and ``def.ttl``, ``.nt``, ``.jsonld``): the vocabulary documented.

    The namespace ``https://w3id.org/gijiroku/def#`` resolves to this page, each term to its
    anchor (``def.html#Statement``); the data files hold gijiroku.ttl and acts.ttl.
    """
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL as OWLNS
    from rdflib.namespace import RDF, SKOS

    rdf = Graph()
    for name in ("gijiroku.ttl", "acts.ttl", "topics.ttl"):
        rdf.parse(resource_path("ontology", name), format="turtle")

    def text(subject: Any, predicate: Any, language: str) -> str:
        values = [
            str(v)
            for v in rdf.objects(subject, predicate)
            if getattr(v, "language", None) == language
        ]
        return values[0] if values else ""

    def notes(subject: Any) -> list[dict[str, str]]:
        found = []
        for axiom in rdf.subjects(OWLNS.annotatedSource, subject):
            target = rdf.value(axiom, OWLNS.annotatedTarget)
            prop = rdf.value(axiom, OWLNS.annotatedProperty)
            found.append(
                {
                    "property": rdf.namespace_manager.normalizeUri(str(prop)),
                    "target": str(target),
                    "ja": text(axiom, URIRef(RDFS + "comment"), "ja"),
                    "en": text(axiom, URIRef(RDFS + "comment"), "en"),
                }
            )
        return sorted(found, key=lambda n: (n["property"], n["target"]))

    def term(subject: Any) -> dict[str, Any]:
        def iris(predicate: str) -> list[str]:
            return sorted(
                str(o) for o in rdf.objects(subject, URIRef(predicate)) if isinstance(o, URIRef)
            )

        return {
            "id": str(subject)[len(GK) :],
            "iri": str(subject),
            "ja": text(subject, URIRef(RDFS + "label"), "ja")
            or text(subject, SKOS.prefLabel, "ja"),
            "en": text(subject, URIRef(RDFS + "label"), "en")
            or text(subject, SKOS.prefLabel, "en"),
            "comment_ja": text(subject, URIRef(RDFS + "comment"), "ja")
            or text(subject, SKOS.definition, "ja"),
            "comment_en": text(subject, URIRef(RDFS + "comment"), "en")
            or text(subject, SKOS.definition, "en"),
            "parents": iris(RDFS + "subClassOf"),
            "domain": iris(RDFS + "domain"),
            "range": iris(RDFS + "range"),
            "close": iris(SKOS + "closeMatch") + iris(SKOS + "exactMatch"),
            "see_also": iris(RDFS + "seeAlso"),
            "notes": notes(subject),
        }

    def of_type(*types: Any) -> list[dict[str, Any]]:
        found = {s for t in types for s in rdf.subjects(RDF.type, t) if isinstance(s, URIRef)}
        return [term(s) for s in sorted(found) if str(s).startswith(GK)]

    ontology = URIRef(GK.rstrip("#"))
    schemes = []
    for scheme in sorted(
        s for s in rdf.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)
    ):
        concepts = sorted(
            (c for c in rdf.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
            key=lambda c: (text(c, SKOS.prefLabel, "ja"), str(c)),
        )
        rows = []
        for concept in concepts:
            entry = term(concept)
            page = graph.resources.get(str(concept))
            entry["href"] = page.path + ".html" if page else None
            entry["broader"] = [
                {"iri": str(b), "label": text(b, SKOS.prefLabel, "ja") or str(b)}
                for b in rdf.objects(concept, SKOS.broader)
            ]
            entry["alt"] = sorted(str(a) for a in rdf.objects(concept, SKOS.altLabel))
            entry["uses"] = len(graph.inbound.get(str(concept), ()))
            entry["id"] = (
                entry["id"]
                if str(concept).startswith(GK)
                else "c-" + str(concept).rsplit("/", 1)[-1]
            )
            rows.append(entry)
        schemes.append(
            {
                "iri": str(scheme),
                "title_ja": text(scheme, URIRef(DCT + "title"), "ja"),
                "title_en": text(scheme, URIRef(DCT + "title"), "en"),
                "description_ja": text(scheme, URIRef(DCT + "description"), "ja"),
                "concepts": rows,
            }
        )
    context = {**context, "root": ""}
    html = env.get_template("def.html").render(
        title_ja=text(ontology, URIRef(DCT + "title"), "ja"),
        title_en=text(ontology, URIRef(DCT + "title"), "en"),
        reused_en=text(ontology, URIRef(RDFS + "comment"), "en"),
        classes=of_type(OWLNS.Class),
        properties=of_type(OWLNS.ObjectProperty, OWLNS.DatatypeProperty, OWLNS.AnnotationProperty),
        schemes=schemes,
        **{
            **context,
            "description_ja": text(ontology, URIRef(DCT + "description"), "ja"),
            "description_en": text(ontology, URIRef(DCT + "description"), "en"),
        },
    )
    (out_dir / "def.html").write_text(html, encoding="utf-8")
    own = [
        q.triple
        for name in ("gijiroku.ttl", "acts.ttl")
        for q in ox.parse(path=str(resource_path("ontology", name)), format=ox.RdfFormat.TURTLE)
    ]
    (out_dir / "def.ttl").write_bytes(to_turtle(own))
    (out_dir / "def.nt").write_bytes(to_ntriples(own))
    (out_dir / "def.jsonld").write_bytes(jsonld_bytes(to_jsonld(own)))
