"""Each canned query parses, is documented and answers the analyst's question on the samples."""

from __future__ import annotations

import re
import shlex

import pytest

from kg.errors import UsageError
from kg.query import QueryResult, canned_query, load_catalogue, run_canned
from kg.query.formats import term_text
from kg.store import Store

NAMES = [
    "statements-by",
    "speakers-on-topic",
    "topics-by-session",
    "org-topic-matrix",
    "questions-answered-by",
    "unanswered",
    "commitments",
    "posts-of",
    "topic-timeline",
    "search",
]
KOKUBUNJI = "https://w3id.org/gijiroku/id/org/lg/132144"
TAGGED = """SELECT (COUNT(DISTINCT ?statement) AS ?n) WHERE {
  ?statement dcterms:subject <https://w3id.org/gijiroku/id/topic/government-cloud> ; %s }"""


def rows(result: QueryResult) -> list[dict[str, str]]:
    """The result's rows as plain strings by variable."""
    return [
        {name: term_text(term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def example_values(example: str) -> dict[str, str]:
    """The -p values of an example command line."""
    words = shlex.split(example)
    return dict(words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "-p")


def test_the_catalogue_has_the_analysts_questions() -> None:
    assert set(NAMES) <= set(load_catalogue())


@pytest.mark.parametrize("name", sorted(load_catalogue()))
def test_each_canned_query_is_documented(name: str) -> None:
    query = canned_query(name)
    assert query.title and query.description, query.path
    assert query.examples and query.examples[0].startswith(f"kg query {name}"), query.examples
    assert set(example_values(query.examples[0])) >= {
        p.name for p in query.parameters if p.required
    }
    for parameter in query.parameters:  # a bound variable must be projected (Oxigraph, VALUES)
        assert re.search(rf"SELECT[^{{]*\?{parameter.name}\b", query.sparql), parameter.name


@pytest.mark.parametrize("name", sorted(load_catalogue()))
def test_each_canned_query_runs_on_the_samples_with_its_example(
    sample_store: Store, name: str
) -> None:
    query = canned_query(name)
    result = run_canned(sample_store, query, example_values(query.examples[0]))
    assert result.kind == "solutions"
    assert len(result) > 0, f"{name}: no rows for {query.examples[0]}"


def test_statements_by_kokubunji_returns_its_statements(sample_store: Store) -> None:
    found = rows(run_canned(sample_store, canned_query("statements-by"), {"actor": "国分寺市"}))
    assert len(found) == 5
    assert {row["actor"] for row in found} == {KOKUBUNJI}
    assert {row["speaker"] for row in found} == {"国分寺市"}
    assert any("ガバメントクラウド" in row["text"] for row in found)
    assert [row["date"] for row in found] == sorted(row["date"] for row in found)
    assert all(row["section"] for row in found)


def test_statements_by_an_organization_include_its_peoples(sample_store: Store) -> None:
    found = rows(run_canned(sample_store, canned_query("statements-by"), {"actor": "東京都"}))
    speakers = {row["speaker"] for row in found}
    assert "宮坂副知事" in speakers  # spoken by a person in a post of 東京都


def test_statements_by_takes_an_iri(sample_store: Store) -> None:
    query = canned_query("statements-by")
    by_iri = rows(run_canned(sample_store, query, {"actor": f"<{KOKUBUNJI}>"}))
    by_name = rows(run_canned(sample_store, query, {"actor": "国分寺市"}))
    assert by_iri == by_name


def test_speakers_on_government_cloud_include_kokubunji(sample_store: Store) -> None:
    found = rows(
        run_canned(sample_store, canned_query("speakers-on-topic"), {"topic": "ガバメントクラウド"})
    )
    assert "国分寺市" in {row["organizationName"] for row in found}
    assert all(int(row["statements"]) >= 1 for row in found)
    assert "宮坂学" in {row["speakerName"] for row in found}
    # one row per speaker, and as many statements as the topic's statements with a speaker
    assert len({row["speaker"] for row in found}) == len(found)
    tagged = sample_store.select(TAGGED % "schema:creator ?speaker")
    assert sum(int(row["statements"]) for row in found) == int(tagged[0]["n"])


def test_speakers_on_a_broader_topic_include_narrower_ones(scheme_store: Store) -> None:
    query = canned_query("speakers-on-topic")
    # government-cloud ⊑ cloud-computing ⊑ cloud-and-online-procedures
    found = rows(run_canned(scheme_store, query, {"topic": "クラウド・手続オンライン化"}))
    assert "国分寺市" in {row["organizationName"] for row in found}


def test_topic_labels_resolve_in_english_and_from_the_bundled_scheme(sample_store: Store) -> None:
    query = canned_query("speakers-on-topic")
    english = rows(run_canned(sample_store, query, {"topic": "government cloud"}))
    japanese = rows(run_canned(sample_store, query, {"topic": "ガバメントクラウド"}))
    assert english == japanese


def test_posts_of_miyasaka_give_vice_governor(sample_store: Store) -> None:
    for name in ("宮坂学", "宮坂 学", "宮坂　学"):
        found = rows(run_canned(sample_store, canned_query("posts-of"), {"person": name}))
        assert [(r["postName"], r["organizationName"], r["date"]) for r in found] == [
            ("副知事", "東京都", "2023-02-14")
        ]


def test_a_variant_kanji_name_finds_the_person(sample_store: Store) -> None:
    query = canned_query("posts-of")
    assert rows(run_canned(sample_store, query, {"person": "渡邊繁樹"})) == rows(
        run_canned(sample_store, query, {"person": "渡辺繁樹"})
    )
    assert rows(run_canned(sample_store, query, {"person": "渡邊繁樹"}))


def test_an_unknown_name_is_a_usage_error(sample_store: Store) -> None:
    with pytest.raises(UsageError, match="no organization or person named '存在しない市'"):
        run_canned(sample_store, canned_query("statements-by"), {"actor": "存在しない市"})


def test_a_missing_parameter_is_named(sample_store: Store) -> None:
    with pytest.raises(UsageError, match="needs -p actor=VALUE"):
        run_canned(sample_store, canned_query("statements-by"), {})
    with pytest.raises(UsageError, match="has no parameter 'who'"):
        run_canned(sample_store, canned_query("statements-by"), {"who": "x"})


def test_questions_answered_by_digital_agency(sample_store: Store) -> None:
    found = rows(
        run_canned(sample_store, canned_query("questions-answered-by"), {"actor": "デジタル庁"})
    )
    assert found
    assert {row["questionAct"] for row in found} <= {"question", "request"}
    assert "国分寺市" in {row["askedBy"] for row in found}
    assert all(row["response"] and row["question"] for row in found)


def test_unanswered_have_no_reply(sample_store: Store) -> None:
    found = rows(run_canned(sample_store, canned_query("unanswered"), {}))
    assert found and {row["act"] for row in found} <= {"question", "request"}
    replied = {row["q"] for row in sample_store.select("SELECT ?q WHERE { ?r as:inReplyTo ?q }")}
    assert not replied & {row["statement"] for row in found}


def test_commitments_promise_further_work(sample_store: Store) -> None:
    everyone = rows(run_canned(sample_store, canned_query("commitments"), {}))
    tokyo = rows(run_canned(sample_store, canned_query("commitments"), {"actor": "東京都"}))
    assert tokyo and len(tokyo) < len(everyone)
    assert {row["actorName"] for row in tokyo} == {"東京都"}
    pattern = re.compile(
        "検討|共有|進め|連携|協力|対応|取り組|取組|支援|調整|周知|改善|確認|情報提供"
    )
    assert all(pattern.search(row["text"]) for row in everyone)


def test_topics_by_session_in_date_order(sample_store: Store) -> None:
    found = rows(run_canned(sample_store, canned_query("topics-by-session"), {}))
    dates = [row["date"] for row in found]
    assert dates == sorted(dates) and len(set(dates)) == 2
    assert all(int(row["statements"]) >= 1 for row in found)


def test_org_topic_matrix_compares_municipalities(sample_store: Store) -> None:
    found = rows(run_canned(sample_store, canned_query("org-topic-matrix"), {}))
    pairs = {(row["organizationName"], row["topicLabel"]): int(row["statements"]) for row in found}
    assert pairs[("国分寺市", "ガバメントクラウド")] >= 1  # the stored scheme's label
    assert len({row["organizationName"] for row in found}) >= 5


def test_topic_timeline_by_organization(sample_store: Store) -> None:
    found = rows(
        run_canned(sample_store, canned_query("topic-timeline"), {"topic": "ガバメントクラウド"})
    )
    assert [row["date"] for row in found] == sorted(row["date"] for row in found)
    assert "国分寺市" in {row["organizationName"] for row in found}
    pairs = [(row["session"], row["organization"]) for row in found]
    assert len(set(pairs)) == len(pairs)
    # every statement on the topic is counted once: each has one organization or none here
    tagged = sample_store.select(TAGGED % "")
    assert sum(int(row["statements"]) for row in found) == int(tagged[0]["n"])


def test_search_normalizes_like_extraction(sample_store: Store) -> None:
    query = canned_query("search")
    full = rows(run_canned(sample_store, query, {"text": "クラウド"}))
    half = rows(run_canned(sample_store, query, {"text": "ｸﾗｳﾄﾞ"}))
    assert full and [r["statement"] for r in half] == [r["statement"] for r in full]
    assert all("クラウド" in row["statementText"] for row in full)
    lower = rows(run_canned(sample_store, query, {"text": "lgwan"}))
    upper = rows(run_canned(sample_store, query, {"text": "ＬＧＷＡＮ"}))
    assert lower and lower == [{**row, "text": "lgwan"} for row in upper]
