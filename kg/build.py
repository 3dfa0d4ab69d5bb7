"""``kg build``: extract → identify → map → validate → store, for files and folders.

Sources whose content is unchanged since the last build are skipped. A changed source's
named graph is replaced in one transaction; a source that moved away from a path has its old
graph removed. Surname-only speakers are linked across records (``kg.identity``); a session
read from two sources (a PDF and an HTML page) is mapped once, the second source adding its
document and spans. Each source is validated in memory with the shared entities it mentions,
before it is stored.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

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
from kg.jobs import (
    MappedChunk,
    MappedSource,
    MapTask,
    Unchanged,
    extract_job,
    map_job,
    use_registry,
)
from kg.load import load_document
from kg.namespaces import DEFAULT_BASE_IRI
from kg.record import Minutes
from kg.registry import Registry, default_registry
from kg.store import SourceEntry, SourceGraphs, Store, StoreBusy
from kg.target import GraphStore
from kg.validate import ValidationResult, validate_ntriples

_T = TypeVar("_T")
Progress = Callable[[str, int, int], None]  # (stage, done, total)
# Triples mapped and validated per chunk (a job): validation has a cost per call (the schemes
# are loaded with each batch), pyshacl slows down past ~20k triples, and a chunk is what a
# worker process holds; 10k triples is about 600 statements.
VALIDATION_BATCH = 10_000
TRIPLES_PER_STATEMENT = 17  # measured on the synthetic corpus (bench): to size the chunks
# Bytes of N-Triples of new sources handed to the store at once: the first batch, doubling
# up to the last.
BULK_BYTES = 8 * 1024 * 1024
MAX_BULK_BYTES = 64 * 1024 * 1024
# Files from which worker processes pay for their start (about 1.5 s: they import kg).
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
    executor: Executor | None = None,
) -> BuildSummary:
    """Build the records under ``paths`` into ``store``; return what was done.

    Bad files are reported in the summary and never stop the build. ``engine`` validates with
    the shapes compiled to SPARQL (``sparql``, :mod:`kg.shacl_sparql`) or with pyshacl
    (``pyshacl``: the same results, ten times slower). With ``workers`` > 1 and a large build,
    that many processes extract, then map and validate chunks of records (:mod:`kg.jobs`),
    while this one links the speakers across records and stores the chunks in order.
    ``bulk`` loads new sources with Oxigraph's bulk loader, which is not transactional: only
    for a store that nobody reads until the build is over (the CLI uses it when it creates the
    store, in a folder renamed into place at the end).

    ``executor`` runs the same jobs on any :class:`concurrent.futures.Executor` instead of a
    pool of its own — a Dask cluster's (:mod:`kg.distributed`) — whatever the number of
    files; ``workers`` is then how many jobs it runs at once (mapped chunks wait in order,
    at most twice that many). The caller starts and stops it.
    """
    started = time.perf_counter()
    summary = BuildSummary()
    files = expand_paths(paths)
    known = store.sources()  # path → (graph IRI, sha256)
    parallel = executor is not None or (workers > 1 and len(files) >= PARALLEL_FROM)
    given, registry = registry, registry or default_registry()
    index = HolderIndex()
    for holding in load_officials(registry):
        index.add(holding)
    for holding in holdings_in(store.select(HOLDINGS_QUERY)):
        index.add(holding)
    with _Runner(workers if parallel else 1, given, executor) as runner, _Spill() as spill:
        # Pass 1: extract, learn who held which post, and put each record aside on disk.
        sessions: dict[str, list[int]] = {}  # session IRI → the records that give it
        urls = {row["graph"]: row["url"] for row in store.select(STORED_URLS)}
        stored = [
            (known[str(p)][1], urls.get(known[str(p)][0])) if str(p) in known else None
            for p in files
        ]
        for k, result in enumerate(runner.extract(files, stored, base_iri), start=1):
            if progress:
                progress("extract", k, len(files))
            if isinstance(result, Unchanged):
                summary.unchanged.append(result.path)
            elif isinstance(result, Failure):
                summary.failures.append(result)
            else:
                index.add_minutes(result)
                iri = result.session.iri
                key = spill.put(result)
                if iri and "/session/unknown/" not in iri:
                    sessions.setdefault(iri, []).append(key)
        merge = _merge_sources(sessions, spill, index, store, registry, base_iri)
        # Pass 2: link speakers, then map, validate and store chunk by chunk, primaries first.
        tasks = _tasks(spill, index, merge, base_iri, engine, summary)
        done = 0
        touched: set[str] = set()  # shared entities the built sources describe
        with _Loader(store, summary, bulk) as loader:
            for chunk in runner.map(tasks):
                summary.results.extend(chunk.results)
                for source in chunk.sources:
                    done += 1
                    if progress:
                        progress("store", done, len(spill))
                    touched |= subjects_of(source.shared)
                    loader.add(source, known.get(source.path))
        if len(spill):
            # Shared entities are validated with each chunk that mentions them; conflicts
            # between chunks (a post given two labels by two records) show only here.
            summary.results.extend(_check_shared(store, touched))
        store_vocabulary(store)
    summary.results = list(dict.fromkeys(summary.results))  # each result once
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
        StoreBusy: another build is making this store.
    """
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise UsageError(f"{path} exists; new_store() makes a store only where there is none")
    partial = path.with_name(path.name + ".partial")
    with _claim(partial, path):
        try:
            store = Store.open(partial, base_iri=base_iri)
        except StoreBusy:  # another build makes this store: say so under the name asked for
            raise StoreBusy(path) from None
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


