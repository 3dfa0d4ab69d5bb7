"""kg viz and kg stats --graph from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kg.cli.exploring import VIZ_VIEWS
from kg.viz import DEFAULT_MAX_NODES, VIEW_NAMES


def run(runner: CliRunner, cli, *args: str):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result


def test_the_cli_offers_every_view_and_the_library_default(cli) -> None:
    assert VIZ_VIEWS == VIEW_NAMES
    options = {p.name: p for p in cli.commands["viz"].params}
    assert options["max_nodes"].default == DEFAULT_MAX_NODES


def test_viz_all_writes_every_view_and_an_index(
    runner: CliRunner, cli, sample_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pages"
    result = run(runner, cli, "viz", "all", "--store", str(sample_store), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "actors-topics.html",
        "dialogue.html",
        "index.html",
        "organizations.html",
        "session-cio-forum-2.html",
        "session-cio-forum-4.html",
        "topics.html",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in names[:-1]:
        if name != "index.html":
            assert f'href="{name}"' in index
    assert re.search(r"dialogue</a></td><td>Who asks whom.*?</td><td>17 nodes, 28 links", index)
    assert "wrote" in result.stderr and "index.html" in result.stderr


def test_viz_one_view_with_links_to_published_pages(
    runner: CliRunner, cli, sample_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "session.html"
    args = ["viz", "session", "--store", str(sample_store), "--session", "2022-02-01"]
    result = run(runner, cli, *args, "-o", str(out), "--pages", "../")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    hrefs = {n["href"] for n in data["nodes"]}
    assert "../id/session/cio-forum/2.html" in hrefs
    assert "../id/org/lg/132144.html" in hrefs
    assert "2 nodes" not in result.stderr and "38 nodes" in result.stderr


def test_max_nodes_reduces_and_says_so(
    runner: CliRunner, cli, sample_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "topics.html"
    args = ["viz", "topics", "--store", str(sample_store), "-o", str(out), "--max-nodes", "20"]
    result = run(runner, cli, *args)
    assert result.exit_code == 0, result.stderr
    assert "20 nodes" in result.stderr and "57 more left out" in result.stderr
    assert "Left out: 57 topic" in out.read_text(encoding="utf-8")


def test_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, cli, sample_store: Path, tmp_path: Path
) -> None:
    store = ["--store", str(sample_store)]
    cases = [
        (["viz", "session", "--session", "12", "-o", str(tmp_path / "s.html")], "no such session"),
        (["viz", "topics", "--pages", "javascript:", "-o", str(tmp_path / "t.html")], "--pages"),
        (["viz", "topics", "-o", str(tmp_path / "missing" / "t.html")], "cannot write"),
        (["viz", "topics", "--store", str(tmp_path / "nostore")], "no store"),
    ]
    for args, message in cases:
        result = run(runner, cli, *args[:2], *store, *args[2:])
        assert result.exit_code == 2, (args, result.stderr)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.html")) and not list(tmp_path.glob("*.partial"))


def test_stats_graph(runner: CliRunner, cli, sample_store: Path) -> None:
    result = run(runner, cli, "stats", "--graph", "--limit", "3", "--store", str(sample_store))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# degree centrality (actors and topics)"
    assert lines[1].endswith("\torganization\t東京都")
    assert "# most-connected topics per session: speakers on the topic" in lines
    assert lines[-1].startswith("2023-02-14 第4回")
