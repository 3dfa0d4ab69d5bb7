"""The graph on an external SPARQL 1.1 server: :class:`RemoteStore`, the embedded store's twin.

It offers what :class:`kg.store.Store` offers to ``kg build``, ``validate``, ``export``,
``stats``, ``query``, ``viz`` and ``publish`` — same methods, signatures and pyoxigraph result
objects — over the SPARQL 1.1 Protocol and Update, with the same layout: one named graph per
source, shared entities and bookkeeping in their own graphs.

Writes. Every write is ONE SPARQL Update request, built by :meth:`RemoteStore._write` from
N-Triples: ``DROP SILENT GRAPH`` and the meta entry's ``DELETE WHERE`` for each replaced
source, then one ``INSERT DATA`` into the source, shared and meta graphs. Servers run an
update request as one transaction (Oxigraph, Fuseki/TDB2, GraphDB, RDF4J), so a replaced
source is old or new, never half. The Graph Store Protocol was measured and not chosen: on
Oxigraph server 0.5 a ``PUT`` per source graph is slower than an update (401 graphs, 141k
triples: 11.3 s against 10.2 s; one 27 MB graph: 16.4 s against 13.6 s), and it would take
three requests, not atomic together, to replace a source with its shared entities and hash
(and a Graph Store POST without a graph parameter makes a new graph on Oxigraph server). New
sources go many to a request (35 MB, 401 graphs: 5.2 s; one request per source: 10.2 s).

Reads. Queries are sent with the project's prefixes declared and bindings as a VALUES block
(:mod:`kg.remote.sparql`). Our queries assume that the default graph is the union of the
named graphs; on most servers it is not by default. Oxigraph server (recognized by its
``Server`` header) is asked per query with its ``union-default-graph`` parameter; any other
server is probed once (is a triple of a named graph in the default graph?) and refused with
a clear message unless it unions (Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB, RDF4J,
Virtuoso and Blazegraph do by default). Naming every graph in the protocol's
``default-graph-uri`` works everywhere but was measured 500 times slower on Oxigraph (401
graphs: 62 s for the counts query against 0.13 s). With the union off
(``use_default_graph_as_union=False``) the server's own default graph is queried.

Results are read whole before they are parsed (``query`` returns parsed objects, as the
embedded store does); :meth:`RemoteStore.export` streams. Exports of named graphs fetch each
graph with a CONSTRUCT (401 graphs, 141k triples: 1.7 s; a Graph Store GET per graph 3.5 s).
:meth:`RemoteStore.dataset` is a local in-memory copy, not a view.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from kg.errors import EndpointError, UsageError
from kg.namespaces import DEFAULT_BASE_IRI, mint
from kg.namespaces import graph_iri as mint_graph_iri
from kg.remote.client import ResponseReader, SparqlClient
from kg.remote.sparql import prepare_query, query_form
from kg.store import (
    EXPORT_FORMATS,
    PREFIXES,
    SourceBook,
    SourceGraphs,
    Triples,
    _meta_entry,
    _ntriples,
    _write_compact_jsonld,
)

if TYPE_CHECKING:
    from rdflib import Dataset

RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/csv": ox.QueryResultsFormat.CSV,
}
# TSV first for SELECT: pyoxigraph parses it 4x faster than JSON (141k rows: 1.4 s, 5.2 s)
ACCEPT = {
    "SELECT": "text/tab-separated-values, application/sparql-results+json;q=0.9, "
    "application/sparql-results+xml;q=0.8",
    "ASK": "application/sparql-results+json, application/sparql-results+xml;q=0.9",
    "CONSTRUCT": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8",
}
ACCEPT["DESCRIBE"] = ACCEPT["CONSTRUCT"]
WRITE_CHUNK = 32 * 1024 * 1024  # bytes of N-Triples in one update of non-atomic bulk adds
# One triple of a named graph, and whether the default graph has it too
UNION_PROBE = """SELECT ?union WHERE {
  { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1 }
  BIND (EXISTS { ?s ?p ?o } AS ?union) }"""
NOT_UNION = (
    "its default graph is not the union of its named graphs, which kg's queries need: start "
    "Oxigraph with --union-default-graph, set tdb2:unionDefaultGraph true on a Fuseki "
    "dataset, or see the README (External SPARQL servers)"
)


class RemoteStore(SourceBook):
    """The graph on a SPARQL 1.1 server; use it as a context manager.

    Attributes:
        endpoint: the query endpoint (without credentials), for messages.
        read_only: when True every write raises UsageError.
        meta_graph: the bookkeeping graph's IRI.
        shared_graph: the shared entities' graph IRI.
    """

    path = None  # no folder: an endpoint

    def __init__(
        self, client: SparqlClient, *, read_only: bool, base_iri: str = DEFAULT_BASE_IRI
    ) -> None:
        self.client = client
        self.endpoint = client.name
        self.read_only = read_only
        self.meta_graph = mint(base_iri, "graph", "meta")
        self.shared_graph = mint_graph_iri(base_iri)
        self._union: dict[str, str] | None = None  # query parameters that give the union

    @classmethod
    def open(
        cls,
        endpoint: str,
        update_endpoint: str | None = None,
        *,
        read_only: bool,
        base_iri: str = DEFAULT_BASE_IRI,
        env: Mapping[str, str] | None = None,
    ) -> RemoteStore:
        """Connect to the server at ``endpoint`` and check that it answers a query.

        Raises:
            EndpointError: the server cannot be reached or refuses the query.
            UsageError: the URL or the credentials in the environment are malformed.
        """
        client = SparqlClient(endpoint, update_endpoint, env)
        try:
            client.query_bytes("ASK {}", ACCEPT["ASK"])
        except BaseException:
            client.close()
            raise
        return cls(client, read_only=read_only, base_iri=base_iri)

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections to the server."""
        self.client.close()

    # Writing

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
    ) -> int:
        """Replace one source's named graph, add its shared entities and record its hash.

        One update request: a server that runs it as a transaction leaves the previous or
        the new version. ``replaces`` (the source's previous graph) is dropped in it too.

        Returns:
            the number of quads sent (own triples plus shared triples).
        """
        graph = _source_graph(graph_iri, self)
        own_nt, own_count = _ntriples(own, graph_iri)
        shared_nt, shared_count = _ntriples(shared, graph_iri)
        entry = _meta_entry(graph, sha256, path, loaded_at)
        drops = [graph] if replaces in (None, graph_iri) else [graph, _source_graph(replaces, self)]
        self._write(drops, [(graph, own_nt), self._shared(shared_nt), self._meta(entry)])
        return own_count + shared_count

    def bulk_add_sources(
        self,
        sources: Iterable[SourceGraphs],
        *,
        loaded_at: datetime | None = None,
        atomic: bool = False,
    ) -> int:
        """Add many sources, sources already on the server replaced.

        With ``atomic`` everything goes in one update request; without, one request per
        32 MB of N-Triples, each with its sources' meta entries (so each is whole).

        Returns:
            the number of quads sent.
        """
        self._writable()
        present = set(self.source_hashes()) | set(self.named_graphs())
        drops: list[ox.NamedNode] = []
        inserts: list[tuple[ox.NamedNode, bytes]] = []
        size = total = 0
        for source in sources:
            graph = _source_graph(source.graph_iri, self)
            if source.graph_iri in present:
                drops.append(graph)
            own_nt, own_count = _ntriples(source.own, source.graph_iri)
            shared_nt, shared_count = _ntriples(source.shared, source.graph_iri)
            entry = _meta_entry(graph, source.sha256, source.path, loaded_at)
            inserts += [(graph, own_nt), self._shared(shared_nt), self._meta(entry)]
            size, total = size + len(own_nt) + len(shared_nt), total + own_count + shared_count
            if size >= WRITE_CHUNK and not atomic:
                self._write(drops, inserts)
                drops, inserts, size = [], [], 0
        if inserts:
            self._write(drops, inserts)
        return total

    def remove_source(self, graph_iri: str) -> None:
        """Drop a source's named graph and its meta entry (shared entities stay)."""
        self._write([_source_graph(graph_iri, self)], [])

    # Reading

    def has_source(self, sha256: str) -> bool:
        """Return whether a source with this content hash is on the server."""
        found = self.query(
            f"ASK {{ GRAPH <{self.meta_graph}> {{ ?graph gk:sourceHash ?hash }} }}",
            use_default_graph_as_union=False,
            bindings={"hash": ox.Literal(sha256)},
        )
        return bool(found)

    def named_graphs(self) -> list[str]:
        """Return the IRIs of the named graphs holding data (not meta), sorted."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False)
        return sorted(row["g"] for row in rows if row.get("g") not in (None, self.meta_graph))

    def count(self, graph_iri: str | None = None) -> int:
        """Return the number of quads in one graph, or in every named graph but meta."""
        if graph_iri is None:
            where = f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{self.meta_graph}>)"
        else:
            where = f"GRAPH {_iri(graph_iri)} {{ ?s ?p ?o }}"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", union=False)
        return int(rows[0]["n"]) if rows else 0

    def __len__(self) -> int:
        return self.count()

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on the server; the default graph is the union of all graphs.

        The project's prefixes are predeclared; ``bindings`` become a VALUES block at the
        start of the WHERE group (see :mod:`kg.remote.sparql`).

        Raises:
            UsageError: the text is not a query.
            EndpointError: the server refused it (its message says why) or cannot be reached.
        """
        text = prepare_query(sparql, PREFIXES, bindings)
        form = query_form(text)
        if form is None:
            raise UsageError("SPARQL query: expected SELECT, CONSTRUCT, ASK or DESCRIBE")
        params = self._union_params() if use_default_graph_as_union else None
        media, body = self.client.query_bytes(text, ACCEPT[form], params)
        if form in ("SELECT", "ASK"):
            return self._results(media, body)
        triples = _parse_rdf(body, media, self.endpoint)
        local = ox.Store()  # to hand back the QueryTriples the embedded store gives
        local.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        constructed = local.query("CONSTRUCT WHERE { ?s ?p ?o }")
        assert isinstance(constructed, ox.QueryTriples)
        return constructed

    def select(self, sparql: str, *, union: bool = True) -> list[dict[str, str]]:
        """Run a SELECT query; return its rows as plain strings by variable (unbound: absent)."""
        solutions = self.query(sparql, use_default_graph_as_union=union)
        if not isinstance(solutions, ox.QuerySolutions):
            raise UsageError("select() runs SELECT queries; use query() for ASK and CONSTRUCT")
        names = [variable.value for variable in solutions.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]

    def dataset(self) -> Dataset:
        """Return an rdflib Dataset holding a copy of the data (in memory); union default graph."""
        from rdflib import Dataset

        buffer = io.BytesIO()
        self.export(buffer, "nquads")
        copy = Dataset(default_union=True)
        copy.parse(data=buffer.getvalue(), format="nquads")
        for prefix, namespace in PREFIXES.items():
            copy.bind(prefix, namespace, override=True, replace=True)
        return copy

    def export(self, out: BinaryIO, fmt: str) -> None:
        """Stream the data (never meta) to ``out``: union triples or quads with their graphs.

        ``turtle`` and ``nt`` write the union of all graphs as triples, each once; ``trig``,
        ``nquads`` and ``jsonld`` keep the named graphs (fetched one CONSTRUCT per graph).
        """
        if fmt not in EXPORT_FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        if fmt in ("nt", "turtle"):
            union = (
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{self.meta_graph}>) }} }}"
            )
            with self.client.query(union, ACCEPT["CONSTRUCT"]) as response:
                media = response.headers.get("content-type", "").split(";")[0].strip()
                if fmt == "nt" and media == "application/n-triples":
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                    return
                body = io.BufferedReader(ResponseReader(response))
                triples = _parse_rdf(body, media, self.endpoint)
                ox.serialize(triples, out, EXPORT_FORMATS[fmt], prefixes=PREFIXES)
            return
        quads = self._quads(self.named_graphs())
        if fmt == "jsonld":
            _write_compact_jsonld(quads, out)
            return
        ox.serialize(quads, out, EXPORT_FORMATS[fmt], prefixes=PREFIXES)

    # Helpers

    def _writable(self) -> None:
        if self.read_only:
            raise UsageError(f"endpoint {self.endpoint} is open read-only; open it for writing")

    def _write(self, drops: list[ox.NamedNode], inserts: list[tuple[ox.NamedNode, bytes]]) -> None:
        """Send ONE update: drop ``drops`` with their meta entries, insert N-Triples by graph."""
        self._writable()
        meta = ox.NamedNode(self.meta_graph)
        parts = [
            f"DROP SILENT GRAPH {g} ;\nDELETE WHERE {{ GRAPH {meta} {{ {g} ?p ?o }} }} ;\n".encode()
            for g in drops
        ]
        if inserts:
            parts.append(b"INSERT DATA {\n")
            for graph, data in inserts:
                parts += [f"GRAPH {graph} {{\n".encode(), data, b"}\n"]
            parts.append(b"}\n")
        if parts:
            self.client.update(b"".join(parts).removesuffix(b" ;\n"))

    def _shared(self, data: bytes) -> tuple[ox.NamedNode, bytes]:
        return ox.NamedNode(self.shared_graph), data

    def _meta(self, entry: bytes) -> tuple[ox.NamedNode, bytes]:
        return ox.NamedNode(self.meta_graph), entry

    def _meta_values(self, predicate: ox.NamedNode) -> dict[str, str]:
        rows = self.select(
            f"SELECT ?g ?v WHERE {{ GRAPH <{self.meta_graph}> {{ ?g {predicate} ?v }} }}",
            union=False,
        )
        return {row["g"]: row["v"] for row in rows if "g" in row and "v" in row}

    def _union_params(self) -> dict[str, str] | None:
        """The query parameters under which the server's default graph is the union."""
        if self._union is not None:
            return self._union
        if self.client.server.lower().startswith("oxigraph"):
            self._union = {"union-default-graph": "true"}
            return self._union
        solutions = self._results(*self.client.query_bytes(UNION_PROBE, ACCEPT["SELECT"]))
        assert isinstance(solutions, ox.QuerySolutions)
        row = next(iter(solutions), None)
        if row is None:
            return None  # no named graph yet: nothing to tell; ask again next time
        flag = row["union"]
        if flag is None or flag.value != "true":
            raise EndpointError(f"endpoint {self.endpoint}: {NOT_UNION}")
        self._union = {}
        return self._union

    def _results(self, media: str, body: bytes) -> ox.QuerySolutions | ox.QueryBoolean:
        if media not in RESULTS:
            raise EndpointError(f"endpoint {self.endpoint}: unexpected results type {media!r}")
        try:
            return ox.parse_query_results(body, RESULTS[media])
        except (SyntaxError, ValueError) as error:
            raise EndpointError(f"endpoint {self.endpoint}: unreadable results: {error}") from error

    def _quads(self, graphs: list[str]) -> Iterator[ox.Quad]:
        for iri in graphs:
            graph = ox.NamedNode(iri)
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
            media, body = self.client.query_bytes(construct, ACCEPT["CONSTRUCT"])
            for triple in _parse_rdf(body, media, self.endpoint):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)


def _parse_rdf(data: bytes | BinaryIO, media: str, endpoint: str) -> Iterator[ox.Triple]:
    """Parse a CONSTRUCT answer into triples."""
    rdf_format = ox.RdfFormat.from_media_type(media or "application/n-triples")
    if rdf_format is None:
        raise EndpointError(f"endpoint {endpoint}: unexpected RDF type {media!r}")
    try:
        for parsed in ox.parse(data, rdf_format):
            yield parsed.triple if isinstance(parsed, ox.Quad) else parsed
    except SyntaxError as error:
        raise EndpointError(f"endpoint {endpoint}: unreadable RDF: {error}") from error


def _iri(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise UsageError(f"not an IRI: {iri!r}") from error


def _source_graph(iri: str, store: RemoteStore) -> ox.NamedNode:
    if iri in (store.meta_graph, store.shared_graph):
        raise UsageError(f"{iri} is the store's own graph, not a source graph")
    return _iri(iri)
