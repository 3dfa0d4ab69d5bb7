"""Query workers: pre-started processes that each hold the store open read-only.

Oxigraph cannot interrupt a query from Python, so each query runs in a worker process and a
worker that passes the time limit is killed and replaced. A worker reopens its read-only
store (a snapshot as of its opening) when the store folder's files change, so answers follow
a ``kg build`` writing the same store; it opens it on the first job, so the server starts
before a store exists and says why it cannot answer until then.

Measured on the sample store (2 cores): ``ASK`` takes 0.25 ms in process, 0.56 ms through
a worker (the pipe and the folder check), 1.4 ms as an HTTP request on a kept-alive
connection; reopening the store takes 18 ms. Workers start with ``spawn`` (no fork of a
threaded server), so a program that starts a pool must be importable (not ``python -``).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.http import Response

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

    from kg.target import Target

_TEXT = "text/plain; charset=utf-8"
_OPEN_ATTEMPTS = 4


@dataclass(frozen=True)
class Job:
    """One query for a worker: SPARQL text, or a canned query's name and parameter values."""

    sparql: str | None = None
    canned: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    fmt: str | None = None
    accept: str | None = None


def error(status: int, message: str) -> Response:
    """A plain-text error response."""
    return Response(status, _TEXT, (message.rstrip() + "\n").encode("utf-8"))


class _Snapshot:
    """The store as a worker sees it: reopened when the folder's files change."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.store: Any = None
        self.signature: tuple[tuple[str, int, int], ...] | None = None

    def current(self) -> Any:
        signature = None if self.target.remote else _signature(self.target.store_dir)
        if self.store is None or signature != self.signature:
            if self.store is not None:
                getattr(self.store, "close", lambda: None)()
                self.store = None
            self.store = self._open()
            self.signature = signature
        return self.store

    def _open(self) -> Any:
        """Open the store; retry a little when a writer replaces its files meanwhile."""
        from kg.errors import KgError

        for attempt in range(_OPEN_ATTEMPTS):
            try:
                return self.target.open(read_only=True)
            except KgError:
                raise
            except Exception:  # RocksDB "Corruption": a file went away during the open
                if attempt == _OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.02)
        raise AssertionError("unreachable")


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and times of the store's data files (not its info log or lock)."""
    files = []
    try:
        for entry in os.scandir(folder):
            if entry.name.endswith((".sst", ".log")) or entry.name.startswith(
                ("MANIFEST", "CURRENT")
            ):
                stat = entry.stat()
                files.append((entry.name, stat.st_mtime_ns, stat.st_size))
    except OSError:  # the folder is missing, or a file went away while it was listed
        return ()
    return tuple(sorted(files))


def execute(store: Any, job: Job, max_results: int) -> Response:
    """Run one job on an open store and render the response (also used without workers)."""
    from kg.errors import InputError, KgError, UsageError
    from kg.query import ResultTooLarge, canned_query, run_canned, run_sparql
    from kg.query.formats import NotAcceptable, negotiate

    try:
        if job.canned is not None:
            result = run_canned(
                store, canned_query(job.canned), job.values, max_results=max_results
            )
        else:
            result = run_sparql(store, job.sparql or "", max_results=max_results)
        chosen = negotiate(result, job.fmt, job.accept)
        out = io.BytesIO()
        chosen.write(result, out)
    except NotAcceptable as refused:
        return error(406, str(refused))
    except (ResultTooLarge, UsageError) as refused:
        return error(400, str(refused))
    except InputError as missing:
        return error(503, f"the store cannot be read: {missing}")
    except KgError as failed:
        return error(500, str(failed))
    return Response(200, chosen.media_type, out.getvalue())


def _worker_main(conn: Connection, target: Target, max_results: int) -> None:
    """A worker's loop: receive a job, answer it, until the pipe closes."""
    from kg.errors import KgError

    snapshot = _Snapshot(target)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            store = snapshot.current()
        except KgError as failure:  # no store yet, or not a store
            conn.send(error(503, f"cannot open {target.describe()}: {failure}"))
            continue
        except BaseException as failure:  # RocksDB files replaced under the reader
            if isinstance(failure, KeyboardInterrupt | SystemExit):
                raise
            snapshot.store = None
            conn.send(
                error(
                    503,
                    f"cannot open {target.describe()} while it is written; try again ({failure})",
                )
            )
            continue
        try:
            conn.send(execute(store, job, max_results))
        except BaseException as failure:  # OSError, or a Rust panic (a BaseException)
            if isinstance(failure, KeyboardInterrupt | SystemExit):
                raise
            snapshot.store = None  # reopen for the next job
            conn.send(error(503, f"the store changed while it was read; try again ({failure})"))


class _Worker:
    def __init__(self, context: Any, target: Target, max_results: int) -> None:
        self.conn, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=_worker_main, args=(child, target, max_results), daemon=True
        )
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes answering jobs, each within a time limit.

    Example:
        >>> pool = QueryPool(target, workers=2, timeout=10, max_results=10_000)  # doctest: +SKIP
        >>> pool.run(Job(sparql="ASK { ?s ?p ?o }")).status  # doctest: +SKIP
        200
    """

    def __init__(self, target: Target, *, workers: int, timeout: float, max_results: int) -> None:
        self.target, self.timeout, self.max_results = target, timeout, max_results
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.target, self.max_results)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:  # start the replacement beside the request, not in its time
            threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()

    def run(self, job: Job) -> Response:
        """Answer ``job`` in a worker within the time limit (waiting for one included).

        Returns 503 when no worker is free in time, or the query passes the limit (its
        worker is then killed and replaced).
        """
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return error(503, f"every query worker is busy; try again (limit {self.timeout:g} s)")
        try:
            worker.conn.send(job)
            if worker.conn.poll(max(deadline - time.monotonic(), 0.001)):
                answer: Response = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            self._replace(worker)
            return error(500, "the query worker stopped unexpectedly; try again")
        self._replace(worker)
        return error(
            503, f"the query was stopped after {self.timeout:g} s, the time limit; narrow it"
        )

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.kill()
