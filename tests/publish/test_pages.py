"""Per-resource pages and files: paths, parsing, links, five-star links, escaping, content."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest

from .conftest import BASE, HOSTILE, HOSTILE_SESSION, SOURCE_URL

KOKUBUNJI = "id/org/lg/132144"  # 国分寺市


class _Page(HTMLParser):
    """Collects a page's links, element ids, tags and script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.scripts: list[tuple[str | None, str]] = []
        self._script_type: str | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "script":
            self._in_script, self._script_type = True, values.get("type")
            self.scripts.append((self._script_type, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _resource_files(site_dir: Path, suffix: str) -> list[Path]:
    return sorted((site_dir / "id").rglob(f"*{suffix}"))


def test_page_paths_follow_the_iri_contract(site_dir: Path) -> None:
    for suffix in (".html", ".ttl", ".jsonld", ".nt"):
        assert (site_dir / f"id/session/cio-forum/2{suffix}").is_file()
        assert (site_dir / f"id/session/cio-forum/2/statement/3{suffix}").is_file()
    for kind in ("series", "session", "org", "post", "person", "topic", "record"):
        assert list((site_dir / "id" / kind).rglob("*.html")), kind
    assert (site_dir / "id/session/cio-forum/2/agenda/1.html").is_file()


def test_every_resource_file_parses_and_formats_agree(site_dir: Path) -> None:
    pages = _resource_files(site_dir, ".html")
    assert len(pages) > 100
    for page in pages:
        stem = page.with_suffix("")
        turtle = set(ox.parse(path=str(stem) + ".ttl", format=ox.RdfFormat.TURTLE))
        ntriples = set(ox.parse(path=str(stem) + ".nt", format=ox.RdfFormat.N_TRIPLES))
        jsonld = set(ox.parse(path=str(stem) + ".jsonld", format=ox.RdfFormat.JSON_LD))
        assert turtle, stem
        assert turtle == ntriples == jsonld, stem
        embedded = _parse(page).scripts
        data = [text for kind, text in embedded if kind == "application/ld+json"]
        assert len(data) == 1
        assert set(ox.parse(data[0].encode(), format=ox.RdfFormat.JSON_LD)) == jsonld, stem


def test_resource_files_cover_every_exported_triple(site_dir: Path) -> None:
    exported = set(
        ox.parse(
            gzip.decompress((site_dir / "dumps/gijiroku.nt.gz").read_bytes()),
            format=ox.RdfFormat.N_TRIPLES,
        )
    )
    described: set[ox.Triple] = set()
    for path in _resource_files(site_dir, ".nt"):
        described.update(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    missing = {q.triple for q in exported} - described
    assert not missing, sorted(str(t) for t in missing)[:5]


def test_resource_turtle_parses_with_rapper(site_dir: Path) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    for path in [*_resource_files(site_dir, ".ttl"), site_dir / "void.ttl", site_dir / "def.ttl"]:
        done = subprocess.run(
            [rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, (path, done.stderr)


def test_no_broken_internal_link(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    ids = {page: _parse(page).ids for page in pages}
    broken = []
    checked = 0
    for page in pages:
        for link in _parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                assert parts.scheme in ("http", "https"), (page, link)
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            missing_anchor = (
                target.is_file()
                and bool(parts.fragment)
                and target.suffix == ".html"
                and parts.fragment not in ids.get(target, _parse(target).ids)
            )
            if not target.is_file() or missing_anchor:
                broken.append((str(page.relative_to(site_dir)), link))
    assert checked > 1000
    assert not broken, broken[:10]


def test_municipality_links_to_wikidata_and_estat(site_dir: Path) -> None:
    links = _parse(site_dir / f"{KOKUBUNJI}.html").links
    assert "http://www.wikidata.org/entity/Q317834" in links
    assert "http://data.e-stat.go.jp/lod/sac/C13214" in links


def test_topic_links_to_wikidata_where_matched(site_dir: Path) -> None:
    linked = [
        page
        for page in _resource_files(site_dir, ".html")
        if "/topic/" in str(page)
        and any(link.startswith("http://www.wikidata.org/entity/Q") for link in _parse(page).links)
    ]
    assert linked


def test_statement_page_shows_who_where_what_and_source(site_dir: Path) -> None:
    path = site_dir / "id/session/cio-forum/2/statement/3.html"
    html = path.read_text(encoding="utf-8")
    page = _parse(path)
    assert "地方自治法と地方公務員法による縛りが強く" in html
    assert "国分寺市" in html
    assert "2022年2月1日 14:00" in html
    assert "文字位置 488–552" in html
    assert SOURCE_URL in page.links
    assert "../../../../../id/org/lg/132144.html" in page.links
    assert "../2.html" not in page.links  # links go through the site root, never sideways
    assert "../../../../../id/session/cio-forum/2.html" in page.links
    assert "../../../../../def.html#act-question" in page.links
    assert any(link.endswith("/statement/5.html") for link in page.links)  # its reply


def test_person_page_lists_statements_and_posts(site_dir: Path) -> None:
    html = (site_dir / "id/person").glob("yamada-tarou-*.html")
    text = next(html).read_text(encoding="utf-8")
    assert "山田太郎" in text or "山田 太郎" in text
    assert "地方自治法と地方公務員法も検討の対象" in text  # his statement, linked here
    assert "デジタル大臣政務官" in text


def test_hostile_text_is_escaped(site_dir: Path) -> None:
    path = site_dir / HOSTILE_SESSION / "statement/0.html"
    html = path.read_text(encoding="utf-8")
    page = _parse(path)
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert" not in html and "<img" not in html
    assert "img" not in page.tags
    assert [kind for kind, _ in page.scripts] == ["application/ld+json"]
    data = page.scripts[0][1]
    assert "<" not in data and ">" not in data and "&" not in data
    assert HOSTILE in json.dumps(json.loads(data), ensure_ascii=False).replace("\\/", "/")


def test_index_search_ontology_and_iri_pages(site_dir: Path) -> None:
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'id="q"' in index and "assets/search.js" in index
    assert "id/session/cio-forum/2.html" in index
    search = (site_dir / "search-data.js").read_text(encoding="utf-8")
    rows = json.loads(search.removeprefix("window.KG_LABELS = ").rstrip().rstrip(";"))
    assert ["国分寺市", "Kokubunji City", "団体", KOKUBUNJI] in rows
    docs = _parse(site_dir / "def.html")
    assert {"Statement", "AgendaItem", "spokenAs", "act-question"} <= docs.ids
    assert "発言時の職" in (site_dir / "def.html").read_text(encoding="utf-8")
    scheme = (site_dir / "iri-scheme.html").read_text(encoding="utf-8")
    assert BASE + "id/session/cio-forum/2" in scheme
    assert (site_dir / ".htaccess").is_file() and (site_dir / "nginx.conf").is_file()
    assert "Vary Accept" in (site_dir / ".htaccess").read_text(encoding="utf-8")


def test_resource_links_are_relative(site_dir: Path) -> None:
    page = (site_dir / "id/session/cio-forum/2.html").read_text(encoding="utf-8")
    assert not re.search(r'href="/', page)
    assert f'href="{BASE}' not in page


def test_session_page_gives_when_where_and_its_statements_in_order(site_dir: Path) -> None:
    path = site_dir / "id/session/cio-forum/2.html"
    html = path.read_text(encoding="utf-8")
    assert "2022年2月1日 14:00〜15:30" in html and "リモート開催" in html
    order = [
        int(m.group(1))
        for m in re.finditer(
            r'href="\.\./\.\./\.\./id/session/cio-forum/2/statement/(\d+)\.html"', html
        )
    ]
    assert order == sorted(order) and len(order) > 20


def test_only_http_iris_become_outbound_links() -> None:
    from kg.publish.graph import build_site_graph
    from kg.publish.pages import Linker

    subject = ox.NamedNode(BASE + "id/org/x")
    see_also = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    triples = [
        ox.Triple(subject, see_also, ox.NamedNode("javascript:alert(1)")),
        ox.Triple(subject, see_also, ox.NamedNode("https://example.org/a")),
    ]
    linker = Linker(build_site_graph(triples, BASE), "../../")
    assert linker.href("javascript:alert(1)") is None
    assert "href" not in linker.link(ox.NamedNode("javascript:alert(1)"))["html"]
    assert linker.href("https://example.org/a") == "https://example.org/a"
    assert linker.href(BASE + "id/org/x") == "../../id/org/x.html"


def test_record_page_lists_the_statements_read_from_it(site_dir: Path) -> None:
    record = next(
        p for p in (site_dir / "id/record").glob("*.html") if SOURCE_URL in _parse(p).links
    )
    links = _parse(record).links
    assert "../../id/session/cio-forum/2/statement/3.html" in links
    assert not any("#source" in link for link in links)
