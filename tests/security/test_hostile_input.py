"""Attack 1: hostile and odd input never crashes extraction (issue 8, item 1).

Property tests start from the layout records (tests/data/layouts) and the sample minutes, and
mutate them as text (control characters, escaped lone surrogates, very long lines, deep HTML
nesting, thousands of bullets, emoji, right-to-left text) and as bytes (NUL bytes, a BOM in
the middle, another encoding spliced in, invalid bytes, truncation). Every outcome must be a
record whose every span points into the decoded text and that maps to valid RDF, or a
:class:`kg.errors.KgError` with a one-line message (the CLI's exit 2).

How these tests were confirmed to fail on vulnerable variants:

- The blank-line regex of ``kg.load.normalize_text`` was ``\\n*(?:\\f\\n*)+``, which
  backtracks: 20,000 blank lines took 14 s, 80,000 took 205 s. ``BodyParser._next_content``
  copied the rest of the line list at every bullet (``self.lines[i + 1 :]``): 333,000
  one-character bullets (1 MB) took 629 s and 2.1 GB. Run on the code before the fixes,
  ``test_a_file_huge_in_lines_extracts_in_bounded_time`` ran over its 90 s limit and the
  limit tests failed (there were no limits).
- With ``_check_size`` made a no-op (by hand, under ``ulimit -v 1500000``), ``kg extract``
  read the 200 MB file and ran into the 1.5 GB limit (MemoryError after 11 s): the RSS
  assertion of the 200 MB test fails by far.
- ``test_the_defences_are_what_refuses`` removes each limit with monkeypatch and shows that
  the same inputs then get through.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import KgError

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((ROOT / "tests" / "data" / "layouts").glob("*.txt")) + sorted(
    (ROOT / "data" / "minutes").glob("*.txt")
)
SEEDS = [path.read_text(encoding="utf-8") for path in SEED_FILES]
BULLETS = "・•○〇-*"
_LINE_MARKER = re.compile(rf"^[^\S\n]*[{re.escape(BULLETS)}][^\S\n]*", re.MULTILINE)
_SPACE = re.compile(r"\s+")

CONTROL = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u2028\u2029\ufeff\ufffe\uffff\u200b"
ESCAPED_SURROGATES = ["\\ud800", "\\uDFFF", "&#xD800;", "&#55296;", "&#xdc00;", "&#0;",
                      "&#x110000;", "&#1114112;", "%ED%A0%80"]  # fmt: skip
EMOJI = ["😀", "👩‍👩‍👧‍👦", "🇯🇵", "🏳️‍🌈", "\U0001f9d1\U0001f3fd\u200d\U0001f4bb", "🀄️"]
RTL = ["\u202eالسلام عليكم\u202c", "שלום עולם", "\u200f(委員)\u200f", "\u202b国立市\u202c"]
SPEAKERS = ["\n国立市\n", "\n○鈴木委員長　", "\n(委員)", "\n事務局: ", "\n【会長】", "\n→ ", "\n○ "]


@st.composite
def text_payload(draw: st.DrawFn) -> str:
    """One piece of hostile text to splice into a record."""
    kind = draw(st.sampled_from(["control", "surrogate", "long", "nesting", "bullets",
                                 "emoji", "rtl", "speaker", "random"]))  # fmt: skip
    if kind == "control":
        return "".join(draw(st.lists(st.sampled_from(CONTROL), min_size=1, max_size=8)))
    if kind == "surrogate":
        return draw(st.sampled_from(ESCAPED_SURROGATES))
    if kind == "long":
        return draw(st.sampled_from("あ亜a ・。")) * draw(st.integers(1_000, 60_000))
    if kind == "nesting":
        depth = draw(st.integers(50, 3_000))
        tag = draw(st.sampled_from(["div", "ul><li", "table><tr><td", "b", "section"]))
        return f"<{tag}>" * depth + "・深い発言です。" + f"</{tag.split('><')[0]}>" * depth
    if kind == "bullets":
        bullet = draw(st.sampled_from(BULLETS + "→"))
        count = draw(st.integers(100, 3_000))
        return "".join(f"\n{bullet}発言{n}です。" for n in range(count))
    if kind == "emoji":
        return "".join(draw(st.lists(st.sampled_from(EMOJI), min_size=1, max_size=6)))
    if kind == "rtl":
        return draw(st.sampled_from(RTL))
    if kind == "speaker":
        return draw(st.sampled_from(SPEAKERS)) + draw(st.text(max_size=20))
    return draw(st.text(max_size=40))


@st.composite
def byte_payload(draw: st.DrawFn) -> bytes:
    """A hostile run of bytes to splice into an encoded record."""
    kind = draw(st.sampled_from(["nul", "bom", "encoding", "invalid", "random"]))
    if kind == "nul":
        return b"\x00" * draw(st.integers(1, 64))
    if kind == "bom":
        return draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                                     codecs.BOM_UTF32_LE]))  # fmt: skip
    if kind == "encoding":
        codec = draw(st.sampled_from(["cp932", "euc_jp", "iso2022_jp", "utf-16-le"]))
        return "\n国立市\n・発言です。髙橋".encode(codec, errors="replace")
    if kind == "invalid":
        return draw(
            st.sampled_from([b"\xff\xfe", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe3\x81"])
        )
    return draw(st.binary(min_size=1, max_size=64))


@st.composite
def hostile_records(draw: st.DrawFn) -> tuple[bytes, str]:
    """A mutated record: (its bytes, a file name whose extension is a hint only)."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(text_payload()) + text[at:]
    html = draw(st.booleans())
    if html:
        charset = draw(st.sampled_from(["utf-8", "shift_jis", "euc-jp", "x-bogus"]))
        body = "".join(f"<p>{line}</p>\n" for line in text.splitlines())
        text = f'<html><head><meta charset="{charset}"><title>t</title></head><body>{body}'
    codec = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932", "euc_jp", "utf-16"]))
    data = text.encode(codec, errors="xmlcharrefreplace" if html else "replace")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        if draw(st.integers(0, 5)) == 0:
            data = data[:at]  # truncated
        else:
            data = data[:at] + draw(byte_payload()) + data[at:]
    name = draw(st.sampled_from(["record.txt", "record.html", "record.pdf", "record"]))
    return data, name


