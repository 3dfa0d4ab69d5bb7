"""Attack 2: a batch with bad files loses nothing (issue 8, item 2).

``kg build`` over a folder of good records mixed with broken files (binary, empty,
undecodable, truncated PDF, HTML without minutes, text that is no meeting record, a dangling
link and a FIFO named like records, a folder named ``.txt``, an unreadable file) stores every
good record, names every bad file with its reason on stderr and in the JSON summary, and
exits 0 — 2 only under ``--strict``.

How these tests were confirmed to fail on vulnerable variants:

- ``kg.extract.expand_paths`` kept only ``is_file()`` entries: the dangling link and the FIFO
  were skipped without a word, and ``test_a_folder_of_good_and_bad_files`` failed on the
  missing names (it passes since they are reported).
- ``kg.jobs.extract_job`` caught only KgError, so a parser defect on one file (a
  RecursionError from a library) stopped the whole build with a traceback:
  ``test_a_parser_defect_on_one_file_fails_that_file_only`` failed on it (it raised).
- Without ``--strict`` handling (``sys.exit(2)`` removed from kg/cli/graph.py) the strict
  test fails on the exit code.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from kg.store import Store

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "tests" / "data" / "layouts"

TRUNCATED_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty"


def _batch(folder: Path) -> tuple[set[str], dict[str, str]]:
    """Write a folder of good and bad files; return the good paths and bad path → reason."""
    folder.mkdir()
    good: set[str] = set()
    for name in ("heading_bullets.txt", "colon_transcript.txt", "role_speakers.txt"):
        shutil.copy(LAYOUTS / name, folder / name)
        good.add(str(folder / name))
    text = (LAYOUTS / "paren_speaker.txt").read_text(encoding="utf-8")
    (folder / "sjis.txt").write_bytes(text.encode("cp932"))
    good.add(str(folder / "sjis.txt"))
    nested = folder / "folder.txt"  # a folder named like a record: its records are built
    nested.mkdir()
    shutil.copy(LAYOUTS / "anonymous_qa.txt", nested / "anonymous_qa.txt")
    good.add(str(nested / "anonymous_qa.txt"))
    bad = {
        "binary.txt": (bytes(range(256)) * 64, "binary file"),
        "empty.txt": (b" \n\n", "file is empty"),
        "undecodable.txt": (b"\x82\xa0\xff\xfe\xfd\x80\x81" * 40, "cannot decode text"),
        "truncated.pdf": (TRUNCATED_PDF, "PDF is damaged or truncated"),
        "nominutes.html": (
            b"<html><body><nav>menu</nav><p>Welcome to our page.</p></body></html>",
            "not a meeting record",
        ),
        "notes.txt": ("買い物メモ: 牛乳、卵".encode(), "not a meeting record"),
        "unreadable.txt": (text.encode(), "permission denied"),
    }
    reasons: dict[str, str] = {}
    for name, (data, reason) in bad.items():
        (folder / name).write_bytes(data)
        reasons[str(folder / name)] = reason
    (folder / "unreadable.txt").chmod(0)
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    reasons[str(folder / "dangling.txt")] = "no such file"
    os.mkfifo(folder / "pipe.txt")
    reasons[str(folder / "pipe.txt")] = "not a regular file"
    return good, reasons


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any file whatever its mode: then make reading ``unreadable.txt`` fail as it
    does for anyone else (PermissionError from the read)."""
    if os.geteuid() != 0:
        return
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def _stored_paths(store_dir: Path) -> set[str]:
    with Store.open(store_dir, read_only=True) as store:
        return {path for path in store.sources() if path != "ontology/"}


@pytest.mark.usefixtures("unreadable")
def test_a_folder_of_good_and_bad_files(tmp_path: Path, runner: Any, cli: Any) -> None:
    good, reasons = _batch(tmp_path / "batch")
    store_dir = tmp_path / "store"
    args = ["build", str(tmp_path / "batch"), "--store", str(store_dir), "--no-site"]
    result = runner.invoke(cli, [*args, "--format", "json", "--workers", "1"])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    summary = json.loads(result.stdout)
    assert set(summary["built"]) == good
    failures = {f["path"]: f["error"] for f in summary["failures"]}
    assert set(failures) == set(reasons)
    for path, reason in reasons.items():
        assert failures[path].startswith(f"{path}: {reason}"), failures[path]
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg build: ")]
    assert sorted(errors) == sorted(f"kg build: {failures[p]}" for p in reasons)
    assert _stored_paths(store_dir) == good
    assert summary["conforms"], summary


@pytest.mark.usefixtures("unreadable")
def test_strict_exits_2_after_storing_the_good_files(tmp_path: Path, runner: Any, cli: Any) -> None:
    good, reasons = _batch(tmp_path / "batch")
    store_dir = tmp_path / "store"
    args = ["build", str(tmp_path / "batch"), "--store", str(store_dir), "--no-site", "--strict"]
    result = runner.invoke(cli, [*args, "--workers", "1"])
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert f"{len(good)} built, 0 unchanged, {len(reasons)} failed" in result.stdout
    assert _stored_paths(store_dir) == good
    # the good files are now stored: a second strict build still names the bad ones
    again = runner.invoke(cli, [*args, "--workers", "1"])
    assert again.exit_code == 2
    assert f"0 built, {len(good)} unchanged, {len(reasons)} failed" in again.stdout


def test_a_parser_defect_on_one_file_fails_that_file_only(
    tmp_path: Path, runner: Any, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A library error that is no KgError (here a RecursionError on one file) is that file's
    failure, in ``kg build`` as in ``kg extract``."""
    import kg.extract

    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("heading_bullets.txt", "colon_transcript.txt"):
        shutil.copy(LAYOUTS / name, folder / name)
    original = kg.extract.parse_document

    def parse(document: Any, registry: Any) -> Any:
        if document.source.path.endswith("colon_transcript.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return original(document, registry)

    monkeypatch.setattr(kg.extract, "parse_document", parse)
    store_dir = tmp_path / "store"
    args = ["build", str(folder), "--store", str(store_dir), "--no-site", "--workers", "1"]
    result = runner.invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 0, result.stderr
    bad = folder / "colon_transcript.txt"
    assert f"kg build: {bad}: cannot extract (RecursionError): maximum recursion" in result.stderr
    assert _stored_paths(store_dir) == {str(folder / "heading_bullets.txt")}
    extracted = runner.invoke(cli, ["extract", str(folder)])
    assert extracted.exit_code == 2
    assert f"kg extract: {bad}: cannot extract (RecursionError)" in extracted.stderr
