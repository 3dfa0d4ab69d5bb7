"""Run a SPARQL query (ad hoc or canned) and hold its result as plain values.

:func:`run_sparql` is the one function ``kg query`` and ``kg serve`` run queries through: it
refuses updates, SERVICE and dataset clauses (:mod:`kg.query.guard`), runs the query with the
union default graph and the bindings as RDF terms, and reads at most ``max_results`` rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pyoxigraph as ox

from kg.errors import KgError, UsageError
from kg.query.catalogue import CannedQuery
from kg.query.guard import check_read_only, top_level_keywords
from kg.query.params import Bindings, QueryableStore, Term, bind_parameters

ResultKind = Literal["solutions", "boolean", "graph"]
Value = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class ResultTooLarge(UsageError):
    """The query has more results than allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"the result has more than {limit} rows (or triples), the limit; "
            "add a LIMIT to the query or narrow it"
        )
        self.limit = limit


@dataclass
class QueryResult:
    """What a query returned, read into memory.

    Attributes:
        kind: ``solutions`` (SELECT), ``boolean`` (ASK) or ``graph`` (CONSTRUCT, DESCRIBE).
        variables: the SELECT's variable names, in projection order.
        rows: one tuple per solution, a term or None (unbound) per variable.
        boolean: the ASK answer.
        triples: the CONSTRUCT/DESCRIBE triples.
    """

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Value | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.triples) if self.kind == "graph" else len(self.rows)


def run_sparql(
    store: QueryableStore,
    sparql: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    max_results: int | None = None,
) -> QueryResult:
    """Run ``sparql`` on ``store`` with the union default graph and return its result.

    Raises:
        QueryRefused: the query updates, calls SERVICE or names a dataset.
        ResultTooLarge: more than ``max_results`` rows or triples.
        UsageError: the query is not valid SPARQL, or a binding names a variable it does
            not project.
    """
    check_read_only(sparql)
    try:
        answer = store.query(sparql, use_default_graph_as_union=True, bindings=bindings or {})
    except RuntimeError as error:  # Oxigraph: substitution of a variable not projected
        raise UsageError(f"SPARQL query: {error}") from error
    except OSError as error:
        raise KgError(f"the query failed: {error}") from error
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("boolean", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        return QueryResult("graph", triples=_take(answer, max_results))
    variables = [variable.value for variable in answer.variables]
    # A solution iterates over its values in projection order: three times faster than by name.
    rows = [tuple(solution) for solution in _take(answer, max_results)]
    return QueryResult("solutions", variables=variables, rows=rows)


def _take(items: ox.QuerySolutions | ox.QueryTriples, limit: int | None) -> list[Any]:
    """Read every item, or raise :class:`ResultTooLarge` past ``limit``.

    Raises:
        KgError: the store failed while the answer was read (Oxigraph evaluates lazily).
    """
    taken: list[Any] = []
    try:
        for item in items:
            if limit is not None and len(taken) >= limit:
                raise ResultTooLarge(limit)
            taken.append(item)
    except (RuntimeError, OSError) as error:
        raise KgError(f"the query failed: {error}") from error
    return taken


def run_canned(
    store: QueryableStore,
    query: CannedQuery,
    values: Mapping[str, str] | None = None,
    *,
    max_results: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a canned query with parameter values as given by a user (names, IRIs, text).

    ``limit`` and ``offset`` page through the answer in the query's own order (they are
    added to the query as ``LIMIT``/``OFFSET``).
    """
    bindings: Bindings = bind_parameters(store, query, values or {})
    sparql = paged(query.sparql, limit, offset)
    return run_sparql(store, sparql, bindings, max_results=max_results)


def paged(sparql: str, limit: int | None, offset: int = 0) -> str:
    r"""``sparql`` with ``LIMIT limit OFFSET offset`` added; unchanged when neither is given.

    Raises:
        UsageError: the query is an ASK, or already has its own LIMIT or OFFSET.

    Example:
        >>> paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20)
        'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\nLIMIT 10 OFFSET 20'
    """
    if limit is None and not offset:
        return sparql
    words = top_level_keywords(sparql)
    if "ASK" in words:
        raise UsageError("--limit and --offset page rows: an ASK query has none")
    if words & {"LIMIT", "OFFSET"}:
        raise UsageError(
            "the query has its own LIMIT or OFFSET; change them there instead of "
            "giving --limit or --offset"
        )
    modifiers = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else []
    )
    return f"{sparql.rstrip()}\n{' '.join(modifiers)}"
