"""The topic and speech-act schemes (ontology/topics.ttl, ontology/acts.ttl; DESIGN 6).

Each check is a function that returns the problems it finds, run on the real files and on
small broken schemes, so that every check is shown to fail when it should.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from kg.japanese import match_key
from kg.resources import resource_path

TOPICS_TTL = resource_path("ontology", "topics.ttl")
ACTS_TTL = resource_path("ontology", "acts.ttl")

TOPIC = Namespace("https://w3id.org/gijiroku/id/topic/")
GK = Namespace("https://w3id.org/gijiroku/def#")
AS = Namespace("https://www.w3.org/ns/activitystreams#")
TOPIC_SCHEME = TOPIC.scheme
ACT_SCHEME = GK.acts

# The remit of the 東京都・区市町村CIO協議会, in the order DESIGN section 6 gives it.
REMIT = [
    "joint-projects",
    "digital-talent",
    "cloud-and-online-procedures",
    "networks-and-security",
    "open-data-and-ebpm",
    "digital-divide-measures",
]

# Every skos:exactMatch to Wikidata, each checked by hand against public material that
# names the item (Wikidata query code, entity tables, schema.org sameAs lists) before it
# went in. A Q-id that is not listed here fails the suite: check it, then add it.
VERIFIED_WIKIDATA = {
    "cloud-computing": "Q483639",  # cloud computing
    "saas": "Q1254596",  # software as a service
    "cybersecurity": "Q3510521",  # computer security (cybersecurity)
    "open-data": "Q309901",  # open data
    "open-government": "Q720829",  # open government
    "statistics": "Q12483",  # statistics
    "smartphone": "Q22645",  # smartphone
    "generative-ai": "Q117246174",  # generative artificial intelligence
}

# Terms that the sample minutes (data/minutes/) use, as printed there; each must be a label.
SAMPLE_TERMS = [
    "ガバメントクラウド",
    "クラウド",
    "マルチクラウド",
    "クラウドインフラ",
    "標準化",
    "基幹業務システム",
    "LGWAN",
    "三層分離",
    "β'モデル",
    "セキュリティクラウド",
    "個人情報保護",
    "マイナンバーカード",
    "マイナポイント",
    "テレワーク",
    "SaaS",
    "デジタルツール",
    "共同利用",
    "共同調達",
    "共同電子申請",
    "スマホサポーター",
    "スマホ教室",
    "シルバー人材センター",
    "デジタルデバイド",
    "オンライン化",
    "ワンストップ",
    "引っ越し",
    "RPA",
    "ローコード",
    "Logo チャット",
    "M365",
    "Govtech 東京",
    "官民連携",
    "庁舎",
]

_WIKIDATA_ENTITY = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LABELS = (SKOS.prefLabel, SKOS.altLabel)


def load(path: Path) -> Graph:
    """Parse a Turtle file with rdflib."""
    return Graph().parse(path, format="turtle")


def parse_turtle(text: str) -> Graph:
    """Parse a Turtle snippet, with the prefixes the schemes use."""
    prefixes = (
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix topic: <https://w3id.org/gijiroku/id/topic/> .\n"
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
    )
    return Graph().parse(data=prefixes + text, format="turtle")


def concepts(graph: Graph, scheme: URIRef) -> set[URIRef]:
    """Return the concepts of ``scheme`` (by skos:inScheme or typed skos:Concept)."""
    found = set(graph.subjects(SKOS.inScheme, scheme)) | set(graph.subjects(RDF.type, SKOS.Concept))
    return {c for c in found if isinstance(c, URIRef)}


def concept_problems(graph: Graph, scheme: URIRef) -> list[str]:
    """Check each concept's type, scheme and labels (one prefLabel @ja and one @en)."""
    problems = []
    for concept in sorted(concepts(graph, scheme)):
        if (concept, RDF.type, SKOS.Concept) not in graph:
            problems.append(f"{concept} is not a skos:Concept")
        if (concept, SKOS.inScheme, scheme) not in graph:
            problems.append(f"{concept} is not skos:inScheme {scheme}")
        pref = list(graph.objects(concept, SKOS.prefLabel))
        for lang in ("ja", "en"):
            count = sum(1 for o in pref if isinstance(o, Literal) and o.language == lang)
            if count != 1:
                problems.append(f"{concept} has {count} skos:prefLabel @{lang}, not one")
        for o in graph.objects(concept, SKOS.altLabel):
            if not (isinstance(o, Literal) and o.language == "ja"):
                problems.append(f"{concept} has a skos:altLabel not in @ja: {o!r}")
    return problems


