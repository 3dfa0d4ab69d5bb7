"""Japanese text handling in one module: NFKC, variant kanji, spaces, numerals, dates, times.

Every stage that reads Japanese goes through here rather than keeping its own regexes:
matching keys for labels (:func:`match_key`), kanji numerals (:func:`kanji_to_int`),
meeting ordinals (:func:`parse_ordinal`), 和暦 and Gregorian dates (:func:`parse_date`),
meeting hours (:func:`parse_time_range`) and the stray spaces of PDF text
(:func:`squeeze_spaces`). The parsers never raise on odd input; they return ``None``.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any

import kanjize
from japanera import ERA_DATA_GENERAL

# Variant (異体字) kanji folded to their common form, for matching only; printed forms stay.
# Each pair is "variant, common form"; only pairs widely accepted as the same name character.
_VARIANT_PAIRS = (
    "髙高 邉辺 邊辺 﨑崎 嵜崎 德徳 濵浜 濱浜 齋斉 齊斉 斎斉 ゐい ゑえ 嶋島 櫻桜 瀨瀬 澤沢 冨富"
    " 槇槙 廣広 國国 惠恵 眞真 榮栄 藏蔵 壽寿 𠮷吉"
)
VARIANTS: dict[int, str | None] = {ord(pair[0]): pair[1] for pair in _VARIANT_PAIRS.split()}
# Variation selectors (異体字セレクタ, e.g. 邉 + U+E0100) pick a glyph, not a character.
VARIANTS.update(dict.fromkeys([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))

_SPACE = re.compile(r"\s+")

_CJK = re.compile(
    "[\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3190-\u31ff\u3200-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U000323af]"
)
# Runs of spaces other than line breaks, and the characters either side of them.
_CJK_CHAR = "[\u3001-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uffef]"
_LATIN_WORD = "[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９&'.・\\-]*"
_EMBEDDED_LATIN = re.compile(f"(?<={_CJK_CHAR})[ \u3000]+({_LATIN_WORD})[ \u3000]+(?={_CJK_CHAR})")
_INNER_SPACES = re.compile(r"(\S)[^\S\r\n]+(?=(\S))")

_DIGITS = "0-9〇零一二三四五六七八九"
_NUMERAL = re.compile(rf"[{_DIGITS}十百千万億兆壱弐参拾]+")
_ORDINAL = re.compile(rf"第\s*([{_DIGITS}十百千]+)\s*回")
_N = rf"[{_DIGITS}十百]+"  # a month, day, hour or minute, in Arabic or kanji numerals

_ERA_NAMES = ("明治", "大正", "昭和", "平成", "令和")
_ERAS = {era.kanji: era for era in ERA_DATA_GENERAL if era.kanji in _ERA_NAMES}
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_DATE = re.compile(
    rf"(?P<era>{'|'.join(_ERA_NAMES)})\s*(?P<ey>元|{_N})\s*年\s*(?P<em>{_N})\s*月\s*(?P<ed>{_N})\s*日"
    r"|(?<![A-Za-z0-9])(?P<ab>[MTSHR])\s?(?P<ay>\d{1,2})(?P<asep>[./-])"
    r"(?P<am>\d{1,2})(?P=asep)(?P<ad>\d{1,2})(?!\d)"
    rf"|(?<!\d)(?P<gy>\d{{4}}|[〇一二三四五六七八九]{{4}})\s*年\s*(?P<gm>{_N})\s*月\s*(?P<gd>{_N})\s*日"
    r"|(?<![\d./-])(?P<sy>\d{4})(?P<ssep>[./-])(?P<sm>\d{1,2})(?P=ssep)(?P<sd>\d{1,2})(?!\d)"
)

_TIME = re.compile(
    r"(?P<ampm>午前|午後)?\s*(?:"
    rf"(?P<h>{_N})\s*時(?!間)\s*(?:(?P<m>{_N})\s*分|(?P<half>半))?"
    r"|(?<!\d)(?P<hh>\d{1,2})\s*:\s*(?P<mm>\d{2})(?::\d{2})?(?!\d)"
    r"|(?P<noon>正午))"
    r"\s*(?:頃|ごろ)?"
)
_RANGE_JOIN = re.compile(r"\s*(?:[~〜\-‐‑–—―−ー]|から|より|至)\s*")
_END_WORD = r"(?:散会|閉会|終了|閉議|延会)(?:時刻|時間)?"
_LABEL_TAIL = r"[\s:()（）【】\[\]「」]"
# An end word after a time ends it (午後四時四十分散会) unless it labels the next time; the
# possessive ``*+`` keeps the label's trailing spaces from being given back to the lookahead.
_END_AFTER = re.compile(
    rf"\s*(?:まで|{_END_WORD}{_LABEL_TAIL}*+(?!午前|午後|正午|[{_DIGITS}十]+\s*[時:]))"
)
_END_BEFORE = re.compile(rf"{_END_WORD}{_LABEL_TAIL}*$")


_VARIANT_CHARS = frozenset(chr(code) for code in VARIANTS)


def nfkc(text: str) -> str:
    """Return ``text`` in Unicode NFKC (full-width ASCII to half-width, half-width kana to full)."""
    return unicodedata.normalize("NFKC", text)


def fold_variants(text: str) -> str:
    """Fold variant kanji (髙→高, 邉/邊→辺, 﨑→崎, 齋/齊→斉, …) to their common form.

    Variation selectors are dropped too, so an IVS-qualified 邉 folds like a bare one.
    """
    if _VARIANT_CHARS.isdisjoint(text):  # the common case, and twice as fast as translate
        return text
    return text.translate(VARIANTS)


# The variants DESIGN section 4 folds in the names it stores (髙→高, 邉/邊→辺, 﨑→崎, 齋/齊→斉):
# a person's display name uses these only, so 小澤 stays 小澤 while still matching 小沢.
_NAME_VARIANTS = str.maketrans(
    {"髙": "高", "邉": "辺", "邊": "辺", "﨑": "崎", "齋": "斉", "齊": "斉"}
)


def canonical_name(text: str) -> str:
    """Return the stored form of a person's name: NFKC, the DESIGN variants folded, no spaces."""
    return _SPACE.sub("", nfkc(text).translate(_NAME_VARIANTS))


