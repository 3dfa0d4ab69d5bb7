"""The query page in headless Chromium: loads offline, runs queries, renders text as text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from serving import Server

from bench.chromium import CHROMIUM, FLAGS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def test_the_page_runs_a_canned_query_offline_without_console_errors(
    browser: Any, server: Server
) -> None:
    page = browser.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server.base}/sparql")
    page.wait_for_selector("#example option[value='posts-of']", state="attached")
    page.select_option("#example", "posts-of")
    assert page.input_value("#param-person") == "宮坂学"  # from the catalogue's example
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    assert "副知事" in page.inner_text("#results tbody")
    assert page.inner_text("#status") == "1 row"
    assert problems == []
    assert all(url.startswith(server.base) for url in requests), requests
    page.close()


def test_results_are_rendered_as_text_not_html(browser: Any, server: Server) -> None:
    page = browser.new_page()
    page.goto(f"{server.base}/sparql")
    markup = '<b id="injected">bold</b><img src=x onerror="document.title=`owned`">'
    page.fill("#query", f"SELECT ?x WHERE {{ BIND ('{markup}' AS ?x) }}")
    page.click("#run")
    page.wait_for_selector("#status:text-is('1 row')")  # (the page's CSP forbids eval)
    assert page.inner_text("#results td") == markup
    assert page.query_selector("#results img") is None and page.query_selector("#injected") is None
    assert page.title() != "owned"
    page.fill("#query", "DROP ALL")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "400" in page.inner_text("#status") and "read-only" in page.inner_text("#status")
    page.close()
