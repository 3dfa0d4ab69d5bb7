"""The web app of ``kg serve``: a SPARQL 1.1 Protocol endpoint, a query page, resource hook.

Routes: ``/sparql`` (GET ``?query=``, POST form or ``application/sparql-query``; without a
query, GET returns the query page), ``/sparql/queries`` (the catalogue as JSON),
``/sparql/queries/NAME?param=…`` (a canned query, parameters bound as RDF terms),
``/sparql/static/FILE`` (the page's own JS and CSS, from a fixed list). Every other path goes
to the :data:`kg.http.ResourceHandler` given, or gets 404 (``/`` then redirects to the page).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, replace
from importlib import resources as package_files
from typing import TYPE_CHECKING, Any

from kg.http import ResourceHandler, Response
from kg.serve.pool import Job, QueryPool, error

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response as StarletteResponse

    from kg.target import Target

STATIC_FILES = {
    "query.js": "text/javascript; charset=utf-8",
    "query.css": "text/css; charset=utf-8",
}
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_FORM = "application/x-www-form-urlencoded"
# A page's own policy, as kg viz writes it into <head> (the only policy its inline scripts,
# allowed by hash, can run under: PAGE_CSP's script-src 'self' would block them).
_META_CSP = re.compile(
    rb'<meta http-equiv="Content-Security-Policy" content="(?P<policy>[^"<>]*)">', re.IGNORECASE
)


@dataclass(frozen=True)
class ServeConfig:
    """Limits and policies of the server.

    Attributes:
        timeout: seconds a query may take (waiting for a free worker included).
        max_results: rows or triples a query may return.
        workers: query worker processes.
        max_body: bytes a request body may have.
        cors_origins: origins allowed to read responses from a browser (``*``: any); none
            by default, so only same-origin pages can.
        allowed_hosts: Host headers answered (others get 400), against DNS rebinding; empty:
            any. ``kg serve`` on a loopback address allows only loopback names.
    """

    timeout: float = 10.0
    max_results: int = 10_000
    workers: int = 2
    max_body: int = 1_000_000
    cors_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, Starlette's own 404/405 too."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.extra if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """The request body passes ``max_body``."""


def create_app(
    target: Target,
    *,
    resources: ResourceHandler | None = None,
    config: ServeConfig | None = None,
    pool: QueryPool | None = None,
    timeout: float | None = None,
    max_results: int | None = None,
) -> Starlette:
    """Return the ASGI app serving ``target``; its workers start with the app's lifespan.

    Args:
        target: the graph to serve (opened read-only by each worker).
        resources: answers every path outside ``/sparql`` (the linked-data pages), or None.
        config: limits and policies (defaults: :class:`ServeConfig`).
        pool: a query pool to use instead of starting one (tests).
        timeout: overrides ``config.timeout``.
        max_results: overrides ``config.max_results``.
    """
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    config = config or ServeConfig()
    if timeout is not None or max_results is not None:
        config = replace(
            config,
            timeout=config.timeout if timeout is None else timeout,
            max_results=config.max_results if max_results is None else max_results,
        )
    state: dict[str, QueryPool] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        state["pool"] = pool or QueryPool(
            target, workers=config.workers, timeout=config.timeout, max_results=config.max_results
        )
        try:
            yield
        finally:
            if pool is None:
                state["pool"].close()

    async def run(job: Job) -> Response:
        from anyio import to_thread

        return await to_thread.run_sync(state["pool"].run, job)

    async def sparql(request: Request) -> StarletteResponse:
        try:
            query, fmt = await _protocol_query(request, config.max_body)
        except BodyTooLarge:
            return _send(error(413, f"the request body passes {config.max_body} bytes"))
        except ValueError as bad:
            return _send(error(400, str(bad)))
        if query is None:
            accept = request.headers.get("accept", "*/*")
            if request.method == "GET" and ("text/html" in accept or "*/*" in accept):
                return _send(_page())
            return _send(error(400, "no query: give query=… (SPARQL 1.1 Protocol)"))
        from kg.query import QueryRefused, check_read_only

        try:
            check_read_only(query)
        except QueryRefused as refused:
            return _send(error(400, str(refused)))
        return _send(await run(Job(sparql=query, fmt=fmt, accept=request.headers.get("accept"))))

    async def catalogue(request: Request) -> StarletteResponse:
        from kg.query import load_catalogue

        data = [q.to_dict() for q in load_catalogue().values()]
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return _send(Response(200, "application/json", body))

    async def canned(request: Request) -> StarletteResponse:
        from kg.query import load_catalogue

        name = request.path_params["name"]
        if name not in load_catalogue():
            return _send(error(404, f"no canned query {name!r}; see /sparql/queries"))
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        job = Job(
            canned=name,
            values=values,
            fmt=request.query_params.get("format"),
            accept=request.headers.get("accept"),
        )
        return _send(await run(job))

    async def static(request: Request) -> StarletteResponse:
        name = request.path_params["name"]
        if name not in STATIC_FILES:  # a fixed list: no path reaches the file system
            return _send(error(404, "not found"))
        body = package_files.files("kg.serve").joinpath("static", name).read_bytes()
        return _send(Response(200, STATIC_FILES[name], body, (("Cache-Control", "no-cache"),)))

    async def other(request: Request) -> StarletteResponse:
        path = request.url.path
        if request.method not in ("GET", "HEAD"):
            return _send(error(405, f"{request.method} is not allowed on {path}"))
        if resources is not None:
            from anyio import to_thread

            # The path as sent (still percent-encoded): the handler decodes it once.
            raw = request.scope.get("raw_path") or path.encode("utf-8")
            sent = raw.decode("latin-1")
            answer = await to_thread.run_sync(resources, sent, request.headers.get("accept", ""))
            if answer is not None:
                return _send(answer)
        elif path == "/":
            return _send(
                Response(303, "text/plain; charset=utf-8", b"", (("Location", "/sparql"),))
            )
        return _send(error(404, f"nothing at {path}; the query page is /sparql"))

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/sparql/queries", catalogue, methods=["GET"]),
        Route("/sparql/queries/{name}", canned, methods=["GET"]),
        Route("/sparql/static/{name}", static, methods=["GET"]),
        Route("/{path:path}", other, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if config.allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        middleware.append(
            Middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
        )
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
            )
        )
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    return app


async def _protocol_query(request: Request, max_body: int) -> tuple[str | None, str | None]:
    """Return the query and ``format=`` of a SPARQL Protocol request (query None: none given).

    Raises:
        BodyTooLarge: the body passes ``max_body`` bytes.
        ValueError: an update, a dataset parameter or a body of an unknown type.
    """
    params = dict(request.query_params)
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body:
            raise BodyTooLarge
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:
                raise BodyTooLarge
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == _FORM:
            from urllib.parse import parse_qsl

            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif media == "application/sparql-query":
            params["query"] = body.decode("utf-8", "replace")
        elif media == "application/sparql-update":
            raise ValueError("SPARQL Update is refused: this endpoint is read-only")
        else:
            raise ValueError(
                "POST a query as application/sparql-query or as a form "
                f"({_FORM}) with query=…, not {media or 'no content type'}"
            )
    if "update" in params:
        raise ValueError("SPARQL Update is refused: this endpoint is read-only")
    for name in ("default-graph-uri", "named-graph-uri"):
        if name in params:
            raise ValueError(
                f"{name} is refused: the default graph is the union of the store's graphs"
            )
    return params.get("query"), params.get("format")


def _page() -> Response:
    """The query page, with its Content-Security-Policy."""
    body = package_files.files("kg.serve").joinpath("static", "index.html").read_bytes()
    return Response(200, "text/html; charset=utf-8", body, (("Content-Security-Policy", PAGE_CSP),))


def page_policy(body: bytes) -> str:
    """Return the Content-Security-Policy header for an HTML page.

    A page that declares its own policy in a ``<meta>`` element of its ``<head>`` (the
    ``kg viz`` pages: ``default-src 'none'``, their two inline scripts allowed by hash) is
    sent with that policy, and ``frame-ancestors 'none'``, which a meta element cannot
    state; every other page gets :data:`PAGE_CSP`.
    """
    end = body.find(b"</head>")
    found = _META_CSP.search(body, 0, end) if end >= 0 else None
    if found is None:
        return PAGE_CSP
    policy = html.unescape(found["policy"].decode("utf-8", "replace")).strip().rstrip(";")
    return f"{policy}; frame-ancestors 'none'"


def _send(response: Response) -> StarletteResponse:
    """Turn a :class:`kg.http.Response` into Starlette's, with the security headers."""
    from starlette.responses import Response as StarletteResponse

    headers = dict(response.headers)
    if response.content_type.startswith("text/html"):
        headers.setdefault("Content-Security-Policy", page_policy(response.body))
    return StarletteResponse(
        response.body,
        status_code=response.status,
        headers=headers,
        media_type=response.content_type,
    )
