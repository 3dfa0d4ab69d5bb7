"""The embedded store: atomic, idempotent source replacement, bookkeeping, locking, export."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDFS, BNode, Graph, Literal, URIRef

from kg.errors import InputError, UsageError
from kg.extract import extract_path
from kg.map import Mapped, map_minutes
from kg.registry import default_registry
from kg.store import EXPORT_FORMATS, SourceGraphs, Store, StoreBusy

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/gijiroku/"
SAMPLES = ("003_febb558535f5cb73.txt", "000_68ceb863bdaa2c75.txt")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
STATEMENTS = "SELECT ?st ?text WHERE { ?st a gk:Statement ; schema:text ?text } ORDER BY ?st"


def _mapped(name: str) -> tuple[Mapped, str, str]:
    registry = default_registry()
    minutes = extract_path(ROOT / "data" / "minutes" / name, registry)
    return map_minutes(minutes, BASE, registry), minutes.source.sha256, minutes.source.path


@pytest.fixture(scope="module")
def records() -> list[tuple[Mapped, str, str]]:
    """The two sample minutes, mapped: (Mapped, sha256, path)."""
    return [_mapped(name) for name in SAMPLES]


def _load(store: Store, record: tuple[Mapped, str, str]) -> int:
    mapped, sha256, path = record
    return store.replace_source(
        str(mapped.graph), mapped.own, mapped.shared, sha256, path, loaded_at=WHEN
    )


def _dump(store: Store, fmt: str = "nquads") -> bytes:
    out = io.BytesIO()
    store.export(out, fmt)
    return out.getvalue()


def _full_dump(store: Store) -> bytes:
    """Every quad, meta included, in Oxigraph's order."""
    data = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    assert data is not None
    return data


def test_replace_is_idempotent(tmp_path: Path, records: list[tuple[Mapped, str, str]]) -> None:
    with Store.open(tmp_path / "store") as store:
        first = _load(store, records[0])
        size, dump = len(store), _full_dump(store)
        assert first == len(records[0][0].own) + len(records[0][0].shared)
        assert size == first
        assert _load(store, records[0]) == first
        assert len(store) == size
        assert _full_dump(store) == dump


