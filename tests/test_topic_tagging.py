"""Tagging statements with the topic scheme, and topic candidates (kg/topics.py; DESIGN 6)."""

from __future__ import annotations

import subprocess
import sys
import timeit
from pathlib import Path

import pytest

from kg.errors import InputError, UsageError
from kg.extract import extract_path
from kg.record import Minutes, Topic
from kg.topics import (
    STOPWORDS,
    Concept,
    TopicScheme,
    annotate_topics,
    default_scheme,
    topic_candidates,
)

TOPIC = "https://w3id.org/gijiroku/id/topic/"
GOVERNMENT_CLOUD = TOPIC + "government-cloud"
CLOUD = TOPIC + "cloud-computing"
MULTI_CLOUD = TOPIC + "multi-cloud"
LGWAN = TOPIC + "lgwan"


@pytest.fixture(scope="module")
def scheme() -> TopicScheme:
    return default_scheme()


@pytest.fixture(scope="module")
def samples(samples_dir: Path, scheme: TopicScheme) -> dict[str, Minutes]:
    """The two sample records, tagged."""
    names = {"cio-2023": "003_febb558535f5cb73.txt", "forum": "000_68ceb863bdaa2c75.txt"}
    return {
        key: annotate_topics(extract_path(samples_dir / name), scheme)
        for key, name in names.items()
    }


def iris(topics: list[Topic]) -> list[str]:
    return [topic.iri.removeprefix(TOPIC) for topic in topics]


def tiny_scheme(*labels: str) -> TopicScheme:
    """A scheme with one concept per label, named by the label."""
    return TopicScheme({label: Concept(label, label, None, (label,)) for label in labels})


def statement_topics(minutes: Minutes, organization: str, opening: str) -> list[Topic]:
    found = [
        s
        for s in minutes.statements
        if s.speaker and s.speaker.organization == organization and s.text.startswith(opening)
    ]
    assert len(found) == 1, [s.text[:30] for s in minutes.statements]
    return found[0].topics


# --- The scheme ---------------------------------------------------------------------------


def test_load_reads_labels_and_hierarchy(scheme: TopicScheme) -> None:
    assert len(scheme.concepts) == 116
    cloud = scheme.concepts[GOVERNMENT_CLOUD]
    assert cloud.label_ja == "ガバメントクラウド"
    assert cloud.label_en == "Government Cloud"
    assert {"ガバメントクラウド", "ガバクラ", "政府共通クラウド", "Government Cloud"} <= set(
        cloud.labels
    )
    assert cloud.broader == (CLOUD,)


def test_default_scheme_is_parsed_once() -> None:
    assert default_scheme() is default_scheme()


def test_narrower_closure(scheme: TopicScheme) -> None:
    top = TOPIC + "cloud-and-online-procedures"
    closure = scheme.narrower_closure(top)
    assert {top, CLOUD, GOVERNMENT_CLOUD, MULTI_CLOUD, TOPIC + "microsoft-365"} <= closure
    assert LGWAN not in closure  # under networks-and-security
    assert scheme.narrower_closure(CLOUD) < closure
    assert scheme.narrower_closure(GOVERNMENT_CLOUD) == {GOVERNMENT_CLOUD}
    with pytest.raises(UsageError, match="not a topic"):
        scheme.narrower_closure(TOPIC + "no-such-topic")


def test_narrower_stated_on_the_parent_counts(tmp_path: Path) -> None:
    path = tmp_path / "scheme.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix t: <https://example.org/t/> .\n"
        't:a a skos:Concept ; skos:prefLabel "親"@ja ; skos:narrower t:b .\n'
        't:b a skos:Concept ; skos:prefLabel "子"@ja .\n'
        't:c a skos:Concept ; skos:prefLabel "孫"@ja ; skos:broader t:b .\n',
        encoding="utf-8",
    )
    scheme = TopicScheme.load(path)
    assert scheme.narrower_closure("https://example.org/t/a") == {
        "https://example.org/t/a",
        "https://example.org/t/b",
        "https://example.org/t/c",
    }


