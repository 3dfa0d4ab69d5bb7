"""Builds beyond one machine: the build's jobs on a Dask cluster, the graph as N-Quads shards.

``kg build --dask ADDRESS`` runs :func:`kg.jobs.extract_job` and :func:`kg.jobs.map_job` —
the functions ``--workers N`` runs in local processes — on the workers of a Dask cluster,
through the :class:`concurrent.futures.Executor` that :func:`dask_executor` opens
(:func:`kg.build.build`'s ``executor``). The main process stays the one that links
surname-only speakers across records (sequential, as in every build), orders the records and
writes the store, so the graph is the one a single-process build gives.

``kg build --shards DIR`` then writes the built graph as N-Quads shard files with a manifest
(:func:`write_shards`: each named graph whole in one file, sha256 of every file), for the bulk
loader of a large SPARQL server (``docs/scale.md``), and ``kg load-shards DIR --graph-store
URL`` sends them to a server through the SPARQL 1.1 Graph Store Protocol (:func:`load_shards`).

Dask is optional (``pip install 'gijiroku-kg[dask]'``) and imported only here, when used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import InputError, KgError, UsageError, one_line

if TYPE_CHECKING:
    from kg.target import GraphStore

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"  # the same hashes for `sha256sum -c`
SHARD_BYTES = 64 * 1024 * 1024  # a shard file is closed past this size (a graph is never split)
CONNECT_SECONDS = 20  # to reach a scheduler, and for its first worker to be there
LOCAL_WORKERS = 2  # `--dask local`: worker processes of the cluster started on this machine
MANIFEST_VERSION = 1


class ClusterError(KgError):
    """The Dask cluster cannot be reached, or its workers cannot run kg's jobs."""


@dataclass
class ShardFile:
    """One shard file as the manifest lists it."""

    file: str
    bytes: int
    sha256: str
    quads: int
    graphs: list[str] = field(default_factory=list)


