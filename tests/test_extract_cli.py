"""``kg extract``: the JSON contract of DESIGN section 3, and what a user sees on bad input."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from factories import write_pdf

GOOD = "heading_bullets.txt"
OTHER = "colon_transcript.txt"

TOP_KEYS = {"source", "session", "agenda", "statements", "warnings"}
SOURCE_KEYS = {"path", "sha256", "media_type", "url"}  # url: beyond DESIGN, see README
SESSION_KEYS = {
    "iri",
    "title",
    "series",
    "number",
    "date",
    "start_time",
    "end_time",
    "venue",
    "online",
    "identifier",
}
AGENDA_KEYS = {"title", "closed", "presenters"}
STATEMENT_KEYS = {
    "index",
    "section",
    "subsection",
    "agenda_index",
    "speaker",
    "act",
    "replies_to",
    "topics",
    "text",
    "span",
}
ACTOR_KEYS = {"label", "organization", "units", "post", "person", "iri"}
ACTOR_OPTIONAL_KEYS = {"evidence"}  # how an inferred person was found (DESIGN section 4)
TOPIC_KEYS = {"iri", "label"}
ACTS = {"question", "request", "response", "remark"}


def run(runner: CliRunner, cli: Any, *args: str | Path) -> Result:
    """Invoke ``kg`` with ``args``."""
    return runner.invoke(cli, [str(a) for a in args])


def shown(result: Result) -> str:
    """The run's exit code and both streams, for failure messages."""
    stderr = result.stderr if result.stderr_bytes is not None else ""
    return f"exit {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{stderr}"


def check_actor(actor: dict[str, Any], where: str) -> None:
    keys = set(actor)
    assert ACTOR_KEYS <= keys <= ACTOR_KEYS | ACTOR_OPTIONAL_KEYS, f"{where}: {sorted(keys)}"
    assert isinstance(actor["label"], str) and actor["label"], where
    assert isinstance(actor["units"], list), where
    for key in ("organization", "post", "person", "iri"):
        assert actor[key] is None or isinstance(actor[key], str), f"{where}: {key}"