def test_memory_store_and_pyoxigraph_triples(records: list[tuple[Mapped, str, str]]) -> None:
    mapped, sha256, path = records[0]
    quads = ox.parse(mapped.own.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    with Store.memory() as native, Store.memory() as from_rdflib:
        native.replace_source(str(mapped.graph), quads, mapped.shared, sha256, path)
        _load(from_rdflib, records[0])
        assert _dump(native) == _dump(from_rdflib)
    with pytest.raises(UsageError, match="closed"):
        native.count()


def test_blank_nodes_are_replaced_not_piled_up(tmp_path: Path) -> None:
    graph, node = Graph(), BNode()
    graph.add((URIRef(BASE + "id/test/s"), RDFS.seeAlso, node))
    graph.add((node, RDFS.label, Literal("空白ノード", lang="ja")))
    with Store.open(tmp_path / "store") as store:
        for _ in range(3):
            store.replace_source(BASE + "id/graph/test", graph, Graph(), "c" * 64, "test")
        assert store.count(BASE + "id/graph/test") == 2


def test_two_builds_give_identical_dumps(
    tmp_path: Path, records: list[tuple[Mapped, str, str]]
) -> None:
    dumps = []
    for name in ("a", "b"):
        with Store.open(tmp_path / name) as store:
            for record in records if name == "a" else reversed(records):
                _load(store, record)
            dumps.append(_dump(store))
    assert dumps[0] == dumps[1]
    assert dumps[0].count(b"\n") > 1000


def test_replacing_changed_content_drops_old_triples_only(
    tmp_path: Path, records: list[tuple[Mapped, str, str]]
) -> None:
    (mapped, sha256, path), other = records[0], records[1]
    first = re.compile(r"/statement/1(/|$)")
    dropped = {t for t in mapped.own if first.search(str(t[0]))}
    changed = Graph()
    for triple in mapped.own:
        if triple not in dropped:
            changed.add(triple)
    extra = (URIRef(BASE + "id/test/new"), RDFS.label, Literal("新しい", lang="ja"))
    changed.add(extra)
    with Store.open(tmp_path / "store") as store:
        _load(store, records[0])
        _load(store, other)
        shared_before = store.count(store.shared_graph)
        other_before = store.count(str(other[0].graph))

        store.replace_source(str(mapped.graph), changed, Graph(), "f" * 64, path)

        view = store.dataset().graph(mapped.graph)
        assert len(dropped) > 5
        assert not [t for t in dropped if t in view]
        assert extra in view
        assert store.count(str(mapped.graph)) == len(changed)
        assert store.count(str(other[0].graph)) == other_before
        assert store.count(store.shared_graph) == shared_before
        assert store.source_hashes()[str(mapped.graph)] == "f" * 64
        assert not store.has_source(sha256)


def test_shared_triples_are_not_duplicated(
    tmp_path: Path, records: list[tuple[Mapped, str, str]]
) -> None:
    union = set(records[0][0].shared) | set(records[1][0].shared)
    assert len(union) < len(records[0][0].shared) + len(records[1][0].shared)
    with Store.open(tmp_path / "store") as store:
        for record in [*records, *records]:
            _load(store, record)
        assert store.count(store.shared_graph) == len(union)
        assert store.named_graphs() == sorted(
            [str(records[0][0].graph), str(records[1][0].graph), store.shared_graph]
        )


def test_source_hashes_round_trip(tmp_path: Path, records: list[tuple[Mapped, str, str]]) -> None:
    expected = {str(mapped.graph): sha for mapped, sha, _ in records}
    with Store.open(tmp_path / "store") as store:
        for record in records:
            _load(store, record)
        assert store.source_hashes() == expected
    with Store.open(tmp_path / "store", read_only=True) as store:
        assert store.source_hashes() == expected
        assert all(store.has_source(sha) for sha in expected.values())
        assert not store.has_source("0" * 64)
        meta = store.query(
            "SELECT ?path ?when WHERE { GRAPH ?g { ?s dcterms:source ?path ; "
            "dcterms:modified ?when } } ORDER BY ?path",
            use_default_graph_as_union=False,
        )
        assert isinstance(meta, ox.QuerySolutions)
        rows = [(row["path"].value, row["when"].value) for row in meta]
        assert rows == sorted((path, "2026-01-01T00:00:00Z") for _, _, path in records)
        assert store.sources() == {path: (str(m.graph), sha) for m, sha, path in records}
        found = store.select("SELECT ?g ?none WHERE { ?g gk:sourceHash ?h }")
        assert sorted(found, key=lambda row: row["g"]) == [{"g": g} for g in sorted(expected)]
    with Store.open(tmp_path / "store") as store:
        graph = str(records[0][0].graph)
        store.remove_source(graph)
        assert graph not in store.source_hashes()
        assert store.count(graph) == 0
        assert graph not in store.named_graphs()


def test_a_bad_request_leaves_the_previous_version(
    tmp_path: Path, records: list[tuple[Mapped, str, str]]
) -> None:
    mapped, sha256, path = records[0]
    with Store.open(tmp_path / "store") as store:
        _load(store, records[0])
        before = _full_dump(store)
        broken = Graph()
        broken += mapped.own
        broken.add((URIRef("relative/iri"), RDFS.label, Literal("x")))  # valid for rdflib only
        with pytest.raises(InputError, match=str(mapped.graph)):
            store.replace_source(str(mapped.graph), broken, mapped.shared, "e" * 64, path)
        assert _full_dump(store) == before
        assert store.has_source(sha256)


_WRITER = """
import sys
from pathlib import Path
from rdflib import RDFS, BNode, Graph, Literal, URIRef
from kg.store import Store

store = Store.open(Path(sys.argv[1]))
graph = "https://w3id.org/gijiroku/id/graph/crash"
small = Graph().parse(sys.argv[2], format="nt")
big = Graph()
big += small
for i in range(30000):
    big.add((URIRef(f"https://example.org/{i}"), RDFS.label, Literal(f"埋め草 {i}", lang="ja")))
store.replace_source(graph, small, Graph(), "a" * 64, "small")
print(len(small), len(big), flush=True)
while True:
    store.replace_source(graph, big, Graph(), "b" * 64, "big")
    store.replace_source(graph, small, Graph(), "a" * 64, "small")
"""


@pytest.mark.slow
def test_a_killed_writer_leaves_a_whole_version(
    tmp_path: Path, records: list[tuple[Mapped, str, str]]
) -> None:
    small = tmp_path / "small.nt"
    records[0][0].own.serialize(small, format="nt", encoding="utf-8")
    graph = "https://w3id.org/gijiroku/id/graph/crash"
    for delay in (0.6, 1.1, 1.7):  # kill at different points of the replace loop
        writer = subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path / "store"), str(small)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert writer.stdout is not None
        sizes = [int(n) for n in writer.stdout.readline().split()]
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert len(sizes) == 2, "the writer did not start"
        with Store.open(tmp_path / "store") as store:
            state = (store.count(graph), store.source_hashes()[graph])
        assert state in {(sizes[0], "a" * 64), (sizes[1], "b" * 64)}, delay


