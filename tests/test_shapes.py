"""The SHACL shapes and the OWL ontology of ontology/: cases, coverage of the mapping table.

``tests/data/shapes/valid.ttl`` is a small graph that conforms and gives every shape something
to check. Each ``*.ru`` file beside it is a SPARQL Update applied to a copy of that graph; its
``# expect:`` lines name the results validation must give (focus node and source shape), or
``conforms``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SH, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.resources import resource_path

CASES_DIR = Path(__file__).resolve().parent / "data" / "shapes"
ONTOLOGY = resource_path("ontology", "gijiroku.ttl")
SHAPES = resource_path("ontology", "shapes.ttl")
MAPPING = resource_path("ontology", "README.md")

BASE = "https://w3id.org/gijiroku/id/"
ONTOLOGY_IRI = URIRef("https://w3id.org/gijiroku/def")
PREFIXES = {
    "gk": "https://w3id.org/gijiroku/def#",
    "gks": "https://w3id.org/gijiroku/shapes#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "as": "https://www.w3.org/ns/activitystreams#",
    "oa": "http://www.w3.org/ns/oa#",
}
GKS = Namespace(PREFIXES["gks"])
DCTERMS = Namespace(PREFIXES["dcterms"])
VANN = Namespace("http://purl.org/vocab/vann/")
PROLOGUE = f"BASE <{BASE}>\n" + "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Capitalized in the mapping table, yet members of an enumeration (individuals), not classes.
ENUMERATION_MEMBERS = {"schema:OnlineEventAttendanceMode", "schema:OfflineEventAttendanceMode"}


def expand(term: str) -> URIRef:
    """Return the IRI of ``<relative>`` (against the data base) or ``prefix:local``."""
    if term.startswith("<") and term.endswith(">"):
        return URIRef(urljoin(BASE, term[1:-1]))
    prefix, _, local = term.partition(":")
    return URIRef(PREFIXES[prefix] + local)


def curie(iri: Node) -> str:
    """Return ``prefix:local`` for IRIs in a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    return str(iri)


@dataclass(frozen=True)
class Case:
    """One SPARQL Update of the valid graph and the (focus node, source shape) results it gives."""

    path: Path
    expected: frozenset[tuple[URIRef, URIRef]]

    @classmethod
    def read(cls, path: Path) -> Case:
        expectations = [
            line.removeprefix("# expect:").strip()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# expect:")
        ]
        if not expectations:
            raise ValueError(f"{path.name}: no '# expect:' line")
        if expectations == ["conforms"]:
            return cls(path, frozenset())
        pairs = set()
        for expectation in expectations:
            focus, shape = expectation.split()
            pairs.add((expand(focus), expand(shape)))
        return cls(path, frozenset(pairs))

    def apply(self, graph: Graph) -> Graph:
        """Return a copy of ``graph`` with this case's update applied."""
        copy = Graph()
        copy += graph
        # rdflib reads the PREFIX lines for the first operation of an update only; later ones
        # fall back to the graph's bindings, where schema: would be https://schema.org/.
        for prefix, ns in PREFIXES.items():
            copy.bind(prefix, ns, override=True, replace=True)
        copy.update(PROLOGUE + self.path.read_text(encoding="utf-8"))
        return copy


@dataclass(frozen=True)
class Report:
    """What a user sees of a validation: whether it conforms and each result."""

    conforms: bool
    results: list[tuple[URIRef, URIRef, list[Literal]]]
    text: str

    @property
    def pairs(self) -> set[tuple[URIRef, URIRef]]:
        return {(focus, shape) for focus, shape, _ in self.results}


def read_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


SHAPES_GRAPH = read_graph(SHAPES)
ONTOLOGY_GRAPH = read_graph(ONTOLOGY)
CASES = [Case.read(path) for path in sorted(CASES_DIR.glob("*.ru"))]
NODE_SHAPES = sorted(SHAPES_GRAPH.subjects(RDF.type, SH.NodeShape))


