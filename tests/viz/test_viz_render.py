"""Pages are self-contained and escape every text from the records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from viz_fixtures import HOSTILE_AGENDA, HOSTILE_POST, HOSTILE_TEXT

from kg.errors import UsageError
from kg.namespaces import DEFAULT_BASE_IRI
from kg.target import Target
from kg.viz import VIEW_NAMES, project, render_page
from kg.viz.render import check_pages_prefix, json_for_script, node_link

DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)


def page_json(page_html: str) -> dict:
    match = DATA_BLOCK.search(page_html)
    assert match, "no data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def hostile_pages(hostile_store: Path) -> dict[str, str]:
    with Target(hostile_store).open(read_only=True) as store:
        return {
            view: render_page(
                project(store, view, base_iri=DEFAULT_BASE_IRI), base_iri=DEFAULT_BASE_IRI
            ).html
            for view in VIEW_NAMES
        }


def test_json_for_script_escapes_what_could_end_the_block() -> None:
    text = "</script><!-- & \u2028\u2029 <img src=x onerror=alert(1)>"
    encoded = json_for_script({"t": text})
    assert not set("<>&\u2028\u2029") & set(encoded)
    assert json.loads(encoded) == {"t": text}


@pytest.mark.parametrize("view", VIEW_NAMES)
def test_hostile_text_reaches_the_page_only_as_escaped_data(
    hostile_pages: dict[str, str], view: str
) -> None:
    page = hostile_pages[view]
    for payload in ("<img src=x", "<script>window", "<b onmouseover", "<img/src", 'kgPwned=1">'):
        assert payload not in page, f"{payload!r} is in the {view} page's HTML"
    tags = re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", page, flags=re.S)
    assert tags.count("<script") == 3  # the data block, vis-network, the page's script
    page_json(page)  # the data block still parses: nothing in it ended it early


def test_the_planted_text_is_kept_verbatim_in_the_data(hostile_pages: dict[str, str]) -> None:
    organizations = page_json(hostile_pages["organizations"])
    assert HOSTILE_POST in {n["label"] for n in organizations["nodes"]}
    session = page_json(hostile_pages["session"])
    excerpts = [e[1] for n in session["nodes"] for e in n["excerpts"]]
    assert any(e.startswith(HOSTILE_TEXT) for e in excerpts)
    assert any(HOSTILE_AGENDA in n["label"] for n in session["nodes"])


def test_pages_request_nothing_from_the_network(hostile_pages: dict[str, str]) -> None:
    page = hostile_pages["actors-topics"]
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1)
    assert "'unsafe-inline'" not in csp.group(1).split("script-src")[1].split(";")[0]


def test_node_links_go_to_published_pages_or_to_iris() -> None:
    iri = DEFAULT_BASE_IRI + "id/session/cio-forum/2"
    assert node_link(iri, DEFAULT_BASE_IRI, "../") == "../id/session/cio-forum/2.html"
    assert node_link(iri, DEFAULT_BASE_IRI, None) == iri
    assert node_link(DEFAULT_BASE_IRI + "def#act-question", DEFAULT_BASE_IRI, "../") == (
        DEFAULT_BASE_IRI + "def#act-question"
    )
    assert node_link("javascript:alert(1)", DEFAULT_BASE_IRI, None) is None
    assert node_link("urn:x:y", DEFAULT_BASE_IRI, "../") is None


@pytest.mark.parametrize("prefix", ["javascript:", "data:text/html,", "JavaScript:alert(1)//"])
def test_a_pages_prefix_with_another_scheme_is_refused(prefix: str) -> None:
    with pytest.raises(UsageError, match="--pages"):
        check_pages_prefix(prefix)


def test_large_graphs_are_reduced_with_a_note() -> None:
    graph = nx.DiGraph(view="synthetic", title="t", sessions={}, topics={})
    for i in range(30):
        kind = "topic" if i % 3 else "person"
        graph.add_node(
            f"http://x/{i}",
            label=f"n{i}",
            kind=kind,
            statements=i,
            excerpts=[],
            sessions=set(),
            topics=set(),
            org_types=set(),
        )
    for i in range(29):
        graph.add_edge(f"http://x/{i}", f"http://x/{i + 1}", kind="co-occurs", weight=1)
    page = render_page(graph, base_iri=DEFAULT_BASE_IRI, max_nodes=10)
    data = page_json(page.html)
    assert page.nodes == len(data["nodes"]) == 10
    assert {n["label"] for n in data["nodes"]} == {f"n{i}" for i in range(20, 30)}
    assert page.reduction.left_out == {"person": 7, "topic": 13}
    assert "10 nodes with the most statements (or links) of 30" in data["note"]
    assert "7 person, 13 topic" in page.html


def test_no_two_nodes_are_drawn_at_the_same_place(sample_store: Path) -> None:
    with Target(sample_store).open(read_only=True) as store:
        for view in VIEW_NAMES:
            graph = project(store, view, base_iri=DEFAULT_BASE_IRI)
            nodes = page_json(render_page(graph, base_iri=DEFAULT_BASE_IRI).html)["nodes"]
            places = {(n["x"], n["y"]) for n in nodes}
            assert len(places) == len(nodes) == graph.number_of_nodes(), view