def test_a_label_shared_by_two_concepts_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "scheme.ttl"
    path.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix t: <https://example.org/t/> .\n"
        't:a a skos:Concept ; skos:prefLabel "LoGoチャット"@ja .\n'
        't:b a skos:Concept ; skos:prefLabel "ロゴ"@ja ; skos:altLabel "Logoチャット"@ja .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="Logoチャット"):
        TopicScheme.load(path)


def test_a_missing_scheme_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        TopicScheme.load(tmp_path / "missing.ttl")


# --- Tagging the sample records -------------------------------------------------------------


def test_kokubunji_asks_about_the_government_cloud(samples: dict[str, Minutes]) -> None:
    opening = "ガバメントクラウドの実態が未だ掴めない"
    topics = statement_topics(samples["forum"], "国分寺市", opening)
    assert topics == [Topic(GOVERNMENT_CLOUD, "ガバメントクラウド")]


def test_setagaya_asks_about_lgwan_and_the_beta_prime_model(samples: dict[str, Minutes]) -> None:
    opening = "LGWANの中に作られるクラウドインフラ"
    topics = statement_topics(samples["cio-2023"], "世田谷区", opening)
    assert iris(topics) == [
        "lgwan",
        "cloud-infrastructure",
        "three-layer-separation",  # β'モデル
        "public-cloud",
    ]
    labels = [t.label for t in topics]
    assert labels == ["LGWAN", "クラウドインフラ", "三層分離", "パブリッククラウド"]


def test_every_sample_statement_is_tagged_as_tag_says(
    samples: dict[str, Minutes], scheme: TopicScheme
) -> None:
    statements = [s for minutes in samples.values() for s in minutes.statements]
    assert all(s.topics == scheme.tag(s.text) for s in statements)
    assert sum(1 for s in statements if s.topics) >= len(statements) * 3 // 4


# --- Matching rules -------------------------------------------------------------------------


def test_longest_label_first_and_no_overlap(scheme: TopicScheme) -> None:
    assert iris(scheme.tag("マルチクラウドを検討する")) == ["multi-cloud"]
    # A separate mention of クラウド still counts.
    assert iris(scheme.tag("マルチクラウドと従来のクラウド")) == ["multi-cloud", "cloud-computing"]
    assert iris(scheme.tag("クラウドとマルチクラウド")) == ["cloud-computing", "multi-cloud"]


def test_the_longer_of_two_overlapping_labels_wins() -> None:
    scheme = tiny_scheme("自治体DX", "DX推進計画", "推進")
    assert iris(scheme.tag("自治体DX推進計画を策定")) == ["DX推進計画"]
    assert iris(scheme.tag("自治体DXの推進")) == ["自治体DX", "推進"]


def test_ascii_labels_match_on_word_boundaries_only() -> None:
    scheme = tiny_scheme("AI", "AI活用")
    assert scheme.tag("MAILで送る") == []
    assert scheme.tag("GenAIとAIX") == []
    assert iris(scheme.tag("AIを使う")) == ["AI"]
    assert iris(scheme.tag("EMAILとAIを使う")) == ["AI"]
    assert iris(scheme.tag("AI活用とAI")) == ["AI活用", "AI"]
    # Words set off by spaces are words, although keys drop the spaces.
    assert iris(scheme.tag("we use AI now")) == ["AI"]
    assert scheme.tag("we use M AIL") == []


def test_ascii_labels_in_the_scheme(scheme: TopicScheme) -> None:
    assert iris(scheme.tag("SaaSは各自治体で検討")) == ["saas"]
    assert iris(scheme.tag("AI OCRの導入")) == ["ai-ocr"]
    assert iris(scheme.tag("M365 や AZURE")) == ["microsoft-365"]
    assert scheme.tag("XM365Y") == []


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("ＬＧＷＡＮの中で", "lgwan"),
        ("lgwan接続", "lgwan"),
        ("ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞへ移る", "government-cloud"),
        ("ガバメント クラウド", "government-cloud"),
        ("Logo チャットの利用", "logo-chat"),
        ("LOGOチャット", "logo-chat"),
        ("ＬｏＧｏチャット", "logo-chat"),
        ("β’モデル", "three-layer-separation"),
    ],
)
def test_width_case_and_space_variants_match(scheme: TopicScheme, text: str, topic: str) -> None:
    assert iris(scheme.tag(text)) == [topic]