def hierarchy_problems(graph: Graph, scheme: URIRef) -> list[str]:
    """Check top concepts and that every concept reaches one by skos:broader, without cycles."""
    problems = []
    tops = set(graph.subjects(SKOS.topConceptOf, scheme))
    if tops != set(graph.objects(scheme, SKOS.hasTopConcept)):
        problems.append("skos:topConceptOf and skos:hasTopConcept disagree")
    members = concepts(graph, scheme)
    for top in sorted(tops):
        if any(True for _ in graph.objects(top, SKOS.broader)):
            problems.append(f"top concept {top} has a skos:broader")
    for concept in sorted(members - tops):
        parents = list(graph.objects(concept, SKOS.broader))
        if not parents:
            problems.append(f"{concept} has no skos:broader and is not a top concept")
        for parent in parents:
            if parent not in members:
                problems.append(f"{concept} has skos:broader {parent}, not in the scheme")

    def climb(node: URIRef, path: tuple[URIRef, ...]) -> None:
        if node in path:
            cycle = " > ".join(str(n).rsplit("/", 1)[-1] for n in (*path, node))
            problems.append(f"skos:broader cycle: {cycle}")
            return
        parents = list(graph.objects(node, SKOS.broader))
        if not parents and node not in tops:
            start = path[0] if path else node
            problems.append(f"{start} climbs to {node}, which is not a top concept")
        for parent in parents:
            climb(parent, (*path, node))

    for concept in sorted(members):
        climb(concept, ())
    return sorted(set(problems))


def label_clashes(graph: Graph, scheme: URIRef) -> list[str]:
    """Find labels two concepts share once normalized (NFKC, no spaces, ASCII case folded)."""
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for concept in concepts(graph, scheme):
        for prop in _LABELS:
            for label in graph.objects(concept, prop):
                owners[match_key(str(label)).casefold()].add(concept)
    return [
        f"label {key!r} is shared by {sorted(str(c) for c in owned)}"
        for key, owned in sorted(owners.items())
        if len(owned) > 1
    ]


def redundant_labels(graph: Graph, scheme: URIRef) -> list[str]:
    """Find @ja labels of one concept that match the same text (differ only by spacing, width)."""
    problems = []
    for concept in sorted(concepts(graph, scheme)):
        seen: dict[str, str] = {}
        for prop in _LABELS:
            for label in graph.objects(concept, prop):
                if not (isinstance(label, Literal) and label.language == "ja"):
                    continue
                key = match_key(str(label))
                if key in seen:
                    problems.append(f"{concept}: {str(label)!r} matches as {seen[key]!r} does")
                seen[key] = str(label)
    return problems


def unsafe_labels(graph: Graph, scheme: URIRef) -> list[str]:
    """Find labels too short to match safely: one character, or two ASCII characters (AI, DX)."""
    problems = []
    for concept in sorted(concepts(graph, scheme)):
        for prop in _LABELS:
            for label in graph.objects(concept, prop):
                key = match_key(str(label))
                if len(key) < 2 or (key.isascii() and len(key) < 3):
                    problems.append(f"{concept}: label {str(label)!r} is too short to match")
    return problems


def iri_problems(graph: Graph, scheme: URIRef) -> list[str]:
    """Check concept IRIs (topic namespace, ASCII slug) and Wikidata match IRIs."""
    problems = []
    for concept in sorted(concepts(graph, scheme)):
        slug = str(concept).removeprefix(str(TOPIC))
        if not str(concept).startswith(str(TOPIC)) or not _SLUG.fullmatch(slug):
            problems.append(f"{concept} is not topic/{{lowercase-ascii-slug}}")
    for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch):
        for concept, target in graph.subject_objects(prop):
            if "wikidata" in str(target) and not _WIKIDATA_ENTITY.fullmatch(str(target)):
                problems.append(
                    f"{concept} matches {target}, not http://www.wikidata.org/entity/Q…"
                )
    return problems


