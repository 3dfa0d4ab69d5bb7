"""``kg build``: extract → identify → map → validate → store, for files and folders.

Sources whose content is unchanged since the last build are skipped. A changed source's
named graph is replaced in one transaction; a source that moved away from a path has its old
graph removed. Surname-only speakers are linked across records (``kg.identity``); a session
read from two sources (a PDF and an HTML page) is mapped once, the second source adding its
document and spans. Each source is validated in memory with the shared entities it mentions,
before it is stored.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError, UsageError
from kg.extract import Failure, expand_paths, extract_document
from kg.identity import (
    HOLDINGS_QUERY,
    HolderIndex,
    align_statements,
    choose_primary,
    holdings_in,
    link_surnames,
    load_officials,
)
from kg.load import load_document
from kg.map import map_minutes
from kg.namespaces import DEFAULT_BASE_IRI
from kg.record import Minutes
from kg.registry import Registry, default_registry
from kg.store import SourceEntry, SourceGraphs, Store
from kg.target import GraphStore
from kg.validate import ValidationResult, validate_ntriples, validate_sources

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# Triples validated per call: pyshacl slows down on graphs past ~20k triples, and its cost per
# call stops counting at a few thousand (measured: 10k is the sweet spot), while memory stays
# flat however many sources a build has.
VALIDATION_BATCH = 10_000
# Bytes of N-Triples of new sources handed to the store's bulk loader at once.
BULK_BYTES = 32 * 1024 * 1024
# Sources from which a second process for validation pays for its start (about 2 s). On this
# 2-core machine it does not pay yet (400 records: 33 s inline, 34 s with --workers 2): the
# store's own background threads take the second core; it is there for larger machines.
PARALLEL_FROM = 40

# Queries run through Store.select, which predeclares the project's prefixes.
COUNTS = """
SELECT
  (COUNT(DISTINCT ?session) AS ?sessions) (COUNT(DISTINCT ?statement) AS ?statements)
  (COUNT(DISTINCT ?org) AS ?organizations) (COUNT(DISTINCT ?person) AS ?persons)
  (COUNT(DISTINCT ?topic) AS ?topics)
