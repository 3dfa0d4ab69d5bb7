"""Extraction of each record layout of DESIGN section 2, from small invented records.

Every record under ``tests/data/layouts/`` is written for these tests (none is copied from a
real publication). For each one the expected session header, agenda and statements are spelled
out below; texts are compared with white space removed, because PDF and HTML sources break
lines and pad ASCII with spaces where plain text does not. Where a detail is open to reasonable
readings (the exact post of a label, the act of an opening remark) it is not asserted, or a
small set of readings is accepted (a tuple of values).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from factories import CHROME_TEXTS, write_html, write_pdf, write_text

LAYOUTS_DIR = Path(__file__).resolve().parent / "data" / "layouts"

# A value in an expectation: a str (compared without white space), int, bool, None (must be
# null), or a tuple of such values, any of which is accepted.
Value = Any


class _Unchecked:
    def __repr__(self) -> str:
        return "UNCHECKED"


UNCHECKED: Any = _Unchecked()  # the detail is not asserted

BULLETS = "・•○〇*＊→-"
# A bullet or Q/A marker at the start of a line (after any indentation).
_LINE_MARKER = re.compile(rf"^[^\S\n]*[{re.escape(BULLETS)}][^\S\n]*", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Return ``text`` without any white space."""
    return _SPACE.sub("", text)


def without_markers(text: str) -> str:
    """Return ``text`` with the bullet markers that open its lines removed."""
    return _LINE_MARKER.sub("", text)


def matches(actual: Any, expected: Value) -> bool:
    """Tell whether an extracted value meets an expectation (see ``Value``)."""
    if expected is UNCHECKED:
        return True
    if isinstance(expected, tuple):
        return any(matches(actual, option) for option in expected)
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, str):
        return isinstance(actual, str) and squash(actual) == squash(expected)
    return bool(actual == expected)


@dataclass(frozen=True)
class Said:
    """One expected statement."""

    text: str
    # None: anonymous. Otherwise the speaker's fields to check (label, organization, post, person).
    speaker: dict[str, Value] | None
    act: Value = UNCHECKED
    replies_to: Value = UNCHECKED
    section: Value = UNCHECKED
    subsection: Value = UNCHECKED
    agenda_index: Value = UNCHECKED


@dataclass(frozen=True)
class Layout:
    """What a careful reader expects from one record."""

    file: str
    session: dict[str, Value]
    agenda: list[tuple[str, list[dict[str, Value]]]]
    statements: list[Said]
    # Fragments of header, agenda, attendee lines, headings and notes: no statement holds them.
    not_statements: list[str] = field(default_factory=list)
    closed: tuple[int, ...] = ()  # indexes of agenda items marked 非公開


KUNITACHI = {"label": "国立市", "organization": "国立市", "person": None}
SENRYAKU = {
    "label": "東京都デジタルサービス局戦略部長",
    "organization": "東京都",
    "person": "中村健",
}
SEC_AI = "生成AIの共同利用環境について"

HEADING_BULLETS = Layout(
    file="heading_bullets.txt",
    session={
        "title": "第3回東京都・区市町村CIO協議会 議事要旨",
        "series": ("東京都・区市町村CIO協議会", "都・区市町村CIO協議会"),
        "number": 3,
        "date": "2024-07-09",
        "start_time": "13:30",
        "end_time": "15:00",
        "venue": "都庁第一本庁舎北側42階特別会議室",
        "online": False,
    },
    agenda=[
        ("開会", []),
        (SEC_AI, [{"organization": "東京都", "person": "中村健"}]),
        ("意見交換", []),
    ],
    statements=[
        Said(
            "共同利用環境に参加する場合、区市町村が負担する利用料はどの程度になる見込みか。",
            KUNITACHI,
            act="question",
            replies_to=None,
            section=SEC_AI,
            agenda_index=1,
        ),
        Said(
            "職員向けの研修教材も、共同利用環境と併せて提供してほしい。",
            KUNITACHI,
            act="request",
            replies_to=None,
            section=SEC_AI,
            agenda_index=1,
        ),
        Said(
            "利用料は利用者数に応じて按分する方式を想定しており、年内に試算をお示ししたい。",
            SENRYAKU,
            act="response",
            replies_to=(0, 1),
            section=SEC_AI,
            agenda_index=1,
        ),
        # A bullet and the unbulleted paragraph after it are one statement.
        Said(
            "研修教材は、都職員向けに作成したものを区市町村でも使えるよう、改めて提供する方向で"
            "検討している。なお、教材の改訂にあたっては、各自治体の意見を反映できるよう協議会の"
            "場で随時共有していきたい。",
            SENRYAKU,
            act="response",
            replies_to=(0, 1),
            section=SEC_AI,
            agenda_index=1,
        ),
        Said(
            "生成AIの回答内容を職員が確認する手順について、各自治体で共通化を検討いただきたい。",
            {"label": "府中市", "organization": "府中市", "person": None},
            act="request",
            replies_to=None,
            section="意見交換",
            agenda_index=2,
        ),
        Said(
            "確認手順のひな形を作成し、次回の協議会で共有したい。",
            SENRYAKU,
            act="response",
            replies_to=4,
            section="意見交換",
            agenda_index=2,
        ),
    ],
    not_statements=["日時", "令和6年7月9日", "特別会議室", "議事要旨", "開会", "中村健", "国立市"],
)

