"""The validate stage: report objects, as text, JSON and Turtle, from graphs, files and stores."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
import pytest
from rdflib import RDF, SH, Dataset, Graph, Literal, Namespace, URIRef

from kg.errors import InputError
from kg.extract import extract_path
from kg.map import map_minutes
from kg.registry import default_registry
from kg.validate import (
    ValidationReport,
    ValidationResult,
    load_ontology,
    load_schemes,
    load_shapes,
    validate_file,
    validate_graph,
    validate_source,
    validate_store,
)

ID = Namespace("https://w3id.org/gijiroku/id/")
GKS = Namespace("https://w3id.org/gijiroku/shapes#")
SCHEMA = Namespace("http://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
STATEMENT = ID["session/cio-council/2/statement/0"]
PERSON = ID["person/takahashi-naoyoshi"]

# One statement with its session, record, source span and speaker; the topic and the act come
# from topics.ttl and acts.ttl, which validation adds.
OWN = """
@base <https://w3id.org/gijiroku/id/> .
@prefix gk:      <https://w3id.org/gijiroku/def#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema:  <http://schema.org/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix oa:      <http://www.w3.org/ns/oa#> .

<session/cio-council/2> a schema:Event ;
    schema:name "第2回 都・区市町村CIO協議会"@ja ;
    schema:startDate "2023-02-08"^^xsd:date ;
    schema:recordedIn <record/68ceb863bdaa2c75> .

<record/68ceb863bdaa2c75> a schema:DigitalDocument , prov:Entity ;
    schema:encodingFormat "text/plain" ;
    dcterms:identifier "68ceb863bdaa2c75e4a0c2b91f3d6a7c8e9f0a1b2c3d4e5f60718293a4b5c6d7" ;
    schema:about <session/cio-council/2> .

<session/cio-council/2/statement/0> a gk:Statement ;
    schema:text "ガバメントクラウドへの移行時期を伺いたい。"@ja ;
    schema:position 0 ;
    dcterms:isPartOf <session/cio-council/2> ;
    schema:creator <person/takahashi-naoyoshi> ;
    gk:act gk:act-question ;
    dcterms:subject <topic/joint-projects> ;
    prov:wasDerivedFrom <session/cio-council/2/statement/0/source/68ceb863bdaa2c75> .

<session/cio-council/2/statement/0/source/68ceb863bdaa2c75> a oa:SpecificResource ;
    oa:hasSource <record/68ceb863bdaa2c75> ;
    oa:hasSelector <session/cio-council/2/statement/0/source/68ceb863bdaa2c75#position> ,
        <session/cio-council/2/statement/0/source/68ceb863bdaa2c75#quote> .

<session/cio-council/2/statement/0/source/68ceb863bdaa2c75#position> a oa:TextPositionSelector ;
    oa:start "0"^^xsd:nonNegativeInteger ;
    oa:end "21"^^xsd:nonNegativeInteger .

<session/cio-council/2/statement/0/source/68ceb863bdaa2c75#quote> a oa:TextQuoteSelector ;
    oa:exact "ガバメントクラウドへの移行時期を伺いたい。" .
"""

SHARED = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/gijiroku/id/person/takahashi-naoyoshi> a foaf:Person ;
    foaf:name "高橋直義"@ja .
"""


