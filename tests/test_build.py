"""``kg build`` on the sample minutes: the graph answers the questions the issue names."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.build import build
from kg.store import Store

BASE = "https://w3id.org/gijiroku/"
PREFIXES = """
PREFIX schema: <http://schema.org/>
PREFIX gk: <https://w3id.org/gijiroku/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def rows(store: Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(PREFIXES + query)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


@pytest.fixture(scope="module")
def built(tmp_path_factory, samples_dir):
    folder = tmp_path_factory.mktemp("store")
    store = Store.open(folder)
    summary = build([samples_dir], store)
    yield store, summary
    store.close()


def test_build_conforms_and_counts(built):
    _, summary = built
    assert summary.failures == []
    assert summary.conforms, summary.results[:5]
    assert (summary.sessions, summary.statements) == (2, 48)
    assert summary.linked_speakers == 3  # 宮坂副知事, from the registry of officials


def test_two_sessions_on_their_dates(built):
    store, _ = built
    found = rows(store, "SELECT ?date WHERE { ?s schema:recordedIn ?r ; schema:startDate ?date }")
    assert sorted(r["date"][:10] for r in found) == ["2022-02-01", "2023-02-14"]


GOLD_PERSONS = {"山田太郎": 3, "高橋直義": 5, "小澤洋之": 2, "久賀谷郁夫": 1, "宮坂学": 3}


def test_persons_have_the_statements_gold_attributes_to_them(built, shared_dir):
    store, _ = built
    found = rows(
        store,
        "SELECT ?name (COUNT(?st) AS ?n) WHERE { ?st a gk:Statement ; schema:creator ?p . "
        "?p foaf:name ?name } GROUP BY ?name",
    )
    counts = {r["name"]: int(r["n"]) for r in found}
    gold: dict[str, int] = {}
    for path in sorted(shared_dir.glob("gold/*.gold.json")):
        for statement in json.loads(path.read_text(encoding="utf-8"))["statements"]:
            if statement.get("person"):
                gold[statement["person"]] = gold.get(statement["person"], 0) + 1
    assert gold == GOLD_PERSONS
    assert {name: counts.get(name) for name in GOLD_PERSONS} == GOLD_PERSONS


def test_kokubunji_has_its_code_and_wikidata(built):
    store, _ = built
    found = rows(
        store,
        "SELECT ?code ?wd ?estat WHERE { ?o skos:prefLabel '国分寺市'@ja ; org:identifier ?code ; "
        "schema:sameAs ?wd ; rdfs:seeAlso ?estat }".replace(
            "SELECT",
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT",
            1,
        ),
    )
    assert found == [
        {
            "code": "132144",
            "wd": "http://www.wikidata.org/entity/Q317834",
            "estat": "http://data.e-stat.go.jp/lod/sac/C13214",
        }
    ]


def test_every_statement_span_leads_back_to_its_text(built, samples_dir):
    store, _ = built
    found = rows(
        store,
        "SELECT ?text ?start ?end ?sha WHERE { ?st a gk:Statement ; schema:text ?text ; "
        "prov:wasDerivedFrom ?src . ?src oa:hasSource ?doc ; oa:hasSelector ?sel . "
        "?sel oa:start ?start ; oa:end ?end . ?doc dcterms:identifier ?sha }",
    )
    texts = {}
    for path in samples_dir.glob("*.txt"):
        import hashlib

        texts[hashlib.sha256(path.read_bytes()).hexdigest()] = path.read_text(encoding="utf-8")
    assert len(found) == 48
    for row in found:
        source = texts[row["sha"]][int(row["start"]) : int(row["end"])]
        assert "".join(source.split()) == "".join(row["text"].split())


def _dump(store: Store) -> bytes:
    out = io.BytesIO()
    store.export(out, "nquads")
    return b"\n".join(sorted(out.getvalue().splitlines()))


def test_building_twice_gives_the_identical_graph_and_skips_unchanged(tmp_path, samples_dir):
    with Store.open(tmp_path / "a") as first:
        build([samples_dir], first)
        once = _dump(first)
        again = build([samples_dir], first)
        assert again.built == [] and len(again.unchanged) == 2
        assert _dump(first) == once
    with Store.open(tmp_path / "b") as second:
        build([samples_dir], second)
        assert _dump(second) == once


