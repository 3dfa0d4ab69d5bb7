"""The canned queries through an external SPARQL server (kg.remote) answer as on the store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_canned_queries import example_values

from kg.query import canned_query, load_catalogue, run_canned
from kg.store import Store
from kg.target import Target

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def remote_store(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The built samples served by ``oxigraph serve`` (a copy of the store), opened remotely."""
    oxigraph = Path(sys.executable).with_name("oxigraph")
    if not oxigraph.exists():
        pytest.fail("the oxigraph server CLI is missing: pip install -e '.[dev]'")
    location = tmp_path_factory.mktemp("remote") / "store"
    shutil.copytree(built_store_dir, location)
    (location / "LOCK").unlink(missing_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(oxigraph), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(endpoint + "?query=ASK%7B%7D", timeout=2).read()
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("oxigraph serve did not start")
            time.sleep(0.1)
    with Target(location, endpoint=endpoint).open(read_only=True) as store:
        yield store
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize("name", sorted(load_catalogue()))
def test_a_canned_query_answers_the_same_through_a_server(
    sample_store: Store, remote_store: Any, name: str
) -> None:
    query = canned_query(name)
    values = example_values(query.examples[0])
    local = run_canned(sample_store, query, values)
    remote = run_canned(remote_store, query, values)
    assert remote.variables == local.variables
    assert remote.rows == local.rows and local.rows
