"""Every page of `kg viz all` in headless Chromium: offline, complete, and never running
planted markup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from viz_fixtures import HOSTILE_POST

from bench.chromium import CHROMIUM, FLAGS
from kg.namespaces import DEFAULT_BASE_IRI
from kg.target import Target
from kg.viz.projections import VIEWS, session
from kg.viz.read import read_facts

pytestmark = pytest.mark.slow

LOCAL = ("file:", "data:", "blob:")


@dataclass
class Visit:
    """A page opened in the browser, with what happened while it loaded."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def node_count(self) -> int:
        return int(self.page.evaluate("window.kg.nodes.length"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("headless Chromium is not installed (/usr/bin/chromium, Debian: chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:  # a fresh temporary profile per launch
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def visit(browser: Any, path: Path, *, bypass_csp: bool = False) -> Visit:
    context = browser.new_context(bypass_csp=bypass_csp)
    page = context.new_page()
    seen = Visit(page)
    page.on("console", lambda m: m.type == "error" and seen.errors.append(m.text))
    page.on("pageerror", lambda error: seen.errors.append(str(error)))
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.alert = function (m) { window.kgAlerted = String(m); };")
    page.goto(path.as_uri())
    if path.name != "index.html":
        page.wait_for_function("window.kgReady !== undefined", timeout=30_000)
    return seen


def write_all(runner: CliRunner, cli: Any, store: Path, out: Path) -> list[Path]:
    result = runner.invoke(cli, ["viz", "all", "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return sorted(out.glob("*.html"))


def projected_counts(store: Path) -> dict[str, int]:
    """Nodes each page should hold: what the projections produce (no reduction here)."""
    with Target(store).open(read_only=True) as opened:
        facts = read_facts(opened, base_iri=DEFAULT_BASE_IRI)
    counts = {f"{view}.html": build(facts).number_of_nodes() for view, build in VIEWS.items()}
    for iri in facts.sessions:
        name = "session-" + iri.rsplit("/session/", 1)[1].replace("/", "-") + ".html"
        counts[name] = session(facts, iri).number_of_nodes()
    return counts


def test_every_page_loads_offline_without_errors_and_holds_the_projection(
    browser: Any, runner: CliRunner, cli: Any, sample_store: Path, tmp_path: Path
) -> None:
    pages = write_all(runner, cli, sample_store, tmp_path / "pages")
    expected = projected_counts(sample_store)
    assert sorted(expected) == sorted(p.name for p in pages if p.name != "index.html")
    for path in pages:
        seen = visit(browser, path)
        assert seen.errors == [], (path.name, seen.errors)
        outside = [url for url in seen.requests if not url.startswith(LOCAL)]
        assert outside == [], (path.name, outside)
        if path.name == "index.html":
            links = seen.page.eval_on_selector_all("a", "as => as.map(a => a.href)")
            assert len(links) == len(expected)
            assert all(Path(link.removeprefix("file://")).is_file() for link in links)
        else:
            assert seen.node_count() == expected[path.name] > 0, path.name
        seen.page.context.close()


def test_filters_hide_what_does_not_match(
    browser: Any, runner: CliRunner, cli: Any, sample_store: Path, tmp_path: Path
) -> None:
    pages = {p.name: p for p in write_all(runner, cli, sample_store, tmp_path / "pages")}
    seen = visit(browser, pages["actors-topics.html"])
    shown = "window.kg.nodes.get({filter: n => !n.hidden}).map(n => n.label)"
    seen.page.select_option("#kg-topic", label="ガバメントクラウド")
    labels = set(seen.page.evaluate(shown))
    assert {"国分寺市", "荒川区", "ガバメントクラウド"} <= labels
    assert "中野区" not in labels and "テレワーク" not in labels
    seen.page.click("#kg-reset")
    seen.page.select_option("#kg-orgtype", label="national")
    labels = set(seen.page.evaluate(shown))
    assert "デジタル庁" in labels and "東京都" not in labels
    seen.page.click("#kg-reset")
    seen.page.fill("#kg-from", "2023-01-01")
    seen.page.dispatch_event("#kg-from", "change")
    labels = set(seen.page.evaluate(shown))
    assert "荒川区" in labels and "中野区" not in labels  # 中野区 spoke in 2022 only
    assert seen.errors == []
    seen.page.context.close()


def test_planted_markup_never_runs(
    browser: Any, runner: CliRunner, cli: Any, hostile_store: Path, tmp_path: Path
) -> None:
    """The page's escaping alone must hold: the test lifts the Content-Security-Policy."""
    pages = write_all(runner, cli, hostile_store, tmp_path / "pages")
    shown_post = False
    for path in pages:
        seen = visit(browser, path, bypass_csp=True)
        if path.name != "index.html":
            # Put every tooltip in the document and show every node's details.
            seen.page.evaluate(
                """() => {
                  const box = document.createElement("div");
                  document.body.appendChild(box);
                  window.kg.nodes.get().forEach(n => box.appendChild(n.title));
                  window.kg.edges.get().forEach(e => box.append(e.title));
                  window.kg.nodes.getIds().forEach(id => window.kg.show(id));
                  window.kg.network.selectNodes(window.kg.nodes.getIds());
                }"""
            )
            seen.page.wait_for_timeout(200)
            text = seen.page.evaluate("document.body.textContent")
            shown_post = shown_post or HOSTILE_POST in text
        assert seen.page.evaluate("window.kgPwned") is None, path.name
        assert seen.page.evaluate("window.kgAlerted") is None, path.name
        assert seen.dialogs == [], path.name
        assert not [u for u in seen.requests if u.endswith("/x")], path.name
        assert seen.errors == [], (path.name, seen.errors)
        seen.page.context.close()
    assert shown_post, "the planted speaker label should show as text"
