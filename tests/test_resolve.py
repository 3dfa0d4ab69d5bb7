"""Speaker labels split into body, units, post and person, and persons taken from the lists."""

from __future__ import annotations

import pytest

from kg.registry import default_registry
from kg.resolve import SpeakerResolver, split_label

REGISTRY = default_registry()
TOKYO = REGISTRY.find("東京都")


@pytest.mark.parametrize(
    ("label", "organization", "units", "post", "person"),
    [
        ("国分寺市", "国分寺市", (), None, None),
        ("東京都CIO", "東京都", (), "CIO", None),
        ("デジタル庁デジタル大臣政務官", "デジタル庁", (), "デジタル大臣政務官", None),
        ("東京都デジタルサービス局戦略部長", "東京都", ("デジタルサービス局",), "戦略部長", None),
        (
            "東京都デジタルサービス局基盤整備部情報システム企画課長",
            "東京都",
            ("デジタルサービス局", "基盤整備部"),
            "情報システム企画課長",
            None,
        ),
        (
            "東京都デジタルサービス局区市町村 DX 支援担当部長 小澤 洋之",
            "東京都",
            ("デジタルサービス局",),
            "区市町村DX支援担当部長",
            "小澤洋之",
        ),
        (
            "デジタル庁 デジタル大臣政務官 山田 太郎 氏",
            "デジタル庁",
            (),
            "デジタル大臣政務官",
            "山田太郎",
        ),
        ("三浦法律事務所 弁護士 越 直美 氏", "三浦法律事務所", (), "弁護士", "越直美"),
        ("東京都CIO 副知事 山田 花子", "東京都", (), "CIO 副知事", "山田花子"),
        ("宮坂副知事", None, (), "副知事", "宮坂"),
        ("佐藤座長", None, (), "座長", "佐藤"),
        ("鈴木委員長", None, (), "委員長", "鈴木"),
        ("議長(高橋一郎君)", None, (), "議長", "高橋一郎"),
        ("議長（高橋一郎君）", None, (), "議長", "高橋一郎"),
        ("事務局", None, (), "事務局", None),
        ("委員", None, (), "委員", None),
        ("Govtech 東京", "GovTech東京", (), None, None),
        ("東京都千代田区", "千代田区", (), None, None),
    ],
)
def test_split_label(label, organization, units, post, person):
    parts = split_label(label, REGISTRY)
    assert parts.complete, parts
    assert (parts.organization, parts.units, parts.post, parts.person) == (
        organization,
        units,
        post,
        person,
    )


@pytest.mark.parametrize(
    "text",
    [
        "デジタル庁情報共有会",
        "その他質疑応答・意見交換",
        "都からの事業報告",
        "本日はありがとうございました。",
    ],
)
def test_headings_are_not_actors(text):
    assert not split_label(text, REGISTRY).is_actor


def test_label_without_body_takes_the_publisher():
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    assert resolver.resolve("宮坂副知事").organization == "東京都"
    assert resolver.resolve("デジタルサービス局長").organization == "東京都"
    assert resolver.resolve("事務局").organization == "東京都"
    assert resolver.resolve("佐藤座長").organization == "東京都"
    assert resolver.resolve("田中委員").organization == "東京都"
    nobody = SpeakerResolver(REGISTRY, None, "https://example.org/")
    assert nobody.resolve("田中委員").organization is None


def test_surname_before_a_post_takes_the_full_name_from_the_lists():
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    resolver.learn(["企画部長 田村 一郎", "東京都デジタルサービス局長 渡部　信行"])
    actor = resolver.resolve("田村企画部長")
    assert (actor.person, actor.post) == ("田村一郎", "企画部長")
    assert resolver.resolve("東京都デジタルサービス局長").person == "渡部信行"


def test_seat_numbers_and_multiple_posts():
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    assert resolver.resolve("１５番（松本智史君）").person == "松本智史"
    resolver.learn(["東京都CIO 副知事 木村 陸"])
    assert resolver.resolve("東京都CIO").person == "木村陸"


def test_presenter_list_names_a_later_speaker_in_the_same_post():
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    resolver.learn(["東京都デジタルサービス局基盤整備部情報システム企画課長 髙橋 直義"])
    actor = resolver.resolve("東京都デジタルサービス局基盤整備部情報システム企画課長")
    assert actor.person == "髙橋直義"
    assert actor.evidence and "髙橋 直義" in actor.evidence
    assert actor.iri == "https://example.org/id/org/lg/130001"
    # A body alone does not name a person, even when the body presented.
    resolver.learn(["デジタル庁参事官 渡邊 繁樹 氏"])
    assert resolver.resolve("デジタル庁").person is None


@pytest.mark.parametrize(
    "entry",
    ["会長　山田 太郎（民間事業者）", "会長 山田 太郎(東都大学教授)", "会長　山田 太郎（欠席）"],
)
def test_a_note_after_an_attendee_is_not_the_person(entry):
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    resolver.learn([entry])
    assert resolver.resolve("会長").person == "山田太郎"


def test_two_holders_of_one_post_name_nobody():
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    resolver.learn(["国立市 CIO 木村 次郎", "国立市 CIO 山本 三郎"])
    assert resolver.resolve("国立市CIO").person is None


def test_municipality_iri_uses_its_dantai_code():
    resolver = SpeakerResolver(REGISTRY, TOKYO, "https://example.org/")
    assert resolver.resolve("国分寺市").iri == "https://example.org/id/org/lg/132144"


def test_posts_registry_rows_are_well_formed():
    from kg.resolve import MEETING_ROLES, PERSONAL_TITLES, POSTS

    assert len(POSTS) == len(set(POSTS)) > 50
    assert list(POSTS) == sorted(POSTS, key=len, reverse=True)
    assert {"副知事", "座長", "委員"} <= PERSONAL_TITLES
    assert {"委員", "座長", "議長"} <= MEETING_ROLES and "部長" not in MEETING_ROLES