@contextmanager
def _claim(partial: Path, path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the folder ``partial`` for the block, its renaming included.

    RocksDB's own lock goes when the store closes, a moment before the rename: without this
    one, a second build could open the finished store then and clear it.
    """
    import fcntl

    created = not partial.exists()
    partial.mkdir(parents=True, exist_ok=True)
    folder = os.open(partial, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(path) from None
        try:
            moved = os.stat(partial).st_ino != os.fstat(folder).st_ino
        except FileNotFoundError:
            moved = True
        if moved or (path / "CURRENT").exists():  # another build finished it meanwhile
            if created and not moved:
                partial.rmdir()
            raise StoreBusy(path)
        yield
    finally:
        os.close(folder)


STORED_URLS = """
SELECT ?graph ?url WHERE { GRAPH ?graph { ?record a schema:DigitalDocument ; dcterms:source ?url } }
"""
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
    twice as fast again but not transactional. Writes run in order on one background thread
    (Oxigraph releases the GIL while it writes), so the build reads, links and hands out the
    next records meanwhile; at most one batch waits.
    """

    def __init__(self, store: GraphStore, summary: BuildSummary, bulk: bool) -> None:
        self.store = store
        self.summary = summary
        self.bulk = bulk
        self.new: list[SourceGraphs] = []
        self.size = 0
        self.batch = BULK_BYTES
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="kg-store")
        self.pending: deque[Future[object]] = deque()

    def add(self, mapped: MappedSource, previous: SourceEntry | None) -> None:
        source = SourceGraphs(
            mapped.graph_iri, mapped.own, mapped.shared, mapped.sha256, mapped.path
        )
        if previous is None:
            self.new.append(source)
            self.size += len(mapped.own) + len(mapped.shared)
            if self.size >= self.batch:
                self._flush()
                # small batches first, so that writing starts early; larger ones later, as
                # the bulk loader works best on large batches into a large store
                self.batch = min(2 * self.batch, MAX_BULK_BYTES)
        else:
            self._flush()  # in order: what came before is written first
            self._submit(self._replace, source, previous)
            if previous[0] != source.graph_iri:
                self.summary.removed.append(previous[0])
        self.summary.built.append(source.path)

    def __enter__(self) -> _Loader:
        return self

    def __exit__(self, error_type: object, *exc_info: object) -> None:
        """Write what is left and wait for every write (raising a write's error); after an
        error, only let the write under way end (each write is whole)."""
        try:
            if error_type is None:
                self._flush()
                while self.pending:
                    self.pending.popleft().result()
        finally:
            self.writer.shutdown(cancel_futures=True)

    def _replace(self, source: SourceGraphs, previous: SourceEntry) -> None:
        # the previous graph (another IRI when the content changed) goes in the same
        # transaction: a kill between two would leave both versions, and the next build
        # would see only one of them
        self.store.replace_source(
            source.graph_iri,
            source.own,
            source.shared,
            source.sha256,
            source.path,
            replaces=previous[0],
        )

    def _flush(self) -> None:
        if self.new:
            self._submit(self.store.bulk_add_sources, self.new, atomic=not self.bulk)
        self.new, self.size = [], 0

    def _submit(self, write: Callable[..., object], *args: object, **kwargs: object) -> None:
        while len(self.pending) > 1:  # bounded: one write running, one waiting
            self.pending.popleft().result()
        self.pending.append(self.writer.submit(write, *args, **kwargs))