def canonical_label(text: str) -> str:
    """Return the stored form of a label an IRI is minted from (a unit, a post, a body outside
    the registry): NFKC, the DESIGN variants folded, stray spaces around Japanese removed.

    The IRI follows this form, so one node never gets two labels: ＣＩＯ補佐官 and CIO 補佐官
    meet in CIO補佐官.
    """
    return squeeze_spaces(nfkc(text).translate(_NAME_VARIANTS)).strip()


def match_key(text: str) -> str:
    """Return the key two labels are compared by: NFKC, variants folded, no white space."""
    return _SPACE.sub("", fold_variants(nfkc(text)))


def is_cjk(ch: str) -> bool:
    """Tell whether a character is Japanese/CJK script rather than Latin.

    Args:
        ch: one character.

    Returns:
        True for kanji (including the extension planes and compatibility ideographs), kana,
        CJK radicals, CJK symbols and punctuation (。、「」・々〆), enclosed and compatibility
        CJK signs (㈱ ㍻) and the half-width and full-width forms block (Ａ １ ｶ ～).
        False for everything else, and for the ideographic space U+3000, which is a space.
    """
    return _CJK.fullmatch(ch) is not None


def squeeze_spaces(text: str) -> str:
    """Remove the stray spaces PDF extraction leaves between and around Japanese characters.

    A run of spaces (ASCII, ideographic U+3000, tabs; never line breaks) that touches a CJK
    character is removed: ``区市町村 DX 支援`` becomes ``区市町村DX支援``. A run between two
    Latin letters or digits (half- or full-width) becomes one space: ``Microsoft 365`` stays.
    Other runs, and spaces at either end, are left as they are. No other character changes;
    the text is not normalized.

    Args:
        text: a line or paragraph, NFKC-normalized or not.

    Returns:
        The text with the stray spaces removed.
    """
    return _INNER_SPACES.sub(_squeeze_one, text)


def squeeze_latin_spaces(text: str) -> str:
    """Remove the spaces PDF extraction puts on both sides of a Latin word inside Japanese.

    ``区市町村 DX 支援担当部長 小澤 洋之`` becomes ``区市町村DX支援担当部長 小澤 洋之``. Unlike
    ``squeeze_spaces`` this keeps every other space: between two Japanese words, and beside a
    Latin word that is set off on one side only (``国立市CIO 木村 次郎``), since in a label such
    spaces separate post and name.

    Args:
        text: a label or line, NFKC-normalized or not.

    Returns:
        The text with the spaces around embedded Latin words removed.
    """
    return _EMBEDDED_LATIN.sub(r"\1", text)