YAMAMOTO = {
    "label": "東京都デジタルサービス局区市町村 DX 支援担当部長",
    "organization": "東京都",
    "person": "山本一郎",
}
TAMA = {"label": "多摩市", "organization": "多摩市", "person": None}
SEC_DX = "区市町村 DX 支援の取組状況"
SEC_MYNA = "マイナンバーカードの利活用事例"

HEADING_CIRCLE_PDF = Layout(
    file="heading_circle_pdf.txt",
    session={
        "title": "第5回東京都・区市町村 CIO 協議会 議事要旨",
        "series": ("東京都・区市町村CIO協議会", "都・区市町村CIO協議会"),
        "number": 5,
        "date": "2023-10-17",
        "start_time": "15:00",
        "end_time": "16:30",
        "venue": "オンライン開催",
        "online": True,
    },
    agenda=[
        (
            SEC_DX,
            [
                {"organization": "東京都", "person": "山本一郎"},
                {"organization": "東京都", "person": "石井美穂"},
            ],
        ),
        (SEC_MYNA, [{"organization": "デジタル庁", "person": "森浩二"}]),
        ("特定個人情報の取扱いに係る報告", []),
    ],
    closed=(2,),
    statements=[
        Said(
            "伴走型支援の対象となる自治体は、今年度どのような基準で選定したのか。",
            # The person comes from the attendee line 「国立市 CIO 木村 次郎」.
            {"label": "国立市CIO", "organization": "国立市", "post": "CIO", "person": "木村次郎"},
            act="question",
            replies_to=None,
            section=SEC_DX,
            subsection="伴走型支援の実施状況",
            agenda_index=0,
        ),
        # A sentence split by a page break: the unbulleted fragment joins its bullet.
        Said(
            "人口規模や DX 推進体制の状況を踏まえ、支援の効果が大きいと見込まれる自治体から選定"
            "している。来年度は対象を広げ、希望する全ての自治体が支援を受けられるよう調整を"
            "進めていきたい。",
            YAMAMOTO,
            act="response",
            replies_to=0,
            section=SEC_DX,
            subsection="伴走型支援の実施状況",
            agenda_index=0,
        ),
        Said(
            "カードを活用した図書館サービスの導入に要した期間と費用は、どの程度だったか。",
            TAMA,
            act="question",
            replies_to=None,
            section=SEC_MYNA,
            agenda_index=1,
        ),
        Said(
            "導入期間はおおむね半年で、国の補助制度を活用した事例が多い。詳細な資料は後日提供したい。",
            {"label": "デジタル庁参事官", "organization": "デジタル庁", "person": "森浩二"},
            act="response",
            replies_to=2,
            section=SEC_MYNA,
            agenda_index=1,
        ),
        Said(
            "他自治体の導入事例も含めて、資料の提供をお願いしたい。",
            TAMA,
            act="request",
            section=SEC_MYNA,
            agenda_index=1,
        ),
    ],
    not_statements=[
        "質疑なし",
        "出席者",
        "木村次郎",
        "小林三郎",
        "非公開",
        "実施状況",
        "強靱化",
        "山本一郎",
        "オンライン開催",
        "国立市CIO",
    ],
)

YAMADA = {"label": "東京都CIO 副知事 山田 花子", "organization": "東京都", "person": "山田花子"}
JIMUKYOKU = {"label": "事務局", "person": None}

