"""Japanese written forms the corpus prints: kanji numerals, era dates, times, PDF spacing."""

from __future__ import annotations

import datetime as dt
import random
import re

_DIGITS = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
WEEKDAYS = "月火水木金土日"
REIWA = dt.date(2019, 5, 1)
HEISEI = dt.date(1989, 1, 8)


def kanji_number(n: int) -> str:
    """Write 1 ≤ n < 10000 in kanji numerals (十一, 二十三, 四十, 百五)."""
    if not 0 < n < 10000:
        raise ValueError(f"kanji_number: {n} out of range")
    out = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        count, n = divmod(n, value)
        if count:
            out.append(("" if count == 1 else _DIGITS[count]) + unit)
    if n:
        out.append(_DIGITS[n])
    return "".join(out)


def fullwidth(text: str) -> str:
    """Turn ASCII digits into full-width ones (１２)."""
    return text.translate(_FULLWIDTH)


def number(n: int, style: str) -> str:
    """Write a number as ``arabic``, ``fullwidth`` or ``kanji``."""
    if style == "kanji":
        return kanji_number(n)
    return fullwidth(str(n)) if style == "fullwidth" else str(n)


def era_of(date: dt.date) -> tuple[str, int]:
    """Return the era name and year of a date (令和 from 2019-05-01, 平成 before)."""
    if date >= REIWA:
        return "令和", date.year - 2018
    if date >= HEISEI:
        return "平成", date.year - 1988
    raise ValueError(f"era_of: {date} is before 平成")


def wareki(date: dt.date, style: str, gannen: bool = True, weekday: str = "") -> str:
    """Write a date in the Japanese calendar (令和5年2月14日(火), 令和五年十一月二日（木曜日）).

    Args:
        date: the date.
        style: ``arabic``, ``fullwidth`` or ``kanji`` numerals.
        gannen: write the first year of an era as 元年.
        weekday: ``""`` for none, ``short`` for (火), ``long`` for （火曜日）.
    """
    era, year = era_of(date)
    year_text = "元" if year == 1 and (gannen or style == "kanji") else number(year, style)
    text = f"{era}{year_text}年{number(date.month, style)}月{number(date.day, style)}日"
    day = WEEKDAYS[date.weekday()]
    if weekday == "short":
        text += f"({day})" if style == "arabic" else f"（{day}）"
    elif weekday == "long":
        text += f"（{day}曜日）"
    return text


def fiscal_year(date: dt.date) -> int:
    """Return the fiscal year (April to March) a date falls in."""
    return date.year if date.month >= 4 else date.year - 1


def fiscal_year_name(year: int, style: str = "arabic") -> str:
    """Write a fiscal year in the Japanese calendar (令和6年度)."""
    era, n = era_of(dt.date(year, 6, 1))
    return f"{era}{'元' if n == 1 else number(n, style)}年度"


def clock(minutes: int, form: str) -> str:
    """Write a time of day given in minutes after midnight.

    Forms: ``colon`` 14:00, ``ji`` 14時00分 (14時 when on the hour), ``ji0`` 14時00分,
    ``gogo`` 午後2時30分, ``gogo-kanji`` 午後二時三十分.
    """
    h, m = divmod(minutes, 60)
    if form == "colon":
        return f"{h}:{m:02d}"
    if form in ("ji", "ji0"):
        return f"{h}時{m:02d}分" if m or form == "ji0" else f"{h}時"
    half = "午前" if h < 12 else "午後"
    h12 = h if h < 12 else h - 12  # noon is 午後0時
    if form == "gogo":
        return f"{half}{h12}時{m}分" if m else f"{half}{h12}時"
    hours = kanji_number(h12) if h12 else "零"
    return f"{half}{hours}時{kanji_number(m)}分" if m else f"{half}{hours}時"


def time_range(start: int, end: int, rng: random.Random, allowed: str) -> str:
    """Write a meeting's time range in one of the forms met in records.

    Args:
        start: start, minutes after midnight.
        end: end, minutes after midnight.
        rng: the record's random source.
        allowed: the characters the file's encoding can hold (for the tilde and dash).
    """
    tilde = rng.choice([t for t in ("~", "～", "〜", "－") if t in allowed] or ["から"])
    choice = rng.randrange(6)
    if choice == 0 or tilde == "から":
        return f"{clock(start, 'colon')}{tilde}{clock(end, 'colon')}"
    if choice == 1:
        return f"{clock(start, 'colon')}から{clock(end, 'colon')}まで"
    if choice == 2:
        return f"{clock(start, 'ji0')}{tilde}{clock(end, 'ji0')}"
    if choice == 3:
        return f"{clock(start, 'ji')}から{clock(end, 'ji')}まで"
    if choice == 4:
        return f"{clock(start, 'gogo')}から{clock(end, 'gogo')}まで"
    return fullwidth(f"{clock(start, 'colon')}{tilde}{clock(end, 'colon')}").replace(":", "：")


_ASCII_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'.\-]*")


def pdf_spacing(text: str, rng: random.Random, rate: float = 0.8) -> str:
    """Add the stray spaces PDF text extraction leaves around ASCII runs (区市町村 DX 支援).

    Runs with a letter get a space on each side with probability ``rate``; digit runs, rarely.
    """

    def space(match: re.Match[str]) -> str:
        run = match.group(0)
        p = rate if any(c.isalpha() for c in run) else rate / 6
        start, end = match.span()
        before = start > 0 and _spaceable(text[start - 1]) and rng.random() < p
        after = end < len(text) and _spaceable(text[end]) and rng.random() < p
        return (" " if before else "") + run + (" " if after else "")

    return _ASCII_RUN.sub(space, text)


def _spaceable(neighbour: str) -> bool:
    """True when a stray space may stand between an ASCII run and this character."""
    return not neighbour.isspace() and neighbour not in "、。，．「」『』()（）・:："
