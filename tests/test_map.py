"""The RDF of an extracted record: statements, speakers, provenance, shared entities."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import RDF, XSD, Literal, URIRef

from kg.extract import extract_path
from kg.map import AS, DCT, FOAF, GKNS, OA, ORG, PROV, SDO, SKOS, map_minutes
from kg.registry import default_registry
from kg.validate import validate_source

BASE = "https://example.org/kg/"


@pytest.fixture(scope="module")
def mapped(samples_dir):
    minutes = extract_path(samples_dir / "003_febb558535f5cb73.txt", base_iri=BASE)
    return minutes, map_minutes(minutes, BASE, default_registry())


def test_every_statement_is_typed_with_text_position_session_and_selector(mapped):
    minutes, result = mapped
    g = result.own
    statements = set(g.subjects(RDF.type, GKNS.Statement))
    assert len(statements) == len(minutes.statements) == 25
    session = URIRef(f"{BASE}id/session/cio-forum/4")
    for st in statements:
        assert len(list(g.objects(st, SDO.text))) == 1
        assert g.value(st, DCT.isPartOf) == session
        source = g.value(st, PROV.wasDerivedFrom)
        assert g.value(source, RDF.type) == OA.SpecificResource
    first = URIRef(f"{session}/statement/0")
    assert g.value(first, GKNS.act) == GKNS["act-question"]
    assert g.value(URIRef(f"{session}/statement/1"), AS.inReplyTo) == first


def test_span_selectors_lead_back_to_the_text(mapped, samples_dir):
    minutes, result = mapped
    g = result.own
    text = (samples_dir / "003_febb558535f5cb73.txt").read_text(encoding="utf-8")
    for statement in minutes.statements:
        st = URIRef(f"{minutes.session.iri}/statement/{statement.index}")
        selectors = list(g.objects(g.value(st, PROV.wasDerivedFrom), OA.hasSelector))
        position = next(s for s in selectors if g.value(s, RDF.type) == OA.TextPositionSelector)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert "".join(text[start:end].split()).endswith("".join(statement.text.split())[-10:])


def test_speakers_become_persons_posts_and_organizations(mapped):
    _, result = mapped
    shared, own = result.shared, result.own
    takahashi = URIRef(f"{BASE}id/person/takahashi-naoyoshi-d4cf5273")
    assert shared.value(takahashi, FOAF.name) == Literal("高橋直義", lang="ja")
    assert (None, ORG.heldBy, takahashi) in shared
    assert (None, SDO.creator, takahashi) in own
    kokubunji = URIRef(f"{BASE}id/org/lg/132144")
    assert shared.value(kokubunji, ORG.identifier) == Literal("132144")
    assert (kokubunji, RDF.type, ORG.FormalOrganization) in shared


def test_the_graphs_parse_in_a_second_toolchain(mapped):
    _, result = mapped
    for graph in (result.own, result.shared):
        data = graph.serialize(format="nt").encode()
        triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))
        assert len(triples) == len(graph)
        data = graph.serialize(format="turtle").encode()
        assert len(list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))) == len(graph)


def test_iris_minted_from_names_do_not_collide_but_variants_meet():
    from kg.japanese import label_slug

    assert label_slug("伊藤一郎") != label_slug("伊東一郎")  # one reading, two people
    assert label_slug("髙橋直義") == label_slug("高橋直義")  # one person, two printings
    assert label_slug("渡邊繁樹") == label_slug("渡邉繁樹")
    assert label_slug("伊藤一郎").isascii()


def test_a_body_outside_the_registry_still_gets_a_node(samples_dir):
    minutes = extract_path(samples_dir / "000_68ceb863bdaa2c75.txt", base_iri=BASE)
    presenter = minutes.agenda[0].presenters[0]
    assert presenter.organization == "三浦法律事務所" and presenter.iri is None  # not in registry
    shared = map_minutes(minutes, BASE, default_registry()).shared
    bodies = {
        str(s)
        for s, _, label in shared.triples((None, SKOS.prefLabel, None))
        if str(label) == "三浦法律事務所"
    }
    assert len(bodies) == 1 and next(iter(bodies)).startswith(f"{BASE}id/org/")
    assert (URIRef(next(iter(bodies))), RDF.type, ORG.FormalOrganization) in shared


def test_a_renamed_series_describes_the_series_it_replaces(layouts_dir):
    from kg.validate import validate_source

    minutes = extract_path(layouts_dir / "paren_speaker.txt", base_iri=BASE)  # CIO協議会
    result = map_minutes(minutes, BASE, default_registry())
    council, forum = URIRef(f"{BASE}id/series/cio-council"), URIRef(f"{BASE}id/series/cio-forum")
    assert (council, DCT.replaces, forum) in result.shared
    assert (forum, RDF.type, SDO.EventSeries) in result.shared
    assert validate_source(result.own, result.shared).conforms


def test_a_person_node_never_gets_two_names(samples_dir):
    from kg.record import Actor

    minutes = extract_path(samples_dir / "003_febb558535f5cb73.txt", base_iri=BASE)
    printings = ["櫻井和子", "桜井和子", "髙橋直義"]
    for statement, printed in zip(minutes.statements[:3], printings, strict=True):
        statement.speaker = Actor(printed, "東京都", post="課長", person=printed, iri=None)
    shared = map_minutes(minutes, BASE, default_registry()).shared
    names: dict[str, set[str]] = {}
    for person, _, name in shared.triples((None, FOAF.name, None)):
        names.setdefault(str(person), set()).add(str(name))
    assert all(len(v) == 1 for v in names.values()), names
    assert {"櫻井和子", "桜井和子", "高橋直義"} <= {n for v in names.values() for n in v}


def test_a_post_or_unit_node_never_gets_two_labels(samples_dir):
    from kg.record import Actor

    minutes = extract_path(samples_dir / "003_febb558535f5cb73.txt", base_iri=BASE)
    printings = [
        ("ＣＩＯ補佐官", "情報 政策課"),
        ("CIO補佐官", "情報政策課"),
        ("CIO 補佐官", "情報政策課"),
    ]
    for statement, (post, unit) in zip(minutes.statements[:3], printings, strict=True):
        iri = f"{BASE}id/org/lg/132144"
        statement.speaker = Actor(post, "国分寺市", units=[unit], post=post, iri=iri)
    shared = map_minutes(minutes, BASE, default_registry()).shared
    posts = {p for p in shared.subjects(RDF.type, ORG.Post) if "/lg/132144/" in p}
    units = {u for u in shared.subjects(RDF.type, ORG.OrganizationalUnit) if "/lg/132144/" in u}
    assert len(posts) == 1 and len(units) == 1, (posts, units)
    for node in posts | units:
        assert len(list(shared.objects(node, SKOS.prefLabel))) == 1
    (post,) = posts
    assert shared.value(post, SKOS.prefLabel) == Literal("CIO補佐官", lang="ja")
    assert Literal("ＣＩＯ補佐官", lang="ja") in set(shared.objects(post, SKOS.altLabel))


def test_an_end_time_without_a_start_time_keeps_the_dates_comparable(samples_dir):
    minutes = extract_path(samples_dir / "003_febb558535f5cb73.txt", base_iri=BASE)
    minutes.session.start_time, minutes.session.end_time = None, "15:30"
    result = map_minutes(minutes, BASE, default_registry())
    session = URIRef(minutes.session.iri)
    start, end = result.own.value(session, SDO.startDate), result.own.value(session, SDO.endDate)
    assert start.datatype == end.datatype == XSD.date
    assert validate_source(result.own, result.shared).conforms