PAREN_SPEAKER = Layout(
    file="paren_speaker.txt",
    session={
        "title": "第1回都・区市町村CIO協議会 議事概要",
        "series": "都・区市町村CIO協議会",
        "number": 1,
        "date": "2019-05-28",  # 令和元年
        "start_time": "15:00",
        "end_time": "16:30",
        "venue": "東京都庁第二本庁舎31階特別会議室21",
        "online": False,
    },
    agenda=[
        ("挨拶", []),
        ("協議会の運営について", [{"label": "事務局", "person": None}]),
        ("意見交換", []),
    ],
    statements=[
        Said(
            "本協議会は、都と区市町村が一体となって行政のデジタル化を進めるための場として設置した。",
            YAMADA,
            section="挨拶",
            agenda_index=0,
        ),
        Said(
            "各自治体が抱える課題を率直に共有いただき、共同で取り組める事業を見いだしていきたい。",
            YAMADA,
            section="挨拶",
            agenda_index=0,
        ),
        Said(
            "協議会は年4回程度開催し、テーマごとに部会を設けて検討を進める予定である。",
            JIMUKYOKU,
            section="協議会の運営について",
            agenda_index=1,
        ),
        Said(
            "部会の検討結果は、各自治体の予算編成に間に合う時期に示されるのか。",
            {"label": "八王子市CIO 副市長 石田 誠", "organization": "八王子市", "person": "石田誠"},
            act="question",
            replies_to=None,
            section="協議会の運営について",
            agenda_index=1,
        ),
        Said(
            "各部会の検討結果は、毎年度9月末までに中間報告として取りまとめる予定である。",
            JIMUKYOKU,
            act="response",
            replies_to=3,
            section="協議会の運営について",
            agenda_index=1,
        ),
        Said(
            "電子申請の共同化について、各自治体の考えを伺いたい。",
            YAMADA,
            act="question",
            replies_to=None,
            section="意見交換",
            agenda_index=2,
        ),
        Said(
            "申請件数の多い手続から順に共同化を進めることが効果的と考える。",
            {"label": "武蔵野市CIO 副市長 原 正樹", "organization": "武蔵野市", "person": "原正樹"},
            act="response",
            replies_to=5,
            section="意見交換",
            agenda_index=2,
        ),
    ],
    not_statements=[
        "日時",
        "令和元年",
        "特別会議室",
        "挨拶",
        "山田花子",
        "事務局",
        "【",
        "議事概要",
    ],
)

# Meeting roles without a body: the publisher (東京都, from the title) is the natural reading
# for the secretariat; for a chair or member the record does not say, so null is accepted too.
SATO = {"label": "佐藤座長", "organization": ("東京都", None), "post": "座長", "person": "佐藤"}
TANAKA = {"label": "田中委員", "organization": ("東京都", None), "post": "委員", "person": "田中"}
SECRETARIAT = {"label": "事務局", "organization": ("東京都", "事務局"), "person": None}

COLON_TRANSCRIPT = Layout(
    file="colon_transcript.txt",
    session={
        "title": "第7回東京都・区市町村CIOフォーラム 議事録",
        "series": "東京都・区市町村CIOフォーラム",
        "number": 7,
        "date": "2022-11-08",
        "start_time": "10:00",
        "end_time": "11:45",
        "venue": "オンライン開催(Zoom)",
        "online": True,
    },
    agenda=[
        ("開会", []),
        ("自治体DX推進計画の改定について", [{"label": "事務局", "person": None}]),
        ("意見交換", []),
    ],
    statements=[
        Said(
            "定刻となりましたので、第7回東京都・区市町村CIOフォーラムを開会します。本日は自治体DX"
            "推進計画の改定について、皆様から幅広くご意見をいただければと思います。",
            SATO,
            replies_to=None,
        ),
        # One turn, three lines: the lines after the marker belong to the same statement.
        Said(
            "資料1に基づき、推進計画の改定案の概要をご説明します。改定案では、書かない窓口の導入と、"
            "オンライン手続の対象拡大を重点項目としています。また、各自治体の進捗を把握するため、"
            "年1回の調査を新たに実施する予定です。",
            SECRETARIAT,
        ),
        Said(
            "書かない窓口の導入にあたって、既存の住民記録システムとの連携はどのように進めるのですか。",
            TANAKA,
            act="question",
            replies_to=None,
        ),
        Said(
            "住民記録システムの標準化にあわせて、連携方式を定める予定です。",
            SECRETARIAT,
            act="response",
            replies_to=2,
        ),
        Said(
            "各自治体の導入予定時期について、次回までに事務局で取りまとめてほしい。",
            SATO,
            act="request",
            replies_to=None,
        ),
        Said(
            "承知しました。取りまとめた結果は、12月13日(火)14:00からの次回会合でご報告します。",
            SECRETARIAT,
            act="response",
            replies_to=4,
        ),
    ],
    not_statements=[
        "日時",
        "オンライン開催",
        "佐藤座長",
        "田中委員",
        "事務局:",
        "議事録",
        "1.開会",
    ],
)