_OPEN = """
import sys
from pathlib import Path
from kg.store import Store, StoreBusy

try:
    store = Store.open(Path(sys.argv[1]), read_only=sys.argv[2] == "ro")
except StoreBusy as error:
    print("busy", error.exit_code, error)
else:
    print("open", len(store.source_hashes()))
"""


def _open_elsewhere(path: Path, mode: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _OPEN, str(path), mode],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_one_writer_many_readers(tmp_path: Path, records: list[tuple[Mapped, str, str]]) -> None:
    path = tmp_path / "store"
    with Store.open(path) as writer:
        _load(writer, records[0])
        assert _open_elsewhere(path, "ro") == "open 1"
        busy = _open_elsewhere(path, "rw")
        assert busy.startswith("busy 2 store ")
        assert "being written by another process" in busy and "read-only" in busy
        with pytest.raises(StoreBusy, match="open it read-only"):
            Store.open(path)
        with Store.open(path, read_only=True) as reader:
            assert reader.source_hashes() == writer.source_hashes()
            with pytest.raises(UsageError, match="read-only"):
                _load(reader, records[1])
    assert _open_elsewhere(path, "rw") == "open 1"  # closing released the lock


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no store"):
        Store.open(tmp_path / "nothing", read_only=True)
    with Store.open(tmp_path / "deep" / "new" / "store") as store:
        assert len(store) == 0
    assert (tmp_path / "deep" / "new" / "store").is_dir()


@pytest.fixture
def built(tmp_path: Path, records: list[tuple[Mapped, str, str]]) -> Iterator[Store]:
    """An on-disk store holding both sample minutes."""
    with Store.open(tmp_path / "store") as store:
        for record in records:
            _load(store, record)
        yield store


def _union_triples(store: Store) -> int:
    solutions = store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (?g != <{store.meta_graph}>) }} }}",
        use_default_graph_as_union=False,
    )
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(solutions)["n"].value)


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_export_parses_back(built: Store, fmt: str) -> None:
    data = _dump(built, fmt)
    quads = list(ox.parse(data, EXPORT_FORMATS[fmt]))
    if fmt in ("turtle", "nt"):
        assert len(quads) == _union_triples(built)
    else:
        assert len(quads) == len(built)
        graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        assert graphs == set(built.named_graphs())
    assert b"sourceHash" not in data
    assert len(quads) > 1000


def test_turtle_export_parses_with_rdflib(built: Store) -> None:
    data = _dump(built, "turtle")
    assert data.startswith(b"@prefix")
    assert b"@prefix schema: <http://schema.org/> ." in data
    assert len(Graph().parse(data=data, format="turtle")) == _union_triples(built)