def test_topics_are_unique_in_order_of_first_mention(scheme: TopicScheme) -> None:
    text = "LGWANとクラウド。ガバメントクラウドとLGWAN、またクラウド"
    assert iris(scheme.tag(text)) == ["lgwan", "cloud-computing", "government-cloud"]


def test_labels_shorter_than_two_characters_are_ignored() -> None:
    scheme = tiny_scheme("X", "窓", "窓口")
    assert iris(scheme.tag("X線と窓と窓口")) == ["窓口"]


def test_text_without_topics(scheme: TopicScheme) -> None:
    assert scheme.tag("") == []
    assert scheme.tag("よろしくお願いしたい。") == []


@pytest.mark.slow
def test_tagging_is_fast(samples: dict[str, Minutes], scheme: TopicScheme) -> None:
    texts = [s.text for minutes in samples.values() for s in minutes.statements]
    runs = 50
    best = min(timeit.repeat(lambda: [scheme.tag(t) for t in texts], number=runs, repeat=5))
    per_statement = best / (runs * len(texts))
    # 5,000 statements per second per core leave 200 µs for everything; tagging gets 50.
    assert per_statement < 50e-6, f"{per_statement * 1e6:.1f} µs per statement"


# --- Candidates -----------------------------------------------------------------------------

CORPUS = [
    "電子契約の導入について、各自治体の検討状況を伺いたい。",
    "今後、電子契約とガバメントクラウドの両方を検討したい。連携基盤も要る。",
    "当区では電子契約を始めた。ガバメントクラウドへの移行も今後の課題である。",
    "ガバメントクラウドの事業について、公金収納の話もしたい。連携基盤の話も。",
    "公金収納は自治体ごとに異なる。今後も検討が必要。連携基盤が鍵となる。",
]


def test_candidates_are_recurring_terms_the_scheme_lacks(scheme: TopicScheme) -> None:
    found = topic_candidates(CORPUS, scheme)
    assert [c.term for c in found] == ["電子契約"]
    (candidate,) = found
    assert (candidate.count, candidate.documents) == (3, 3)
    assert candidate.examples[0] == "電子契約の導入について、各自治体の検討状況を伺い…"
    assert len(candidate.examples) == 3


def test_candidates_leave_out_scheme_terms_and_stopwords(scheme: TopicScheme) -> None:
    found = {c.term: c for c in topic_candidates(CORPUS, scheme, min_count=1)}
    assert found["公金収納"].count == 2
    assert "電子契約" in found
    # ガバメントクラウド is a label, ガバメントクラウド移行 contains one, 連携基盤 is part of
    # one (データ連携基盤).
    for term in ("ガバメントクラウド", "ガバメントクラウド移行", "連携基盤", "クラウド"):
        assert term not in found
    assert not STOPWORDS & set(found)
    assert not any(scheme.covers(term) for term in found)
    assert all(len(term) >= 2 for term in found)


def test_candidates_group_width_variants_and_count_in_long_texts(scheme: TopicScheme) -> None:
    # Over SudachiPy's ~49 KB limit, and full-width ＡＢＣ counted with ABC.
    long_text = "ＡＢＣ連携基盤の導入を進める。" * 1200 + "ABC連携基盤。"
    assert len(long_text.encode("utf-8")) > 49_152
    (candidate,) = topic_candidates([long_text], scheme, limit=1)
    assert candidate.term == "ＡＢＣ連携基盤"
    assert (candidate.count, candidate.documents) == (1201, 1)


def test_candidates_honour_min_count_and_limit(scheme: TopicScheme) -> None:
    assert topic_candidates(CORPUS, scheme, min_count=4) == []
    assert len(topic_candidates(CORPUS, scheme, min_count=1, limit=2)) == 2


def test_importing_topics_does_not_load_sudachi() -> None:
    code = "import sys, kg.topics; print('sudachipy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