WHERE {
  { ?session schema:recordedIn ?record }
  UNION { ?statement a gk:Statement OPTIONAL { ?statement dcterms:subject ?topic } }
  UNION { ?org a org:FormalOrganization }
  UNION { ?person a foaf:Person }
}
"""


@dataclass
class BuildSummary:
    """What a build did and what the store holds afterwards."""

    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)  # second source → primary source
    linked_speakers: int = 0
    results: list[ValidationResult] = field(default_factory=list)
    sessions: int = 0
    statements: int = 0
    organizations: int = 0
    persons: int = 0
    topics: int = 0
    triples: int = 0
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """True when every source built conformed to the shapes."""
        return not any(r.severity == "Violation" for r in self.results)

    def to_dict(self) -> dict[str, object]:
        """Return the summary as JSON-ready data."""
        return {
            "built": self.built,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failures": [{"path": f.path, "error": str(f.error)} for f in self.failures],
            "merged": self.merged,
            "linked_speakers": self.linked_speakers,
            "conforms": self.conforms,
            "violations": len(self.results),
            "sessions": self.sessions,
            "statements": self.statements,
            "organizations": self.organizations,
            "persons": self.persons,
            "topics": self.topics,
            "triples": self.triples,
            "seconds": round(self.seconds, 3),
        }


def build(
    paths: Iterable[str | os.PathLike[str]],
    store: GraphStore,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    registry: Registry | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    engine: str = "sparql",
    bulk: bool = False,
) -> BuildSummary:
    """Build the records under ``paths`` into ``store``; return what was done.

    Bad files are reported in the summary and never stop the build. ``engine`` validates with
    the shapes compiled to SPARQL (``sparql``, :mod:`kg.shacl_sparql`) or with pyshacl
    (``pyshacl``: the same results, ten times slower). With ``workers`` > 1 and a large build,
    validation runs in a second process while this one maps and stores the next sources.
    ``bulk`` loads new sources with Oxigraph's bulk loader, which is not transactional: only
    for a store that nobody reads until the build is over (the CLI uses it when it creates the
    store, in a folder renamed into place at the end).
    """
    started = time.perf_counter()
    registry = registry or default_registry()
    summary = BuildSummary()
    files = expand_paths(paths)
    known = store.sources()  # path → (graph IRI, sha256)
    records: list[Minutes] = []
    for k, path in enumerate(files, start=1):
        if progress:
            progress("extract", k, len(files))
        try:
            document = load_document(path)
            previous = known.get(str(path))
            if previous and previous[1] == document.source.sha256:
                summary.unchanged.append(str(path))
                continue
            records.append(extract_document(document, registry, base_iri))
        except KgError as error:
            summary.failures.append(Failure(str(path), error))

    index = HolderIndex()
    for holding in load_officials(registry):
        index.add(holding)
    for holding in holdings_in(store.select(HOLDINGS_QUERY)):
        index.add(holding)
    for minutes in records:
        index.add_minutes(minutes)
    summary.linked_speakers = link_surnames(records, index)

    aligned, primaries = _merge_sources(records, store, registry, base_iri, summary)
    session_graphs: dict[str, bytes] = {}
    # Primary sources first, so that a second source is validated with its session; only
    # the sessions that have a second source are kept for that.
    records.sort(key=lambda m: m.source.path in aligned)
    shared_sessions = {m.session.iri for m in records if m.source.path in aligned}
    pending: list[bytes] = []
    pending_triples = 0
    parallel = workers > 1 and len(records) >= PARALLEL_FROM
    validator = _Validator(summary, parallel, engine)
    loader = _Loader(store, summary, bulk)
    for k, minutes in enumerate(records, start=1):
        if progress:
            progress("store", k, len(records))
        pairs = aligned.get(minutes.source.path)
        mapped = map_minutes(minutes, base_iri, registry, pairs)
        own, shared = mapped.own_triples.ntriples(), mapped.shared_triples.ntriples()
        if pairs is None and minutes.session.iri in shared_sessions:
            session_graphs[minutes.session.iri or ""] = own + shared
        elif pairs is not None:
            pending.append(_session_graph(session_graphs, minutes, primaries, base_iri, registry))
        pending += [own, shared]
        pending_triples += len(mapped)
        if pending_triples >= VALIDATION_BATCH or k == len(records):
            validator.submit(pending)
            pending, pending_triples = [], 0
        previous = known.get(minutes.source.path)
        loader.add(
            SourceGraphs(
                str(mapped.graph), own, shared, minutes.source.sha256, minutes.source.path
            ),
            previous,
        )
    loader.finish()
    validator.finish()
    _count(store, summary)
    summary.seconds = time.perf_counter() - started
    return summary


@contextmanager
def new_store(path: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[Store]:
    """Open a store that does not exist yet, to build into; it appears at ``path`` at the end.

    The store is written in ``{path}.partial`` and renamed into place when the block ends
    without error (else removed), so nobody reads it half built and the build may use the
    bulk loader. A ``.partial`` left by a killed build is cleared; one that another build
    holds raises StoreBusy.

    Raises:
        UsageError: ``path`` exists and is not an empty folder.
    """
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(f"{path} exists; new_store() makes a store only where there is none")
    partial = path.with_name(path.name + ".partial")
    store = Store.open(partial, base_iri=base_iri)  # StoreBusy while another build holds it
    try:
        store.oxigraph.clear()  # what a killed build left
        yield store
        store.close()
        if path.exists():
            path.rmdir()
        partial.rename(path)
    except BaseException:
        store.close()
        shutil.rmtree(partial, ignore_errors=True)
        raise


STORED_SESSIONS = """
SELECT ?session ?path WHERE {
  GRAPH ?graph { ?session schema:startDate ?date ; schema:recordedIn ?record }
  GRAPH <%s> { ?graph dcterms:source ?path }
}
"""


class _Loader:
    """Stores mapped sources: new ones many at a time, changed ones one by one.

    A changed source is replaced in one transaction (old or new, never half). Sources new to
    the store are added by :meth:`Store.bulk_add_sources`, several at a time in one
    transaction — or, with ``bulk`` (a store nobody reads yet), by Oxigraph's bulk loader,
    twice as fast again but not transactional.
    """

    def __init__(self, store: GraphStore, summary: BuildSummary, bulk: bool) -> None:
        self.store = store
        self.summary = summary
        self.bulk = bulk
        self.new: list[SourceGraphs] = []
        self.size = 0

    def add(self, source: SourceGraphs, previous: SourceEntry | None) -> None:
        if previous is None:
            self.new.append(source)
            self.size += sum(len(p) for p in (source.own, source.shared) if isinstance(p, bytes))
            if self.size >= BULK_BYTES:
                self._flush()
        else:
            self.store.replace_source(
                source.graph_iri, source.own, source.shared, source.sha256, source.path
            )
            if previous[0] != source.graph_iri:
                self.store.remove_source(previous[0])
                self.summary.removed.append(previous[0])
        self.summary.built.append(source.path)

    def finish(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if self.new:
            self.store.bulk_add_sources(self.new, atomic=not self.bulk)
        self.new, self.size = [], 0


class _Validator:
    """Validates batches of mapped sources (N-Triples), inline or in a second process."""

    def __init__(self, summary: BuildSummary, parallel: bool, engine: str) -> None:
        self.summary = summary
        self.engine = engine
        self.futures: list[Future[list[ValidationResult]]] = []
        self.executor: ProcessPoolExecutor | None = None
        if parallel:
            context = multiprocessing.get_context("spawn")  # no fork of an open store
            self.executor = ProcessPoolExecutor(max_workers=1, mp_context=context)

    def submit(self, parts: list[bytes]) -> None:
        data = b"".join(parts)
        if self.executor is None:
            self.summary.results.extend(validate_batch(data, self.engine))
            return
        self.futures.append(self.executor.submit(validate_batch, data, self.engine))
        while len(self.futures) > 2:  # bounded: at most two batches wait in memory
            self.summary.results.extend(self.futures.pop(0).result())

    def finish(self) -> None:
        for future in self.futures:
            self.summary.results.extend(future.result())
        self.futures = []
        if self.executor is not None:
            self.executor.shutdown()


def validate_batch(data: bytes, engine: str = "sparql") -> list[ValidationResult]:
    """Validate a batch of sources given as N-Triples (what a validation process runs)."""
    if engine == "sparql":
        return validate_ntriples(data).results
    graph = Graph()
    graph.parse(data=data, format="nt")
    return validate_sources([graph]).results


def _merge_sources(
    records: list[Minutes],
    store: GraphStore,
    registry: Registry,
    base_iri: str,
    summary: BuildSummary,
) -> tuple[dict[str, dict[int, int]], dict[str, Minutes]]:
    """Find sessions read from more than one source, in this build or already stored.

    Returns:
        The alignment of each second source's statements to its primary's, by path; and the
        record of each primary already in the store (re-read, not rebuilt), by session.
    """
    by_session: dict[str, list[Minutes]] = {}
    for minutes in records:
        if minutes.session.iri and "/session/unknown/" not in minutes.session.iri:
            by_session.setdefault(minutes.session.iri, []).append(minutes)
    rebuilt = {m.source.path for m in records}
    stored: dict[str, str] = {}  # session → path of its primary source in the store
    for row in store.select(STORED_SESSIONS % store.meta_graph):
        if row["session"] in by_session and row["path"] not in rebuilt:
            stored[row["session"]] = row["path"]
    aligned: dict[str, dict[int, int]] = {}
    primaries: dict[str, Minutes] = {}
    for iri, group in by_session.items():
        if iri in stored:  # the stored primary stays primary: it is not rewritten
            try:
                primary = extract_document(load_document(stored[iri]), registry, base_iri)
            except KgError:
                continue
            primaries[iri] = primary
        elif len(group) < 2:
            continue
        else:
            primary = choose_primary(group)
        for minutes in group:
            if minutes is primary:
                continue
            pairs, unpaired = align_statements(primary, minutes)
            aligned[minutes.source.path] = pairs
            summary.merged[minutes.source.path] = primary.source.path
            if unpaired:
                minutes.warnings.append(
                    f"{len(unpaired)} statements not found in {primary.source.path}: "
                    f"indexes {unpaired[:10]}"
                )
    return aligned, primaries


def _session_graph(
    built: dict[str, bytes],
    minutes: Minutes,
    primaries: dict[str, Minutes],
    base_iri: str,
    registry: Registry,
) -> bytes:
    """The graph of a second source's session as its primary source gives it, to validate with."""
    iri = minutes.session.iri or ""
    if iri not in built and iri in primaries:
        mapped = map_minutes(primaries[iri], base_iri, registry)
        built[iri] = mapped.own_triples.ntriples() + mapped.shared_triples.ntriples()
    return built.get(iri, b"")


def _count(store: GraphStore, summary: BuildSummary) -> None:
    for row in store.select(COUNTS):
        summary.sessions = int(row["sessions"])
        summary.statements = int(row["statements"])
        summary.organizations = int(row["organizations"])
        summary.persons = int(row["persons"])
        summary.topics = int(row["topics"])
    summary.triples = store.count()
