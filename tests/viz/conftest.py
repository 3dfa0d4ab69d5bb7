"""Fixtures for kg viz: the sample graph, a graph with hostile text, and written pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import plant_markup
from viz_fixtures import HOSTILE_AGENDA, HOSTILE_POST, HOSTILE_TEXT

from kg.build import build
from kg.store import Store
from kg.target import Target


def _built(folder: Path, sources: Path) -> Path:
    store_dir = folder / "store"
    with Store.open(store_dir) as store:
        summary = build([sources], store)
    assert summary.statements > 0, summary.to_dict()
    return store_dir


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """The folder of a store built from the bundled sample minutes."""
    return _built(tmp_path_factory.mktemp("viz-sample"), samples_dir)


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """A store built from a sample record with markup in a statement, a speaker and an agenda
    item."""
    folder = tmp_path_factory.mktemp("viz-hostile")
    record = (samples_dir / "000_68ceb863bdaa2c75.txt").read_text(encoding="utf-8")
    planted = plant_markup(record, HOSTILE_TEXT, HOSTILE_POST, HOSTILE_AGENDA)
    assert planted.count("kgPwned") == 4
    sources = folder / "minutes"
    sources.mkdir()
    (sources / "hostile.txt").write_text(planted, encoding="utf-8")
    return _built(folder, sources)


@pytest.fixture
def open_store():
    """Open a store folder read-only the way commands do (Target.open)."""
    opened: list[Store] = []

    def opener(folder: Path) -> Store:
        store = Target(folder).open(read_only=True)
        opened.append(store)
        return store

    yield opener
    for store in opened:
        store.close()