SUZUKI = {"label": "鈴木委員長", "post": "委員長", "person": ("鈴木", "鈴木花子")}
NAKAJIMA = {"label": "情報政策課長（中島美和君）", "person": "中島美和"}
AOKI = {"label": "青木委員", "post": "委員", "person": ("青木", "青木健太")}

CIRCLE_NAME_TRANSCRIPT = Layout(
    file="circle_name_transcript.txt",
    session={
        "title": "第十一回デジタル行政推進特別委員会会議録",
        "number": 11,
        "date": "2023-11-02",
        "start_time": "14:00",  # 午後二時開議
        "end_time": "16:40",  # 午後四時四十分散会
        "venue": "市役所本庁舎五階第一委員会室",
        "online": False,
    },
    agenda=[
        ("行政手続のオンライン化の進捗状況について", []),
        ("庁内ネットワークの更改について", []),
    ],
    statements=[
        Said(
            "ただいまより第十一回デジタル行政推進特別委員会を開会いたします。初めに、高橋議長から"
            "御挨拶をいただきます。",
            SUZUKI,
            replies_to=None,
        ),
        Said(
            "本委員会の開会に当たり、一言御挨拶申し上げます。行政のデジタル化は市民生活に直結する"
            "課題であり、本委員会での議論が市政の発展につながるものと確信しております。",
            {"label": "議長（高橋一郎君）", "post": "議長", "person": "高橋一郎"},
        ),
        Said(
            "本日は、行政手続のオンライン化の進捗状況について、理事者から報告を受けます。",
            SUZUKI,
        ),
        Said(
            "行政手続のオンライン化につきましては、本年九月末現在、対象とした百二十の手続のうち"
            "八十五の手続でオンライン申請が可能となっております。残る手続につきましても、来年度中"
            "の対応を目指して準備を進めております。",
            NAKAJIMA,
        ),
        Said(
            "オンライン申請が可能となった手続のうち、実際にオンラインで申請された割合はどの程度か。",
            AOKI,
            act="question",
            replies_to=None,
        ),
        Said(
            "オンラインでの申請の割合は、手続全体の平均で約三割となっております。",
            NAKAJIMA,
            act="response",
            replies_to=4,
        ),
        Said(
            "割合を高めるため、申請画面の改善と市民への周知に早期に取り組んでいただきたい。",
            AOKI,
            act="request",
            replies_to=None,
        ),
        Said(
            "御指摘を踏まえ、申請画面の改善と周知の強化に取り組んでまいります。",
            NAKAJIMA,
            act="response",
            replies_to=6,
        ),
        Said("以上で本日の委員会を散会いたします。", SUZUKI),
    ],
    not_statements=[
        "午後二時",
        "開議",
        "午後四時四十分",
        "出席委員",
        "鈴木花子",
        "岡田",
        "本日の会議に付した事件",
        "庁内ネットワーク",
        "鈴木委員長",
        "中島美和",
        "会議録",
    ],
)

