"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint with a query page that works offline.

Starlette (routing, CORS) under uvicorn; queries run in worker processes
(:class:`kg.serve.pool.QueryPool`) that are killed past the time limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.serve.app import ServeConfig, create_app
from kg.serve.pool import Job, QueryPool

if TYPE_CHECKING:
    from kg.http import ResourceHandler
    from kg.target import Target

LOOPBACK = ("127.0.0.1", "localhost", "::1")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

__all__ = ["Job", "QueryPool", "ServeConfig", "create_app", "run_server"]


def run_server(
    target: Target,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    config: ServeConfig | None = None,
    resources: ResourceHandler | None = None,
) -> None:
    """Serve ``target`` on ``host:port`` until interrupted.

    On a loopback address, only loopback host names are answered unless the config says
    which (a web page elsewhere cannot rebind its own name to 127.0.0.1 and query).
    """
    from dataclasses import replace

    import uvicorn

    config = config or ServeConfig()
    if host in LOOPBACK and not config.allowed_hosts:
        config = replace(config, allowed_hosts=LOOPBACK_NAMES)
    app = create_app(target, resources=resources, config=config)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
