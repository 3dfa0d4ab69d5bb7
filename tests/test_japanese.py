"""Tests for kg.japanese: matching keys, numerals, ordinals, dates, times, spaces."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.japanese import (
    canonical_label,
    fold_variants,
    is_cjk,
    kanji_to_int,
    match_key,
    nfkc,
    parse_date,
    parse_ordinal,
    parse_time,
    parse_time_range,
    squeeze_spaces,
)

D = datetime.date


# --- normalization and matching keys ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＤＸ推進１２３", "DX推進123"),
        ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),
        ("㈱", "(株)"),
        ("㋿", "令和"),
    ],
)
def test_nfkc(text: str, expected: str) -> None:
    assert nfkc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("髙橋", "高橋"),
        ("渡邉", "渡辺"),
        ("渡邊", "渡辺"),
        ("山﨑", "山崎"),
        ("山嵜", "山崎"),
        ("齋藤", "斉藤"),
        ("齊藤", "斉藤"),
        ("槇原", "槙原"),
        ("濱田", "浜田"),
        ("廣瀬", "広瀬"),
        ("國分", "国分"),
        ("德永", "徳永"),
        ("𠮷田", "吉田"),
        ("渡邉\U000e0100", "渡辺"),  # ideographic variation sequence
        ("高橋", "高橋"),
    ],
)
def test_fold_variants(text: str, expected: str) -> None:
    assert fold_variants(text) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("髙橋", "高橋"),
        ("渡邉", "渡邊"),
        ("渡邉", "渡辺"),
        ("山﨑 太郎", "山崎太郎"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("ＡＢＣ１２", "ABC12"),
        ("デジタル　サービス局", "デジタルサービス局"),
        ("濱口", "浜口"),
    ],
)
def test_match_key_equal(left: str, right: str) -> None:
    assert match_key(left) == match_key(right)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("東京都CIO 副知事 髙橋 花子", "東京都CIO副知事高橋花子"),
        ("ＤＸ推進担当部長", "DX推進担当部長"),
        ("ｾﾝﾀｰ長", "センター長"),
    ],
)
def test_match_key_value(text: str, expected: str) -> None:
    assert match_key(text) == expected


def test_match_key_keeps_distinct_names_apart() -> None:
    assert match_key("高橋") != match_key("高梁")
    assert match_key("カタカナ") != match_key("かたかな")


# --- is_cjk -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ch", "expected"),
    [
        ("漢", True),
        ("﨑", True),
        ("𠮷", True),
        ("あ", True),
        ("ア", True),
        ("ｱ", True),
        ("ー", True),
        ("々", True),
        ("・", True),
        ("。", True),
        ("「", True),
        ("Ａ", True),
        ("１", True),
        ("㈱", True),
        ("\u3000", False),
        (" ", False),
        ("A", False),
        ("1", False),
        ("(", False),
        ("é", False),
    ],
)
def test_is_cjk(ch: str, expected: bool) -> None:
    assert is_cjk(ch) is expected


# --- squeeze_spaces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区市町村 DX 支援担当部長", "区市町村DX支援担当部長"),
        ("東京都 の DX", "東京都のDX"),
        ("Microsoft 365", "Microsoft 365"),
        ("Microsoft   365", "Microsoft 365"),
        ("M365 や AZURE", "M365やAZURE"),
        ("東京都\u3000の\u3000ＤＸ", "東京都のＤＸ"),  # not NFKC-normalized
        ("区市町村 ＤＸ 支援", "区市町村ＤＸ支援"),
        ("Ｍｉｃｒｏｓｏｆｔ ３６５", "Ｍｉｃｒｏｓｏｆｔ ３６５"),
        ("ｶﾞｲﾄﾞ ﾗｲﾝ", "ｶﾞｲﾄﾞﾗｲﾝ"),
        ("デジタル サービス 局 長", "デジタルサービス局長"),
        ("国立市 。", "国立市。"),
        ("東京都\nの DX", "東京都\nのDX"),  # line breaks are not stray spaces
        ("  東京都 ", "  東京都 "),  # spaces at the ends are left alone
        ("a , b", "a , b"),
        ("", ""),
    ],
)
def test_squeeze_spaces(text: str, expected: str) -> None:
    assert squeeze_spaces(text) == expected


# --- kanji_to_int -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二", 2),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("三十一", 31),
        ("百二十三", 123),
        ("千九百八十九", 1989),
        ("二千二十二", 2022),
        ("二〇二二", 2022),
        ("二十五万", 250000),
        ("〇", 0),
        ("零", 0),
        ("12", 12),
        ("１２", 12),
        ("0", 0),
        ("元", 1),
        ("壱", 1),
        ("参拾", 30),
        ("第十一回", 11),
        ("第4回", 4),
        (" 12 ", 12),
    ],
)
def test_kanji_to_int(text: str, expected: int) -> None:
    assert kanji_to_int(text) == expected


@pytest.mark.parametrize(
    "text", ["", "abc", "百百", "十十", "1.5", "-1", "+1", "二十日", "第", "万"]
)
def test_kanji_to_int_not_a_number(text: str) -> None:
    assert kanji_to_int(text) is None


# --- parse_ordinal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第二回", 2),
        ("第4回", 4),
        ("第１０回", 10),
        ("第十一回東京都・区市町村CIO協議会", 11),
        ("東京都・区市町村CIOフォーラムの設置及び第二回の開催", 2),
        ("令和4年度第2回都・区市町村CIO協議会", 2),
        ("第 3 回", 3),
        ("第二十回", 20),
        ("東京都・区市町村CIOフォーラム", None),
        ("第2期", None),
        ("", None),
    ],
)
def test_parse_ordinal(text: str, expected: int | None) -> None:
    assert parse_ordinal(text) == expected


# --- parse_date -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 和暦, Arabic, kanji and full-width numerals
        ("令和4年2月1日", D(2022, 2, 1)),
        ("令和4年2月1日(火)", D(2022, 2, 1)),
        ("日時：令和4年2月1日（火）14:00～15:30", D(2022, 2, 1)),
        ("令和四年十一月二日", D(2022, 11, 2)),
        ("令和４年１１月２日", D(2022, 11, 2)),
        ("令和 4 年 2 月 1 日", D(2022, 2, 1)),
        ("㋿4年2月1日", D(2022, 2, 1)),
        # 元年 and era boundaries
        ("令和元年5月7日", D(2019, 5, 7)),
        ("令和元年五月一日", D(2019, 5, 1)),
        ("令和1年5月1日", D(2019, 5, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("平成三十一年四月三十日", D(2019, 4, 30)),
        ("平成31年5月1日", D(2019, 5, 1)),  # printed before the change of era: kept
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("明治45年7月29日", D(1912, 7, 29)),
        # abbreviated eras
        ("R4.2.1", D(2022, 2, 1)),
        ("H31.4.30", D(2019, 4, 30)),
        ("R1/5/1", D(2019, 5, 1)),
        ("S64-1-7", D(1989, 1, 7)),
        ("開催日 R4.2.1(火)", D(2022, 2, 1)),
        # Gregorian
        ("2022年2月1日", D(2022, 2, 1)),
        ("２０２２年２月１日", D(2022, 2, 1)),
        ("二〇二二年二月一日", D(2022, 2, 1)),
        ("2022/2/1", D(2022, 2, 1)),
        ("2022-02-01", D(2022, 2, 1)),
        ("2022.2.1", D(2022, 2, 1)),
        ("2022/02/01 14:00", D(2022, 2, 1)),
        # the first date wins
        ("令和4年2月1日（2022年3月1日改訂）", D(2022, 2, 1)),
        ("2022/3/1 令和4年2月1日", D(2022, 3, 1)),
    ],
)
def test_parse_date(text: str, expected: datetime.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "令和4年2月30日",
        "令和四年二月三十日",
        "2022/2/30",
        "2022-13-01",
        "2021年2月29日",
        "令和0年1月1日",
        "令和4年度",
        "2月1日",
        "第2回",
        "HR4.2.1",
        "2022/2",
        "",
    ],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


# --- parse_time and parse_time_range ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00", "14:00"),
        ("9:05", "09:05"),
        ("１４：００", "14:00"),
        ("10:00:00", "10:00"),
        ("14時", "14:00"),
        ("14時00分", "14:00"),
        ("13時半", "13:30"),
        ("午後2時", "14:00"),
        ("午後四時四十分", "16:40"),
        ("午後二時", "14:00"),
        ("午前十時", "10:00"),
        ("午後１時３０分", "13:30"),
        ("午後12時", "12:00"),
        ("午後0時", "12:00"),
        ("午前0時", "00:00"),
        ("午前12時", "00:00"),
        ("午後13時", "13:00"),
        ("正午", "12:00"),
        ("（開会）午後１時３０分", "13:30"),
        ("25:00", None),
        ("14時70分", None),
        ("約2時間", None),
        ("日時", None),
        ("", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:00~15:30", ("14:00", "15:30")),
        ("14:00〜15:30", ("14:00", "15:30")),
        ("14:00～15:30", ("14:00", "15:30")),
        ("14:00-15:30", ("14:00", "15:30")),
        ("14:00 － 15:30", ("14:00", "15:30")),
        ("１４：００～１５：３０", ("14:00", "15:30")),
        ("14時00分~15時30分", ("14:00", "15:30")),
        ("13時30分から15時まで", ("13:30", "15:00")),
        ("午後2時から午後3時30分まで", ("14:00", "15:30")),
        ("午前10時~正午", ("10:00", "12:00")),
        ("午前10時~12時", ("10:00", "12:00")),
        ("午前10時~11時30分", ("10:00", "11:30")),
        ("午後2時~3時30分", ("14:00", "15:30")),
        ("午後1時30分開会、3時閉会", ("13:30", "15:00")),
        ("午後2時~15時", ("14:00", "15:00")),
        ("日時：令和4年2月1日(火)14:00～15:30", ("14:00", "15:30")),
        ("日時：令和四年十一月二日（水）午後二時から午後三時まで", ("14:00", "15:00")),
        ("午後二時開議", ("14:00", None)),
        ("14時~", ("14:00", None)),
        ("14:00", ("14:00", None)),
        ("（開会）午後１時３０分", ("13:30", None)),
        ("開会 午後1時30分 閉会 午後3時", ("13:30", "15:00")),
        ("午後1時30分開会、午後3時閉会", ("13:30", "15:00")),
        ("午後四時四十分散会", (None, "16:40")),
        ("午後四時四十分 散会", (None, "16:40")),
        ("（散会）午後四時四十分", (None, "16:40")),
        ("閉会　１５：００", (None, "15:00")),
        ("15時まで", (None, "15:00")),
        ("開会 午後1時 休憩 午後2時~午後2時10分 散会 午後3時", ("13:00", "15:00")),
        ("会議は約2時間行われた", (None, None)),
        ("議事要旨", (None, None)),
        ("", (None, None)),
    ],
)
def test_parse_time_range(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_time_range(text) == expected


# --- robustness -------------------------------------------------------------------------------

_JAPANESE_NOISE = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２〇一二三四五六七八九十百千元年月日時分半午前後令和平成第回")
        + list(":/.-~〜～から まで散会開議正午RH(　)")
    ),
    max_size=30,
)


@given(_JAPANESE_NOISE)
def test_parsers_never_raise(text: str) -> None:
    date = parse_date(text)
    assert date is None or isinstance(date, datetime.date)
    for time in (parse_time(text), *parse_time_range(text)):
        assert time is None or (len(time) == 5 and time[2] == ":")
    number = kanji_to_int(text)
    assert number is None or number >= 0
    ordinal = parse_ordinal(text)
    assert ordinal is None or ordinal >= 0
    assert "".join(squeeze_spaces(text).split()) == "".join(text.split())


@pytest.mark.parametrize(
    ("printed", "stored"),
    [
        ("ＣＩＯ補佐官", "CIO補佐官"),
        ("CIO 補佐官", "CIO補佐官"),
        ("情報　政策課", "情報政策課"),
        ("髙橋課長", "高橋課長"),
        ("Microsoft 365 担当", "Microsoft 365担当"),
        (" 企画部 ", "企画部"),
    ],
)
def test_canonical_label(printed, stored):
    assert canonical_label(printed) == stored