ROLE_SPEAKERS = Layout(
    file="role_speakers.txt",
    session={
        "title": "第2回区市町村デジタル人材育成検討会 議事概要",
        "series": "区市町村デジタル人材育成検討会",
        "number": 2,
        "date": "2024-01-23",
        "start_time": "14:00",
        "end_time": "15:30",
        "venue": "オンライン開催（Microsoft Teams）",
        "online": True,
    },
    agenda=[
        ("開会", []),
        ("デジタル人材確保・育成方針（案）について", [{"label": "事務局", "person": None}]),
        ("閉会", []),
    ],
    statements=[
        Said(
            "本日は、デジタル人材の確保・育成方針の案について、委員の皆様から幅広く御意見を"
            "いただければと思う。",
            {"label": "会長", "post": "会長", "person": None},
        ),
        Said(
            "資料2に基づき、方針案の概要を説明した。",
            {"label": "事務局", "post": "事務局", "person": None},
        ),
        Said(
            "民間企業との人事交流について、受入れ側となる自治体の負担をどのように軽減するのか。",
            {"label": "委員", "post": "委員", "person": None},
            act="question",
            replies_to=None,
        ),
        Said(
            "人事交流に係る経費の一部を都が負担する仕組みを検討している。",
            {"label": "事務局", "post": "事務局", "person": None},
            act="response",
            replies_to=2,
        ),
        Said(
            "小規模な町村では専任の担当者を置くことが難しい。都による伴走支援を拡充してほしい。",
            {"label": "委員", "post": "委員", "person": None},
            act="request",
            replies_to=None,
        ),
        Said(
            "町村向けの派遣型支援を来年度から拡充する予定である。",
            {"label": "事務局", "post": "事務局", "person": None},
            act="response",
            replies_to=4,
        ),
        Said(
            "本日の意見を踏まえ、事務局において方針案を修正していただきたい。",
            {"label": "会長", "post": "会長", "person": None},
            act="request",
            replies_to=None,
        ),
    ],
    not_statements=["【会長】", "会長", "(委員)", "(事務局)", "日時", "Teams", "閉会", "議事概要"],
)

SEC_QA = "質疑応答"

ANONYMOUS_QA = Layout(
    file="anonymous_qa.txt",
    session={
        "title": "第1回区市町村CIO連絡会 議事要旨",
        "number": 1,
        "date": "2024-05-15",
        "start_time": "10:00",
        "end_time": "11:30",
        "venue": "東京都庁第一本庁舎25階 112会議室",
        "online": False,
    },
    agenda=[
        (
            "令和6年度の共同調達の進め方について",
            [{"organization": "東京都", "person": "佐々木亮"}],
        ),
        ("質疑応答", []),
    ],
    statements=[
        Said(
            "共同調達に参加する場合、各自治体で個別に議会の議決を得る必要があるか。",
            None,
            act="question",
            replies_to=None,
            section=SEC_QA,
            agenda_index=1,
        ),
        Said(
            "契約方式ごとに必要な手続を整理した資料を作成し、各自治体に提供したい。",
            None,
            act="response",
            replies_to=0,
            section=SEC_QA,
            agenda_index=1,
        ),
        Said(
            "調達の対象となるソフトウェアの一覧は、いつ頃示される予定か。",
            None,
            act="question",
            replies_to=None,
            section=SEC_QA,
        ),
        Said("7月中を目途にお示ししたい。", None, act="response", replies_to=2, section=SEC_QA),
        Said(
            "参加の可否を判断するため、自治体向けの説明会を開催してほしい。",
            None,
            act="request",
            replies_to=None,
            section=SEC_QA,
        ),
        Said(
            "6月中に説明会を開催する方向で調整したい。",
            None,
            act="response",
            replies_to=4,
            section=SEC_QA,
        ),
    ],
    not_statements=["日時", "112会議室", "佐々木", "質疑応答", "共同調達の進め方"],
)

SEC_OPINIONS = "意見交換概要"

ANONYMOUS_OPINIONS = Layout(
    file="anonymous_opinions.txt",
    session={
        "title": "第6回区市町村DX協働推進部会 議事要旨",
        "series": "区市町村DX協働推進部会",
        "number": 6,
        "date": "2023-09-05",
        "start_time": "13:00",
        "end_time": "14:30",
        "venue": "オンライン開催",
        "online": True,
    },
    agenda=[
        ("書かない窓口の導入状況について", [{"label": "事務局", "person": None}]),
        ("意見交換", []),
    ],
    statements=[
        Said(
            "書かない窓口の導入効果を測るため、自治体間で共通の評価指標を設けることが望ましい。",
            None,
            replies_to=None,
            section=SEC_OPINIONS,
        ),
        Said(
            "窓口の待ち時間の計測方法を自治体間でそろえると、導入効果を比較しやすくなる。",
            None,
            act="remark",
            replies_to=None,
            section=SEC_OPINIONS,
        ),
        Said(
            "小規模自治体でも導入しやすいよう、共同調達の枠組みを活用してほしい。",
            None,
            act="request",
            replies_to=None,
            section=SEC_OPINIONS,
        ),
        Said(
            "導入済み自治体の事例を、部会のポータルサイトで共有していただきたい。",
            None,
            act="request",
            replies_to=None,
            section=SEC_OPINIONS,
        ),
        Said(
            "職員の業務量の変化についても、導入の前後で把握しておく必要がある。",
            None,
            replies_to=None,
            section=SEC_OPINIONS,
        ),
    ],
    not_statements=["意見交換概要", "日時", "事務局", "導入状況について"],
)