def wikidata_matches(graph: Graph) -> dict[str, str]:
    """Return {slug: Q-id} for every skos:exactMatch to a Wikidata entity."""
    return {
        str(concept).removeprefix(str(TOPIC)): str(target).rsplit("/", 1)[-1]
        for concept, target in graph.subject_objects(SKOS.exactMatch)
        if "wikidata.org" in str(target)
    }


@pytest.fixture(scope="module")
def topics() -> Graph:
    """The topic scheme, parsed with rdflib."""
    return load(TOPICS_TTL)


@pytest.fixture(scope="module")
def acts() -> Graph:
    """The speech-act scheme, parsed with rdflib."""
    return load(ACTS_TTL)


# --- the real files ---------------------------------------------------------------------


@pytest.mark.parametrize("path", [TOPICS_TTL, ACTS_TTL], ids=lambda p: p.name)
def test_file_parses_alike_in_rdflib_and_pyoxigraph(path: Path) -> None:
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert quads, f"pyoxigraph read no triples from {path}"
    assert len(set(quads)) == len(load(path))


def test_scheme_has_titles_and_description(topics: Graph) -> None:
    assert (TOPIC_SCHEME, RDF.type, SKOS.ConceptScheme) in topics
    titles = {t.language for t in topics.objects(TOPIC_SCHEME, DCTERMS.title)}
    assert titles >= {"ja", "en"}
    assert any(True for _ in topics.objects(TOPIC_SCHEME, DCTERMS.description))


def test_at_least_sixty_topics(topics: Graph) -> None:
    assert len(concepts(topics, TOPIC_SCHEME)) >= 60


def test_remit_top_concepts_exist(topics: Graph) -> None:
    tops = set(topics.objects(TOPIC_SCHEME, SKOS.hasTopConcept))
    missing = [slug for slug in REMIT if TOPIC[slug] not in tops]
    assert not missing, f"top concepts missing from {TOPICS_TTL.name}: {missing}"


def test_every_topic_is_labelled_and_in_scheme(topics: Graph) -> None:
    assert concept_problems(topics, TOPIC_SCHEME) == []


def test_every_topic_reaches_a_top_concept(topics: Graph) -> None:
    assert hierarchy_problems(topics, TOPIC_SCHEME) == []


def test_no_two_topics_share_a_label(topics: Graph) -> None:
    assert label_clashes(topics, TOPIC_SCHEME) == []


def test_no_redundant_or_unsafe_labels(topics: Graph) -> None:
    assert redundant_labels(topics, TOPIC_SCHEME) + unsafe_labels(topics, TOPIC_SCHEME) == []


def test_topic_iris_are_ascii_slugs_and_wikidata_iris_are_well_formed(topics: Graph) -> None:
    assert iri_problems(topics, TOPIC_SCHEME) == []


def test_wikidata_matches_are_the_verified_ones(topics: Graph) -> None:
    assert wikidata_matches(topics) == VERIFIED_WIKIDATA


@pytest.mark.parametrize("term", SAMPLE_TERMS)
def test_sample_term_is_a_label(topics: Graph, samples_dir: Path, term: str) -> None:
    sample_text = "".join(p.read_text(encoding="utf-8") for p in samples_dir.glob("*.txt"))
    assert match_key(term) in match_key(sample_text), f"{term!r} is not in the sample minutes"
    keys = {match_key(str(o)) for p in _LABELS for o in topics.objects(None, p)}
    assert match_key(term) in keys, f"no topic has the label {term!r}"


def test_acts_have_the_five_notations(acts: Graph) -> None:
    notations = {
        str(n): c for c in concepts(acts, ACT_SCHEME) for n in acts.objects(c, SKOS.notation)
    }
    assert set(notations) == {"question", "request", "response", "remark", "commitment"}
    for notation, concept in notations.items():
        assert concept == GK[f"act-{notation}"]


def test_acts_are_labelled_and_defined(acts: Graph) -> None:
    assert concept_problems(acts, ACT_SCHEME) == []
    assert hierarchy_problems(acts, ACT_SCHEME) == []
    for concept in concepts(acts, ACT_SCHEME):
        languages = {d.language for d in acts.objects(concept, SKOS.definition)}
        assert languages == {"ja", "en"}, f"{concept} lacks a definition in ja or en"


