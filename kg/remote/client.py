"""HTTP for a SPARQL 1.1 server: queries and updates through the Protocol, errors in one line.

Queries go as ``POST`` with an ``application/sparql-query`` body, updates as ``POST`` with an
``application/sparql-update`` body (both in the SPARQL 1.1 Protocol). Credentials come from
the environment and go in every request: ``KG_ENDPOINT_TOKEN`` (a Bearer token) or
``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` (HTTP Basic). They are never written in an
error message, and neither is a user or password written into the endpoint URL.
``KG_ENDPOINT_TIMEOUT`` (seconds, default 120) bounds the wait for an answer.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Generator, Iterator, Mapping
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import httpx

from kg.errors import EndpointError, UsageError, one_line

DEFAULT_TIMEOUT = 120.0
_MESSAGE_CHARS = 300  # of a server's error message, in our one-line message


def default_update_endpoint(endpoint: str) -> str:
    """Guess a server's update endpoint from its query endpoint.

    ``…/query`` → ``…/update`` (Oxigraph server, Fuseki's ``/ds/query``); any other URL is
    taken to accept both (Fuseki's ``/ds``, Virtuoso's and Blazegraph's ``/sparql``, QLever).
    GraphDB and RDF4J take updates at ``…/statements``: name it with ``--update-endpoint``.
    """
    parts = urlsplit(endpoint)
    if parts.path.endswith("/query"):
        return urlunsplit(parts._replace(path=parts.path[: -len("query")] + "update"))
    return endpoint


def redact(url: str) -> str:
    """Return ``url`` without any user or password in it."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class SparqlClient:
    """Sends SPARQL queries and updates to one server and turns failures into EndpointError.

    Args:
        endpoint: the query endpoint's URL.
        update_endpoint: the update endpoint's URL (default: :func:`default_update_endpoint`).
        env: where credentials and the timeout are read (default: ``os.environ``).
    """

    def __init__(
        self,
        endpoint: str,
        update_endpoint: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        env = os.environ if env is None else env
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise UsageError(f"--endpoint {redact(endpoint)}: not an http(s) URL")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or default_update_endpoint(endpoint)
        self.name = redact(endpoint)
        self.credentials = _credentials(env)
        try:
            timeout = float(env.get("KG_ENDPOINT_TIMEOUT") or DEFAULT_TIMEOUT)
        except ValueError as error:
            raise UsageError("KG_ENDPOINT_TIMEOUT: not a number of seconds") from error
        self.timeout = timeout
        self._http = httpx.Client(
            auth=self.credentials,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": "gijiroku-kg"},
        )
        self.server = ""  # the Server header of the last answer (e.g. "Oxigraph/0.5.13")

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    @contextmanager
    def query(
        self, query: str, accept: str, params: Mapping[str, str] | None = None
    ) -> Iterator[httpx.Response]:
        """Send a query; yield the streaming response (checked: a 2xx status)."""
        headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept}
        with self._send(self.endpoint, query, headers, params) as response:
            yield response

    def query_bytes(
        self, query: str, accept: str, params: Mapping[str, str] | None = None
    ) -> tuple[str, bytes]:
        """Send a query; return the answer's media type and body."""
        with self.query(query, accept, params) as response:
            return _media_type(response), response.read()

    def update(self, request: str | bytes) -> None:
        """Send a SPARQL Update request (one request: one transaction on most servers)."""
        body = request.encode("utf-8") if isinstance(request, str) else request
        headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
        with self._send(self.update_endpoint, body, headers, None) as response:
            response.read()

    def post(
        self, url: str, body: bytes, content_type: str, params: Mapping[str, str] | None = None
    ) -> None:
        """POST ``body`` to ``url`` (a Graph Store, ``?graph=IRI`` in ``params``); checked."""
        with self._send(url, body, {"Content-Type": content_type}, params) as response:
            response.read()

    @contextmanager
    def _send(
        self,
        url: str,
        body: str | bytes,
        headers: dict[str, str],
        params: Mapping[str, str] | None,
    ) -> Iterator[httpx.Response]:
        content = body.encode("utf-8") if isinstance(body, str) else body
        try:
            with self._http.stream(
                "POST", url, content=content, headers=headers, params=params
            ) as response:
                self.server = response.headers.get("server", "")
                if response.is_redirect:
                    moved = redact(response.headers.get("location", "elsewhere"))
                    raise EndpointError(
                        f"endpoint {redact(url)}: HTTP {response.status_code}: moved to {moved}; "
                        "give that URL"
                    )
                if response.status_code >= 400:
                    raise self._status_error(url, response)
                yield response
        except httpx.TimeoutException as error:
            raise EndpointError(
                f"endpoint {redact(url)}: no answer within {self.timeout:g} s "
                "(KG_ENDPOINT_TIMEOUT sets the wait)"
            ) from error
        except httpx.ConnectError as error:
            raise EndpointError(
                f"endpoint {redact(url)}: cannot connect ({_reason(error)}); is the server up?"
            ) from error
        except httpx.HTTPError as error:
            raise EndpointError(f"endpoint {redact(url)}: {_reason(error)}") from error

    def _status_error(self, url: str, response: httpx.Response) -> EndpointError:
        status = f"HTTP {response.status_code} {response.reason_phrase}".strip()
        if response.status_code in (401, 403):
            hint = (
                "the server refused the credentials from the environment"
                if self.credentials
                else "set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or KG_ENDPOINT_TOKEN"
            )
            return EndpointError(f"endpoint {redact(url)}: {status}: {hint}")
        try:
            text = response.read().decode("utf-8", "replace")
        except Exception:  # the message is a courtesy: the status says enough
            text = ""
        message = " ".join(text.split())[:_MESSAGE_CHARS]
        if response.status_code == 404 and not message:
            message = "is this a SPARQL endpoint?"
        return EndpointError(f"endpoint {redact(url)}: {status}: {message}".rstrip(": "))


class ResponseReader(io.RawIOBase):
    """A streaming response body as a binary file, for parsers that read files."""

    def __init__(self, response: httpx.Response) -> None:
        self._chunks = response.iter_bytes()
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class BearerAuth(httpx.Auth):
    """Sends ``Authorization: Bearer <token>`` with every request."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


def _credentials(env: Mapping[str, str]) -> httpx.Auth | None:
    """Bearer token or HTTP Basic credentials from the environment, or None."""
    token = env.get("KG_ENDPOINT_TOKEN")
    if token:
        return BearerAuth(token)
    user, password = env.get("KG_ENDPOINT_USER"), env.get("KG_ENDPOINT_PASSWORD")
    if user and password is None:
        raise UsageError("KG_ENDPOINT_USER is set but KG_ENDPOINT_PASSWORD is not")
    if password is not None and not user:
        raise UsageError("KG_ENDPOINT_PASSWORD is set but KG_ENDPOINT_USER is not")
    return httpx.BasicAuth(user, password) if user and password is not None else None


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _reason(error: Exception) -> str:
    """The error's own words on one line, without the request's credentials."""
    return re.sub(r"//[^/@\s]*@", "//", one_line(error))