def test_a_changed_source_replaces_its_graph(tmp_path, samples_dir):
    folder = tmp_path / "minutes"
    shutil.copytree(samples_dir, folder)
    with Store.open(tmp_path / "store") as store:
        build([folder], store)
        record = folder / "003_febb558535f5cb73.txt"
        text = record.read_text(encoding="utf-8")
        record.write_text(
            text.replace("国分寺市\n\n○東京都と区市町村でも", "府中市\n\n○東京都と区市町村でも"),
            encoding="utf-8",
        )
        summary = build([folder], store)
        assert summary.built == [str(record)] and len(summary.removed) == 1
        assert summary.statements == 48
        speakers = rows(
            store,
            "SELECT ?label WHERE { ?st gk:speakerLabel ?label ; schema:text ?t "
            "FILTER(STRSTARTS(?t, '東京都と区市町村でも温度感')) }",
        )
        assert speakers == [{"label": "府中市"}]


def test_one_session_from_two_sources_is_not_doubled(tmp_path, samples_dir):
    record = samples_dir / "003_febb558535f5cb73.txt"
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(record, folder / "a.txt")
    body = "".join(f"<p>{line}</p>\n" for line in record.read_text(encoding="utf-8").splitlines())
    (folder / "b.html").write_text(
        f"<html><body><nav>メニュー</nav><main>{body}</main></body></html>", encoding="utf-8"
    )
    with Store.open(tmp_path / "store") as store:
        summary = build([folder], store)
        assert summary.merged == {
            str(folder / "b.html"): str(folder / "a.txt")
        } or summary.merged == {str(folder / "a.txt"): str(folder / "b.html")}
        assert (summary.sessions, summary.statements) == (1, 25)
        assert summary.conforms, summary.results[:3]
        documents = rows(store, "SELECT ?doc WHERE { ?s schema:recordedIn ?doc }")
        assert len(documents) == 2


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig", "jsonld"])
def test_exports_parse_in_a_second_toolchain(built, fmt):
    store, _ = built
    out = io.BytesIO()
    store.export(out, fmt)
    data = out.getvalue()
    rdflib_format = {
        "turtle": "turtle",
        "nt": "nt",
        "nquads": "nquads",
        "trig": "trig",
        "jsonld": "json-ld",
    }
    parsed = rdflib.Dataset()
    parsed.parse(data=data, format=rdflib_format[fmt])
    quads = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
    }
    again = list(ox.parse(data, format=quads[fmt]))
    assert len(again) > 1000
    assert sum(len(g) for g in parsed.graphs()) >= len(
        {(q.subject, q.predicate, q.object) for q in again}
    )


def test_export_with_rapper_when_installed(built, tmp_path):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    import subprocess

    store, _ = built
    path = tmp_path / "export.ttl"
    with path.open("wb") as out:
        store.export(out, "turtle")
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "returned" in done.stderr


