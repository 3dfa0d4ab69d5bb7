"""Fixtures for the external-server tests: a real Oxigraph server, and a request recorder.

The server is the ``oxigraph`` CLI from PyPI (the dev extra), started once per session on a
free loopback port with its data in a temporary folder, and stopped at the end. It runs
WITHOUT ``--union-default-graph``: RemoteStore must ask for the union itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from remote_servers import OxigraphServer, Recorder


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server for the session (default graph NOT the union)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()


@pytest.fixture
def server(oxigraph_server: OxigraphServer) -> OxigraphServer:
    """The session's Oxigraph server, emptied for this test."""
    oxigraph_server.clear()
    return oxigraph_server


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    """A request recorder on a free loopback port (answers ``ASK`` with true by default)."""
    server = Recorder()
    yield server
    server.stop()