@dataclass
class Shards:
    """What :func:`write_shards` wrote (the manifest's content)."""

    folder: Path
    files: list[ShardFile]
    meta_graph: str
    shared_graph: str

    @property
    def quads(self) -> int:
        """Quads in all the files."""
        return sum(f.quads for f in self.files)

    @property
    def graphs(self) -> int:
        """Named graphs in all the files."""
        return sum(len(f.graphs) for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """The manifest as JSON-ready data."""
        return {
            "version": MANIFEST_VERSION,
            "format": "N-Quads",
            "media_type": "application/n-quads",
            "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "meta_graph": self.meta_graph,
            "shared_graph": self.shared_graph,
            "quads": self.quads,
            "graphs": self.graphs,
            "files": [vars(f) for f in self.files],
        }


@contextmanager
def dask_executor(address: str) -> Iterator[tuple[Executor, int]]:
    """Connect to a Dask cluster; yield an executor on it and how many jobs it runs at once.

    Args:
        address: a scheduler's address (``tcp://host:8786``), or ``local`` / ``local:N`` for
            a cluster of N (default 2) single-threaded worker processes on this machine,
            listening on loopback only, without a dashboard.

    Raises:
        UsageError: Dask is not installed, or ``address`` is malformed.
        ClusterError: the scheduler cannot be reached, has no worker in time, or its workers
            cannot import this version of kg.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise UsageError(
            "--dask: Dask is not installed; pip install 'gijiroku-kg[dask]'"
        ) from error
    cluster = None
    if _is_local(address):
        count = address.partition(":")[2] or str(LOCAL_WORKERS)
        if not count.isdigit() or not 1 <= int(count) <= 64:
            raise UsageError(f"--dask {address}: expected local or local:N (N from 1 to 64)")
        cluster = LocalCluster(
            n_workers=int(count),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        target: Any = cluster
    elif "://" not in address and ":" not in address:
        raise UsageError(f"--dask {address}: expected a scheduler address (tcp://host:8786)")
    else:
        target = address
    try:
        try:
            client = Client(target, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as error:
            raise ClusterError(
                f"--dask {address}: cannot reach the scheduler ({one_line(error)})"
            ) from error
        try:
            _check_workers(client, address)
            threads = sum(client.nthreads().values())
            yield client.get_executor(pure=False), max(1, threads)
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _is_local(address: str) -> bool:
    """True for ``local`` and ``local:N``: a cluster started on this machine."""
    return address == "local" or address.startswith("local:")


def check_paths(paths: Iterable[str], address: str) -> None:
    """Refuse relative paths for a cluster's workers: they read the files where they run.

    Raises:
        UsageError: ``address`` is a scheduler (not ``local``) and a path is relative.
    """
    if _is_local(address):
        return
    relative = next((path for path in paths if not Path(path).is_absolute()), None)
    if relative is not None:
        raise UsageError(
            f"--dask {address}: {relative} is a relative path; the workers read the files "
            "themselves: give absolute paths, the same on every worker (a shared filesystem)"
        )


def _check_workers(client: Any, address: str) -> None:
    """Wait for a worker and check that the workers run this version of kg."""
    from importlib.metadata import version

    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as error:
        raise ClusterError(
            f"--dask {address}: no worker joined within {CONNECT_SECONDS} s"
        ) from error
    mine = version("gijiroku-kg")
    try:
        theirs = client.run(_kg_version)
    except Exception as error:  # what a worker raises comes back as is
        raise ClusterError(
            f"--dask {address}: the workers cannot run kg's jobs ({one_line(error)}); install "
            f"gijiroku-kg {mine} on every worker"
        ) from error
    wrong = sorted(worker for worker, found in theirs.items() if found != mine)
    if wrong:
        raise ClusterError(
            f"--dask {address}: worker {wrong[0]} runs gijiroku-kg {theirs[wrong[0]]}, not "
            f"{mine}; install the same version on every worker"
        )


def _kg_version() -> str:
    """Run on a worker: the version of kg it imports (it fails if it has none)."""
    from importlib.metadata import version

    import kg.jobs  # noqa: F401 - what the jobs need

    return version("gijiroku-kg")


def check_shards_folder(folder: Path) -> None:
    """Refuse a shards folder that exists and is not empty (shards are never mixed).

    Raises:
        UsageError: ``folder`` is a file or a folder with files in it.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"--shards {folder}: exists and is not an empty folder")


def write_shards(store: GraphStore, folder: Path, *, shard_bytes: int = SHARD_BYTES) -> Shards:
    """Write every named graph of ``store``, bookkeeping included, as N-Quads shard files.

    Files ``shard-00000.nq``… hold whole graphs, about ``shard_bytes`` each (a larger graph
    alone); ``manifest.json`` names each file's graphs, quads and sha256 (``SHA256SUMS`` the
    same for ``sha256sum -c``). The meta graph goes too, so that a server loaded from the
    shards knows its sources (``kg build --endpoint`` then skips the unchanged ones). The
    folder is written under ``{folder}.partial`` and renamed into place when complete.

    Raises:
        UsageError: ``folder`` exists and is not empty.
    """
    check_shards_folder(folder)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)  # what a killed run left
    partial.mkdir(parents=True)
    shards = Shards(folder, [], store.meta_graph, store.shared_graph)
    try:
        writer = _ShardWriter(partial, shards, shard_bytes)
        for graph in [*store.named_graphs(), store.meta_graph]:
            writer.add(graph, _graph_nquads(store, graph))
        writer.close()
        _write_text(partial / MANIFEST, json.dumps(shards.to_dict(), indent=1) + "\n")
        sums = "".join(f"{f.sha256}  {f.file}\n" for f in shards.files)
        _write_text(partial / CHECKSUMS, sums)
        if folder.exists():
            folder.rmdir()
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return shards