LAYOUTS: dict[str, Layout] = {
    "heading_bullets": HEADING_BULLETS,
    "heading_circle_pdf": HEADING_CIRCLE_PDF,
    "paren_speaker": PAREN_SPEAKER,
    "colon_transcript": COLON_TRANSCRIPT,
    "circle_name_transcript": CIRCLE_NAME_TRANSCRIPT,
    "role_speakers": ROLE_SPEAKERS,
    "anonymous_qa": ANONYMOUS_QA,
    "anonymous_opinions": ANONYMOUS_OPINIONS,
}

layouts = pytest.mark.parametrize("name", list(LAYOUTS))


# --- helpers ---------------------------------------------------------------------------------


def extract(path: Path) -> Any:
    """Run the library's extraction on ``path`` (imported late so collection never fails)."""
    from kg.extract import extract_path

    return extract_path(path)


def document_text(path: Path) -> str:
    """Return the decoded text that statement spans index."""
    from kg.load import load_document

    return load_document(path).text


@functools.cache
def extracted(name: str) -> Any:
    """The Minutes record of a layout fixture, extracted once per test run."""
    return extract(LAYOUTS_DIR / LAYOUTS[name].file)


def describe(minutes: Any) -> str:
    """A readable listing of the extracted statements, for failure messages."""
    lines = []
    for s in minutes.statements:
        who = s.speaker.label if s.speaker else None
        lines.append(f"  [{s.index}] {who!r} {s.act} →{s.replies_to} §{s.section!r}: {s.text!r}")
    return "\n".join(lines) or "  (no statements)"


def check_statement_texts(minutes: Any, expected: list[Said]) -> None:
    """Assert the statements' number and texts, in order."""
    listing = describe(minutes)
    got = [squash(s.text) for s in minutes.statements]
    want = [squash(said.text) for said in expected]
    assert got == want, f"statements differ; extracted:\n{listing}"


def check_speakers(minutes: Any, expected: list[Said]) -> None:
    """Assert each statement's speaker fields (or that it has none)."""
    listing = describe(minutes)
    assert len(minutes.statements) == len(expected), listing
    for statement, said in zip(minutes.statements, expected, strict=True):
        where = f"statement {statement.index} {statement.text[:20]!r}"
        if said.speaker is None:
            assert statement.speaker is None, f"{where}: expected no speaker\n{listing}"
            continue
        assert statement.speaker is not None, f"{where}: speaker missing\n{listing}"
        for key, value in said.speaker.items():
            actual = getattr(statement.speaker, key)
            assert matches(actual, value), f"{where}: speaker {key} {actual!r}, expected {value!r}"


def check_spans(minutes: Any, text: str) -> None:
    """Assert every span lies in ``text`` and covers exactly the statement's text."""
    for statement in minutes.statements:
        start, end = statement.span
        assert 0 <= start < end <= len(text), f"statement {statement.index}: span {(start, end)}"
        source = without_markers(text[start:end])
        assert squash(source) == squash(statement.text), (
            f"statement {statement.index}: span {(start, end)} covers {text[start:end]!r}, "
            f"text is {statement.text!r}"
        )


def check_no_markers(minutes: Any) -> None:
    """Assert no statement's text keeps a bullet or Q/A marker at the start of a line."""
    for statement in minutes.statements:
        assert statement.text.strip(), f"statement {statement.index} is empty"
        for line in statement.text.splitlines():
            assert not _LINE_MARKER.match(line), (
                f"statement {statement.index} keeps its marker: {statement.text!r}"
            )


# --- one record per layout ---------------------------------------------------------------------


@layouts
def test_session_header(name: str) -> None:
    layout = LAYOUTS[name]
    session = extracted(name).session
    for key, value in layout.session.items():
        actual = getattr(session, key)
        assert matches(actual, value), f"session.{key} is {actual!r}, expected {value!r}"


