"""Fixtures for the server tests: a built sample store, an app over it, a real server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from serving import Server

from kg.http import Response
from kg.serve.pool import Job, execute
from kg.store import Store

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "minutes"


@pytest.fixture(scope="session")
def served_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder holding the bundled sample minutes, built once per test session."""
    from kg.build import build

    folder = tmp_path_factory.mktemp("serve") / "store"
    with Store.open(folder) as store:
        assert build([str(SAMPLES)], store).conforms
    return folder


class InlinePool:
    """A query pool that answers in this process (no time limit): for route tests."""

    def __init__(self, store: Store, max_results: int = 10_000) -> None:
        self.store, self.max_results = store, max_results

    def run(self, job: Job) -> Response:
        return execute(self.store, job, self.max_results)

    def close(self) -> None:
        pass


@pytest.fixture(scope="session")
def inline_pool(served_store_dir: Path) -> Iterator[InlinePool]:
    with Store.open(served_store_dir, read_only=True) as store:
        yield InlinePool(store)


@pytest.fixture(scope="module")
def server(served_store_dir: Path) -> Iterator[Server]:
    """``kg serve`` on the sample store, with a 2 s time limit and at most 100 rows."""
    running = Server(served_store_dir, "--timeout", "2", "--max-results", "100")
    yield running
    running.stop()


@pytest.fixture
def writable_store_copy(served_store_dir: Path, tmp_path: Path) -> Path:
    """A copy of the sample store that a test may build into."""
    copy = tmp_path / "store"
    shutil.copytree(served_store_dir, copy)
    (copy / "LOCK").unlink(missing_ok=True)
    return copy