def turtle(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


@pytest.fixture
def own() -> Graph:
    return turtle(OWN)


@pytest.fixture
def shared() -> Graph:
    return turtle(SHARED)


def only_result(report: ValidationReport) -> ValidationResult:
    assert len(report.results) == 1, report.to_text()
    return report.results[0]


# --- the hand-made graph and its corruptions ------------------------------------------------------


def test_the_hand_made_statement_conforms(own, shared):
    report = validate_source(own, shared)
    assert report.conforms, report.to_text()
    assert report.results == []
    # Only the scheme concepts the data uses are added (the act, its scheme), not all topics.
    used = report.triples_checked - len(own) - len(shared)
    assert 0 < used < len(load_schemes()) / 4
    assert report.seconds > 0
    assert report.to_text() == f"conforms: {report.triples_checked} triples checked\n"


def test_a_statement_without_text_names_focus_path_and_shape(own, shared):
    own.remove((STATEMENT, SCHEMA.text, None))
    report = validate_source(own, shared)
    assert not report.conforms
    assert only_result(report) == ValidationResult(
        severity="Violation",
        focus_node=str(STATEMENT),
        path=str(SCHEMA.text),
        value=None,
        message="A statement needs exactly one non-empty schema:text tagged @ja.",
        shape=str(GKS["Statement-text"]),
        constraint="MinCountConstraintComponent",
    )


def test_a_string_position_gives_a_datatype_result_with_its_value(own, shared):
    own.set((STATEMENT, SCHEMA.position, Literal("0", datatype=XSD.string)))
    report = validate_source(own, shared)
    assert not report.conforms
    datatype = [r for r in report.results if r.constraint == "DatatypeConstraintComponent"]
    assert len(datatype) == 1, report.to_text()
    result = datatype[0]
    assert (result.focus_node, result.path) == (str(STATEMENT), str(SCHEMA.position))
    assert result.shape == str(GKS["Statement-position"])
    assert result.value == '"0"^^xsd:string'
    assert {r.shape for r in report.results} == {str(GKS["Statement-position"])}


def test_a_creator_without_class_fails_the_speaker_rule(own, shared):
    shared.remove((PERSON, RDF.type, FOAF.Person))
    result = only_result(validate_source(own, shared))
    assert result.focus_node == str(STATEMENT)
    assert result.path == str(SCHEMA.creator)
    assert result.value == str(PERSON)
    assert result.shape == str(GKS["Statement-creator"])
    assert result.constraint == "OrConstraintComponent"


def test_the_statement_needs_the_shared_graph(own):
    """Validated alone, the speaker has no class: own and shared are checked together."""
    report = validate_graph(own)
    assert [r.shape for r in report.results] == [str(GKS["Statement-creator"])]


def test_scheme_concepts_resolve_and_are_checked_too(own, shared):
    broken = URIRef("https://w3id.org/gijiroku/id/topic/unlabelled")
    own.add((broken, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    report = validate_source(own, shared)
    assert {(r.focus_node, r.shape) for r in report.results} == {
        (str(broken), str(GKS["Concept-prefLabelJa"])),
        (str(broken), str(GKS["Concept-inScheme"])),
    }


def test_validation_leaves_the_inputs_and_the_cached_graphs_alone(own, shared):
    sizes = [len(g) for g in (own, shared, load_shapes(), load_ontology(), load_schemes())]
    validate_source(own, shared)
    validate_source(own, shared)
    assert [len(g) for g in (own, shared, load_shapes(), load_ontology(), load_schemes())] == sizes
    assert load_shapes() is load_shapes()


def test_a_dataset_is_validated_as_the_union_of_its_graphs(own, shared):
    dataset = Dataset()
    dataset.graph(ID["graph/68ceb863bdaa2c75"]).__iadd__(own)
    dataset.graph(ID["graph/shared"]).__iadd__(shared)
    report = validate_graph(dataset)
    assert report.conforms, report.to_text()


def test_custom_shapes_give_their_severity_and_local_name(own):
    shapes = turtle("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/shapes#> .
        ex:NeedsAuthor a sh:NodeShape ;
            sh:targetClass <https://w3id.org/gijiroku/def#Statement> ;
            sh:property ex:author-required .
        ex:author-required sh:path <http://schema.org/author> ; sh:minCount 1 ;
            sh:severity sh:Warning .
        """)
    report = validate_graph(own, shapes=shapes)
    assert not report.conforms
    result = only_result(report)
    assert (result.severity, result.focus_node) == ("Warning", str(STATEMENT))
    assert result.shape == "http://example.org/shapes#author-required"
    assert result.message  # the shape has no sh:message: pyshacl's own words
    lines = report.to_text().splitlines()
    assert lines[:3] == [
        "does not conform: 1 result in 1 shape",
        "",
        "author-required (author-required): 1 result",
    ]


# --- ordering and renderings ----------------------------------------------------------------------


@pytest.fixture
def broken_report(own, shared) -> ValidationReport:
    """Three statements, each missing its text and position, and a speaker without class."""
    for k in (2, 10, 1):
        other = ID[f"session/cio-council/2/statement/{k}"]
        for p, o in own.predicate_objects(STATEMENT):
            if p not in (SCHEMA.text, SCHEMA.position):
                own.add((other, p, o))
    shared.remove((PERSON, RDF.type, FOAF.Person))
    return validate_source(own, shared)


def test_results_are_sorted_by_shape_focus_and_path(broken_report, own, shared):
    results = broken_report.results
    keys = [(r.shape, r.focus_node, r.path or "") for r in results]
    assert keys == sorted(keys)
    assert len(results) == 3 * 2 + 4  # text and position of 3 statements; 4 speakers
    reversed_input = Graph()
    for triple in sorted(own, reverse=True):
        reversed_input.add(triple)
    assert validate_source(reversed_input, shared).results == results


def test_by_shape_groups_in_order(broken_report):
    groups = broken_report.by_shape()
    assert list(groups) == sorted(groups)
    assert [len(v) for v in groups.values()] == [4, 3, 3]
    assert [r for group in groups.values() for r in group] == broken_report.results


def test_to_text_summarizes_then_lists_by_shape(broken_report):
    text = broken_report.to_text()
    lines = text.splitlines()
    assert lines[0] == "does not conform: 10 results in 3 shapes"
    assert "speaker (Statement-creator): 4 results" in lines
    assert "text (Statement-text): 3 results" in lines
    second = ID["session/cio-council/2/statement/1"]
    needed = f"  {second} — schema:position — A statement needs exactly one schema:position"
    assert any(line.startswith(needed) for line in lines), text
    assert f"({PERSON})" in text


def test_to_json_round_trips_and_keeps_japanese(own, shared):
    own.set((STATEMENT, SCHEMA.text, Literal("伺いたい。", lang="en")))
    report = validate_source(own, shared)
    data = report.to_json()
    dumped = json.dumps(data, ensure_ascii=False)
    assert json.loads(dumped) == data
    assert "伺いたい。" in dumped
    assert data["results"][0]["value"] == '"伺いたい。"@en'
    assert data["conforms"] is False
    assert data["result_count"] == len(data["results"]) == 1
    assert data["results"][0]["shape"] == str(GKS["Statement-text"])
    assert data["results"][0]["constraint"] == "LanguageInConstraintComponent"


def test_to_turtle_is_the_shacl_report_and_parses_in_rdflib_and_pyoxigraph(broken_report):
    text = broken_report.to_turtle()
    graph = turtle(text)
    report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    assert len(list(graph.objects(report, SH.result))) == len(broken_report.results)
    focus = {str(f) for f in graph.objects(None, SH.focusNode)}
    assert focus == {r.focus_node for r in broken_report.results}
    quads = list(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph)


# --- files and stores -----------------------------------------------------------------------------


def test_validate_file_reads_turtle_and_nquads(tmp_path, own, shared):
    ttl = tmp_path / "graph.ttl"
    ttl.write_text(OWN + SHARED, encoding="utf-8")
    assert validate_file(ttl).conforms
    dataset = Dataset()
    dataset.graph(ID["graph/a"]).__iadd__(own)
    nq = tmp_path / "graph.nq"
    nq.write_bytes(dataset.serialize(format="nquads", encoding="utf-8"))
    assert [r.shape for r in validate_file(nq).results] == [str(GKS["Statement-creator"])]


def test_validate_file_names_a_file_that_does_not_parse(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ;\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        validate_file(bad)
    message = str(caught.value)
    assert message.startswith(f"{bad}: not valid turtle: line ")
    assert "\n" not in message
    assert caught.value.path == str(bad)


@pytest.mark.parametrize("name", ["graph.xyz", "missing.ttl"])
def test_validate_file_rejects_unknown_and_missing_files(tmp_path, name):
    with pytest.raises(InputError, match=name):
        validate_file(tmp_path / name)


class MemoryStore:
    """A stand-in for kg.store's store: it exports its dataset as N-Quads."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def export(self, out: BinaryIO, fmt: str) -> None:
        assert fmt == "nquads"
        out.write(self.dataset.serialize(format="nquads", encoding="utf-8"))


def test_validate_store_checks_the_union_of_the_stores_graphs(own, shared):
    dataset = Dataset()
    dataset.graph(ID["graph/68ceb863bdaa2c75"]).__iadd__(own)
    dataset.graph(ID["graph/shared"]).__iadd__(shared)
    assert validate_store(MemoryStore(dataset)).conforms
    dataset.remove((STATEMENT, SCHEMA.text, None, None))
    report = validate_store(MemoryStore(dataset))
    assert [(r.focus_node, r.constraint) for r in report.results] == [
        (str(STATEMENT), "MinCountConstraintComponent")
    ]
    buffer = io.BytesIO()
    MemoryStore(dataset).export(buffer, "nquads")
    quads = [line for line in buffer.getvalue().splitlines() if line.strip()]
    assert report.triples_checked == len(quads) + len(load_schemes())


# --- the sample records ---------------------------------------------------------------------------


def test_the_two_sample_records_conform(samples_dir: Path):
    registry = default_registry()
    own, shared = Graph(), Graph()
    paths = sorted(samples_dir.glob("*.txt"))
    assert len(paths) == 2
    for path in paths:
        mapped = map_minutes(extract_path(path), "https://w3id.org/gijiroku/", registry)
        own += mapped.own
        shared += mapped.shared
    report = validate_source(own, shared)
    assert report.conforms, report.to_text()
    assert report.results == []
    used = report.triples_checked - len(own + shared)
    assert 0 < used < len(load_schemes())
    assert report.to_text().startswith("conforms: ")