@layouts
def test_agenda_titles_presenters_and_closed_items(name: str) -> None:
    layout = LAYOUTS[name]
    agenda = extracted(name).agenda
    titles = [item.title for item in agenda]
    assert [squash(t) for t in titles] == [squash(t) for t, _ in layout.agenda], titles
    for position, (item, (title, presenters)) in enumerate(zip(agenda, layout.agenda, strict=True)):
        assert item.closed is (position in layout.closed), f"{title}: closed is {item.closed}"
        assert len(item.presenters) == len(presenters), f"{title}: presenters {item.presenters}"
        for actor, fields in zip(item.presenters, presenters, strict=True):
            for key, value in fields.items():
                actual = getattr(actor, key)
                assert matches(actual, value), f"{title}: presenter {key} {actual!r} ≠ {value!r}"


@layouts
def test_statement_count_and_texts(name: str) -> None:
    minutes = extracted(name)
    check_statement_texts(minutes, LAYOUTS[name].statements)
    assert [s.index for s in minutes.statements] == list(range(len(minutes.statements)))
    check_no_markers(minutes)


@layouts
def test_speakers(name: str) -> None:
    check_speakers(extracted(name), LAYOUTS[name].statements)


@layouts
def test_acts_and_replies(name: str) -> None:
    minutes = extracted(name)
    expected = LAYOUTS[name].statements
    listing = describe(minutes)
    assert len(minutes.statements) == len(expected), listing
    for statement, said in zip(minutes.statements, expected, strict=True):
        where = f"statement {statement.index} {statement.text[:20]!r}"
        assert statement.act in {"question", "request", "response", "remark"}, where
        assert matches(statement.act, said.act), f"{where}: act {statement.act}\n{listing}"
        assert matches(statement.replies_to, said.replies_to), (
            f"{where}: replies_to {statement.replies_to}\n{listing}"
        )
        if statement.replies_to is not None:
            assert 0 <= statement.replies_to < statement.index, where


@layouts
def test_sections(name: str) -> None:
    minutes = extracted(name)
    expected = LAYOUTS[name].statements
    listing = describe(minutes)
    assert len(minutes.statements) == len(expected), listing
    for statement, said in zip(minutes.statements, expected, strict=True):
        where = f"statement {statement.index} {statement.text[:20]!r}"
        for key in ("section", "subsection", "agenda_index"):
            actual, value = getattr(statement, key), getattr(said, key)
            if isinstance(value, str) and isinstance(actual, str):
                # A heading may keep its numbering (【1.挨拶】 → 1.挨拶): the name must be in it.
                assert squash(value) in squash(actual), f"{where}: {key} {actual!r} ≠ {value!r}"
            else:
                assert matches(actual, value), f"{where}: {key} {actual!r}, expected {value!r}"


@layouts
def test_headers_agenda_attendees_and_notes_are_not_statements(name: str) -> None:
    layout = LAYOUTS[name]
    minutes = extracted(name)
    for statement in minutes.statements:
        for fragment in layout.not_statements:
            assert squash(fragment) not in squash(statement.text), (
                f"statement {statement.index} holds {fragment!r}: {statement.text!r}"
            )


@layouts
def test_spans_trace_back_to_the_source(name: str) -> None:
    path = LAYOUTS_DIR / LAYOUTS[name].file
    minutes = extracted(name)
    assert minutes.statements, "no statements"
    check_spans(minutes, document_text(path))


def test_every_layout_has_a_fixture() -> None:
    files = {p.name for p in LAYOUTS_DIR.glob("*.txt")}
    assert files == {layout.file for layout in LAYOUTS.values()}


# --- the same record in other encodings and formats -------------------------------------------


def wrap(line: str, width: int = 38) -> list[str]:
    """Break a long line as a PDF's text layout would."""
    return [line[i : i + width] for i in range(0, len(line), width)] or [""]


def pdf_pages(text: str) -> list[list[str]]:
    """Lay a record out on PDF pages, breaking the page where the record has its page break.

    The page break of ``heading_circle_pdf.txt`` is the blank line inside the statement that
    ends 「…受けられるよう」; the next page starts 「調整を進めていきたい。」.
    """
    before, after = text.split("受けられるよう\n\n", 1)
    pages = [before + "受けられるよう", after]
    return [[wrapped for line in page.splitlines() for wrapped in wrap(line)] for page in pages]


