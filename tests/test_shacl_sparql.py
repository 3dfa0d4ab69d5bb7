"""The shapes compiled to SPARQL give exactly pyshacl's results (kg.shacl_sparql).

Both engines run on every case of ``tests/data/shapes`` (each a corruption of a valid graph),
on the valid graph itself and on the built sample minutes; the build trusts the SPARQL engine
because of these tests.
"""

from __future__ import annotations

import io
import re

import pytest
from rdflib import Graph
from test_shapes import CASES, CASES_DIR, read_graph

from kg.resources import resource_path
from kg.shacl_sparql import UnsupportedShape, compile_shapes
from kg.validate import ValidationResult, load_shapes, validate_graph, validate_ntriples

# Oxigraph stores subtypes of xsd:integer as xsd:integer (oxigraph#526), so a value reported
# by the SPARQL engine may name xsd:integer where pyshacl names xsd:nonNegativeInteger.
# And it does not tell "x" from "x"^^xsd:string (one literal in RDF 1.1), which rdflib does.
_INTEGER_SUBTYPE = re.compile(r"\^\^xsd:nonNegativeInteger$")
_STRING = re.compile(r"\^\^xsd:string$")


def comparable(result: ValidationResult) -> tuple[str | None, ...]:
    value = result.value
    if value is not None:
        value = _STRING.sub("", _INTEGER_SUBTYPE.sub("^^xsd:integer", value))
    return (
        result.severity,
        result.focus_node,
        result.path,
        value,
        result.message,
        result.shape,
        result.constraint,
    )


def both(data: Graph) -> tuple[set[tuple[str | None, ...]], set[tuple[str | None, ...]]]:
    reference = validate_graph(data)
    compiled = validate_ntriples(data.serialize(format="nt", encoding="utf-8"))
    assert compiled.conforms is reference.conforms
    return {comparable(r) for r in reference.results}, {comparable(r) for r in compiled.results}


@pytest.fixture(scope="module")
def built_store(tmp_path_factory, samples_dir):
    from kg.build import build
    from kg.store import Store

    with Store.open(tmp_path_factory.mktemp("store")) as store:
        build([samples_dir], store)
        yield store


@pytest.fixture(scope="module")
def valid_graph() -> Graph:
    return read_graph(CASES_DIR / "valid.ttl")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.path.stem)
def test_same_results_as_pyshacl_on_every_shape_case(case, valid_graph):
    reference, compiled = both(case.apply(valid_graph))
    assert compiled == reference, (
        f"pyshacl only: {reference - compiled}\nsparql only: {compiled - reference}"
    )


def test_same_results_on_the_valid_graph(valid_graph):
    reference, compiled = both(valid_graph)
    assert reference == compiled == set()


def test_same_results_on_the_built_samples_and_their_corruption(built_store):
    buffer = io.BytesIO()
    built_store.export(buffer, "nt")
    data = Graph().parse(data=buffer.getvalue(), format="nt")
    reference, compiled = both(data)
    assert reference == compiled == set()
    data.update(
        """DELETE { ?s <http://schema.org/text> ?t } WHERE {
             ?s a <https://w3id.org/gijiroku/def#Statement> ; <http://schema.org/text> ?t
             FILTER (STRENDS(STR(?s), "/statement/3")) }"""
    )
    reference, compiled = both(data)
    assert compiled == reference
    assert {r[6] for r in compiled} == {"MinCountConstraintComponent"}


def test_ill_formed_literals_fail_their_datatype():
    turtle = (CASES_DIR / "valid.ttl").read_text(encoding="utf-8")
    data = Graph().parse(data=turtle, format="turtle")
    data.update(
        """PREFIX schema: <http://schema.org/>
           PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
           DELETE { ?s schema:startDate ?d } INSERT { ?s schema:startDate "2023-02-30"^^xsd:date }
           WHERE { ?s schema:startDate ?d }"""
    )
    report = validate_ntriples(data.serialize(format="nt", encoding="utf-8"))
    assert not report.conforms
    assert any('"2023-02-30"' in (r.value or "") for r in report.results), report.to_text()


def test_turtle_report_of_the_sparql_engine_parses(valid_graph):
    data = next(c for c in CASES if c.path.stem == "session-ordinal-zero").apply(valid_graph)
    report = validate_ntriples(data.serialize(format="nt", encoding="utf-8"))
    parsed = Graph().parse(data=report.to_turtle(), format="turtle")
    assert len(list(parsed.subjects(None, None))) > len(report.results) > 0


@pytest.mark.parametrize(
    "extra",
    [
        "gks:X sh:path ( schema:name schema:text ) .",  # a sequence path
        "gks:X sh:path schema:name ; sh:sparql [ sh:select 'SELECT $this WHERE {}' ] .",
        "gks:X sh:path schema:name ; sh:equals schema:text .",
    ],
)
def test_a_shape_outside_the_compiled_subset_is_refused(extra):
    turtle = resource_path("ontology", "shapes.ttl").read_text(encoding="utf-8")
    turtle += "\ngks:XShape a sh:NodeShape ; sh:targetClass gk:Statement ; sh:property gks:X .\n"
    shapes = Graph().parse(data=turtle + extra, format="turtle")
    with pytest.raises(UnsupportedShape):
        compile_shapes(shapes)


def test_the_project_shapes_compile_to_one_check_per_constraint():
    checks = compile_shapes(load_shapes())
    assert len(checks) == len({(c.shape, c.constraint) for c in checks}) > 150