def test_question_aligns_with_activitystreams(acts: Graph) -> None:
    assert (GK["act-question"], SKOS.closeMatch, AS.Question) in acts


# --- the checks fail on broken schemes ---------------------------------------------------

_GOOD = """
topic:scheme a skos:ConceptScheme ; skos:hasTopConcept topic:top .
topic:top a skos:Concept ; skos:inScheme topic:scheme ; skos:topConceptOf topic:scheme ;
    skos:prefLabel "上位"@ja, "Top"@en .
topic:child a skos:Concept ; skos:inScheme topic:scheme ; skos:broader topic:top ;
    skos:prefLabel "下位概念"@ja, "Child"@en ; skos:altLabel "子概念"@ja .
"""


def test_checks_pass_on_a_good_scheme() -> None:
    graph = parse_turtle(_GOOD)
    checks = (
        concept_problems,
        hierarchy_problems,
        label_clashes,
        redundant_labels,
        unsafe_labels,
        iri_problems,
    )
    assert [p for check in checks for p in check(graph, TOPIC_SCHEME)] == []


_NEW = "a skos:Concept ; skos:inScheme topic:scheme"

# (check, Turtle added to _GOOD): each addition breaks the rule that check enforces.
BROKEN = {
    "prefLabel-en-missing": (
        concept_problems,
        f'topic:x {_NEW} ; skos:broader topic:top ; skos:prefLabel "甲乙"@ja .',
    ),
    "prefLabel-ja-twice": (concept_problems, 'topic:child skos:prefLabel "第二"@ja .'),
    "untyped-concept": (
        concept_problems,
        "topic:x skos:inScheme topic:scheme ; skos:broader topic:top ;"
        ' skos:prefLabel "乙丙"@ja, "X"@en .',
    ),
    "altLabel-not-ja": (concept_problems, 'topic:child skos:altLabel "Kid"@en .'),
    "no-broader": (hierarchy_problems, f'topic:x {_NEW} ; skos:prefLabel "孤立"@ja, "X"@en .'),
    "top-has-broader": (hierarchy_problems, "topic:top skos:broader topic:child ."),
    "cycle": (
        hierarchy_problems,
        f"topic:a {_NEW} ; skos:broader topic:b . topic:b {_NEW} ; skos:broader topic:a .",
    ),
    "broader-outside": (hierarchy_problems, f"topic:x {_NEW} ; skos:broader topic:elsewhere ."),
    "top-lists-disagree": (hierarchy_problems, "topic:scheme skos:hasTopConcept topic:child ."),
    "clash-by-space": (label_clashes, 'topic:top skos:altLabel "子 概念"@ja .'),
    "clash-by-case": (label_clashes, 'topic:top skos:altLabel "child"@ja .'),
    "clash-by-width": (label_clashes, 'topic:top skos:altLabel "ｃｈｉｌｄ"@ja .'),
    "redundant": (redundant_labels, 'topic:child skos:altLabel "下位 概念"@ja .'),
    "ai-alone": (unsafe_labels, 'topic:child skos:altLabel "AI"@ja .'),
    "one-character": (unsafe_labels, 'topic:child skos:altLabel "子"@ja .'),
    "wikidata-page-url": (
        iri_problems,
        "topic:child skos:exactMatch <https://www.wikidata.org/wiki/Q42> .",
    ),
    "wikidata-no-q": (iri_problems, "topic:child skos:exactMatch wd:42 ."),
    "slug-case": (iri_problems, f"topic:Bad_Slug {_NEW} ."),
    "slug-not-ascii": (iri_problems, f"<https://w3id.org/gijiroku/id/topic/%E5%85%B1> {_NEW} ."),
}


@pytest.mark.parametrize(("check", "extra"), list(BROKEN.values()), ids=list(BROKEN))
def test_checks_fail_on_broken_schemes(check, extra: str) -> None:
    graph = parse_turtle(_GOOD + extra)
    assert check(graph, TOPIC_SCHEME), f"{check.__name__} passed a broken scheme:\n{extra}"


def test_unverified_wikidata_match_fails() -> None:
    graph = parse_turtle(_GOOD + "topic:child skos:exactMatch wd:Q1 .")
    assert wikidata_matches(graph) != VERIFIED_WIKIDATA
