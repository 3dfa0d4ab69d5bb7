"""The VoID/DCAT description conforms to ontology/void-shapes.ttl and states only what is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from kg.publish import DatasetOptions, publish
from kg.resources import resource_path
from kg.store import Store

from .conftest import SOURCE_URL

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
BASE = "https://w3id.org/gijiroku/"
DATASET = URIRef(BASE + "void")


def _conforms(graph: Graph) -> tuple[bool, str]:
    from pyshacl import validate

    shapes = Graph().parse(resource_path("ontology", "void-shapes.ttl"))
    conforms, _, text = validate(graph, shacl_graph=shapes)
    return bool(conforms), str(text)


def _void(site_dir: Path) -> Graph:
    return Graph().parse(site_dir / "void.ttl", format="turtle")


def test_default_description_conforms_and_asserts_no_licence(site_dir: Path) -> None:
    graph = _void(site_dir)
    conforms, report = _conforms(graph)
    assert conforms, report
    assert graph.value(DATASET, DCT.license) is None
    assert graph.value(DATASET, DCT.publisher) is None
    assert graph.value(DATASET, VOID.sparqlEndpoint) is None


def test_description_counts_and_sources(site_dir: Path, store_dir: Path) -> None:
    graph = _void(site_dir)
    with Store.open(store_dir, read_only=True) as store:
        assert int(graph.value(DATASET, VOID.triples)) == store.count()  # type: ignore[arg-type]
    assert URIRef(SOURCE_URL) in set(graph.objects(DATASET, DCT.source))
    period = graph.value(DATASET, DCT.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2022-02-01"
    assert str(graph.value(period, DCAT.endDate)) == "2023-09-01"
    downloads = {
        str(graph.value(d, DCAT.downloadURL)) for d in graph.objects(DATASET, DCAT.distribution)
    }
    assert BASE + "dumps/gijiroku.nt.gz" in downloads
    examples = {str(e) for e in graph.objects(DATASET, VOID.exampleResource)}
    assert any("/statement/" in e for e in examples)
    linksets = [s for s in graph.objects(DATASET, VOID.subset)]
    assert any(
        str(graph.value(s, VOID.linkPredicate)) == "http://schema.org/sameAs" for s in linksets
    )


def test_configured_publisher_licence_endpoint_conform(store_dir: Path, tmp_path: Path) -> None:
    options = DatasetOptions(
        publisher="Example City Open Data Team",
        license="https://creativecommons.org/licenses/by/4.0/",
        sparql_endpoint="https://example.org/sparql",
    )
    with Store.open(store_dir, read_only=True) as store:
        publish(store, tmp_path / "site", base_iri=BASE, options=options)
    graph = _void(tmp_path / "site")
    conforms, report = _conforms(graph)
    assert conforms, report
    assert graph.value(DATASET, DCT.license) == URIRef(options.license)
    assert graph.value(DATASET, VOID.sparqlEndpoint) == URIRef(options.sparql_endpoint)
    publisher = graph.value(DATASET, DCT.publisher)
    assert (
        str(graph.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == options.publisher
    )


@pytest.mark.parametrize("broken", ["no triples count", "literal download"])
def test_shapes_catch_a_broken_description(site_dir: Path, broken: str) -> None:
    graph = _void(site_dir)
    if broken == "no triples count":
        graph.remove((DATASET, VOID.triples, None))
    else:
        dist = next(graph.objects(DATASET, DCAT.distribution))
        graph.remove((dist, DCAT.downloadURL, None))
        graph.add((dist, DCAT.downloadURL, Literal("dumps/gijiroku.ttl")))
    conforms, _ = _conforms(graph)
    assert not conforms