def test_cli_build_validate_export_and_a_corrupted_graph(runner, cli, tmp_path, samples_dir):
    store = str(tmp_path / "store")
    done = runner.invoke(cli, ["build", str(samples_dir), "--store", store, "--format", "json"])
    assert done.exit_code == 0, done.output + str(done.exception)
    assert json.loads(done.stdout)["statements"] == 48
    done = runner.invoke(cli, ["validate", "--store", store])
    assert done.exit_code == 0, done.output
    export = tmp_path / "export.ttl"
    done = runner.invoke(cli, ["export", "--store", store, "--format", "turtle", "-o", str(export)])
    assert done.exit_code == 0, done.output
    graph = rdflib.Graph().parse(export, format="turtle")
    statement = rdflib.URIRef(f"{BASE}id/session/cio-forum/4/statement/3")
    graph.remove((statement, rdflib.URIRef("http://schema.org/text"), None))
    graph.set(
        (
            rdflib.URIRef(f"{BASE}id/session/cio-forum/4/statement/5"),
            rdflib.URIRef("http://schema.org/position"),
            rdflib.Literal("5"),
        )
    )
    speakerless = rdflib.URIRef(f"{BASE}id/session/cio-forum/4/statement/1")
    graph.remove((speakerless, rdflib.URIRef("http://schema.org/creator"), None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    done = runner.invoke(cli, ["validate", str(broken)])
    assert done.exit_code == 1
    assert str(statement) in done.stdout  # no text
    assert "statement/5" in done.stdout  # position as a string
    assert str(speakerless) in done.stdout  # spoken in a post, without its speaker


def test_missing_store_for_validate_is_a_clear_error(runner, cli, tmp_path):
    done = runner.invoke(cli, ["validate", "--store", str(tmp_path / "none")])
    assert done.exit_code == 2
    assert "none" in (done.stderr or done.output)


def test_build_reports_a_bad_file_and_keeps_the_good(tmp_path, samples_dir):
    folder = tmp_path / "minutes"
    shutil.copytree(samples_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    with Store.open(tmp_path / "store") as store:
        summary = build([folder], store)
    assert [Path(f.path).name for f in summary.failures] == ["empty.txt"]
    assert summary.statements == 48


def test_a_second_source_added_later_joins_the_stored_session(tmp_path, samples_dir):
    record = samples_dir / "003_febb558535f5cb73.txt"
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    shutil.copy(record, first / "a.txt")
    body = "".join(f"<p>{line}</p>\n" for line in record.read_text(encoding="utf-8").splitlines())
    (second / "b.html").write_text(
        f"<html><body><main>{body}</main></body></html>", encoding="utf-8"
    )
    with Store.open(tmp_path / "store") as store:
        build([first], store)
        summary = build([second], store)
        assert summary.merged == {str(second / "b.html"): str(first / "a.txt")}
        assert (summary.sessions, summary.statements) == (1, 25)
        assert summary.conforms, summary.results[:3]


def test_validation_in_a_second_process_gives_the_same_report(tmp_path, samples_dir, monkeypatch):
    import kg.build

    folder = tmp_path / "minutes"
    shutil.copytree(samples_dir, folder)
    record = folder / "003_febb558535f5cb73.txt"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("第4回", "第5回"), encoding="utf-8")
    monkeypatch.setattr(kg.build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(kg.build, "VALIDATION_BATCH", 500)  # several chunks in flight
    with Store.memory() as inline, Store.memory() as parallel:
        one = build([folder], inline, workers=1)
        two = build([folder], parallel, workers=2)
        assert _dump(inline) == _dump(parallel)
    assert (one.conforms, one.results) == (two.conforms, two.results)
    assert two.statements == 48


def test_the_installed_command_exits_with_the_error_code(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "validate", "--store", str(tmp_path / "none")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "none" in done.stderr and "Traceback" not in done.stderr


def test_both_validators_and_both_loaders_give_the_same_graph(tmp_path, samples_dir):
    with Store.memory() as reference:
        summary = build([samples_dir], reference, engine="pyshacl")
        expected = _dump(reference)
    with Store.memory() as compiled:
        other = build([samples_dir], compiled, engine="sparql", bulk=True)
        assert _dump(compiled) == expected
    assert (summary.conforms, summary.results) == (other.conforms, other.results)


def test_a_new_store_appears_only_when_complete(tmp_path, samples_dir):
    from kg.build import new_store

    target = tmp_path / "store"
    with new_store(target) as store:
        build([samples_dir], store, bulk=True)
        assert not target.exists()  # built beside it, in store.partial
        assert (tmp_path / "store.partial").is_dir()
    assert not (tmp_path / "store.partial").exists()
    with Store.open(target, read_only=True) as store:
        assert len(store.source_hashes()) == 3  # the two records and the vocabulary


def test_a_failed_new_store_leaves_nothing(tmp_path, samples_dir):
    from kg.build import new_store

    target = tmp_path / "store"
    with pytest.raises(RuntimeError), new_store(target) as store:
        build([samples_dir], store, bulk=True)
        raise RuntimeError("killed")
    assert not target.exists() and not (tmp_path / "store.partial").exists()


def test_a_new_store_clears_what_a_killed_build_left(tmp_path, samples_dir):
    from kg.build import new_store

    with Store.open(tmp_path / "store.partial") as left:
        left.oxigraph.update("INSERT DATA { <http://x/s> <http://x/p> 'half' }")
    with new_store(tmp_path / "store") as store:
        build([samples_dir], store, bulk=True)
    with Store.open(tmp_path / "store", read_only=True) as store:
        assert not store.oxigraph.query("ASK { GRAPH ?g { <http://x/s> ?p ?o } }")
        assert not store.oxigraph.query("ASK { <http://x/s> ?p ?o }")


def test_a_new_store_refuses_a_folder_that_holds_something(tmp_path):
    from kg.build import new_store
    from kg.errors import UsageError

    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError), new_store(tmp_path / "store"):
        pass
    assert (tmp_path / "store" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_build_into_a_new_store_then_updates_it(runner, cli, tmp_path, samples_dir):
    store = tmp_path / "store"
    first = runner.invoke(cli, ["build", "--store", str(store), "--format", "json"])
    assert first.exit_code == 0, first.output + first.stderr
    assert json.loads(first.stdout)["statements"] == 48
    assert not (tmp_path / "store.partial").exists()
    again = runner.invoke(cli, ["build", str(samples_dir), "--store", str(store)])
    assert again.exit_code == 0 and "0 built, 2 unchanged" in again.stdout


def test_a_conflict_between_sources_in_a_shared_entity_is_reported(built, tmp_path, samples_dir):
    stored, _ = built
    post = rows(stored, "SELECT ?post WHERE { ?post a org:Post } ORDER BY ?post LIMIT 1")[0]["post"]
    with Store.open(tmp_path / "store") as store:
        # what another source stored earlier: the same post under another name
        store.oxigraph.update(
            f"INSERT DATA {{ GRAPH <{store.shared_graph}> "
            f'{{ <{post}> <http://www.w3.org/2004/02/skos/core#prefLabel> "別の名前"@ja }} }}'
        )
        summary = build([samples_dir], store)
    assert not summary.conforms
    assert {(r.focus_node, r.shape.rsplit("#")[-1]) for r in summary.results} == {
        (post, "Post-prefLabel")
    }


def test_the_topic_scheme_is_stored_once(built):
    from kg.build import store_vocabulary

    store, _ = built
    labels = rows(
        store,
        "SELECT ?label WHERE { ?topic skos:prefLabel ?label ; skos:inScheme ?scheme "
        'FILTER (STR(?label) = "ガバメントクラウド") }',
    )
    assert labels, "the topic scheme is not in the store"
    narrower = rows(store, "SELECT ?t WHERE { ?t skos:broader ?b }")
    assert len(narrower) > 60
    assert store_vocabulary(store) is False  # unchanged files: not written again


def test_cli_build_writes_the_browsable_site(runner, cli, tmp_path, samples_dir):
    site = tmp_path / "site"
    args = ["build", str(samples_dir), "--store", str(tmp_path / "store"), "--site", str(site)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output + result.stderr
    assert (site / "index.html").is_file() and (site / "viz" / "index.html").is_file()
    assert (site / "id" / "org" / "lg" / "132144.html").is_file()
    page = (site / "viz" / "actors-topics.html").read_text(encoding="utf-8")
    assert "../id/org/lg/132144.html" in page  # explorer nodes link to the resource pages
    assert 'href="viz/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    # nothing changed: the site is left as it is
    stamp = (site / "index.html").stat().st_mtime_ns
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and (site / "index.html").stat().st_mtime_ns == stamp
    skipped = runner.invoke(cli, [*args[:-2], "--site", str(tmp_path / "none"), "--no-site"])
    assert skipped.exit_code == 0 and not (tmp_path / "none").exists()


def test_statements_lead_back_to_the_page_of_their_record(built, tmp_path, samples_dir):
    store, _ = built
    found = rows(
        store,
        "SELECT DISTINCT ?url WHERE { ?st a gk:Statement ; prov:wasDerivedFrom ?span . "
        "?span oa:hasSource ?record . ?record dcterms:source ?url }",
    )
    assert {r["url"] for r in found} == {
        "https://www.digitalservice.metro.tokyo.lg.jp/ict/cio_forum_02_giji.html",
        "https://www.digitalservice.metro.tokyo.lg.jp/business/ict/cio_forum/cio_forum_04/cio_forum_04_giji",
    }


def test_a_record_whose_url_changed_is_rebuilt(tmp_path, samples_dir):
    folder = tmp_path / "minutes"
    shutil.copytree(samples_dir, folder)
    with Store.open(tmp_path / "store") as store:
        build([folder], store)
        sources = folder / "sources.csv"
        sources.write_text(
            sources.read_text(encoding="utf-8").replace("cio_forum_02_giji", "moved"),
            encoding="utf-8",
        )
        again = build([folder], store)
        assert [Path(p).name for p in again.built] == ["000_68ceb863bdaa2c75.txt"]
        assert len(again.unchanged) == 1
        urls = rows(
            store, "SELECT ?url WHERE { ?r a schema:DigitalDocument ; dcterms:source ?url }"
        )
        assert "https://www.digitalservice.metro.tokyo.lg.jp/ict/moved.html" in {
            r["url"] for r in urls
        }
