"""The graph on an external SPARQL 1.1 server (``--endpoint``): see :mod:`kg.remote.store`."""

from kg.remote.client import SparqlClient, default_update_endpoint
from kg.remote.store import RemoteStore

__all__ = ["RemoteStore", "SparqlClient", "default_update_endpoint"]
