"""Shared fixtures: the layout records, the shared/ folder, gold annotations and a CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

TESTS_DIR = Path(__file__).resolve().parent
LAYOUTS_DIR = TESTS_DIR / "data" / "layouts"
# shared/ sits beside the repository (…/main/tests/conftest.py → …/shared).
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def layouts_dir() -> Path:
    """The folder of small invented records, one per layout of DESIGN section 2."""
    return LAYOUTS_DIR


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The bundled sample minutes (data/minutes/)."""
    return TESTS_DIR.parent / "data" / "minutes"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder (seeds, gold annotations, reference data)."""
    return SHARED_DIR


@pytest.fixture(autouse=True)
def _site_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """``kg build`` writes its site to ./site by default: keep every test's in a tmp folder."""
    monkeypatch.setenv("KG_SITE", str(tmp_path_factory.mktemp("site") / "site"))


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner that keeps stderr apart from stdout (click 8.1 and 8.2+)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # click 8.2 dropped the argument and always keeps them apart
        return CliRunner()


@pytest.fixture
def cli() -> Any:
    """The ``kg`` click group, imported when a test needs it."""
    from kg.cli import cli as kg_cli

    return kg_cli


def read_gold(shared: Path, name: str) -> dict[str, Any]:
    """Return the gold annotation of the seed ``name`` (with or without ``.gold.json``)."""
    stem = name.removesuffix(".gold.json").removesuffix(".txt")
    return json.loads((shared / "gold" / f"{stem}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def load_gold(shared_dir: Path) -> Callable[[str], dict[str, Any]]:
    """A function that returns the gold annotation of a seed by name."""
    return lambda name: read_gold(shared_dir, name)