class _Runner:
    """Runs the jobs inline, in a pool of worker processes, or on a given executor, and yields
    results in order."""

    def __init__(
        self, workers: int, registry: Registry | None, executor: Executor | None = None
    ) -> None:
        """Start ``workers`` processes (1: none), or use ``executor`` (not shut down here);
        ``registry`` must pickle unless None (the default registry, which every process
        loads for itself). A given executor's processes get ``registry`` with every job."""
        self.executor: Executor | None = executor
        self.owned = executor is None and workers > 1
        self.registry = registry if executor is not None else None
        if self.owned:
            context = multiprocessing.get_context("spawn")  # no fork of an open store
            self.executor = ProcessPoolExecutor(
                workers, mp_context=context, initializer=use_registry, initargs=(registry,)
            )
        else:
            use_registry(registry)
        self.workers = max(1, workers)

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.owned and self.executor is not None:
            self.executor.shutdown(cancel_futures=True)
        use_registry(None)

    def extract(
        self, files: list[Path], stored: list[tuple[str, str | None] | None], base_iri: str
    ) -> Iterator[Minutes | Failure | Unchanged]:
        if self.executor is None:
            for path, previous in zip(files, stored, strict=True):
                yield extract_job(path, previous, base_iri)
            return
        if self.owned:
            bases = [base_iri] * len(files)
            yield from self.executor.map(extract_job, files, stored, bases, chunksize=4)
            return
        # a given executor (a cluster) gets the files a window ahead: results do not pile up
        calls = ((p, s, base_iri, self.registry) for p, s in zip(files, stored, strict=True))
        yield from self._in_order(extract_job, calls, 8 * self.workers)

    def map(self, tasks: Iterable[MapTask]) -> Iterator[MappedChunk]:
        if self.executor is None:
            yield from (map_job(task) for task in tasks)
            return
        calls = ((replace(task, registry=self.registry),) for task in tasks)
        yield from self._in_order(map_job, calls, 2 * self.workers)

    def _in_order(
        self, job: Callable[..., _T], calls: Iterable[tuple[object, ...]], window: int
    ) -> Iterator[_T]:
        """Submit ``job`` for each argument tuple, at most ``window`` waiting; yield in order."""
        assert self.executor is not None
        pending: deque[Future[_T]] = deque()
        for args in calls:
            pending.append(self.executor.submit(job, *args))
            if len(pending) > window:  # bounded: results wait in order
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@dataclass
class _Merge:
    """Sessions given by several sources: which record is primary for each second source."""

    seconds: set[int] = field(default_factory=set)  # spill keys of second sources
    context: dict[str, Minutes] = field(default_factory=dict)  # session → primary record