def summary(minutes: Any) -> list[tuple[Any, ...]]:
    """What must not change between two sources of the same record."""
    return [
        (
            squash(s.text),
            squash(s.speaker.label) if s.speaker else None,
            s.speaker.organization if s.speaker else None,
            s.speaker.person if s.speaker else None,
            s.act,
            s.replies_to,
            squash(s.section) if s.section else None,
            s.agenda_index,
        )
        for s in minutes.statements
    ]


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "utf-8-sig", "utf-16"])
def test_each_encoding_gives_the_same_statements(tmp_path: Path, encoding: str) -> None:
    original = LAYOUTS_DIR / HEADING_BULLETS.file
    text = original.read_text(encoding="utf-8")
    path = write_text(tmp_path / original.name, text, encoding)
    assert path.read_bytes() != original.read_bytes()

    minutes = extract(path)

    check_statement_texts(minutes, HEADING_BULLETS.statements)
    check_speakers(minutes, HEADING_BULLETS.statements)
    assert summary(minutes) == summary(extracted("heading_bullets"))
    assert minutes.session.date == "2024-07-09"
    decoded = document_text(path)
    assert decoded.lstrip("\ufeff") == text
    check_spans(minutes, decoded)


def heading_bullets_html() -> str:
    """The heading_bullets record as a publisher's page body: h1, p, h2, ul/li."""
    return """
<h1>第3回東京都・区市町村CIO協議会 議事要旨</h1>
<p>日時:令和6年7月9日(火)13時30分から15時まで</p>
<p>場所:都庁第一本庁舎北側42階特別会議室</p>
<h2>議事</h2>
<ol>
  <li>開会</li>
  <li>生成AIの共同利用環境について(東京都デジタルサービス局戦略部長 中村 健)</li>
  <li>意見交換</li>
</ol>
<h2>生成AIの共同利用環境について</h2>
<p>国立市</p>
<ul>
  <li>共同利用環境に参加する場合、区市町村が負担する利用料はどの程度になる見込みか。</li>
  <li>職員向けの研修教材も、共同利用環境と併せて提供してほしい。</li>
</ul>
<p>東京都デジタルサービス局戦略部長</p>
<ul>
  <li>利用料は利用者数に応じて按分する方式を想定しており、年内に試算をお示ししたい。</li>
  <li>研修教材は、都職員向けに作成したものを区市町村でも使えるよう、改めて提供する方向で
  検討している。</li>
</ul>
<p>なお、教材の改訂にあたっては、各自治体の意見を反映できるよう協議会の場で随時共有して
いきたい。</p>
<h2>意見交換</h2>
<p>府中市</p>
<ul>
  <li>生成AIの回答内容を職員が確認する手順について、各自治体で共通化を検討いただきたい。</li>
</ul>
<p>東京都デジタルサービス局戦略部長</p>
<ul>
  <li>確認手順のひな形を作成し、次回の協議会で共有したい。</li>
</ul>
"""


def test_html_page_with_site_chrome_gives_the_same_statements(tmp_path: Path) -> None:
    path = write_html(tmp_path / "heading_bullets.html", heading_bullets_html())

    minutes = extract(path)

    check_statement_texts(minutes, HEADING_BULLETS.statements)
    check_speakers(minutes, HEADING_BULLETS.statements)
    assert summary(minutes) == summary(extracted("heading_bullets"))
    for statement in minutes.statements:
        for chrome in CHROME_TEXTS:
            assert chrome not in statement.text, f"chrome {chrome!r} in {statement.text!r}"
    session = minutes.session
    assert (session.number, session.date, session.start_time, session.end_time) == (
        3,
        "2024-07-09",
        "13:30",
        "15:00",
    )
    assert matches(session.title, HEADING_BULLETS.session["title"]), session.title
    assert [squash(item.title) for item in minutes.agenda] == ["開会", squash(SEC_AI), "意見交換"]
    check_spans(minutes, document_text(path))


def test_pdf_split_mid_sentence_over_two_pages_gives_the_joined_statement(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    text = (LAYOUTS_DIR / HEADING_CIRCLE_PDF.file).read_text(encoding="utf-8")
    path = write_pdf(tmp_path / "heading_circle.pdf", pdf_pages(text))

    minutes = extract(path)

    check_statement_texts(minutes, HEADING_CIRCLE_PDF.statements)
    check_speakers(minutes, HEADING_CIRCLE_PDF.statements)
    joined = squash(HEADING_CIRCLE_PDF.statements[1].text)
    assert joined in [squash(s.text) for s in minutes.statements]
    session = minutes.session
    assert (session.number, session.date, session.start_time, session.end_time) == (
        5,
        "2023-10-17",
        "15:00",
        "16:30",
    )
    assert session.online is True
    assert [item.closed for item in minutes.agenda] == [False, False, True]
    check_no_markers(minutes)
    check_spans(minutes, document_text(path))
