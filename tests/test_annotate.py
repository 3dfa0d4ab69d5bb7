"""Speech acts from sentence endings, and replies from turn order."""

from __future__ import annotations

import pytest

from kg.annotate import annotate_acts, classify_act
from kg.record import Actor, AgendaItem, Minutes, Session, Source, Statement


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("全容の公表がいつになるか教えてほしい。", "question"),
        ("何か検討されているのかお聞きしたい。", "question"),
        ("β'モデルのパブリッククラウドにシフトする意向のため伺いたい。", "question"),
        ("これについて見解を伺いたい。", "question"),
        ("国内に置くというルールで決まっているという認識で良いか。", "question"),
        ("現状をお聞かせいただきたい。", "question"),
        ("どういった団体と協力していく方針かご教示願いたい。", "question"),
        ("オール東京での共同利用について、検討頂きたい。", "request"),
        ("情報交換を行いながら進めるようお願いしたい。", "request"),
        ("連携して進めていければと考えているのでよろしくお願ひしたい。", "request"),
        ("東京都には自治体の連携の音頭取りを期待する。", "request"),
        ("実証実験をされた三鷹市様の話を伺いたい。", "request"),
        ("ぜひ音頭を取っていただきたい。", "request"),
        ("より良いDXにしたい。", "remark"),
        ("今後情報共有をしていきたいと考えている。", "remark"),
        ("大きな期待をしている。", "remark"),
    ],
)
def test_classify_act(text, act):
    assert classify_act(text) == act


def _minutes(turns, presenters=()):
    source = Source("x.txt", "0" * 64, "text/plain")
    agenda = [AgendaItem("報告", presenters=[Actor(label=p, organization=p) for p in presenters])]
    statements = []
    for k, (label, org, text) in enumerate(turns):
        speaker = Actor(label=label, organization=org) if label else None
        statements.append(
            Statement(k, text, (0, 1), section="報告", agenda_index=0, speaker=speaker)
        )
    return Minutes(source, Session(), agenda, statements)


def _acts(minutes):
    return [(s.act, s.replies_to) for s in minutes.statements]


def test_host_answers_a_municipality_and_a_second_host_speaker_answers_it_too():
    minutes = _minutes(
        [
            ("町田市", "町田市", "共同利用について検討頂きたい。"),
            ("東京都CIO", "東京都", "検討したい。"),
            ("東京都戦略部長", "東京都", "WGで検討したい。"),
        ]
    )
    annotate_acts(minutes, host="東京都")
    assert _acts(minutes) == [("request", None), ("response", 0), ("response", 0)]


def test_presenter_answers_the_host_question_pairwise():
    minutes = _minutes(
        [
            ("東京都CIO", "東京都", "期待があればお聞きしたい。"),
            ("デジタル庁", "デジタル庁", "仕組みづくりが必要。"),
            ("国分寺市", "国分寺市", "いつになるか教えてほしい。"),
            ("国分寺市", "国分寺市", "何か検討されているのかお聞きしたい。"),
            ("デジタル庁", "デジタル庁", "指針を出している。"),
            ("デジタル庁", "デジタル庁", "機会を検討したい。"),
        ],
        presenters=["デジタル庁"],
    )
    annotate_acts(minutes, host="東京都")
    assert _acts(minutes) == [
        ("question", None),
        ("response", 0),
        ("question", None),
        ("question", None),
        ("response", 2),
        ("response", 3),
    ]


def test_a_party_named_in_the_question_answers_and_others_do_not():
    minutes = _minutes(
        [
            ("調布市", "調布市", "実証実験をされた三鷹市様の話を伺いたい。"),
            ("三鷹市", "三鷹市", "機会があれば情報共有したい。"),
            ("足立区", "足立区", "大いに期待している。"),
        ]
    )
    annotate_acts(minutes, host="東京都")
    assert _acts(minutes) == [("request", None), ("response", 0), ("remark", None)]


def test_a_party_does_not_answer_itself_and_replies_stay_in_their_section():
    minutes = _minutes(
        [
            ("調布市", "調布市", "検討いただきたい。"),
            ("調布市", "調布市", "取り組んでいただきたい。"),
        ]
    )
    minutes.statements[1].section = "その他"
    minutes.statements.append(
        Statement(2, "検討したい。", (0, 1), section="その他", speaker=Actor("東京都CIO", "東京都"))
    )
    annotate_acts(minutes, host="東京都")
    assert _acts(minutes) == [("request", None), ("request", None), ("response", 1)]


def test_arrow_answers_reply_to_the_statement_before_them():
    minutes = _minutes([(None, None, "予算はどうなるか。"), (None, None, "来年度に検討したい。")])
    annotate_acts(minutes, host=None, answers={1})
    assert _acts(minutes) == [("question", None), ("response", 0)]