def without_markers(text: str) -> str:
    """``text`` without the bullet markers that open its lines, and without white space."""
    return _SPACE.sub("", _LINE_MARKER.sub("", text))


def check_record(minutes: Any, text: str) -> None:
    """The invariant of a record extracted from any input.

    Every span lies inside the decoded text and covers exactly the statement's text (but for
    markers and white space); the record is strict UTF-8 JSON; it maps to RDF that pyoxigraph
    parses (so every IRI and literal minted from it is valid).
    """
    import pyoxigraph as ox

    from kg.map import map_minutes
    from kg.registry import default_registry

    for statement in minutes.statements:
        start, end = statement.span
        where = f"statement {statement.index} span {(start, end)} of {len(text)}"
        assert 0 <= start < end <= len(text), where
        assert statement.text.strip(), f"{where}: empty text"
        assert without_markers(text[start:end]) == without_markers(statement.text), (
            f"{where} covers {text[start:end][:200]!r}, text is {statement.text[:200]!r}"
        )
    data = json.dumps(minutes.to_dict(), ensure_ascii=False).encode(
        "utf-8"
    )  # strict: no surrogates
    assert json.loads(data)["statements"] == [s for s in minutes.to_dict()["statements"]]
    mapped = map_minutes(minutes, "https://example.org/kg/", default_registry())
    nt = mapped.own.serialize(format="nt", encoding="utf-8") + mapped.shared.serialize(
        format="nt", encoding="utf-8"
    )
    list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))


def extract_or_refuse(data: bytes, name: str) -> str:
    """Extract ``data`` through the library; return "ok" or "refused" (a one-line KgError).

    Any other exception fails the test, as does a record that breaks :func:`check_record`.
    """
    from kg.extract import extract_document
    from kg.load import load_bytes

    try:
        document = load_bytes(data, name)
        minutes = extract_document(document)
    except KgError as error:
        message = str(error)
        assert message.strip() and "\n" not in message and "\r" not in message, repr(message)
        assert error.exit_code == 2, message
        return "refused"
    check_record(minutes, document.text)
    return "ok"


@settings(settings.get_profile("security"), max_examples=300)
@given(hostile_records())
def test_hostile_records_give_a_valid_record_or_a_one_line_error(
    tally: Counter[str], record: tuple[bytes, str]
) -> None:
    outcome = extract_or_refuse(*record)
    tally["hypothesis examples"] += 1
    tally["hypothesis errors"] += outcome == "refused"


@settings(settings.get_profile("security"), max_examples=100)
@given(st.binary(max_size=2_000), st.sampled_from(["x.txt", "x.html", "x.pdf"]))
def test_random_bytes_give_a_valid_record_or_a_one_line_error(
    tally: Counter[str], data: bytes, name: str
) -> None:
    outcome = extract_or_refuse(data, name)
    tally["hypothesis examples"] += 1
    tally["hypothesis errors"] += outcome == "refused"


