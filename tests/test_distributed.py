"""Builds on any executor and on a Dask cluster, N-Quads shards and their loaders.

The Dask tests start a real ``distributed.LocalCluster`` (two single-threaded worker
processes, loopback only, no dashboard) and check that what it builds — into a real Oxigraph
server, or into shards loaded with ``oxigraph load`` or through the Graph Store Protocol — is
the graph the single-process ``kg build`` gives for the same records, graph by graph.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.store import Store

sys.path.insert(0, str(Path(__file__).parent / "remote"))  # the server fixtures' helpers
from remote_servers import OxigraphServer, _oxigraph

BAD_FILES = {"bad/empty.txt": b"", "bad/broken.pdf": b"\x00\x01 not a PDF"}
RECORDS = 60


def _run(runner: CliRunner, cli: Any, *args: str) -> Result:
    return runner.invoke(cli, list(args))


def _graphs(store: Any) -> dict[str, Graph]:
    """Every data graph of a store (embedded or remote) as an rdflib Graph, by name."""
    out = io.BytesIO()
    store.export(out, "nquads")
    graphs: dict[str, Graph] = {}
    for quad in ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS):
        graph = graphs.setdefault(quad.graph_name.value, Graph())
        graph.parse(data=str(quad.triple) + " .\n", format="nt")
    return graphs


def _assert_same_graphs(actual: dict[str, Graph], expected: dict[str, Graph]) -> None:
    assert sorted(actual) == sorted(expected)
    different = [name for name in expected if not isomorphic(actual[name], expected[name])]
    assert not different, f"{len(different)} graphs differ, e.g. {different[0]}"


# Any executor: the seam


def test_any_executor_builds_the_graph_the_inline_build_gives(layouts_dir, samples_dir):
    with Store.memory() as inline, Store.memory() as threaded:
        one = build([layouts_dir, samples_dir], inline, workers=1)
        with ThreadPoolExecutor(2) as executor:
            two = build([layouts_dir, samples_dir], threaded, workers=2, executor=executor)
        _assert_same_graphs(_graphs(threaded), _graphs(inline))
        assert threaded.sources() == inline.sources()
    assert (two.built, two.linked_speakers, two.merged) == (one.built, one.linked_speakers, {})
    assert (two.conforms, two.results) == (one.conforms, one.results)
    assert two.statements == one.statements > 0


# Shards


def test_shards_hold_every_graph_once_whole_and_load_back_to_the_store(tmp_path, samples_dir):
    from kg.distributed import read_shards, write_shards

    with Store.memory() as store:
        build([samples_dir], store)
        shards = write_shards(store, tmp_path / "shards", shard_bytes=40_000)
        expected = set(store.oxigraph)
        names = [*store.named_graphs(), store.meta_graph]
    assert len(shards.files) > 1  # the small size cut them; a graph is never cut
    listed = [g for f in shards.files for g in f.graphs]
    assert sorted(listed) == sorted(names)
    loaded: set[ox.Quad] = set()
    for shard in shards.files:
        data = (tmp_path / "shards" / shard.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shard.sha256
        quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))
        assert len(quads) == shard.quads
        assert {q.graph_name.value for q in quads} == set(shard.graphs)
        loaded |= set(quads)
    assert loaded == expected  # meta graph included
    manifest = json.loads((tmp_path / "shards" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["quads"] == len(expected) and manifest["graphs"] == len(names)
    sums = (tmp_path / "shards" / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert sums == [f"{f.sha256}  {f.file}" for f in shards.files]
    assert read_shards(tmp_path / "shards").quads == len(expected)
    assert not (tmp_path / "shards.partial").exists()


def test_build_refuses_a_shards_folder_in_use_before_building(tmp_path, runner, cli):
    used = tmp_path / "shards"
    used.mkdir()
    (used / "shard-00000.nq").write_text("", encoding="utf-8")
    store = tmp_path / "store"
    result = _run(runner, cli, "build", "--store", str(store), "--shards", str(used), "--no-site")
    assert result.exit_code == 2
    assert result.stderr == f"kg: --shards {used}: exists and is not an empty folder\n"
    assert not store.exists()


def test_load_shards_checks_every_file_before_sending_anything(tmp_path, samples_dir, runner, cli):
    from kg.distributed import write_shards

    with Store.memory() as store:
        build([samples_dir], store)
        write_shards(store, tmp_path / "shards")
    shard = tmp_path / "shards" / "shard-00000.nq"
    shard.write_bytes(shard.read_bytes().replace("議".encode(), "義".encode(), 1))
    # nothing listens on port 9: a request would fail with "cannot connect"
    args = ("load-shards", str(tmp_path / "shards"), "--graph-store", "http://127.0.0.1:9/store")
    result = _run(runner, cli, *args)
    assert result.exit_code == 2
    assert result.stderr == f"kg: {shard}: sha256 differs from the manifest's\n"
    result = _run(runner, cli, *args[:3], "ftp://127.0.0.1/store")
    assert result.exit_code == 2
    assert result.stderr == "kg: --graph-store ftp://127.0.0.1/store: not an http(s) URL\n"
    (tmp_path / "shards" / "manifest.json").unlink()
    result = _run(runner, cli, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: {tmp_path / 'shards' / 'manifest.json'}: cannot read")


def test_a_dask_address_that_is_wrong_or_down_is_one_line(runner, cli, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    import kg.distributed

    monkeypatch.setattr(kg.distributed, "CONNECT_SECONDS", 2)
    store = tmp_path / "store"
    for address, message in [
        ("local:0", "--dask local:0: expected local or local:N (N from 1 to 64)"),
        ("scheduler", "--dask scheduler: expected a scheduler address (tcp://host:8786)"),
        ("tcp://127.0.0.1:9", "--dask tcp://127.0.0.1:9: cannot reach the scheduler"),
        ("tcp://h:8786 minutes", "--dask tcp://h:8786: minutes is a relative path; the workers"),
    ]:
        address, *paths = address.split()
        args = ["build", *paths, "--store", str(store), "--dask", address, "--no-site"]
        result = _run(runner, cli, *args)
        assert result.exit_code == 2, result.stderr
        assert result.stderr.startswith(f"kg: {message}"), result.stderr
        assert result.stderr.count("\n") == 1
        assert not store.exists()


# The Dask path on a LocalCluster, against the single-process build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bench corpus of 60 records in every layout and format, and two bad files."""
    from bench.corpus import generate

    folder = tmp_path_factory.mktemp("corpus")
    generate(folder, RECORDS, seed=11)
    (folder / "manifest.jsonl").unlink()  # the generator's list, not a record
    for name, data in BAD_FILES.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[Store]:
    """The single-process ``kg build`` of the corpus into an embedded store."""
    from kg.cli import cli

    folder = tmp_path_factory.mktemp("reference") / "store"
    args = ["build", str(corpus), "--store", str(folder), "--workers", "1", "--no-site"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    with Store.open(folder, read_only=True) as store:
        yield store


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster: two worker processes of one thread each, on loopback, no dashboard."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server (default graph not the union)."""
    running = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data")
    yield running
    running.stop()


@pytest.mark.slow
def test_dask_build_into_a_server_is_the_single_process_build(
    scheduler: str, server: OxigraphServer, corpus: Path, reference: Store, runner, cli
):
    from kg.remote import RemoteStore

    server.clear()
    args = ["build", str(corpus), "--dask", scheduler, "--endpoint", server.query_url]
    result = _run(runner, cli, *args, "--no-site", "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["built"]) == RECORDS and summary["conforms"]
    assert sorted(f["path"] for f in summary["failures"]) == sorted(
        str(corpus / name) for name in BAD_FILES
    )  # reported, not lost
    for name in BAD_FILES:
        assert f"kg build: {corpus / name}: " in result.stderr
    with RemoteStore.open(server.query_url, read_only=True) as remote:
        _assert_same_graphs(_graphs(remote), _graphs(reference))
        assert remote.sources() == reference.sources()
    assert summary["triples"] == reference.count()
    assert {"extract_job", "map_job"} <= _tasks_run(scheduler)  # on the cluster, not here


def _tasks_run(scheduler: str) -> set[str]:
    """The names of the functions the cluster's scheduler has seen tasks of."""
    from distributed import Client

    with Client(scheduler) as client:
        names: list[str] = client.run_on_scheduler(
            lambda dask_scheduler: list(dask_scheduler.task_prefixes)
        )
    return set(names)


@pytest.fixture(scope="module")
def dask_shards(
    tmp_path_factory: pytest.TempPathFactory, scheduler: str, corpus: Path
) -> tuple[Path, Result]:
    """``kg build --dask … --shards DIR`` of the corpus: the shards folder and the result."""
    from kg.cli import cli

    folder = tmp_path_factory.mktemp("dask")
    args = ["build", str(corpus), "--dask", scheduler, "--store", str(folder / "store")]
    args += ["--shards", str(folder / "shards"), "--no-site"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return folder / "shards", result


@pytest.mark.slow
def test_dask_shards_loaded_by_oxigraph_load_are_the_single_process_build(
    dask_shards: tuple[Path, Result], reference: Store, tmp_path: Path
):
    shards, result = dask_shards
    assert result.stdout.startswith(f"{RECORDS} built, 0 unchanged, {len(BAD_FILES)} failed")
    files = sorted(str(path) for path in shards.glob("shard-*.nq"))
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=shards, capture_output=True)
    assert check.returncode == 0, check.stdout
    location = tmp_path / "loaded"
    done = subprocess.run(
        [_oxigraph(), "load", "--location", str(location), "--file", *files],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with Store.open(location, read_only=True) as loaded:
        _assert_same_graphs(_graphs(loaded), _graphs(reference))
        assert loaded.sources() == reference.sources()  # a later kg build skips them


@pytest.mark.slow
def test_dask_shards_sent_through_the_graph_store_protocol_are_the_single_process_build(
    dask_shards: tuple[Path, Result],
    server: OxigraphServer,
    corpus: Path,
    reference: Store,
    runner,
    cli,
):
    from kg.remote import RemoteStore

    server.clear()
    shards, _ = dask_shards
    result = _run(runner, cli, "load-shards", str(shards), "--graph-store", server.base + "/store")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(" from 1 shards\n")
    with RemoteStore.open(server.query_url, read_only=True) as remote:
        _assert_same_graphs(_graphs(remote), _graphs(reference))
        assert remote.sources() == reference.sources()
    again = _run(runner, cli, "build", str(corpus), "--endpoint", server.query_url, "--no-site")
    assert again.stdout.startswith(f"0 built, {RECORDS} unchanged"), again.stderr


def test_shards_folder_is_not_left_half_written(tmp_path, samples_dir, monkeypatch):
    import kg.distributed

    def broken(store: Any, graph: str) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(kg.distributed, "_graph_nquads", broken)
    with Store.memory() as store:
        build([samples_dir], store)
        with pytest.raises(OSError):
            kg.distributed.write_shards(store, tmp_path / "shards")
    assert not (tmp_path / "shards").exists() and not (tmp_path / "shards.partial").exists()


class _FreshProcesses(ThreadPoolExecutor):
    """An executor whose jobs run as in a new worker process: no registry set for them."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        from kg.jobs import use_registry

        def fresh() -> Any:
            use_registry(None)
            return fn(*args, **kwargs)

        return super().submit(fresh)


def test_a_given_registry_goes_with_every_job_on_a_given_executor(tmp_path, layouts_dir):
    from kg.registry import Registry

    folder = tmp_path / "registry"
    shutil.copytree(Path(__file__).parents[1] / "data" / "registry", folder)
    series = folder / "series.csv"
    text = series.read_text(encoding="utf-8")
    series.write_text(text.replace("Municipal CIO Council", "Municipal Test"), "utf-8")
    registry = Registry.load(folder)
    with Store.memory() as inline, Store.memory() as given:
        build([layouts_dir], inline, registry=registry)
        with _FreshProcesses(2) as executor:
            build([layouts_dir], given, registry=registry, workers=2, executor=executor)
        _assert_same_graphs(_graphs(given), _graphs(inline))
        names = given.select('SELECT ?n WHERE { ?o schema:name ?n FILTER (lang(?n) = "en") }')
    assert "Tokyo Metropolitan and Municipal Test" in {row["n"] for row in names}
