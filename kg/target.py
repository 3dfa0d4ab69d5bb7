"""Where the graph lives: the embedded store folder, or an external SPARQL 1.1 server.

Every graph command (``build``, ``query``, ``validate``, ``export``, ``stats``, ``viz``,
``publish``, ``serve``) takes the same options through :func:`kg.cli.graph_options` and gets a
:class:`Target`; :meth:`Target.open` returns the object that reads and writes the graph. Code
that only reads goes through the methods both kinds of store share: ``query`` (pyoxigraph
result objects), ``select`` (rows of strings), ``export`` and ``count``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol

from kg.namespaces import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    import pyoxigraph as ox

    from kg.store import SourceEntry, SourceGraphs, Triples


class GraphStore(Protocol):
    """What :meth:`Target.open` returns: :class:`kg.store.Store` or
    :class:`kg.remote.RemoteStore`. Readers use ``query``, ``select``, ``export`` and
    ``count``; ``kg build`` the rest."""

    meta_graph: str
    shared_graph: str
    read_only: bool

    def __enter__(self) -> GraphStore: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def close(self) -> None: ...
    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...
    def select(self, sparql: str, *, union: bool = True) -> list[dict[str, str]]: ...
    def export(self, out: BinaryIO, fmt: str) -> None: ...
    def count(self, graph_iri: str | None = None) -> int: ...
    def named_graphs(self) -> list[str]: ...
    def source_hashes(self) -> dict[str, str]: ...
    def sources(self) -> dict[str, SourceEntry]: ...
    def has_source(self, sha256: str) -> bool: ...
    def replace_source(
        self,
        graph_iri: str,
        own: Triples,
        shared: Triples,
        sha256: str,
        path: str,
        *,
        loaded_at: datetime | None = None,
        replaces: str | None = None,
    ) -> int: ...
    def bulk_add_sources(
        self,
        sources: Iterable[SourceGraphs],
        *,
        loaded_at: datetime | None = None,
        atomic: bool = False,
    ) -> int: ...
    def remove_source(self, graph_iri: str) -> None: ...


@dataclass(frozen=True)
class Target:
    """The graph a command works on.

    Attributes:
        store_dir: folder of the embedded Oxigraph store (used when no endpoint is given).
        endpoint: SPARQL 1.1 query endpoint of an external server, or None.
        update_endpoint: its SPARQL Update endpoint (default: ``…/query`` → ``…/update``,
            any other URL itself; :func:`kg.remote.default_update_endpoint`).
        base_iri: the base under which the data's IRIs are minted.

    Example:
        >>> Target(Path("store")).describe()
        'store store'
    """

    store_dir: Path
    endpoint: str | None = None
    update_endpoint: str | None = None
    base_iri: str = DEFAULT_BASE_IRI

    def __post_init__(self) -> None:
        from kg.namespaces import check_base_iri

        check_base_iri(self.base_iri)  # before anything is minted under it

    @property
    def remote(self) -> bool:
        """True when the graph is on an external SPARQL server."""
        return self.endpoint is not None

    def describe(self) -> str:
        """Name the target for messages: ``store DIR`` or ``endpoint URL``."""
        if self.endpoint is None:
            return f"store {self.store_dir}"
        from kg.remote.client import redact

        return f"endpoint {redact(self.endpoint)}"  # never a password given in the URL

    def open(self, *, read_only: bool) -> GraphStore:
        """Open the graph for reading (``read_only``: writes are refused) or for building into it.

        Raises:
            StoreBusy: another process writes the embedded store.
            InputError: there is no store to read.
            EndpointError: the endpoint cannot be reached or refuses the first query.
            UsageError: the endpoint URL or the credentials in the environment are malformed.
        """
        if self.endpoint is not None:
            from kg.remote import RemoteStore

            return RemoteStore.open(
                self.endpoint, self.update_endpoint, read_only=read_only, base_iri=self.base_iri
            )
        from kg.store import Store

        return Store.open(self.store_dir, read_only=read_only, base_iri=self.base_iri)