def check(data: Graph) -> Report:
    """Validate ``data`` the way the project does: shapes, ontology, no inference."""
    conforms, results_graph, text = validate(
        data,
        shacl_graph=SHAPES_GRAPH,
        ont_graph=ONTOLOGY_GRAPH,
        inference="none",
        allow_warnings=False,
    )
    results = [
        (
            results_graph.value(result, SH.focusNode),
            results_graph.value(result, SH.sourceShape),
            list(results_graph.objects(result, SH.resultMessage)),
        )
        for result in results_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    return Report(bool(conforms), results, text)


@pytest.fixture(scope="module")
def valid_graph() -> Graph:
    return read_graph(CASES_DIR / "valid.ttl")


def mapping_rows() -> list[list[str]]:
    """Return the cells of the mapping table of ontology/README.md, one list per row."""
    text = MAPPING.read_text(encoding="utf-8")
    table = text.split("## The mapping", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[1:]]


def curies(cell: str) -> list[str]:
    return re.findall(r"`([a-z]+:[A-Za-z][\w-]*)`", cell)


def mapping_classes() -> list[str]:
    """The classes the mapping table uses: each row's type, and classes named in its properties."""
    classes: list[str] = []
    for _thing, _iri, types, properties in mapping_rows():
        named = curies(types)[:1] + [
            term
            for term in curies(properties)
            if term.split(":")[1][0].isupper() and term not in ENUMERATION_MEMBERS
        ]
        classes += [term for term in named if term not in classes]
    return classes


def gk_terms() -> list[str]:
    """The gk: terms of the mapping table and the shapes, except the acts (acts.ttl)."""
    used = [term for row in mapping_rows() for cell in row for term in curies(cell)]
    used += [curie(o) for o in SHAPES_GRAPH.objects() if isinstance(o, URIRef)]
    terms = {term for term in used if term.startswith("gk:") and not term.startswith("gk:act-")}
    return sorted(terms)


# --- the files parse ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES, CASES_DIR / "valid.ttl"], ids=lambda p: p.name)
def test_turtle_parses_with_rdflib_and_pyoxigraph(path):
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(read_graph(path)) > 0


# --- the cases ---------------------------------------------------------------------------------


def test_valid_graph_conforms(valid_graph):
    report = check(valid_graph)
    assert report.conforms, report.text


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.path.stem)
def test_case_gives_exactly_the_expected_results(case, valid_graph):
    data = case.apply(valid_graph)
    assert set(data) != set(valid_graph), f"{case.path.name} changes nothing"
    report = check(data)
    expected = {(curie(f), curie(s)) for f, s in case.expected}
    actual = {(curie(f), curie(s)) for f, s in report.pairs}
    assert actual == expected, report.text
    assert report.conforms is not bool(case.expected)
    for focus, shape, messages in report.results:
        languages = {m.language for m in messages}
        assert {"en", "ja"} <= languages, f"{curie(shape)} on {focus}: no message in en and ja"


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=curie)
def test_every_shape_has_something_to_check_in_the_valid_graph(shape, valid_graph):
    described = SHAPES_GRAPH.value(shape, GKS.describes)
    assert described is not None, f"{curie(shape)} has no gks:describes"
    data = valid_graph + ONTOLOGY_GRAPH
    subclasses = set(data.transitive_subjects(RDFS.subClassOf, described))
    assert any(data.subjects(RDF.type, cls) for cls in subclasses), curie(described)


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=curie)
def test_every_shape_has_a_violating_case(shape):
    own = {shape, *SHAPES_GRAPH.objects(shape, SH.property)}
    failing = [c.path.name for c in CASES if any(s in own for _, s in c.expected)]
    assert failing, f"no case under {CASES_DIR} expects a result from {curie(shape)}"


# --- coverage of the mapping table --------------------------------------------------------------


@pytest.mark.parametrize("cls", mapping_classes())
def test_every_class_of_the_mapping_table_has_a_shape(cls):
    described = {curie(o) for o in SHAPES_GRAPH.objects(None, GKS.describes)}
    assert cls in described, f"no node shape in shapes.ttl has gks:describes {cls}"


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=curie)
def test_a_class_target_is_the_described_class(shape):
    targets = set(SHAPES_GRAPH.objects(shape, SH.targetClass))
    assert targets <= {SHAPES_GRAPH.value(shape, GKS.describes)}


