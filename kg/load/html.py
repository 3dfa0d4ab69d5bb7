"""HTML pages to text: the main content, with navigation and other chrome dropped.

Block structure is kept as lines (paragraphs, list items with their bullets, table rows), so
that the parser sees a page as it sees a plain-text record.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import PageElement, Tag

_DROP_TAGS = [
    "script", "style", "noscript", "template", "nav", "aside", "iframe", "object", "embed",
    "select", "button", "input", "textarea", "svg", "canvas", "head",
]  # fmt: skip
_SECTIONING = {"article", "aside", "main", "nav", "section"}
_CONTAINER_NAMES = {"main", "contents", "content", "tmpcontents", "maincontent", "maincontents"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                 "menubar"}  # fmt: skip
_CHROME_WORDS = {
    "nav", "navi", "navigation", "gnav", "gnavi", "lnav", "lnavi", "snav", "snavi", "globalnav",
    "localnav", "menu", "breadcrumb", "breadcrumbs", "topicpath", "pankuzu", "sidebar", "side",
    "sidemenu", "banner", "skip", "skiplink", "pagetop", "share", "sns", "social", "contentinfo",
    "sronly", "visuallyhidden", "screenreader",
}  # fmt: skip
_EDGE_WORDS = {"header", "footer"}
_WRAPPER_MIN = 200  # characters: more than any navigation or share block holds
_CHROME_TEXT = re.compile(
    r"\s*(?:(?:この)?ページの(?:先頭|トップ|上)|ページトップ|トップ)へ(?:戻る)?\s*"
    r"|\s*(?:本文|メニュー|ナビゲーション|メインコンテンツ)(?:へ|に)(?:移動|スキップ|進む)?(?:する)?\s*"
)
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "figure"}
_LISTS = {"ul", "ol", "dl", "menu"}
_LINES = {
    "div", "li", "tr", "dt", "dd", "section", "article", "main", "header", "footer", "caption",
    "figcaption", "center", "details", "summary", "fieldset", "legend", "address", "form",
}  # fmt: skip
_BULLETS = "・･•◦○◯●◎◆◇■□▪-*"
_SPACES = re.compile(r"[ \t\n\r\f]+")


def page_url(markup: str) -> str | None:
    """Return the address a page gives for itself: ``<link rel="canonical">``, else
    ``<meta property="og:url">``; only an absolute http(s) URL, else None."""
    from bs4 import BeautifulSoup, SoupStrainer

    end = markup.lower().find("</head>")
    markup = markup[: end if end >= 0 else 65536]  # the head, where both live
    if "canonical" not in markup and "og:url" not in markup:
        return None  # most pages: no second parse
    head = BeautifulSoup(markup, "lxml", parse_only=SoupStrainer(["link", "meta"]))
    found = [
        tag.get("href") for tag in head.find_all("link") if "canonical" in (tag.get("rel") or [])
    ]
    found += [tag.get("content") for tag in head.find_all("meta", property="og:url")]
    for url in found:
        if isinstance(url, str) and url.strip().startswith(("http://", "https://")):
            return url.strip()
    return None


def html_to_text(markup: str) -> str:
    """Return the visible text of a page's main content, one block per line.

    Drops scripts, navigation, the page's header and footer, sidebars and links such as
    「ページの先頭へ」; renders ``ul > li`` as 「・」 lines, ``ol > li`` as 「1. 」 lines,
    table rows as their cells joined by a space, and paragraphs and headings separated by a
    blank line. Returns "" when nothing is left.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    dropped = {*_DROP_TAGS, "header", "footer"}
    for tag in [t for t in _tags(soup) if t.name in dropped]:
        # <header> and <footer> outside article, section, … are the page's banner and footer
        if not _gone(tag) and (tag.name in _DROP_TAGS or not _in_section(tag)):
            tag.decompose()
    root = soup.body or soup
    candidates = [tag for tag in _tags(root) if _is_container(tag)]
    container = max(candidates, key=_text_length, default=root)  # ties: the outermost
    _drop_chrome(container, in_content=container is not root)
    return _render(container)


def _tags(root: Tag) -> list[Tag]:
    """Every element below ``root``, in document order (faster than ``find_all(True)``)."""
    from bs4 import Tag

    return [node for node in root.descendants if isinstance(node, Tag)]


def _gone(node: PageElement) -> bool:
    """Tell whether a node was decomposed with an ancestor.

    bs4's ``decomposed`` property looks its flag up through ``Tag.__getattr__``, which searches
    the subtree for a child tag of that name when the flag is unset: reading ``__dict__``
    directly is 40× faster, and HTML loading spent a fifth of its time there.
    """
    return bool(node.__dict__.get("_decomposed", False))


def _in_section(tag: Tag) -> bool:
    """Tell whether tag lies in an article, section, main, … (so is not page chrome)."""
    return any(p.name in _SECTIONING or p.get("role") == "main" for p in tag.parents)