class _ShardWriter:
    """Appends graphs to shard files, a new file past the size, hashing as it writes."""

    def __init__(self, folder: Path, shards: Shards, limit: int) -> None:
        self.folder, self.shards, self.limit = folder, shards, limit
        self.out: Any = None
        self.digest = hashlib.sha256()
        self.current: ShardFile | None = None

    def add(self, graph: str, data: bytes) -> None:
        if not data:
            return
        if self.current is None or (
            self.current.bytes and self.current.bytes + len(data) > self.limit
        ):
            self.close()
            name = f"shard-{len(self.shards.files):05d}.nq"
            self.current = ShardFile(name, 0, "", 0)
            self.out = (self.folder / name).open("wb")
            self.digest = hashlib.sha256()
        self.out.write(data)
        self.digest.update(data)
        self.current.bytes += len(data)
        self.current.quads += data.count(b"\n")
        self.current.graphs.append(graph)

    def close(self) -> None:
        if self.current is None:
            return
        self.out.close()
        self.current.sha256 = self.digest.hexdigest()
        self.shards.files.append(self.current)
        self.current = None


def _graph_nquads(store: GraphStore, graph: str) -> bytes:
    """One named graph of the store as N-Quads."""
    triples = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        use_default_graph_as_union=False,
    )
    assert isinstance(triples, ox.QueryTriples)
    name = ox.NamedNode(graph)
    quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def read_shards(folder: Path) -> Shards:
    """Read a shards folder's manifest and check every file against its sha256.

    Raises:
        InputError: the manifest is missing or malformed, or a file is missing or changed.
    """
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = [ShardFile(**entry) for entry in manifest["files"]]
        shards = Shards(folder, files, manifest["meta_graph"], manifest["shared_graph"])
    except OSError as error:
        raise InputError(f"cannot read the manifest: {error.strerror}", str(path)) from error
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"not a kg shards manifest ({one_line(error)})", str(path)) from error
    for shard in shards.files:
        name = Path(shard.file)
        if name.name != shard.file:  # a manifest names files in its folder only
            raise InputError(f"file {shard.file!r} is outside the folder", str(path))
        digest = hashlib.sha256()
        try:
            with (folder / name).open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror}", str(folder / name)) from error
        if digest.hexdigest() != shard.sha256:
            raise InputError("sha256 differs from the manifest's", str(folder / name))
    return shards


def load_shards(folder: Path, graph_store: str, env: dict[str, str] | None = None) -> Shards:
    """Send the shards to a server's Graph Store Protocol endpoint, one POST per named graph.

    Every file is checked against the manifest before anything is sent. A POST adds to a
    graph: load into a server that does not hold these graphs yet (for later changes, ``kg
    build --endpoint`` replaces sources one by one). Credentials and the timeout come from the
    environment as for ``--endpoint`` (``KG_ENDPOINT_USER``/``_PASSWORD``, ``_TOKEN``).

    Args:
        folder: what :func:`write_shards` wrote.
        graph_store: the endpoint, e.g. ``http://host:7878/store`` (Oxigraph server) or
            ``http://host:3030/ds/data`` (Fuseki).
        env: where credentials are read (default: ``os.environ``).

    Raises:
        UsageError: ``graph_store`` is not an http(s) URL.
        InputError: the manifest or a shard file is missing, changed or unreadable.
        EndpointError: the server cannot be reached or refuses a graph.
    """
    from urllib.parse import urlsplit

    from kg.remote.client import SparqlClient, redact

    if urlsplit(graph_store).scheme not in ("http", "https"):
        raise UsageError(f"--graph-store {redact(graph_store)}: not an http(s) URL")
    shards = read_shards(folder)
    client = SparqlClient(graph_store, env=os.environ if env is None else env)
    try:
        for shard in shards.files:
            path = folder / shard.file
            by_graph: dict[str, list[ox.Triple]] = {}
            try:
                for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
                    graph = quad.graph_name
                    if not isinstance(graph, ox.NamedNode):
                        raise InputError("a quad outside the named graphs", str(path))
                    by_graph.setdefault(graph.value, []).append(quad.triple)
            except SyntaxError as error:
                raise InputError(f"not N-Quads: {one_line(error)}", str(path)) from error
            for graph, triples in by_graph.items():
                data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                client.post(graph_store, data, "application/n-triples", {"graph": graph})
    finally:
        client.close()
    return shards