def _squeeze_one(match: re.Match[str]) -> str:
    """Replace one run of spaces by nothing, one space, or itself (see squeeze_spaces)."""
    before, after = match.group(1), match.group(2)
    if _is_latin_word_char(before) and _is_latin_word_char(after):
        return before + " "
    if is_cjk(before) or is_cjk(after):
        return before
    return match.group(0)


def _is_latin_word_char(ch: str) -> bool:
    """Tell whether ``ch`` is a Latin letter or digit, half- or full-width."""
    return (ch.isascii() or "\uff10" <= ch <= "\uff5a") and nfkc(ch).isalnum()


def kanji_to_int(text: str) -> int | None:
    """Read a whole number written in kanji or Arabic numerals.

    Positional kanji (二十, 百二十三, 千九百八十九, 二十五万), digit-by-digit kanji
    (二〇二二), 〇/零, half- and full-width Arabic digits (12, １２), the financial numerals
    壱弐参拾, and 元 (the first year of an era, as in 令和元年) are read. A leading 第 and a
    trailing 回 are ignored, so ``第十一回`` reads as 11. Surrounding spaces are ignored.

    Args:
        text: the numeral alone, without other words.

    Returns:
        The number, or None if the text is not a non-negative whole number.
    """
    return _kanji_to_int(nfkc(text).strip().removeprefix("第").removesuffix("回").strip())


@lru_cache(maxsize=4096)
def _kanji_to_int(text: str) -> int | None:
    """Read a normalized numeral with kanjize (cached: the same few numerals recur)."""
    if text.isascii() and text.isdigit():
        return int(text)
    if text == "元":
        return 1
    if not _NUMERAL.fullmatch(text):
        return None  # kanjize accepts signs and truncates decimals ("1.5" → 1)
    try:
        return kanjize.kanji2number(text)
    except ValueError:
        return None  # malformed numerals such as 百百 or 十十


def parse_ordinal(text: str) -> int | None:
    """Find the ordinal of a meeting, written ``第N回``, in a title.

    Args:
        text: a title or header line, e.g. ``令和4年度第2回東京都・区市町村CIO協議会`` or
            ``…の設置及び第二回の開催``; kanji, Arabic and full-width numerals are read.

    Returns:
        N of the first ``第N回``, or None if there is none.
    """
    match = _ORDINAL.search(nfkc(text))
    return _kanji_to_int(match.group(1)) if match else None


def parse_date(text: str) -> datetime.date | None:
    """Find the first date written in a text and return it in the Gregorian calendar.

    The text is NFKC-normalized first (full-width digits, ㋿ → 令和). Forms read:

    - 和暦 with the eras 明治, 大正, 昭和, 平成, 令和: ``令和4年2月1日(火)``,
      ``令和四年十一月二日``, ``令和元年5月7日``;
    - abbreviated eras: ``R4.2.1``, ``H31/4/30``, ``S64-1-7``;
    - Gregorian: ``2022年2月1日``, ``二〇二二年二月一日``, ``2022/2/1``, ``2022-02-01``,
      ``2022.2.1``.

    Era years count from the era's first Gregorian year (令和1 = 2019, 平成1 = 1989,
    昭和1 = 1926), taken from japanera's era table. Dates past an era's end, such as
    平成31年5月1日 in papers printed before the change of era, are converted the same way
    (to 2019-05-01) rather than rejected. japanera's own ``strptime`` is not used: it needs a
    separate format per numeral style and the exact whole string, rejects those dates, and
    takes milliseconds per call. A date without a year (2月1日) is not a date here.

    Args:
        text: any text, e.g. a header line ``日時：令和4年2月1日(火)14:00~15:30``.

    Returns:
        The first date, or None if there is none or the first one does not exist (2月30日).
    """
    match = _DATE.search(nfkc(text))
    if match is None:
        return None
    group = match.group
    if group("era") or group("ab"):
        era = _ERAS[group("era") or _ERA_LETTERS[group("ab")]]
        era_year = _kanji_to_int(group("ey") or group("ay"))
        year = era.relative_year_to_absolute_year(era_year) if era_year else None
        month, day = group("em") or group("am"), group("ed") or group("ad")
    else:
        year = _kanji_to_int(group("gy") or group("sy"))
        month, day = group("gm") or group("sm"), group("gd") or group("sd")
    month_number, day_number = _kanji_to_int(month), _kanji_to_int(day)
    if year is None or month_number is None or day_number is None:
        return None
    try:
        return datetime.date(year, month_number, day_number)
    except ValueError:
        return None


