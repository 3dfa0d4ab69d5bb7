"""Line patterns of meeting records, and small text helpers shared by the parser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.japanese import match_key, nfkc, parse_date

HEADING_MARKS = "■□◆◇"
ATTENDEE_SUMMARY = re.compile(r"[(（]\s*\d+\s*(?:団体|名|人)\s*[)）]|ほか|他\s*\d+\s*名|以上")
BULLET = re.compile(r"^([・•●○〇◯◎◇◆□■*＊\-－‐―→⇒])\s*")
NUMBERED = re.compile(
    r"^(?:\(?\d{1,2}[.)．、]|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]+(?:[、.．]|[\s\u3000]+)|第\d+\s)\s*"
)
FIELD = re.compile(
    r"^[【\[]?(日\s*時|開催日時|開催日|日\s*程|日\s*付|と\s*き|場\s*所|会\s*場|開催場所|と\s*こ\s*ろ|"
    r"出席者等?|出席委員|出席説明員|説明員|出\s*席|欠席者|欠席委員|構成員|議\s*事|議\s*題|次\s*第|会議次第|"
    r"案\s*件|本日の会議に付した事件|会議に付した事件|付議事件|配布資料|資\s*料)"
    r"[】\]]?\s*(?:[(（][^()（）]{0,12}[)）])?\s*(?:[:：]\s*(.*)|\s+(.*)|)$"
)
DATE_FIELDS = ("日時", "開催日時", "開催日", "日程", "日付", "とき")
VENUE_FIELDS = ("場所", "会場", "開催場所", "ところ")
AGENDA_FIELDS = (
    "議事",
    "議題",
    "次第",
    "会議次第",
    "案件",
    "本日の会議に付した事件",
    "会議に付した事件",
    "付議事件",
)
ATTENDEE_FIELDS = ("出席者", "出席者等", "出席委員", "出席説明員", "説明員", "出席", "構成員")
IDENTIFIER = re.compile(r"(?:記事ID|文書番号|記事番号)\s*[:：]\s*([\w\-]+)")
NOTE = re.compile(
    r"^[(（]?\s*(質疑なし|質問なし|意見なし|特になし|以\s*上|了|閉\s*会|散\s*会|休\s*憩|"
    r"(?:午前|午後)[^)）]*(?:開会|開議|散会|閉会|休憩|再開))\s*[)）]?\s*$"
)
PAGE_NUMBER = re.compile(
    r"^[-－‐―\s]*\d{1,4}[-－‐―\s]*$|^\d{1,4}\s*/\s*\d{1,4}$|^[(（]?\s*\d{1,4}\s*[)）]?$"
)
CHROME = re.compile(r"^(ページの先頭へ|このページの先頭へ|前のページへ|印刷|PDF形式|お問い合わせ)")
PAREN_LINE = re.compile(r"^[(（【〔]([^()（）【】〔〕]{1,60})[)）】〕]\s*(.*)$")
PRESENTER_LINE = re.compile(r"^[(（]([^()（）]{1,60})[)）]$")
OPEN_CLOSE = re.compile(r"(開議|開会|散会|閉会)")
COLON_TURN = re.compile(r"^([^:：。、\s][^:：。]{0,29}?)\s*[:：]\s*(\S.*)$")
CIRCLE_TURN = re.compile(r"^[○〇◯]\s*([^\s　。、]{1,30}?(?:[(（][^)）]{1,20}[)）])?)[\s　]+(\S.*)$")
JAPANESE = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff]")
SENTENCE_END = re.compile(r"[。．！？!?」』)）]$")
ONLINE = re.compile(
    r"リモート|オンライン|web|ウェブ|webex|zoom|teams|テレビ会議|ビデオ会議|遠隔", re.I
)
SECTION_WORDS = re.compile(
    r"概要|について|報告|意見交換|質疑|応答|議事|挨拶|あいさつ|説明|その他|討議|協議|講演|共有|開会|閉会|まとめ"
)
TITLE_TAIL = re.compile(r"(議事要旨|議事概要|議事録|会議録|速記録|要旨|概要)\s*$")
AGENDA_STRIP = re.compile(
    r"^[【\[(（]?\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*[.．、)）]?\s*|[】\]]$"
)

CONTINUATION_START = re.compile(r"^[\u3041-\u3093、，,)）」』]")


@dataclass(slots=True)  # a record may have millions of (blank) lines
class Line:
    """One line of the text: its offsets and its stripped content."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """Return the lines of ``text`` with their offsets; content is stripped of outer spaces.

    A run of blank lines is kept as at most two (offsets still index ``text``).
    """
    lines: list[Line] = []
    pos = 0
    blanks = 0
    for raw in text.split("\n"):
        stripped = raw.strip(" \t\u3000\xa0")
        blanks = 0 if stripped else blanks + 1
        if blanks <= 2:  # longer runs of blank lines mean no more than two, and cost memory
            lead = len(raw) - len(raw.lstrip(" \t\u3000\xa0"))
            lines.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def presenter_parts(text: str) -> list[str]:
    """Split a presenter note such as ``東京都 山田課長、デジタル庁 佐藤参事官`` into labels."""
    return [p.strip() for p in re.split(r"[、,，;；]|\s+及び\s+", text) if p.strip()]


def is_date_line(text: str) -> bool:
    """A line that is only a date (令和五年十一月二日（木曜日）), as in assembly records."""
    if parse_date(text) is None:
        return False
    rest = re.sub(
        r"[\d一二三四五六七八九十〇元]+|令和|平成|昭和|年|月|日|曜|[()（）\s]|[月火水木金土日]",
        "",
        nfkc(text),
    )
    return len(rest) <= 2


def strip_marker(text: str) -> str:
    text = BULLET.sub("", text, count=1)
    return NUMBERED.sub("", text, count=1).strip()


def strip_date(value: str) -> str:
    """Remove the date (and weekday) from a 日時 value, leaving the times."""
    value = nfkc(value)
    value = re.sub(r"^.*?日\s*(?:\([^)]*\))?", "", value, count=1) if "日" in value else value
    return re.sub(r"^\s*\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}\s*(?:\([^)]*\))?", "", value)


def agenda_key(text: str) -> str:
    key = match_key(text)
    key = AGENDA_STRIP.sub("", key)
    return AGENDA_STRIP.sub("", key)


def join(text: str, pieces: list[tuple[int, int]]) -> str:
    """Join the pieces of one statement: line and page breaks removed, Latin words kept apart."""
    out = ""
    for start, end in pieces:
        part = text[start:end].strip()
        if not part:
            continue
        if (
            out
            and out[-1].isascii()
            and out[-1].isalnum()
            and part[0].isascii()
            and part[0].isalnum()
        ):
            out += " "
        out += part
    return out


def series_name(title: str) -> str | None:
    """Return a series name guessed from a title: ordinal, date and record kind removed."""
    name = nfkc(title)
    name = re.sub(r"第\s*[\d一二三四五六七八九十百〇]+\s*回", " ", name)
    name = re.sub(r"[(（][^)）]*[)）]", " ", name)
    name = TITLE_TAIL.sub("", name.strip())
    name = re.sub(r"(の開催|開催)$", "", name.strip(" ・の"))
    name = re.sub(r"\s+", "", name)
    return name or None
