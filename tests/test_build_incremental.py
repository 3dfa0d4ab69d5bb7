"""A rebuild costs what changed, not the size of the store (issue 7; measured by
``python -m bench all``).

Unchanged files are told by the hash of their bytes, without being decoded; the check after
storing (``kg.build._check_shared``), which finds conflicts between sources in a shared
entity, reads back only the entities the built sources describe.
"""

from __future__ import annotations

import shutil

import pytest

from kg.build import build, subjects_of
from kg.jobs import MapTask, extract_job, map_job
from kg.store import Store
from kg.validate import validate_store

SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ORG = "http://www.w3.org/ns/org#"
UNTOUCHED = "https://w3id.org/gijiroku/id/org/lg/999999"


@pytest.fixture
def minutes(tmp_path, samples_dir):
    folder = tmp_path / "minutes"
    folder.mkdir()
    for path in sorted(samples_dir.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


def described_posts(path) -> list[str]:
    """The posts a record's shared triples describe, as kg build maps it."""
    source = map_job(MapTask([extract_job(path, None)])).sources[0]
    posts = [
        line.split(b" ")[0].strip(b"<>").decode()
        for line in source.shared.splitlines()
        if line.endswith(f"<{ORG}Post> .".encode())
    ]
    assert posts and set(posts) <= subjects_of(source.shared)
    return sorted(posts)


def test_a_changed_source_is_checked_against_its_shared_entities_only(minutes, tmp_path):
    changed = sorted(minutes.glob("*.txt"))[0]
    post = described_posts(changed)[0]
    with Store.open(tmp_path / "store") as store:
        assert build([minutes], store).conforms
        store.oxigraph.update(
            f"INSERT DATA {{ GRAPH <{store.shared_graph}> {{ "
            # what another source stored earlier: the same post under another name
            f'<{post}> <{SKOS_LABEL}> "別の名前"@ja . '
            # an organization no source of this build mentions, without its name
            f"<{UNTOUCHED}> a <{ORG}FormalOrganization> }} }}"
        )
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace("。", "。なお、補足を申し上げます。", 1), encoding="utf-8")
        summary = build([minutes], store)
        whole = validate_store(store, engine="sparql")
    assert summary.built == [str(changed)]
    found = {(r.focus_node, r.shape.rsplit("#")[-1]) for r in summary.results}
    assert (post, "Post-prefLabel") in found  # the conflict the change meets is reported
    assert all(focus != UNTOUCHED for focus, _ in found)  # the untouched entity is not read
    assert UNTOUCHED in {r.focus_node for r in whole.results}  # kg validate still finds it


def test_a_new_store_checks_every_shared_entity_it_builds(minutes, tmp_path):
    post = described_posts(sorted(minutes.glob("*.txt"))[-1])[0]
    with Store.open(tmp_path / "store") as store:
        store.oxigraph.update(
            f'INSERT DATA {{ GRAPH <{store.shared_graph}> {{ <{post}> <{SKOS_LABEL}> "別"@ja }} }}'
        )
        summary = build([minutes], store)
    assert [r.shape.rsplit("#")[-1] for r in summary.results] == ["Post-prefLabel"]


def test_unchanged_files_are_not_decoded_again(minutes, tmp_path, monkeypatch):
    import kg.jobs

    with Store.open(tmp_path / "store") as store:
        build([minutes], store)

        def no_decoding(path):
            raise AssertionError(f"{path} decoded again")

        monkeypatch.setattr(kg.jobs, "load_document", no_decoding)
        again = build([minutes], store)
    assert sorted(again.unchanged) == sorted(str(p) for p in minutes.glob("*.txt"))
    assert again.built == [] and again.failures == []


def test_a_page_that_names_its_own_url_is_still_found_unchanged(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "page.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://example.org/minutes/1.html">'
        "</head><body><h1>第1回 会議 議事録</h1><p>日時:令和5年4月1日</p>"
        "<p>○鈴木委員長　開会します。</p></body></html>",
        encoding="utf-8",
    )
    with Store.open(tmp_path / "store") as store:
        first = build([folder], store)
        stored = store.select(
            "SELECT ?url WHERE { ?r a schema:DigitalDocument ; dcterms:source ?url }"
        )
        again = build([folder], store)
    assert first.built == [str(page)]
    assert [row["url"] for row in stored] == ["https://example.org/minutes/1.html"]
    assert again.unchanged == [str(page)] and again.built == []
