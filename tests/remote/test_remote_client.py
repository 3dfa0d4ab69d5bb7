"""Talking to an endpoint: credentials sent and never shown, errors in one line, exit 2.

A small recording HTTP server on the loopback stands in for the SPARQL server."""

from __future__ import annotations

import base64
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from remote_servers import Recorder

from kg.errors import EndpointError, UsageError
from kg.remote import RemoteStore, default_update_endpoint
from kg.remote.client import redact
from kg.target import Target

SECRET = "s3cr3t-pa55"


def test_a_bearer_token_goes_in_every_request(recorder: Recorder) -> None:
    with RemoteStore.open(recorder.url, read_only=True, env={"KG_ENDPOINT_TOKEN": SECRET}):
        pass
    assert recorder.requests
    assert recorder.requests[0]["headers"]["Authorization"] == f"Bearer {SECRET}"
    assert recorder.requests[0]["headers"]["Content-Type"].startswith("application/sparql-query")


def test_basic_credentials_go_in_every_request(recorder: Recorder) -> None:
    env = {"KG_ENDPOINT_USER": "analyst", "KG_ENDPOINT_PASSWORD": SECRET}
    with RemoteStore.open(recorder.url, read_only=True, env=env):
        pass
    expected = base64.b64encode(f"analyst:{SECRET}".encode()).decode()
    assert recorder.requests[0]["headers"]["Authorization"] == f"Basic {expected}"


def test_no_credentials_no_authorization_header(recorder: Recorder) -> None:
    with RemoteStore.open(recorder.url, read_only=True, env={}):
        pass
    assert "Authorization" not in recorder.requests[0]["headers"]


def test_a_refusal_names_the_endpoint_and_never_the_secret(recorder: Recorder) -> None:
    recorder.status, recorder.body, recorder.content_type = 401, b"who are you?", "text/plain"
    env = {"KG_ENDPOINT_USER": "analyst", "KG_ENDPOINT_PASSWORD": SECRET}
    with pytest.raises(EndpointError) as refused:
        RemoteStore.open(recorder.url, read_only=True, env=env)
    message = str(refused.value)
    assert message.startswith(f"endpoint {recorder.url}: HTTP 401")
    assert "refused the credentials" in message
    assert SECRET not in message and "analyst" not in message
    with pytest.raises(EndpointError, match="set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD"):
        RemoteStore.open(recorder.url, read_only=True, env={})


def test_a_password_in_the_url_is_not_shown(recorder: Recorder) -> None:
    recorder.status, recorder.body = 500, b"boom\nat line 2"
    url = recorder.url.replace("http://", f"http://analyst:{SECRET}@")
    with pytest.raises(EndpointError) as failed:
        RemoteStore.open(url, read_only=True, env={})
    assert SECRET not in str(failed.value)
    assert (
        str(failed.value)
        == f"endpoint {recorder.url}: HTTP 500 Internal Server Error: boom at line 2"
    )


def test_half_given_credentials_are_a_usage_error(recorder: Recorder) -> None:
    with pytest.raises(UsageError, match="KG_ENDPOINT_PASSWORD is not"):
        RemoteStore.open(recorder.url, read_only=True, env={"KG_ENDPOINT_USER": "analyst"})


def test_a_read_only_remote_store_refuses_writes(recorder: Recorder) -> None:
    with RemoteStore.open(recorder.url, read_only=True, env={}) as store:
        for write in (
            lambda: store.replace_source("urn:g", b"", b"", "0" * 64, "a.txt"),
            lambda: store.remove_source("urn:g"),
            lambda: store.bulk_add_sources([]),
        ):
            with pytest.raises(UsageError, match="read-only"):
                write()
    assert all("update" not in r["headers"].get("Content-Type", "") for r in recorder.requests)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


@pytest.mark.parametrize("command", [["stats"], ["export"], ["validate"], ["build"]])
def test_endpoint_down_is_one_line_and_exit_2(
    runner: CliRunner, cli: Any, command: list[str]
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/query"
    result = runner.invoke(cli, [*command, "--endpoint", url])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"kg: endpoint {url}: cannot connect ([Errno 111] Connection refused); is the server up?"
    ]


def test_a_url_that_is_not_http_is_a_usage_error(runner: CliRunner, cli: Any) -> None:
    result = runner.invoke(cli, ["stats", "--endpoint", "ftp://example.org/sparql"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "kg: --endpoint ftp://example.org/sparql: not an http(s) URL"


@pytest.mark.parametrize(
    ("endpoint", "update"),
    [
        ("http://localhost:7878/query", "http://localhost:7878/update"),
        ("http://fuseki:3030/ds/query", "http://fuseki:3030/ds/update"),
        ("http://fuseki:3030/ds", "http://fuseki:3030/ds"),
        ("http://virtuoso:8890/sparql", "http://virtuoso:8890/sparql"),
    ],
)
def test_default_update_endpoint(endpoint: str, update: str) -> None:
    assert default_update_endpoint(endpoint) == update


def test_redact() -> None:
    assert redact("https://u:p@host:1/q?x=1") == "https://host:1/q?x=1"
    assert redact("https://host/q") == "https://host/q"


def test_a_redirect_is_reported_with_its_target(recorder: Recorder) -> None:
    recorder.status, recorder.body = 301, b""
    recorder.headers = {"Location": "https://elsewhere.example.org/sparql"}
    with pytest.raises(EndpointError) as moved:
        RemoteStore.open(recorder.url, read_only=True, env={})
    assert str(moved.value) == (
        f"endpoint {recorder.url}: HTTP 301: moved to https://elsewhere.example.org/sparql; "
        "give that URL"
    )


def test_target_never_shows_a_password_in_the_url() -> None:
    target = Target(Path("store"), f"https://analyst:{SECRET}@sparql.example.org/query")
    assert target.describe() == "endpoint https://sparql.example.org/query"


def test_a_server_that_does_not_answer_in_time(recorder: Recorder) -> None:
    recorder.delay = 2.0
    with pytest.raises(EndpointError) as late:
        RemoteStore.open(recorder.url, read_only=True, env={"KG_ENDPOINT_TIMEOUT": "0.3"})
    assert str(late.value) == (
        f"endpoint {recorder.url}: no answer within 0.3 s (KG_ENDPOINT_TIMEOUT sets the wait)"
    )
