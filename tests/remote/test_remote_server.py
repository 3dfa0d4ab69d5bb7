"""kg build, validate, export and stats against a real Oxigraph server, compared with the
embedded store; RemoteStore's reads and writes on the server."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph
from remote_servers import OxigraphServer

from kg.errors import EndpointError, UsageError
from kg.remote import RemoteStore
from kg.store import Store

pytestmark = pytest.mark.slow
GK = "https://w3id.org/gijiroku/def#"
SCHEMA = "http://schema.org/"


def _run(runner: CliRunner, cli: Any, *args: str) -> Result:
    return runner.invoke(cli, list(args))


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, samples_dir: Path) -> Path:
    """The samples built into an embedded store, to compare with."""
    from kg.build import build

    folder = tmp_path_factory.mktemp("embedded") / "store"
    with Store.open(folder) as store:
        build([samples_dir], store)
    return folder


def _quads(data: bytes) -> set[ox.Quad]:
    return set(ox.parse(data, ox.RdfFormat.N_QUADS))


def _export(store: Any, fmt: str) -> bytes:
    out = io.BytesIO()
    store.export(out, fmt)
    return out.getvalue()


def test_build_into_a_server_gives_the_embedded_build(
    server: OxigraphServer, embedded: Path, runner: CliRunner, cli: Any
) -> None:
    result = _run(runner, cli, "build", "--endpoint", server.query_url, "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["sessions"], summary["statements"]) == (2, 48)
    assert len(summary["built"]) == 2 and summary["conforms"]
    with Store.open(embedded, read_only=True) as local:
        expected = _quads(_export(local, "nquads"))
        assert summary["triples"] == local.count()
    with RemoteStore.open(server.query_url, read_only=True) as remote:
        assert _quads(_export(remote, "nquads")) == expected
        assert remote.source_hashes() == Store.open(embedded, read_only=True).source_hashes()

    again = _run(runner, cli, "build", "--endpoint", server.query_url)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("0 built, 2 unchanged, 0 failed; endpoint ")
    assert "2 sessions, 48 statements" in again.stdout


def test_a_changed_source_is_replaced_on_the_server(
    server: OxigraphServer, samples_dir: Path, tmp_path: Path, runner: CliRunner, cli: Any
) -> None:
    for sample in samples_dir.iterdir():
        shutil.copy(sample, tmp_path / sample.name)
    assert _run(runner, cli, "build", str(tmp_path), "--endpoint", server.query_url).exit_code == 0
    changed = sorted(tmp_path.glob("*.txt"))[0]
    text = changed.read_text(encoding="utf-8")
    with RemoteStore.open(server.query_url, read_only=True) as store:
        before = store.count()
        texts = {row["t"] for row in store.select("SELECT ?t WHERE { ?s schema:text ?t }")}
    sentence = next(t for t in texts if t in text and len(t) > 10)
    changed.write_text(text.replace(sentence, sentence + "追記"), encoding="utf-8")
    result = _run(runner, cli, "build", str(tmp_path), "--endpoint", server.query_url)
    assert result.stdout.startswith("1 built, 1 unchanged"), result.stdout + result.stderr
    with RemoteStore.open(server.query_url, read_only=True) as store:
        texts = {row["t"] for row in store.select("SELECT ?t WHERE { ?s schema:text ?t }")}
        assert sentence + "追記" in texts and sentence not in texts
        assert store.count() == before
        assert len(store.sources()) == 3  # the two records and the topic scheme


def test_validate_conforms_then_fails_when_the_data_is_corrupted(
    server: OxigraphServer, runner: CliRunner, cli: Any
) -> None:
    assert _run(runner, cli, "build", "--endpoint", server.query_url).exit_code == 0
    for engine in ("pyshacl", "sparql"):
        result = _run(
            runner, cli, "validate", "--endpoint", server.query_url, "--validator", engine
        )
        assert result.exit_code == 0, result.stdout + result.stderr
        assert result.stdout.startswith("conforms")
    server.update(f"DELETE WHERE {{ GRAPH ?g {{ ?s <{SCHEMA}text> ?t ; <{SCHEMA}position> 3 }} }}")
    for engine in ("pyshacl", "sparql"):
        result = _run(
            runner, cli, "validate", "--endpoint", server.query_url, "--validator", engine
        )
        assert result.exit_code == 1, result.stdout + result.stderr
        assert "text" in result.stdout


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"),
    [
        ("turtle", "turtle"),
        ("nt", "nt"),
        ("nquads", "nquads"),
        ("trig", "trig"),
        ("jsonld", "json-ld"),
    ],
)
def test_export_parses_and_matches_the_embedded_store(
    server: OxigraphServer,
    embedded: Path,
    runner: CliRunner,
    cli: Any,
    tmp_path: Path,
    fmt: str,
    rdflib_format: str,
) -> None:
    assert _run(runner, cli, "build", "--endpoint", server.query_url).exit_code == 0
    written = tmp_path / f"out.{fmt}"
    result = _run(
        runner, cli, "export", "--endpoint", server.query_url, "--format", fmt, "-o", str(written)
    )
    assert result.exit_code == 0, result.stderr
    remote, local = Dataset(), Dataset()
    remote.parse(written, format=rdflib_format)
    with Store.open(embedded, read_only=True) as store:
        local.parse(data=_export(store, fmt), format=rdflib_format)
    assert len(remote) == len(local) > 1000
    assert {str(g.identifier) for g in remote.graphs()} == {
        str(g.identifier) for g in local.graphs()
    }
    assert set(remote.quads()) == set(local.quads())


def test_stats_over_the_endpoint(server: OxigraphServer, runner: CliRunner, cli: Any) -> None:
    assert _run(runner, cli, "build", "--endpoint", server.query_url).exit_code == 0
    result = _run(runner, cli, "stats", "--endpoint", server.query_url)
    assert result.exit_code == 0, result.stderr
    rows = dict(line.split("\t") for line in result.stdout.splitlines())
    assert rows["sessions"] == "2" and rows["statements"] == "48"
    assert rows["triples"] == "2358"  # 1,326 of the records, 1,032 of the topic scheme


def test_query_with_bindings_matches_the_embedded_store(
    server: OxigraphServer, embedded: Path, runner: CliRunner, cli: Any
) -> None:
    assert _run(runner, cli, "build", "--endpoint", server.query_url).exit_code == 0
    query = """SELECT ?statement ?text ?speaker WHERE {
      ?statement a gk:Statement ; schema:text ?text ; gk:speakerLabel ?speaker
    } ORDER BY ?statement"""
    construct = "CONSTRUCT { ?s gk:speakerLabel ?speaker } WHERE { ?s gk:speakerLabel ?speaker }"
    with (
        Store.open(embedded, read_only=True) as local,
        RemoteStore.open(server.query_url, read_only=True) as remote,
    ):
        first = local.query("SELECT ?l WHERE { ?s gk:speakerLabel ?l } ORDER BY ?l LIMIT 1")
        speaker = next(first)["l"]  # type: ignore[arg-type]
        assert isinstance(speaker, ox.Literal)
        bound = {"speaker": speaker}
        got = [str(row) for row in remote.query(query, bindings=bound)]  # type: ignore[union-attr]
        want = [str(row) for row in local.query(query, bindings=bound)]  # type: ignore[union-attr]
        assert got == want and got
        hostile = {"speaker": ox.Literal('x" } } ; DROP ALL ; #')}
        assert list(remote.query(query, bindings=hostile)) == []  # type: ignore[arg-type]
        assert remote.count() == local.count()  # matched nothing, dropped nothing
        assert bool(remote.query("ASK { ?s gk:speakerLabel ?speaker }", bindings=bound))
        triples = remote.query(construct, bindings=bound)
        assert isinstance(triples, ox.QueryTriples)
        expected = local.query(construct, bindings=bound)
        assert {str(t) for t in triples} == {str(t) for t in expected}  # type: ignore[union-attr]
        assert remote.has_source(next(iter(local.source_hashes().values())))
        assert not remote.has_source("0" * 64)
        assert len(remote.dataset()) == local.count()


def test_a_bad_query_is_one_line_with_the_servers_message(server: OxigraphServer) -> None:
    with RemoteStore.open(server.query_url, read_only=True) as store:
        with pytest.raises(EndpointError) as failed:
            store.query("SELECT ?x WHERE { ?x ?y }")
        message = str(failed.value)
        assert message.startswith(f"endpoint {server.query_url}: HTTP 400")
        assert "\n" not in message
        with pytest.raises(UsageError, match="expected SELECT"):
            store.query("DROP ALL")


def test_a_server_whose_default_graph_is_not_the_union_is_refused(server: OxigraphServer) -> None:
    server.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
    with RemoteStore.open(server.query_url, read_only=True) as store:
        assert store.select("SELECT ?s WHERE { ?s ?p ?o }") == [{"s": "urn:s"}]
        store._union = None
        store.client.server = "SomeServer/1.0"  # not recognized: probed instead
        with pytest.raises(EndpointError, match="not the union of its named graphs"):
            store.select("SELECT ?s WHERE { ?s ?p ?o }")


def test_a_union_server_is_recognized_by_the_probe(tmp_path: Path) -> None:
    union = OxigraphServer(tmp_path / "union", "--union-default-graph")
    try:
        union.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
        with RemoteStore.open(union.query_url, read_only=True) as store:
            store.client.server = "SomeServer/1.0"
            assert store.select("SELECT ?s WHERE { ?s ?p ?o }") == [{"s": "urn:s"}]
            assert store._union == {}
    finally:
        union.stop()


def test_remove_source_and_graph_bookkeeping(server: OxigraphServer) -> None:
    graph = Graph()
    with RemoteStore.open(server.query_url, read_only=False) as store:
        own = b'<urn:a> <urn:p> "\\"quoted\\" \\\\ new\\nline"@ja .\n'
        sent = store.replace_source("urn:g:1", own, graph, "a" * 64, "one.txt")
        assert sent == 1
        assert store.sources() == {"one.txt": ("urn:g:1", "a" * 64)}
        assert store.named_graphs() == ["urn:g:1"]
        value = store.select("SELECT ?o WHERE { <urn:a> ?p ?o }")
        assert value == [{"o": '"quoted" \\ new\nline'}]
        with pytest.raises(EndpointError, match="HTTP 400"):  # refused whole: old version stays
            store.replace_source(
                "urn:g:1", b"<urn:a> <urn:p> broken .\n", graph, "b" * 64, "one.txt"
            )
        assert store.source_hashes() == {"urn:g:1": "a" * 64} and store.count() == 1
        store.remove_source("urn:g:1")
        assert store.sources() == {} and store.count() == 0
        with pytest.raises(UsageError, match="own graph"):
            store.remove_source(store.meta_graph)


def test_query_viz_and_publish_over_the_endpoint_match_the_embedded_store(
    server: OxigraphServer, embedded: Path, runner: CliRunner, cli: Any, tmp_path: Path
) -> None:
    assert _run(runner, cli, "build", "--endpoint", server.query_url).exit_code == 0
    places = {"remote": ["--endpoint", server.query_url], "local": ["--store", str(embedded)]}
    out: dict[str, dict[str, Any]] = {}
    for name, where in places.items():
        query = _run(
            runner, cli, "query", "statements-by", "-p", "actor=国分寺市", *where, "--format", "csv"
        )
        assert query.exit_code == 0, query.stderr
        viz = _run(runner, cli, "viz", "all", "-o", str(tmp_path / name / "viz"), *where)
        assert viz.exit_code == 0, viz.stderr
        site = tmp_path / name / "site"
        published = _run(runner, cli, "publish", "-o", str(site), *where, "--format", "json")
        assert published.exit_code == 0, published.stderr
        out[name] = {
            "rows": sorted(query.stdout.splitlines()),
            "viz": viz.stderr.replace(str(tmp_path / name), ""),
            "pages": sorted(str(p.relative_to(site)) for p in site.rglob("*.html")),
        }
    remote, local = out["remote"], out["local"]
    assert len(remote["rows"]) > 5 and remote["rows"] == local["rows"]
    assert remote["viz"] == local["viz"]  # same pages with the same node and link counts
    assert remote["pages"] == local["pages"]