def parse_time(text: str) -> str | None:
    """Find the first time of day written in a text.

    Args:
        text: e.g. ``14:00``, ``午後2時``, ``午後四時四十分``, ``13時半``, ``正午``,
            ``（開会）午後１時３０分``.

    Returns:
        The time as 24-hour ``HH:MM``, or None if there is none or it is out of range.
    """
    match = _TIME.search(nfkc(text))
    return _time_of(match) if match else None


def parse_time_range(text: str) -> tuple[str | None, str | None]:
    """Find when a meeting started and ended in a header or closing line.

    The text is NFKC-normalized first. Times are read as in :func:`parse_time`. Two times
    joined by ``~ 〜 ～ - から`` form a range (``14:00~15:30``, ``13時30分から15時まで``,
    ``午前10時~正午``). A single time is the start (``午後二時開議``, ``14時~``,
    ``（開会）午後1時30分``, ``14:00``) unless an end word follows or precedes it
    (``午後四時四十分散会``, ``閉会 午後3時``, ``15時まで``). In a longer text the first start
    and the first end after it are taken; times marked neither, such as a recess, are skipped
    once a start is known.

    Args:
        text: e.g. ``日時：令和4年2月1日(火)14:00～15:30``.

    Returns:
        ``(start, end)`` as 24-hour ``HH:MM`` strings, each None if not found.
    """
    text = nfkc(text)
    start: str | None = None
    start_match: re.Match[str] | None = None
    for match in _TIME.finditer(text):
        if start_match is None:
            if (time := _time_of(match)) is not None:
                if _is_end(text, match):
                    return None, time
                start, start_match = time, match
        elif _is_end(text, match) or (
            # a time joined to the start by ~ or から closes the range
            _RANGE_JOIN.fullmatch(text, start_match.end(), match.start())
        ):
            # 午後2時~3時: the end takes the start's 午後
            end = _time_of(match, start_match.group("ampm"))
            if end is not None:
                return start, end
    return start, None


def _is_end(text: str, match: re.Match[str]) -> bool:
    """Tell whether an end word (散会, 閉会, まで, …) follows or precedes a time."""
    return bool(
        _END_AFTER.match(text, match.end())
        or _END_BEFORE.search(text, max(0, match.start() - 12), match.start())
    )


def _time_of(match: re.Match[str], implied_ampm: str | None = None) -> str | None:
    """Turn a match of the time pattern into ``HH:MM`` (None if out of range).

    ``implied_ampm`` is the 午前/午後 a time without its own takes, for hours below 12.
    """
    if match.group("noon"):
        return "12:00"
    hour = _kanji_to_int(match.group("h") or match.group("hh"))
    minute = (
        30 if match.group("half") else _kanji_to_int(match.group("m") or match.group("mm") or "0")
    )
    if hour is None or minute is None:
        return None
    ampm = match.group("ampm")
    if not ampm and hour < 12:
        ampm = implied_ampm
    if ampm and hour <= 12:
        # 午前12時 is midnight and 午後12時 noon, as with 12 a.m. and 12 p.m.
        hour = hour % 12 + (12 if ampm == "午後" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    import pykakasi  # dictionary load takes a moment: only when IRIs are minted

    return pykakasi.kakasi()


@lru_cache(maxsize=65536)
def romanize(text: str) -> str:
    """Return a Hepburn romanization of ``text`` as an ASCII slug (``山田太郎`` → ``yamada-tarou``).

    For readable IRIs only: readings of names are guessed by a dictionary and may be wrong.
    Variant kanji are folded first so that 髙橋 and 高橋 give one slug.
    """
    parts = [item["hepburn"] for item in _kakasi().convert(fold_variants(nfkc(text)))]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")
    return slug


def label_slug(text: str, key: str | None = None) -> str:
    """Return an ASCII slug for an IRI minted from a Japanese label: romanized, plus a hash.

    The romanization keeps IRIs readable (``takahashi-naoyoshi-…``); the eight hex digits of
    a hash of the matching key keep two labels with one reading (伊藤/伊東) apart, while
    printings of one name (髙橋/高橋) share the key and so the slug. (Four digits collided
    among a few hundred labels of one reading, such as labels in a script that does not
    romanize; a collision that is forced anyway shows as a node with two labels, which the
    shapes refuse.) ``key`` replaces the matching key where identity must follow a narrower
    folding (a person's stored name).
    """
    key = match_key(text) if key is None else key
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{romanize(text) or 'x'}-{digest}"