def check_record(record: dict[str, Any], path: Path) -> None:
    """Assert that one record has exactly the contract's keys, with values of the right kind."""
    assert set(record) == TOP_KEYS
    source = record["source"]
    assert set(source) == SOURCE_KEYS
    assert Path(source["path"]).name == path.name
    assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source["media_type"] == "text/plain"

    session = record["session"]
    assert set(session) == SESSION_KEYS
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", session["date"])
    for key in ("start_time", "end_time"):
        assert re.fullmatch(r"\d{2}:\d{2}", session[key]), f"session.{key}"
    assert isinstance(session["number"], int)
    assert session["online"] in (True, False, None)

    assert record["agenda"], "no agenda"
    for item in record["agenda"]:
        assert set(item) == AGENDA_KEYS
        assert isinstance(item["title"], str) and item["title"]
        assert isinstance(item["closed"], bool)
        for actor in item["presenters"]:
            check_actor(actor, f"presenter of {item['title']}")

    statements = record["statements"]
    assert statements, "no statements"
    for position, statement in enumerate(statements):
        where = f"statement {position}"
        assert set(statement) == STATEMENT_KEYS, f"{where}: {sorted(statement)}"
        assert statement["index"] == position
        assert statement["act"] in ACTS, where
        assert statement["replies_to"] is None or 0 <= statement["replies_to"] < position
        assert isinstance(statement["text"], str) and statement["text"].strip(), where
        start, end = statement["span"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end, where
        assert statement["agenda_index"] is None or isinstance(statement["agenda_index"], int)
        for topic in statement["topics"]:
            assert set(topic) == TOPIC_KEYS, where
        if statement["speaker"] is not None:
            check_actor(statement["speaker"], where)

    assert isinstance(record["warnings"], list)
    assert all(isinstance(w, str) for w in record["warnings"])


def test_extract_one_file_prints_one_json_object(
    runner: CliRunner, cli: Any, layouts_dir: Path
) -> None:
    path = layouts_dir / GOOD

    result = run(runner, cli, "extract", path, "--format", "json")

    assert result.exit_code == 0, shown(result)
    record = json.loads(result.stdout)
    assert isinstance(record, dict), "one file gives one object, not an array"
    check_record(record, path)
    assert record["session"]["date"] == "2024-07-09"
    assert len(record["statements"]) == 6
    assert record["statements"][0]["speaker"]["label"] == "国立市"


def test_extract_keeps_japanese_unescaped(runner: CliRunner, cli: Any, layouts_dir: Path) -> None:
    result = run(runner, cli, "extract", layouts_dir / GOOD, "--format", "json")

    assert result.exit_code == 0, shown(result)
    assert "\\u" not in result.stdout
    assert "東京都デジタルサービス局戦略部長" in result.stdout
    assert "確認手順のひな形を作成し、次回の協議会で共有したい。" in result.stdout


def test_extract_json_is_the_default_format(runner: CliRunner, cli: Any, layouts_dir: Path) -> None:
    explicit = run(runner, cli, "extract", layouts_dir / GOOD, "--format", "json")
    default = run(runner, cli, "extract", layouts_dir / GOOD)

    assert default.exit_code == 0, shown(default)
    assert json.loads(default.stdout) == json.loads(explicit.stdout)


def test_extract_several_files_prints_an_array_in_order(
    runner: CliRunner, cli: Any, layouts_dir: Path
) -> None:
    paths = [layouts_dir / GOOD, layouts_dir / OTHER]

    result = run(runner, cli, "extract", *paths, "--format", "json")

    assert result.exit_code == 0, shown(result)
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 2
    for record, path in zip(records, paths, strict=True):
        check_record(record, path)
    assert [r["session"]["number"] for r in records] == [3, 7]


def test_extract_jsonl_prints_one_object_per_line(
    runner: CliRunner, cli: Any, layouts_dir: Path
) -> None:
    paths = [layouts_dir / GOOD, layouts_dir / OTHER]

    result = run(runner, cli, "extract", *paths, "--format", "jsonl")

    assert result.exit_code == 0, shown(result)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 2, shown(result)
    records = [json.loads(line) for line in lines]
    for record, path in zip(records, paths, strict=True):
        assert isinstance(record, dict)
        check_record(record, path)
    assert "\\u" not in result.stdout


def test_extract_jsonl_matches_json(runner: CliRunner, cli: Any, layouts_dir: Path) -> None:
    as_json = run(runner, cli, "extract", layouts_dir / GOOD, "--format", "json")
    as_jsonl = run(runner, cli, "extract", layouts_dir / GOOD, "--format", "jsonl")

    assert as_jsonl.exit_code == 0, shown(as_jsonl)
    assert len(as_jsonl.stdout.strip().splitlines()) == 1
    assert json.loads(as_jsonl.stdout) == json.loads(as_json.stdout)


# --- bad input ----------------------------------------------------------------------------------

# Bytes no Japanese encoding accepts: 0x82 0xFF is no Shift_JIS pair, 0x82 opens nothing in
# EUC-JP or UTF-8, and an odd length cannot be UTF-16.
UNDECODABLE = b"\x82\xff\xfe\x80" * 64 + b"\x82"
BINARY = bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00\x00\x01\x00"
README = b"""# weather-cli

A small command line tool that prints tomorrow's forecast for your city.

## Install

    pip install weather-cli

## Usage

    weather tokyo --days 2
"""
RECIPE = """肉じゃがの作り方

材料(4人分)
・じゃがいも 3個
・牛肉 200g
・玉ねぎ 1個

作り方
1. じゃがいもは皮をむいて一口大に切る。
2. 鍋で牛肉と玉ねぎを炒める。
3. だしと調味料を加え、弱火で15分ほど煮る。
""".encode()


def truncated_pdf(path: Path, layouts_dir: Path) -> Path:
    """A real PDF of a layout record, cut in half."""
    pytest.importorskip("reportlab")
    text = (layouts_dir / "heading_circle_pdf.txt").read_text(encoding="utf-8")
    whole = write_pdf(path.with_name("whole.pdf"), [text.splitlines()[:30]])
    data = whole.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-32:]
    path.write_bytes(data[: len(data) // 2])
    return path


BAD_INPUTS = {
    # name: (file name, reason the message must give: a regex, case-insensitive)
    "empty": ("empty.txt", r"empty"),
    "binary": ("data.bin", r"binary|not (a )?text"),
    "readme": ("README.txt", r"meeting|minutes|record"),
    "recipe": ("recipe.txt", r"meeting|minutes|record"),
    "undecodable": ("broken.txt", r"decod|encoding|charset"),
    "truncated_pdf": ("broken.pdf", r"pdf|truncat|damaged|corrupt|broken|invalid|read|parse"),
}


def make_bad(kind: str, folder: Path, layouts_dir: Path) -> Path:
    """Write the bad input ``kind`` into ``folder`` and return its path."""
    path = folder / BAD_INPUTS[kind][0]
    if kind == "truncated_pdf":
        return truncated_pdf(path, layouts_dir)
    contents = {
        "empty": b"",
        "binary": BINARY,
        "readme": README,
        "recipe": RECIPE,
        "undecodable": UNDECODABLE,
    }
    path.write_bytes(contents[kind])
    return path


def check_one_line_error(result: Result, name: str, reason: str) -> None:
    """Assert exit code 2 and a single stderr line naming the file and the reason."""
    assert result.exit_code == 2, shown(result)
    assert isinstance(result.exception, SystemExit), f"crashed: {result.exception!r}"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, shown(result)
    assert name in lines[0], shown(result)
    assert re.search(reason, lines[0], re.IGNORECASE), shown(result)


@pytest.mark.parametrize("codec", ["utf-8", "cp932", "shift_jis", "euc_jp", "utf-16", "utf-16-be"])
def test_the_undecodable_sample_fails_every_japanese_encoding(codec: str) -> None:
    with pytest.raises(UnicodeDecodeError):
        UNDECODABLE.decode(codec)


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_extract_reports_a_bad_file_in_one_line(
    runner: CliRunner,
    cli: Any,
    tmp_path: Path,
    layouts_dir: Path,
    kind: str,
) -> None:
    path = make_bad(kind, tmp_path, layouts_dir)

    result = run(runner, cli, "extract", path, "--format", "json")

    check_one_line_error(result, path.name, BAD_INPUTS[kind][1])
    assert result.stdout.strip() in ("", "[]"), "no record for a bad file"


def test_extract_reports_a_missing_path_in_one_line(
    runner: CliRunner, cli: Any, tmp_path: Path
) -> None:
    path = tmp_path / "no_such_minutes.txt"

    result = run(runner, cli, "extract", path)

    check_one_line_error(result, path.name, r"not found|no such file|does not exist|missing")


@pytest.mark.parametrize("kind", ["empty", "binary", "recipe", "undecodable", "missing"])
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_batch_with_a_bad_file_still_prints_the_good_ones(
    runner: CliRunner,
    cli: Any,
    tmp_path: Path,
    layouts_dir: Path,
    kind: str,
    fmt: str,
) -> None:
    if kind == "missing":
        bad = tmp_path / "no_such_minutes.txt"
    else:
        bad = make_bad(kind, tmp_path, layouts_dir)
    good = [layouts_dir / GOOD, layouts_dir / OTHER]

    result = run(runner, cli, "extract", good[0], bad, good[1], "--format", fmt)

    assert result.exit_code == 2, shown(result)
    assert isinstance(result.exception, SystemExit), f"crashed: {result.exception!r}"
    if fmt == "json":
        records = json.loads(result.stdout)
        assert isinstance(records, list), shown(result)
    else:
        records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [Path(r["source"]["path"]).name for r in records] == [p.name for p in good]
    for record, path in zip(records, good, strict=True):
        check_record(record, path)
    assert "Traceback" not in result.stderr
    about_bad = [line for line in result.stderr.splitlines() if bad.name in line]
    assert len(about_bad) == 1, shown(result)
    assert not any(p.name in result.stderr for p in good), "good files are not errors"
