"""Fixtures for the query tests: the sample minutes built into a store, opened read-only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "minutes"


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the bundled sample minutes, built once per test session."""
    from kg.build import build

    folder = tmp_path_factory.mktemp("query") / "store"
    with Store.open(folder) as store:
        summary = build([str(SAMPLES)], store)
    assert summary.conforms and summary.statements > 40, summary
    return folder


@pytest.fixture(scope="session")
def sample_store(built_store_dir: Path) -> Iterator[Store]:
    """The built sample store, open read-only for the whole session."""
    with Store.open(built_store_dir, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def scheme_store(built_store_dir: Path) -> Iterator[Store]:
    """The sample graph plus the topic scheme (ontology/topics.ttl), in memory.

    The build does not store the scheme yet; with it, topic queries include narrower topics.
    """
    import pyoxigraph as ox

    from kg.resources import resource_path

    store = Store.memory()
    with Store.open(built_store_dir, read_only=True) as built:
        store.oxigraph.extend(built.oxigraph.quads_for_pattern(None, None, None))
    store.oxigraph.load(
        path=str(resource_path("ontology", "topics.ttl")),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("https://w3id.org/gijiroku/id/graph/vocabulary"),
    )
    yield store
