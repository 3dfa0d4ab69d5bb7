"""A real browser opens the published pages from file://: no console errors, no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.chromium import CHROMIUM, FLAGS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's headless Chromium driven by playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS
        )
        yield context
        context.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


@pytest.mark.parametrize("which", ["session", "person"])
def test_pages_open_without_errors_or_network(browser: Any, site_dir: Path, which: str) -> None:
    path = (
        site_dir / "id/session/cio-forum/2.html"
        if which == "session"
        else next((site_dir / "id/person").glob("yamada-tarou-*.html"))
    )
    page, errors, requests = _open(browser, path)
    assert not errors, errors
    assert requests and all(url.startswith("file://") for url in requests), requests
    assert page.locator("h1").inner_text()
    # the stylesheet applied: the header has its background
    assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")
    page.close()


def test_search_finds_a_municipality(browser: Any, site_dir: Path) -> None:
    page, errors, requests = _open(browser, site_dir / "index.html")
    page.fill("#q", "国分寺")
    page.wait_for_selector("#results li a")
    links = page.locator("#results li a").evaluate_all("els => els.map(e => e.href)")
    assert any(link.endswith("id/org/lg/132144.html") for link in links), links
    assert not errors, errors
    assert all(url.startswith("file://") for url in requests), requests
    page.close()
