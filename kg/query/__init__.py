"""Query the graph: canned queries from ``ontology/queries/``, ad-hoc SPARQL, output formats.

Queries run through ``store.query(sparql, use_default_graph_as_union=True, bindings=…)``, so
the embedded store and an external SPARQL server (``kg.remote``) are queried alike.
"""

from kg.query.catalogue import (
    CannedQuery,
    Parameter,
    adhoc_query,
    canned_query,
    load_catalogue,
)
from kg.query.formats import FORMATS, OutputFormat, choose_format, format_table, write_result
from kg.query.guard import QueryRefused, check_read_only
from kg.query.params import bind_parameters
from kg.query.run import QueryResult, ResultTooLarge, run_canned, run_sparql

__all__ = [
    "FORMATS",
    "CannedQuery",
    "OutputFormat",
    "Parameter",
    "QueryRefused",
    "QueryResult",
    "ResultTooLarge",
    "adhoc_query",
    "bind_parameters",
    "canned_query",
    "check_read_only",
    "choose_format",
    "format_table",
    "load_catalogue",
    "run_canned",
    "run_sparql",
    "write_result",
]
