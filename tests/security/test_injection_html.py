"""Item 6: text from records is escaped in every HTML page, tooltip and JSON script block.

Markup is planted in a record's statement (``</script>``, ``<!--``, an ``onerror`` image,
U+2028/2029, quotes, template syntax), in a speaker heading and in an agenda title; the
record is built with ``kg build`` (which writes the linked-data pages and the ``kg viz``
explorer), served with ``kg serve``, and every page holding the text is read as bytes and
opened in Chromium, with its Content-Security-Policy on and, to prove the escaping alone
holds, off.

How the defences were confirmed: turning Jinja autoescape off in ``kg/publish/pages.py``
makes ``test_planted_text_is_escaped_in_every_page`` fail (raw ``<svg/onload`` in the post
and statement pages) and the browser test fail (the planted markup is no longer text);
dropping the ``<``/``>`` escapes of ``jsonld_for_html`` makes the script-block check fail
(``</script>`` closes the JSON-LD block early). The U+2028/2029 check failed before
``jsonld_for_html`` escaped them (``statement/2.html``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from endpoint_helpers import (
    HOSTILE_SPEAKER,
    MARK,
    Server,
    build_site,
    write_hostile_record,
)

from kg.namespaces import DEFAULT_BASE_IRI
from kg.store import Store

pytestmark = pytest.mark.slow

RAW = ("<script>window", "<img src=x", "<svg/onload", "<b onmouseover", "<!--<script")
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)


@dataclass
class HostileSite:
    store: Path
    site: Path
    pages: dict[str, str]  # what holds planted text -> its path on the server


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSite:
    folder = tmp_path_factory.mktemp("hostile")
    store, site = build_site(folder, write_hostile_record(folder))
    pages = {}
    with Store.open(store, read_only=True) as opened:
        for name, predicate in (
            ("statement", "schema:text"),
            ("post", "skos:prefLabel"),
            ("agenda item", "schema:name"),
        ):
            rows = opened.query(
                f"SELECT ?s WHERE {{ ?s {predicate} ?o FILTER(CONTAINS(?o, '{MARK}')) }}"
            )
            iri = next(iter(rows))["s"].value  # type: ignore[call-overload]
            pages[name] = "/" + iri.removeprefix(DEFAULT_BASE_IRI)
    return HostileSite(store, site, pages)


@pytest.fixture(scope="module")
def served(hostile: HostileSite) -> Iterator[Server]:
    running = Server(hostile.store, "--site", str(hostile.site))
    yield running
    running.stop()


def test_planted_text_is_escaped_in_every_page(hostile: HostileSite) -> None:
    holding = []
    for path in sorted(hostile.site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if MARK not in text:
            continue
        holding.append(path.relative_to(hostile.site).as_posix())
        for raw in RAW:
            assert raw not in text, (path, raw)
        for block in SCRIPT.finditer(text):
            body = block["body"]
            if "application/" not in block["attrs"]:  # code (vis-network, page.js): no data
                assert MARK not in body, (path, block["attrs"])
                continue
            for unsafe in ("<!--", "<script", "</", "\u2028", "\u2029"):
                assert unsafe not in body, (path, block["attrs"], unsafe)
    # the planted text reached the statement, post and agenda pages and the explorer
    for name, page in hostile.pages.items():
        assert page.lstrip("/") + ".html" in holding, (name, holding)
    assert any(p.startswith("viz/") for p in holding), holding


def visit(browser: Any, url: str, *, bypass_csp: bool) -> tuple[Any, list[str], list[str]]:
    context = browser.new_context(bypass_csp=bypass_csp)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    return page, errors, dialogs


SHOW_EVERY_TOOLTIP = """() => {
  const box = document.createElement("div");
  document.body.appendChild(box);
  window.kg.nodes.get().forEach(n => box.appendChild(n.title));
  window.kg.edges.get().forEach(e => box.append(e.title));
  window.kg.nodes.getIds().forEach(id => window.kg.show(id));
}"""


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["csp", "no-csp"])
def test_planted_markup_never_runs_in_served_pages(
    browser: Any, served: Server, hostile: HostileSite, bypass_csp: bool
) -> None:
    viz = sorted(p.name for p in (hostile.site / "viz").glob("*.html") if p.name != "index.html")
    shown_speaker = False
    for path in [*hostile.pages.values(), "/index.html", *(f"/viz/{name}" for name in viz)]:
        page, errors, dialogs = visit(browser, served.base + path, bypass_csp=bypass_csp)
        if path.startswith("/viz/"):
            page.wait_for_function("window.kgReady !== undefined", timeout=30_000)
            page.evaluate(SHOW_EVERY_TOOLTIP)
            shown_speaker |= HOSTILE_SPEAKER in page.evaluate("document.body.textContent")
        elif path == "/index.html":
            page.fill("#q", MARK)
            page.wait_for_timeout(300)
            assert MARK in page.inner_text("body"), "the search lists the planted label"
        else:
            assert MARK in page.inner_text("body"), path
        page.wait_for_timeout(100)
        assert page.evaluate("window.kgPwned") is None, path
        assert dialogs == [], path
        assert [e for e in errors if "favicon" not in e and "404" not in e] == [], (path, errors)
        page.context.close()
    assert shown_speaker, "the planted speaker label shows as text in the explorer"


def test_record_text_is_text_on_the_query_page(browser: Any, served: Server) -> None:
    page, errors, dialogs = visit(browser, served.base + "/sparql", bypass_csp=True)
    page.wait_for_selector("#example option[value='search']", state="attached")
    page.select_option("#example", "search")
    page.fill("#param-text", MARK)
    page.click("#run")
    page.wait_for_selector("#results tbody tr")
    assert MARK in page.inner_text("#results tbody")
    assert page.query_selector("#results img, #results svg, #results b") is None
    assert page.evaluate("window.kgPwned") is None and dialogs == [] and errors == []
    page.context.close()