class _Spill:
    """Extracted records kept in a temporary file between the two passes of a build, so that
    memory does not grow with the number of records built."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        self.offsets: list[int] = []
        self.paths: list[str] = []

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.file.close()

    def __len__(self) -> int:
        return len(self.offsets)

    def put(self, minutes: Minutes) -> int:
        """Write a record; return its key."""
        self.file.seek(0, os.SEEK_END)
        self.offsets.append(self.file.tell())
        self.paths.append(minutes.source.path)
        pickle.dump(minutes, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        return len(self.offsets) - 1

    def get(self, key: int) -> Minutes:
        """Read a record back."""
        self.file.seek(self.offsets[key])
        minutes: Minutes = pickle.load(self.file)
        return minutes


def _tasks(
    spill: _Spill,
    index: HolderIndex,
    merge: _Merge,
    base_iri: str,
    engine: str,
    summary: BuildSummary,
) -> Iterator[MapTask]:
    """Read the records back, link their surname-only speakers, and cut them into chunks of
    about VALIDATION_BATCH triples, primary sources first.

    A second source of a session comes with its session's primary record (from this build or
    re-read from the store), which the chunk maps to validate it with.
    """
    order = [k for k in range(len(spill)) if k not in merge.seconds]
    order += [k for k in range(len(spill)) if k in merge.seconds]
    task = MapTask([], base_iri=base_iri, engine=engine)
    size = 0
    for key in order:
        minutes = spill.get(key)
        summary.linked_speakers += link_surnames([minutes], index)
        if key in merge.seconds:
            # aligned only now, while the workers map the records before it
            primary = merge.context[minutes.session.iri or ""]
            task.aligned[minutes.source.path], _ = align_statements(primary, minutes)
            summary.merged[minutes.source.path] = primary.source.path
            if primary not in task.context:
                task.context.append(primary)
        task.records.append(minutes)
        size += TRIPLES_PER_STATEMENT * max(1, len(minutes.statements))
        if size >= VALIDATION_BATCH:
            yield task
            task, size = MapTask([], base_iri=base_iri, engine=engine), 0
    if task.records:
        yield task


def _merge_sources(
    sessions: dict[str, list[int]],
    spill: _Spill,
    index: HolderIndex,
    store: GraphStore,
    registry: Registry,
    base_iri: str,
) -> _Merge:
    """Find sessions read from more than one source, in this build or already stored.

    Only the records of those sessions are read back from the spill.
    """
    rebuilt = set(spill.paths)
    stored: dict[str, str] = {}  # session → path of its primary source in the store
    for row in store.select(STORED_SESSIONS % store.meta_graph):
        if row["session"] in sessions and row["path"] not in rebuilt:
            stored[row["session"]] = row["path"]
    merge = _Merge()
    for iri, keys in sessions.items():
        if len(keys) < 2 and iri not in stored:
            continue
        group = {key: spill.get(key) for key in keys}
        if iri in stored:  # the stored primary stays primary: it is not rewritten
            try:
                primary = extract_document(load_document(stored[iri]), registry, base_iri)
            except KgError:
                continue
        else:
            primary = choose_primary(list(group.values()))
        link_surnames([primary], index)
        merge.context[iri] = primary
        for key, minutes in group.items():
            if minutes.source.path != primary.source.path:
                merge.seconds.add(key)
    return merge


VOCABULARY_FILES = ("topics.ttl",)


def store_vocabulary(store: GraphStore) -> bool:
    """Keep the topic scheme in the store, in its own graph (``id/graph/vocabulary``).

    Queries then find topic labels, English names, Wikidata matches and the hierarchy
    (narrower topics); the graph is replaced when the file changes. Returns whether it was
    written. The scheme has no blank nodes (Oxigraph relabels those on every write, and two
    builds would no longer give the identical graph). The ontology and the acts, terms of
    the ``gk:`` namespace, are documented by ``kg publish`` from their files.
    """
    from kg.resources import resource_path

    parts = [resource_path("ontology", name) for name in VOCABULARY_FILES]
    triples = [t for part in parts for t in ox.parse(path=str(part), format=ox.RdfFormat.TURTLE)]
    if any(
        isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
    ):
        raise KgError(f"{', '.join(VOCABULARY_FILES)}: blank nodes cannot be stored identically")
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
    sha256 = hashlib.sha256(data).hexdigest()
    graph = vocabulary_graph(store.meta_graph)
    if store.source_hashes().get(graph) == sha256:
        return False
    store.replace_source(graph, data, b"", sha256, "ontology/")
    return True


def vocabulary_graph(meta_graph: str) -> str:
    """The named graph of the vocabulary, beside the meta graph (``{base}id/graph/vocabulary``)."""
    return meta_graph.rsplit("/", 1)[0] + "/vocabulary"


# Shared entities read back per query when checking the ones a build touched.
SHARED_CHECK_BATCH = 1_000
SHARED_ENTITIES = """
CONSTRUCT { ?s ?p ?o . ?o a ?type } WHERE { GRAPH <%s> {
  VALUES ?s { %s } ?s ?p ?o OPTIONAL { ?o a ?type }
} }
"""


def subjects_of(ntriples: bytes) -> set[str]:
    """The IRIs that are subjects in N-Triples (one triple a line, as kg.map writes them)."""
    return {
        line[1 : line.index(b">")].decode()
        for line in ntriples.splitlines()
        if line.startswith(b"<")
    }


def _check_shared(store: GraphStore, touched: set[str] | None = None) -> list[ValidationResult]:
    """Validate shared entities as stored (the compiled shapes): those in ``touched`` — the
    ones this build described — or, with None, all of them.

    Each touched entity is read with every triple it has in the shared graph and the types
    of what it points to (enough for the shapes, which use ``sh:class`` but no inverse or
    nested paths), and only results about touched entities are kept. Shared entities are
    never removed, so an untouched one has not changed: the check then costs what the build
    touched, not the size of the store.
    """
    from rdflib import URIRef

    from kg.validate import load_shapes
    from kg.validate.report import render_term

    if touched is None:
        triples = store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{store.shared_graph}> {{ ?s ?p ?o }} }}",
            use_default_graph_as_union=False,
        )
        assert isinstance(triples, ox.QueryTriples)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return validate_ntriples(data).results
    ordered = sorted(touched)
    parts = []
    for start in range(0, len(ordered), SHARED_CHECK_BATCH):
        values = " ".join(f"<{iri}>" for iri in ordered[start : start + SHARED_CHECK_BATCH])
        triples = store.query(
            SHARED_ENTITIES % (store.shared_graph, values), use_default_graph_as_union=False
        )
        assert isinstance(triples, ox.QueryTriples)
        parts.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
    if not any(parts):
        return []
    names = load_shapes().namespace_manager
    focus = {render_term(URIRef(iri), names) for iri in ordered}
    return [r for r in validate_ntriples(b"".join(parts)).results if r.focus_node in focus]


def _count(store: GraphStore, summary: BuildSummary) -> None:
    for row in store.select(COUNTS):
        summary.sessions = int(row["sessions"])
        summary.statements = int(row["statements"])
        summary.organizations = int(row["organizations"])
        summary.persons = int(row["persons"])
        summary.topics = int(row["topics"])
    summary.triples = store.count()