def _tokens(tag: Tag) -> list[str]:
    """Return a tag's id and class values."""
    return [str(v) for v in (*tag.get_attribute_list("id"), *tag.get_attribute_list("class")) if v]


def _words(tag: Tag) -> set[str]:
    """Return the words of a tag's id and classes: tmp_gnavi, globalNav, page-top, …"""
    words: set[str] = set()
    for token in _tokens(tag):
        words.update(w.lower() for w in re.split(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])", token) if w)
        words.add(re.sub(r"[^a-z]", "", token.lower()))
    return words


def _is_container(tag: Tag) -> bool:
    """Tell whether tag is marked as the page's main content (main, #tmp_contents, …)."""
    if tag.name in ("main", "article") or tag.get("role") == "main":
        return True
    return any(re.sub(r"[-_]", "", t.lower()) in _CONTAINER_NAMES for t in _tokens(tag))


def _text_length(tag: Tag) -> int:
    """Return how many visible characters tag holds."""
    return len(tag.get_text(strip=True))


def _drop_chrome(container: Tag, in_content: bool) -> None:
    """Remove navigation, sharing, skip and page-top elements from the content container."""
    total = _text_length(container)
    for tag in _tags(container):
        if _gone(tag):
            continue
        words = _words(tag)
        chrome = (
            tag.name == "form"
            or tag.has_attr("hidden")
            or tag.get("aria-hidden") == "true"
            or bool(set(str(tag.get("role") or "").split()) & _CHROME_ROLES)
            or bool(words & _CHROME_WORDS)
            or bool(words & _EDGE_WORDS and not (in_content or _in_section(tag)))
        )
        size = _text_length(tag) if chrome else 0
        # A wrapper like <form id="aspnetForm"> or <div class="has-sidebar"> holds the content.
        if chrome and not (size * 2 > total and size > _WRAPPER_MIN):
            tag.decompose()
    strings = [d for d in container.descendants if isinstance(d, str) and _CHROME_TEXT.search(d)]
    for string in strings:
        if not _gone(string) and _CHROME_TEXT.fullmatch(string):
            string.extract()  # the emptied <a>, <p> renders nothing


def _collapse(match: re.Match[str]) -> str:
    """Collapse white space to one space, or to none where a line break wraps Japanese.

    CSS Text 3 drops a segment break between two wide characters, so a sentence wrapped
    in the markup does not gain a space.
    """
    start, end, text = match.start(), match.end(), match.string
    if "\n" in match.group() and start > 0 and end < len(text):
        neighbours = text[start - 1] + text[end]
        if all(unicodedata.east_asian_width(char) in ("F", "W", "H") for char in neighbours):
            return ""
    return " "


def _render(root: Tag) -> str:
    """Return an element's text, one block per line, ending with a newline if not empty."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString  # comments, doctype, CDATA

    lines: list[str] = []
    buffer: list[str] = []

    def end_line(blank: bool = False) -> None:
        line = _SPACES.sub(_collapse, "".join(buffer)).strip()
        buffer.clear()
        if line:
            lines.append(line)
        if blank and lines and lines[-1]:  # never two blank lines in a row
            lines.append("")

    pre = 0
    stack: list[tuple[object, bool]] = [(root, False)]  # iterative: real pages nest deeply
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            first, *rest = str(node).split("\n") if pre else [str(node)]
            buffer.append(first)
            for piece in rest:
                end_line()
                buffer.append(piece)
        if not isinstance(node, Tag):
            continue
        name = node.name
        paragraph = name in _PARAGRAPHS or (name in _LISTS and node.find_parent("li") is None)
        block = paragraph or name in _LINES or name in _LISTS or name == "hr"
        if leaving:
            pre -= name == "pre"
            if block:
                end_line(blank=paragraph)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
        pre += name == "pre"
        if name == "br":  # a second <br> in a row leaves a blank line
            end_line(blank=not "".join(buffer).strip())
        elif block:
            end_line(blank=paragraph or name == "hr")
        if name == "li":
            buffer.append(_marker(node))
        elif name in ("td", "th") and node.find_previous_sibling(["td", "th"]) is not None:
            buffer.append(" ")
    end_line()
    text = "\n".join(lines).strip("\n")
    return text + "\n" if text else ""


def _marker(item: Tag) -> str:
    """Return 「・」 for an unordered list item, 「N. 」 for an ordered one."""
    if item.get_text(strip=True)[:1] in _BULLETS:
        return ""  # the page prints its own bullet
    parent = item.parent
    if parent is None or parent.name != "ol":
        return "・"
    start = str(parent.get("start") or "")
    first = int(start) if start.isdigit() else 1
    return f"{first + len(item.find_previous_siblings('li'))}. "
