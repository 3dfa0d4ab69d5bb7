"""Rebuilding a changed source checks the shared entities it describes, not all of them.

The check after storing (``kg.build._check_shared``) finds conflicts between sources in a
shared entity; it reads back only the entities the built sources describe, so that its cost
follows the change, not the size of the store (issue 7, measured by ``python -m bench all``).
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
