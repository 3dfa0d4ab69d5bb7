"""Where the graph lives: the embedded store folder, or an external SPARQL 1.1 server.

Every graph command (``build``, ``query``, ``validate``, ``export``, ``stats``, ``viz``,
``publish``, ``serve``) takes the same options through :func:`kg.cli.graph_options` and gets a
:class:`Target`; :meth:`Target.open` returns the object that reads and writes the graph. Code
that only reads goes through the methods both kinds of store share: ``query`` (pyoxigraph
result objects), ``select`` (rows of strings), ``export`` and ``count``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import UsageError
from kg.namespaces import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    from kg.store import Store


@dataclass(frozen=True)
class Target:
    """The graph a command works on.

    Attributes:
        store_dir: folder of the embedded Oxigraph store (used when no endpoint is given).
        endpoint: SPARQL 1.1 query endpoint of an external server, or None.
        update_endpoint: its SPARQL Update endpoint (defaults to the query endpoint's server).
        base_iri: the base under which the data's IRIs are minted.

    Example:
        >>> Target(Path("store")).describe()
        'store store'
    """

    store_dir: Path
    endpoint: str | None = None
    update_endpoint: str | None = None
    base_iri: str = DEFAULT_BASE_IRI

    @property
    def remote(self) -> bool:
        """True when the graph is on an external SPARQL server."""
        return self.endpoint is not None

    def describe(self) -> str:
        """Name the target for messages: ``store DIR`` or ``endpoint URL``."""
        return f"endpoint {self.endpoint}" if self.remote else f"store {self.store_dir}"

    def open(self, *, read_only: bool) -> Store:
        """Open the graph for reading (``read_only``) or for building into it.

        Raises:
            StoreBusy: another process writes the embedded store.
            InputError: there is no store to read.
            UsageError: the endpoint cannot be used.
        """
        if self.remote:
            raise UsageError(f"--endpoint {self.endpoint}: external SPARQL servers not supported")
        from kg.store import Store

        return Store.open(self.store_dir, read_only=read_only, base_iri=self.base_iri)
