"""The build's work as plain functions over plain values, to run inline or in other processes.

``kg build --workers N`` runs them in a process pool on one machine; the same functions run on
a distributed engine (``kg build --dask``, :mod:`kg.distributed`) because they take and
return only picklable values: a path becomes a :class:`~kg.record.Minutes` record
(:func:`extract_job`), and a chunk of records becomes N-Triples per source plus the
validation results of the chunk (:func:`map_job`). Nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError
from kg.extract import EXTRACTION_BUGS, Failure, extract_document, extraction_bug
from kg.load import load_document, source_url
from kg.map import map_minutes
from kg.namespaces import DEFAULT_BASE_IRI
from kg.record import Minutes
from kg.registry import Registry, default_registry
from kg.validate import ValidationResult, validate_ntriples, validate_sources


@dataclass(frozen=True)
class Unchanged:
    """A source whose content hash is the one already stored."""

    path: str


@dataclass
class MapTask:
    """A chunk of records to map and validate together.

    Attributes:
        records: the records, mapped in this order.
        aligned: for a record that is a second source of a session, its statements' indexes
            in the primary source, by path (only its document and spans are mapped).
        context: the primary records of those sessions: mapped only to validate with.
        base_iri: the base under which data IRIs are minted.
        engine: ``sparql`` or ``pyshacl``.
        registry: the registry to map with, when the process running the job was not given
            one (:func:`use_registry`); None: the process's.
    """

    records: list[Minutes]
    aligned: dict[str, dict[int, int]] = field(default_factory=dict)
    context: list[Minutes] = field(default_factory=list)
    base_iri: str = DEFAULT_BASE_IRI
    engine: str = "sparql"
    registry: Registry | None = None


@dataclass(frozen=True)
class MappedSource:
    """One source's RDF, ready for the store."""

    graph_iri: str
    own: bytes  # N-Triples of the source's named graph
    shared: bytes  # N-Triples of the shared entities it mentions
    sha256: str
    path: str
    triples: int


@dataclass
class MappedChunk:
    """What :func:`map_job` returns: the sources in order and the chunk's validation results."""

    sources: list[MappedSource]
    results: list[ValidationResult]


_registry: Registry | None = None  # a worker's registry, set by use_registry


def use_registry(registry: Registry | None) -> None:
    """Set the registry this process's jobs use (a process pool's initializer)."""
    global _registry
    _registry = registry


def _current_registry(given: Registry | None = None) -> Registry:
    return given or _registry or default_registry()


def extract_job(
    path: str | os.PathLike[str],
    stored: tuple[str, str | None] | None,
    base_iri: str = DEFAULT_BASE_IRI,
    registry: Registry | None = None,
) -> Minutes | Failure | Unchanged:
    """Load and extract one file, unless it is as ``stored`` says: (content hash, URL).

    ``registry``: the one to extract with (default: the process's, :func:`use_registry`).
    """
    try:
        if stored is not None and _same_as_stored(path, stored):
            return Unchanged(str(path))
        document = load_document(path)
        if stored is not None and (document.source.sha256, document.source.url) == stored:
            return Unchanged(str(path))
        return extract_document(document, _current_registry(registry), base_iri)
    except KgError as error:
        return Failure(str(path), error)
    except EXTRACTION_BUGS as error:
        return Failure(str(path), extraction_bug(path, error))


def _same_as_stored(path: str | os.PathLike[str], stored: tuple[str, str | None]) -> bool:
    """Whether a file is unchanged, told from its bytes' hash and ``sources.csv`` alone.

    Decoding and reading a page (what :func:`load_document` does) costs a hundred times
    more than hashing, and a rebuild meets mostly unchanged files. The URL a source gets is
    the one ``sources.csv`` lists, else the one its page names — the same page names the
    same URL, so only a stored URL without a listed one needs the page read (False here).
    """
    sha256, url = stored
    try:
        data = Path(path).read_bytes()
    except (OSError, ValueError):
        return False  # load_document says why
    if hashlib.sha256(data).hexdigest() != sha256:
        return False
    listed = source_url(Path(path))
    return listed == url if listed is not None else url is None


def map_job(task: MapTask) -> MappedChunk:
    """Map a chunk of records to N-Triples and validate them together.

    A second source of a session is validated with its session as the primary source gives
    it, so that its spans find their statements.
    """
    registry = _current_registry(task.registry)
    sources: list[MappedSource] = []
    data: list[bytes] = []
    for minutes in task.context:
        mapped = map_minutes(minutes, task.base_iri, registry)
        data += [mapped.own_triples.ntriples(), mapped.shared_triples.ntriples()]
    for minutes in task.records:
        mapped = map_minutes(
            minutes, task.base_iri, registry, task.aligned.get(minutes.source.path)
        )
        own, shared = mapped.own_triples.ntriples(), mapped.shared_triples.ntriples()
        data += [own, shared]
        source = minutes.source
        sources.append(
            MappedSource(str(mapped.graph), own, shared, source.sha256, source.path, len(mapped))
        )
    return MappedChunk(sources, validate_batch(b"".join(data), task.engine))


def validate_batch(data: bytes, engine: str = "sparql") -> list[ValidationResult]:
    """Validate N-Triples with the shapes: compiled to SPARQL, or with pyshacl."""
    if engine == "sparql":
        return validate_ntriples(data).results
    return _validate_with_pyshacl(data)


def _validate_with_pyshacl(data: bytes) -> list[ValidationResult]:
    graph = Graph()
    graph.parse(data=data, format="nt")
    return validate_sources([graph]).results