@settings(settings.get_profile("security"), max_examples=40)
@given(hostile_records())
def test_the_cli_answers_hostile_files_with_json_or_one_line_and_exit_2(
    tally: Counter[str], record: tuple[bytes, str]
) -> None:
    """Through ``kg extract``: exit 0 with JSON on stdout, or exit 2 with one stderr line."""
    from click.testing import CliRunner

    from kg.cli import cli

    data, name = record
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]
        except TypeError:
            runner = CliRunner()
        result = runner.invoke(cli, ["extract", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 0:
        assert json.loads(result.stdout)["source"]["path"] == str(path)
    else:
        lines = result.stderr.splitlines()
        assert result.exit_code == 2 and len(lines) == 1, (result.exit_code, result.stderr)
        assert lines[0].startswith(f"kg extract: {path}: "), lines[0]
        assert result.stdout == ""
    tally["hypothesis examples"] += 1
    tally["hypothesis errors"] += result.exit_code == 2


@pytest.mark.slow
def test_a_200_mb_file_is_refused_in_one_line_with_bounded_memory(
    tmp_path: Path, run_kg: Callable[..., Any]
) -> None:
    """A real 200 MB file (sparse: zeros on disk cost nothing) is refused before it is read.

    Confirmed: with the size check removed, the process reads the file and its RSS passes
    1.5 GB (it decodes 200 million NULs), see the module docstring.
    """
    from kg.load import MAX_BYTES

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.write("第1回会議\n・発言です。\n".encode())
        out.truncate(200 * 1024 * 1024)
    assert huge.stat().st_size > MAX_BYTES
    result = run_kg("extract", str(huge))
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"kg extract: {huge}: file is larger than 100 MiB (209,715,200 bytes)"
    ]
    assert result.stdout == ""
    assert result.max_rss_mb < 200, f"peak RSS {result.max_rss_mb:.0f} MB"


def _lines_record(blank: int, bullets: int) -> str:
    head = SEEDS[SEED_FILES.index(ROOT / "tests/data/layouts/heading_bullets.txt")]
    body = "".join(f"・発言{n}。\n" for n in range(bullets))
    return head + "\n" * blank + "国立市\n" + body + "\f\n" * (blank // 10)


@pytest.mark.slow
def test_a_file_huge_in_lines_extracts_in_bounded_time(
    tmp_path: Path, run_kg: Callable[..., Any]
) -> None:
    """2 million blank lines, 200,000 page breaks and 20,000 bullets (2.8 MB) extract in
    seconds with bounded memory; before the fixes (see the module docstring) this took hours."""
    path = tmp_path / "lines.txt"
    path.write_text(_lines_record(2_000_000, 20_000), encoding="utf-8")
    started = time.monotonic()
    result = run_kg("extract", "--format", "jsonl", str(path), timeout=90)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert len(record["statements"]) >= 20_000
    assert seconds < 60, f"{seconds:.1f} s"
    assert result.max_rss_mb < 400, f"peak RSS {result.max_rss_mb:.0f} MB"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("・あ\n" * 60_000, "more than 50,000 statements: too many for one record; split it"),
        ("あ" * 3_000_001, "text is longer than 3,000,000 characters"),
    ],
)
def test_records_over_the_limits_are_refused_by_name(
    tmp_path: Path, runner: Any, cli: Any, text: str, message: str
) -> None:
    path = tmp_path / "big.txt"
    path.write_text("第1回会議 議事要旨\n日時：令和5年1月1日\n国立市\n" + text, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"kg extract: {path}: {message}"), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_defences_are_what_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Companion: with the limits lifted, the same inputs get through (so the tests above
    test the limits, not some other refusal)."""
    import kg.load
    import kg.parse.body
    from kg.extract import extract_document
    from kg.load import load_bytes

    head = "第1回会議 議事要旨\n日時：令和5年1月1日\n国立市\n"
    many = (head + "・あ\n" * 60_000).encode()
    long = (head + "・" + "あ" * 3_000_001).encode()
    with pytest.raises(KgError, match="50,000 statements"):
        extract_document(load_bytes(many, "many.txt"))
    with pytest.raises(KgError, match="3,000,000 characters"):
        load_bytes(long, "long.txt")
    monkeypatch.setattr(kg.parse.body, "MAX_STATEMENTS", 10**9)
    monkeypatch.setattr(kg.load, "MAX_CHARS", 10**9)
    assert len(extract_document(load_bytes(many, "many.txt")).statements) == 60_000
    assert len(load_bytes(long, "long.txt").text) > 3_000_000


def test_the_invariant_catches_a_span_that_points_elsewhere() -> None:
    """Companion: check_record fails on a record whose span was shifted by one."""
    from kg.extract import extract_document
    from kg.load import load_bytes

    document = load_bytes(SEEDS[0].encode(), "seed.txt")
    minutes = extract_document(document)
    check_record(minutes, document.text)
    start, end = minutes.statements[0].span
    minutes.statements[0].span = (start + 1, end + 1)
    with pytest.raises(AssertionError, match="covers"):
        check_record(minutes, document.text)


def test_a_fifo_named_like_a_record_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO would block a reader forever; it is refused by its type."""
    from kg.load import load_document

    fifo = tmp_path / "minutes.txt"
    os.mkfifo(fifo)
    with pytest.raises(KgError, match="not a regular file"):
        load_document(fifo)
