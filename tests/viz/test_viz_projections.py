"""The views' projections of the sample graph, and kg stats --graph analytics."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.errors import UsageError
from kg.namespaces import DEFAULT_BASE_IRI
from kg.target import Target
from kg.viz import VIEW_NAMES, project
from kg.viz.analytics import graph_stats
from kg.viz.read import resolve_session

SESSION_2 = DEFAULT_BASE_IRI + "id/session/cio-forum/2"
SESSION_4 = DEFAULT_BASE_IRI + "id/session/cio-forum/4"


def labelled_edges(graph: nx.DiGraph, kind: str | None = None) -> dict[tuple[str, str], dict]:
    """Edges by (source label, target label)."""
    label = graph.nodes
    return {
        (label[u]["label"], label[v]["label"]): d
        for u, v, d in graph.edges(data=True)
        if kind is None or d["kind"] == kind
    }


@pytest.fixture(scope="module")
def views(sample_store: Path) -> dict[str, nx.DiGraph]:
    with Target(sample_store).open(read_only=True) as store:
        return {view: project(store, view, base_iri=DEFAULT_BASE_IRI) for view in VIEW_NAMES}


def test_actors_topics_links_speakers_to_their_topics(views: dict[str, nx.DiGraph]) -> None:
    edges = labelled_edges(views["actors-topics"], "spoke on")
    assert ("国分寺市", "ガバメントクラウド") in edges
    assert ("荒川区", "ガバメントクラウド") in edges
    # a person who spoke and the body they spoke for both link to the topic
    assert ("高橋直義", "ガバメントクラウド") in edges
    assert ("東京都", "ガバメントクラウド") in edges
    assert edges[("東京都", "ガバメントクラウド")]["weight"] >= 2


def test_dialogue_points_from_asker_to_answerer(views: dict[str, nx.DiGraph]) -> None:
    asks = labelled_edges(views["dialogue"], "asks")
    assert ("国分寺市", "デジタル庁") in asks
    assert ("荒川区", "東京都") in asks
    assert ("東京都", "荒川区") not in asks
    assert asks[("国分寺市", "デジタル庁")]["questions"] == 2
    people = labelled_edges(views["dialogue"], "asks (person)")
    assert ("荒川区", "高橋直義") in people


def test_organizations_nest_units_posts_and_persons(views: dict[str, nx.DiGraph]) -> None:
    graph = views["organizations"]
    edges = labelled_edges(graph)
    assert edges[("デジタルサービス局", "東京都")]["kind"] == "unit of"
    assert edges[("戦略部", "デジタルサービス局")]["kind"] == "unit of"
    assert edges[("参事官", "デジタル庁")]["kind"] == "post in"
    assert edges[("渡辺繁樹", "参事官")]["kind"] == "holds"
    kinds = {d["kind"] for d in graph.nodes.values()}
    assert kinds == {"organization", "unit", "post", "person"}
    tokyo = next(d for d in graph.nodes.values() if d["label"] == "東京都")
    assert tokyo["org_types"] == {"prefecture"}
    assert tokyo["statements"] > 10


def test_topics_co_occur_and_follow_the_scheme_hierarchy(views: dict[str, nx.DiGraph]) -> None:
    graph = views["topics"]
    kinds = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert {"co-occurs", "broader"} <= kinds
    cloud = DEFAULT_BASE_IRI + "id/topic/government-cloud"
    assert graph.nodes[cloud]["label"] == "ガバメントクラウド"
    assert any(d["kind"] == "broader" for _, _, d in graph.out_edges(cloud, data=True))
    assert all(d["kind"] == "topic" for d in graph.nodes.values())


def test_session_view_orders_statements_and_links_replies(sample_store: Path, open_store) -> None:
    graph = project(
        open_store(sample_store), "session", base_iri=DEFAULT_BASE_IRI, session_value="2"
    )
    statements = [n for n, d in graph.nodes(data=True) if d["kind"] == "statement"]
    assert len(statements) == 23
    chain = [(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "next"]
    assert len(chain) == len(statements) - 1
    orders = {graph.nodes[u]["order"] < graph.nodes[v]["order"] for u, v in chain}
    assert orders == {True}
    reply = SESSION_2 + "/statement/5"
    assert graph.has_edge(reply, SESSION_2 + "/statement/3")
    assert graph.edges[reply, SESSION_2 + "/statement/3"]["kind"] == "replies to"
    assert sum(d["kind"] == "agenda" for d in graph.nodes.values()) == 5
    excerpt = graph.nodes[reply]["excerpts"][0]
    assert excerpt[0] == "2022-02-01" and excerpt[1].startswith("地方自治法と地方公務員法も")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4", SESSION_4),
        ("2022-02-01", SESSION_2),
        ("cio-forum/4", SESSION_4),
        (SESSION_2, SESSION_2),
    ],
)
def test_a_session_is_named_by_iri_series_number_or_date(
    sample_store: Path, open_store, value: str, expected: str
) -> None:
    assert resolve_session(open_store(sample_store), value) == expected


@pytest.mark.parametrize("value", ["9", "2020-01-01", "cio-forum/9", "x' } #", "http://x/y"])
def test_an_unknown_session_is_a_usage_error(sample_store: Path, open_store, value: str) -> None:
    with pytest.raises(UsageError, match="no such session"):
        resolve_session(open_store(sample_store), value)


def test_the_session_view_defaults_to_the_latest(sample_store: Path, open_store) -> None:
    graph = project(open_store(sample_store), "session", base_iri=DEFAULT_BASE_IRI)
    assert graph.graph["session"] == SESSION_4


def test_graph_analytics(sample_store: Path, open_store) -> None:
    stats = graph_stats(open_store(sample_store), base_iri=DEFAULT_BASE_IRI, limit=5)
    assert stats.degree[0].label == "東京都"
    assert stats.betweenness[0].label == "東京都"
    assert len(stats.degree) == 5
    assert sum(len(c) for c in stats.communities) >= 40
    dates = [name[:10] for name, _ in stats.session_topics]
    assert dates == ["2022-02-01", "2023-02-14"]
    latest = [r.label for r in stats.session_topics[1][1]]
    assert "ガバメントクラウド" in latest[:3]
    text = stats.to_text()
    assert "# betweenness centrality" in text and "\t東京都" in text