def test_subclasses_of_the_mapping_table_are_in_the_ontology():
    stated = [
        (types.split("⊑")[0], curies(types.split("⊑")[1]))
        for _thing, _iri, types, _properties in mapping_rows()
        if "⊑" in types
    ]
    assert stated, "the mapping table states no subclass"
    for sub, supers in stated:
        for sup in supers:
            triple = (expand(curies(sub)[0]), RDFS.subClassOf, expand(sup))
            assert triple in ONTOLOGY_GRAPH, f"{curies(sub)[0]} ⊑ {sup} missing"


# --- the ontology ------------------------------------------------------------------------------


def test_ontology_header():
    g, o = ONTOLOGY_GRAPH, ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in g
    for prop in (DCTERMS.title, DCTERMS.description, RDFS.comment):
        assert {lit.language for lit in g.objects(o, prop)} >= {"ja", "en"}, curie(prop)
    assert g.value(o, OWL.versionInfo) is not None
    assert str(g.value(o, DCTERMS.created)) == "2026-11-24"
    assert str(g.value(o, VANN.preferredNamespacePrefix)) == "gk"
    assert str(g.value(o, VANN.preferredNamespaceUri)) == PREFIXES["gk"]


@pytest.mark.parametrize("term", gk_terms())
def test_gk_term_is_defined_in_the_ontology(term):
    g, iri = ONTOLOGY_GRAPH, expand(term)
    kinds = set(g.objects(iri, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"{term} not defined"
    for prop in (RDFS.label, RDFS.comment):
        assert {lit.language for lit in g.objects(iri, prop)} >= {"ja", "en"}, curie(prop)
    assert g.value(iri, RDFS.isDefinedBy) == ONTOLOGY_IRI
    if OWL.Class not in kinds:
        assert g.value(iri, RDFS.domain) is not None and g.value(iri, RDFS.range) is not None


def test_gk_namespace_holds_only_defined_terms():
    defined = {s for s in ONTOLOGY_GRAPH.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
    in_namespace = {s for s in ONTOLOGY_GRAPH.subjects() if str(s).startswith(PREFIXES["gk"])}
    assert in_namespace == defined


def test_alignments_are_commented_and_never_equivalences():
    g = ONTOLOGY_GRAPH
    assert not list(g.triples((None, OWL.equivalentClass, None)))
    assert not list(g.triples((None, OWL.equivalentProperty, None)))
    alignments = [
        (s, p, o)
        for p in (URIRef(PREFIXES["skos"] + "closeMatch"), RDFS.seeAlso)
        for s, o in g.subject_objects(p)
        if str(s).startswith(PREFIXES["gk"])
    ]
    assert len(alignments) >= 4
    for s, p, o in alignments:
        axioms = [
            a
            for a in g.subjects(OWL.annotatedSource, s)
            if g.value(a, OWL.annotatedProperty) == p and g.value(a, OWL.annotatedTarget) == o
        ]
        assert axioms, f"{curie(s)} {curie(p)} <{o}> has no commented axiom"
        assert {c.language for c in g.objects(axioms[0], RDFS.comment)} >= {"ja", "en"}


# --- the shapes are documented -------------------------------------------------------------------


def test_every_shape_has_a_name_description_and_messages():
    g = SHAPES_GRAPH
    shapes = set(NODE_SHAPES) | set(g.objects(None, SH.property))
    undocumented = []
    for shape in shapes:
        names = {lit.language for lit in g.objects(shape, SH.name)}
        described = g.value(shape, SH.description) is not None
        # A node shape without constraints of its own needs no message.
        has_own_constraints = any(
            (shape, p, None) in g for p in (SH.pattern, SH.nodeKind, SH["class"], SH.path)
        )
        messages = {lit.language for lit in g.objects(shape, SH.message)}
        if not ({"ja", "en"} <= names and described) or (
            has_own_constraints and not {"ja", "en"} <= messages
        ):
            undocumented.append(curie(shape))
    assert not undocumented, f"shapes lacking sh:name, sh:description or sh:message: {undocumented}"


def test_property_shapes_have_iris_so_results_name_the_rule():
    blank = [s for s in SHAPES_GRAPH.objects(None, SH.property) if not isinstance(s, URIRef)]
    assert not blank