def test_unknown_export_format(built: Store) -> None:
    with pytest.raises(UsageError, match="turtle"):
        _dump(built, "rdfxml")


def test_bulk_load_gives_the_same_store(
    tmp_path: Path, built: Store, records: list[tuple[Mapped, str, str]]
) -> None:
    sources = [
        SourceGraphs(str(mapped.graph), mapped.own, mapped.shared, sha, path)
        for mapped, sha, path in records
    ]
    with Store.open(tmp_path / "bulk") as bulk:
        assert bulk.bulk_add_sources(sources, loaded_at=WHEN) == sum(
            len(m.own) + len(m.shared) for m, _, _ in records
        )
        assert _dump(bulk) == _dump(built)
        assert bulk.source_hashes() == built.source_hashes()
        bulk.bulk_add_sources(sources[:1], loaded_at=WHEN)  # again: replaces, no duplicates
        assert _full_dump(bulk) == _full_dump(built)


def test_dataset_view_answers_like_the_store(built: Store) -> None:
    native = built.query(STATEMENTS)
    assert isinstance(native, ox.QuerySolutions)
    expected = [(row["st"].value, row["text"].value) for row in native]
    rows = [(str(st), str(text)) for st, text in built.dataset().query(STATEMENTS)]
    assert rows == expected
    assert len(rows) > 20


def test_japanese_language_tag_survives(built: Store) -> None:
    native = built.query(STATEMENTS)
    assert isinstance(native, ox.QuerySolutions)
    assert {row["text"].language for row in native} == {"ja"}
    texts = [text for _, text in built.dataset().query(STATEMENTS)]
    assert {text.language for text in texts} == {"ja"}
    assert b'"@ja ' in _dump(built, "nt")
    turtle = Graph().parse(data=_dump(built, "turtle"), format="turtle")
    assert {o.language for o in turtle.objects(None, URIRef("http://schema.org/text"))} == {"ja"}


def test_oxigraph_canonicalizes_literals(tmp_path: Path) -> None:
    """What comes back differs from what went in (oxigraph/oxigraph#526): shapes must allow it."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    subject = URIRef(BASE + "id/test/s")
    graph = Graph()
    graph.add((subject, RDFS.label, Literal("議事録", lang="ja")))
    graph.add((subject, RDFS.comment, Literal("minutes", lang="en-US")))
    graph.add((subject, RDFS.seeAlso, Literal("3803", datatype=URIRef(xsd + "nonNegativeInteger"))))
    with Store.open(tmp_path / "store") as store:
        store.replace_source(BASE + "id/graph/test", graph, Graph(), "d" * 64, "test")
        back = Graph().parse(data=_dump(store, "nt"), format="nt")
    assert back.value(subject, RDFS.label) == Literal("議事録", lang="ja")
    assert back.value(subject, RDFS.comment) == Literal("minutes", lang="en-us")
    assert back.value(subject, RDFS.seeAlso) == Literal("3803", datatype=URIRef(xsd + "integer"))


def test_atomic_add_stores_all_sources_or_none(records: list[tuple[Mapped, str, str]]) -> None:
    (good, sha, path), (other, sha2, path2) = records[0], records[1]
    bad = other.own_triples.ntriples() + b"<not an iri> <http://x/p> 'x' .\n"
    with Store.memory() as store:
        with pytest.raises(InputError):
            store.bulk_add_sources(
                [
                    SourceGraphs(str(good.graph), good.own, good.shared, sha, path),
                    SourceGraphs(str(other.graph), bad, other.shared, sha2, path2),
                ],
                atomic=True,
            )
        assert len(store) == 0 and store.source_hashes() == {}
        store.bulk_add_sources(
            [SourceGraphs(str(good.graph), good.own, good.shared, sha, path)], atomic=True
        )
        assert store.source_hashes() == {str(good.graph): sha}
        assert store.count(str(good.graph)) == len(good.own)
