"""Item 5: who can reach ``kg serve``: loopback only by default, loopback host names only
(DNS rebinding), and browsers on other origins only when an origin is configured (CORS).

How the defences were confirmed: ``test_it_binds_to_loopback_by_default`` reads the
listening socket from ``/proc/net/tcp``; the companion run with ``--host 0.0.0.0`` shows the
same check seeing the wildcard address. Removing the loopback ``allowed_hosts`` default in
``kg.serve.run_server`` makes ``test_other_host_names_are_refused`` fail (200 for
``Host: rebound.example``). Passing ``allow_origins=["*"]`` to the CORS middleware whatever
the configuration makes both CORS tests fail.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from endpoint_helpers import Server, fetch

pytestmark = pytest.mark.slow

ASK = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
ANALYST = "https://analyst.example"
EVIL = "https://evil.example"


def listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as the kernel lists them) with a socket listening on port."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_it_binds_to_loopback_by_default(server: Server) -> None:
    assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_it_binds_elsewhere_only_when_told(store: Path) -> None:
    """Companion: --host is how to expose it, and the check above would see it."""
    running = Server(store, "--host", "0.0.0.0", "--site", str(store.parent / "no-site"))
    try:
        assert listening_addresses(running.port) == {"00000000"}
    finally:
        running.stop()


def test_exposed_it_answers_only_the_allowed_host_names(store: Path) -> None:
    """On 0.0.0.0 with --allowed-host, another Host header (a rebound name) gets 400.

    Confirmed by dropping ``allowed_hosts=`` from ``ServeConfig`` in ``kg serve``: the
    rebound name is then answered 200.
    """
    running = Server(
        store, "--host", "0.0.0.0", "--allowed-host", "kg.example.org",
        "--allowed-host", "127.0.0.1",  # the fixture's readiness probe
        "--site", str(store.parent / "no-site"),
    )  # fmt: skip
    try:
        allowed = fetch(running.base + ASK, headers={"Host": "kg.example.org"})
        rebound = fetch(running.base + ASK, headers={"Host": "rebound.example"})
        assert allowed.status == 200
        assert rebound.status == 400
    finally:
        running.stop()


@pytest.mark.parametrize(
    "host",
    ["rebound.example", "rebound.example:{port}", "127.0.0.1.rebound.example", "evil.localhost"],
)
@pytest.mark.parametrize("path", [ASK, "/sparql", "/sparql/queries", "/id/org/lg/132144"])
def test_other_host_names_are_refused(server: Server, host: str, path: str) -> None:
    """A page on rebound.example whose name now resolves to 127.0.0.1 gets nothing."""
    answer = fetch(server.base + path, headers={"Host": host.format(port=server.port)})
    assert answer.status == 400, (host, path, answer.status)
    assert "gk:" not in answer.text and "boolean" not in answer.text


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "localhost"])
def test_loopback_host_names_are_answered(server: Server, host: str) -> None:
    answer = fetch(server.base + ASK, headers={"Host": host.format(port=server.port)})
    assert answer.status == 200, answer.text


def test_no_cors_headers_by_default(server: Server) -> None:
    answer = fetch(server.base + ASK, headers={"Origin": EVIL})
    assert answer.status == 200
    assert not [h for h in answer.headers if h.startswith("access-control-")], answer.headers
    preflight = fetch(
        server.base + "/sparql",
        headers={"Origin": EVIL, "Access-Control-Request-Method": "POST"},
        method="OPTIONS",
    )
    assert preflight.status >= 400
    assert not [h for h in preflight.headers if h.startswith("access-control-")]


def test_cors_allows_only_the_configured_origin(store: Path) -> None:
    running = Server(store, "--cors-origin", ANALYST, "--site", str(store.parent / "no-site"))
    try:
        allowed = fetch(running.base + ASK, headers={"Origin": ANALYST})
        assert allowed.headers.get("access-control-allow-origin") == ANALYST
        assert "access-control-allow-credentials" not in allowed.headers
        other = fetch(running.base + ASK, headers={"Origin": EVIL})
        assert "access-control-allow-origin" not in other.headers
        for origin, ok in ((ANALYST, True), (EVIL, False)):
            preflight = fetch(
                running.base + "/sparql",
                headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
                method="OPTIONS",
            )
            assert (preflight.headers.get("access-control-allow-origin") == origin) is ok
        refused = fetch(
            running.base + "/sparql",
            headers={"Origin": ANALYST, "Access-Control-Request-Method": "PUT"},
            method="OPTIONS",
        )
        assert refused.status == 400  # only GET and POST
    finally:
        running.stop()
