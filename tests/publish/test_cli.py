"""``kg publish``: the site appears whole or not at all; bad options are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner


def _run(runner: CliRunner, cli: Any, *args: str) -> Any:
    return runner.invoke(cli, ["publish", *args], catch_exceptions=False)


def test_publish_writes_and_replaces_a_site(
    runner: CliRunner, cli: Any, store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = _run(runner, cli, "--store", str(store_dir), "-o", str(out), "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    summary = json.loads(result.stdout)
    assert summary["pages"] > 100 and summary["kinds"]["statement"] > 40
    assert (out / "id/session/cio-forum/2.html").is_file()
    assert out.stat().st_mode & 0o755 == 0o755  # a web server's user can read it
    (out / "stale.html").write_text("old", encoding="utf-8")
    again = _run(runner, cli, "--store", str(store_dir), "-o", str(out))
    assert again.exit_code == 0, again.stderr
    assert "pages" in again.stdout
    assert not (out / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left


def test_publish_refuses_a_folder_it_did_not_write(
    runner: CliRunner, cli: Any, store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("keep me", encoding="utf-8")
    result = _run(runner, cli, "--store", str(store_dir), "-o", str(out))
    assert result.exit_code == 2
    assert "kg publish did not write" in result.stderr
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "keep me"


def test_publish_bad_licence_writes_nothing(
    runner: CliRunner, cli: Any, store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = _run(runner, cli, "--store", str(store_dir), "-o", str(out), "--license", "CC-BY")
    assert result.exit_code == 2
    assert result.stderr.strip() == "kg: --license 'CC-BY': give an http(s) IRI"
    assert list(tmp_path.iterdir()) == []


def test_publish_without_a_store_is_an_input_error(
    runner: CliRunner, cli: Any, tmp_path: Path
) -> None:
    result = _run(runner, cli, "--store", str(tmp_path / "none"), "-o", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert "no store" in result.stderr
    assert not (tmp_path / "site").exists()


def test_publish_help_has_an_example(runner: CliRunner, cli: Any) -> None:
    result = runner.invoke(cli, ["publish", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "kg publish -o site" in result.output


def test_publish_under_another_base_is_a_usage_error(
    runner: CliRunner, cli: Any, store_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = _run(
        runner,
        cli,
        "--store",
        str(store_dir),
        "-o",
        str(out),
        "--base-iri",
        "https://example.org/x/",
    )
    assert result.exit_code == 2
    assert "no session of the graph is under it" in result.stderr
    assert list(tmp_path.iterdir()) == []
