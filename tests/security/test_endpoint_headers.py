"""Item 5: security headers on every HTML answer, and a CSP under which the pages still work.

``kg serve`` answers the query page itself and the site ``kg build`` wrote (linked-data
pages and the ``kg viz`` explorer). The explorer's pages run two inline scripts allowed by
hash in their own ``<meta>`` policy; the server sends that policy as the header, every
other page gets the server's ``default-src 'none'; script-src 'self'`` policy.

How the defence was confirmed: this test found that the explorer did not work when served:
the server's page policy (``script-src 'self'; style-src 'self'``) was sent with the viz
pages too, and Chromium blocked their inline scripts and style ("Executing inline script
violates the following Content Security Policy directive"), so
``test_the_csp_lets_every_page_work`` failed until :func:`kg.serve.app.page_policy` sent
the pages' own policy; it also found an inline ``style=""`` on ``def.html``, now a class.
Deleting the Content-Security-Policy header in ``_send`` makes
``test_html_answers_carry_the_security_headers`` fail, and
``test_the_csp_stops_an_injected_script`` shows the policy is enforced, not decorative.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from endpoint_helpers import Server, build_site, fetch

pytestmark = pytest.mark.slow

HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_site(tmp_path_factory.mktemp("headers"))


def html_paths(folder: Path) -> list[str]:
    viz = sorted(f"/viz/{p.name}" for p in (folder / "viz").glob("*.html"))
    return ["/sparql", "/index.html", "/id/org/lg/132144", "/def.html", *viz]


def test_html_answers_carry_the_security_headers(served: Server, site: tuple[Path, Path]) -> None:
    for path in [*html_paths(site[1]), "/no/such/page"]:
        answer = fetch(served.base + path, headers={"Accept": "text/html"})
        assert answer.status in (200, 404), path
        for name, value in HEADERS.items():
            assert answer.headers.get(name) == value, (path, name, answer.headers)
        if not answer.headers.get("content-type", "").startswith("text/html"):
            continue
        policy = answer.headers["content-security-policy"]
        directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
        assert directives["default-src"] == ["'none'"], (path, policy)
        assert directives["frame-ancestors"] == ["'none'"], (path, policy)
        assert "'unsafe-inline'" not in directives.get("script-src", []), (path, policy)
        assert "'unsafe-eval'" not in directives.get("script-src", []), (path, policy)
        sources = [s for k, v in directives.items() if k.endswith("-src") for s in v]
        assert not [s for s in sources if ("*" in s or ":" in s.strip("'")) and s != "data:"], (
            path,
            policy,
        )  # no wildcard, no other host, no scheme but data: for images


def watch(page: Any, errors: list[str], requests: list[str]) -> None:
    """Collect the page's console errors and warnings, and every URL it requests."""
    page.on("console", lambda m: m.type in ("error", "warning") and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))


def test_the_csp_lets_every_page_work(
    browser: Any, served: Server, site: tuple[Path, Path]
) -> None:
    for path in html_paths(site[1]):
        page = browser.new_page()
        errors: list[str] = []
        requests: list[str] = []
        watch(page, errors, requests)
        page.goto(served.base + path)
        if path.startswith("/viz/") and not path.endswith("index.html"):
            page.wait_for_function("window.kgReady !== undefined", timeout=30_000)
            assert page.evaluate("window.kg.nodes.length") > 0, path
        elif path == "/sparql":
            page.wait_for_selector("#example option[value='posts-of']", state="attached")
        page.wait_for_timeout(200)
        assert [e for e in errors if "favicon" not in e and "404" not in e] == [], (path, errors)
        assert all(url.startswith((served.base, "data:")) for url in requests), (path, requests)
        page.close()


def test_the_csp_stops_an_injected_script(browser: Any, served: Server) -> None:
    """Companion: a script that escaping had missed would still not run under the header."""
    for path in ("/id/org/lg/132144", "/viz/organizations.html", "/sparql"):
        page = browser.new_page()
        page.goto(served.base + path)
        with pytest.raises(Exception, match=r"Content Security Policy|CSP|Refused"):
            page.add_script_tag(content="window.kgPwned = 1")
        assert page.evaluate("window.kgPwned") is None, path
        page.close()


@pytest.mark.parametrize(
    "path",
    [
        "/%3Cscript%3Ealert(1)%3C/script%3E",
        "/sparql/queries/%3Cimg%20src=x%20onerror=alert(1)%3E",
        "/sparql?query=%3Cscript%3Ealert(1)%3C/script%3E",
        "/sparql/queries/statements-by?actor=%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_errors_that_echo_input_are_plain_text(served: Server, path: str) -> None:
    """Error messages quote what was asked; as text/plain with nosniff, never as a page."""
    answer = fetch(served.base + path, headers={"Accept": "text/html"})
    assert 400 <= answer.status < 500, (path, answer.status)
    assert answer.headers["content-type"].startswith("text/plain"), (path, answer.headers)
    assert answer.headers["x-content-type-options"] == "nosniff"
