"""Writers: a printed record as a text file (four encodings), an HTML page or a PDF."""

from __future__ import annotations

import html
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bench.plan import Plan
from bench.render import Line, Rendered, Style


@dataclass(frozen=True)
class Format:
    """An output format: kind (``text``, ``html``, ``pdf``), encoding and file suffix."""

    name: str
    kind: str
    encoding: str
    suffix: str
    unprintable: str = ""  # characters the format cannot carry although the encoding can

    @property
    def media_type(self) -> str:
        """The IANA media type."""
        return {"text": "text/plain", "html": "text/html", "pdf": "application/pdf"}[self.kind]


FORMATS = {
    f.name: f
    for f in (
        Format("txt", "text", "utf-8", ".txt"),
        Format("txt-bom", "text", "utf-8-sig", ".txt"),
        Format("txt-cp932", "text", "cp932", ".txt"),
        Format("txt-eucjp", "text", "euc_jp", ".txt"),
        Format("html", "html", "utf-8", ".html"),
        Format("html-cp932", "html", "cp932", ".html"),
        # PDF text goes through the CID font HeiseiMin-W3: keep to JIS X 0208 (which EUC-JP
        # holds) less the characters whose glyphs pdfminer reads back as something else.
        Format("pdf", "pdf", "euc_jp", ".pdf", unprintable="~|～－﨑"),
    )
}


def to_text(lines: list[Line], style: Style, rng: random.Random) -> str:
    """The record as a plain-text file's content (before encoding)."""
    out = io.StringIO()
    if rng.random() < 0.15:
        out.write("\n\n")
    for i, line in enumerate(lines):
        if i:
            blank = line.gap == "blank" or (line.gap == "auto" and style.blank_lines)
            out.write("\n\n" if blank else "\n")
        out.write(line.printed)
    out.write("\n")
    return out.getvalue()


def encode_text(text: str, fmt: Format, crlf: bool) -> bytes:
    """Encode a text file (BOM for utf-8-sig, CRLF line ends when asked)."""
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode(fmt.encoding)


_NAV = ("ホーム", "くらし・手続き", "子育て・教育", "健康・福祉", "まちづくり", "市政情報")
_TOKYO_NAV = ("ホーム", "局の紹介", "施策紹介", "区市町村との連携", "報道発表", "お問い合わせ")


def to_html(rendered: Rendered, plan: Plan, style: Style, rng: random.Random) -> str:
    """The record as a municipal web page, with navigation, breadcrumb and footer chrome."""
    tokyo = plan.publisher == "東京都"
    site = "東京都デジタルサービス局" if tokyo else f"{plan.publisher}公式ホームページ"
    nav = _TOKYO_NAV if tokyo else _NAV
    if tokyo:
        address, owner = (
            f"{site}　〒163-8001 東京都新宿区西新宿二丁目8番1号",
            "Tokyo Metropolitan Government",
        )
    else:
        office = plan.municipality.office if plan.municipality else plan.publisher
        address, owner = f"{office}　代表電話 042-{rng.randrange(100, 999)}-1111", plan.publisher
    charset = "Shift_JIS" if style.encoding == "cp932" else "UTF-8"
    e = _escape
    title = rendered.title
    crumbs = [nav[0], nav[3], plan.series_name, title]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        f'<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}｜{e(site)}</title>",
        '<link rel="stylesheet" href="/shared/css/common.css">',
        '<script src="/shared/js/jquery.min.js"></script>',
        "</head>",
        "<body>",
        '<div id="skip"><a href="#main">本文へ移動</a></div>',
        '<header id="header">',
        f'<div class="site-name"><a href="/">{e(site)}</a></div>',
        '<div class="tools"><a href="/foreign/">Foreign Language</a> '
        '<a href="/sitemap.html">サイトマップ</a> '
        '<form class="search"><input type="text" name="q" placeholder="サイト内検索">'
        "<button>検索</button></form></div>",
        '<nav id="global-nav"><ul>',
        *(f'<li><a href="/{i}/">{e(item)}</a></li>' for i, item in enumerate(nav)),
        "</ul></nav>",
        "</header>",
        '<nav class="breadcrumb"><ol>',
        *(f'<li><a href="/{i}/">{e(c)}</a></li>' for i, c in enumerate(crumbs[:-1])),
        f"<li>{e(crumbs[-1])}</li>",
        "</ol></nav>",
        '<div id="content">',
        '<main id="main"><article>',
        f'<p class="update">更新日：{plan.date:%Y年%m月%d日}</p>',
        *_content(rendered.lines, style),
        '<div class="inquiry"><h2>お問い合わせ</h2>'
        f"<p>{e(site)} 総務課<br>電話：03-5388-{rng.randrange(1000, 9999)}</p></div>",
        "</article></main>",
        '<aside id="side"><h2>関連情報</h2><ul>'
        f'<li><a href="/list/">{e(plan.series_name)}の開催状況</a></li>'
        '<li><a href="/policy/">デジタル施策の一覧</a></li></ul></aside>',
        "</div>",
        '<p class="pagetop"><a href="#header">ページの先頭へ戻る</a></p>',
        '<footer id="footer">',
        '<ul class="footer-nav"><li><a href="/privacy/">個人情報の取扱い</a></li>'
        '<li><a href="/accessibility/">ウェブアクセシビリティ</a></li>'
        '<li><a href="/link/">リンク集</a></li></ul>',
        f"<p>{e(address)}</p>",
        f"<p><small>Copyright &copy; {e(owner)}. All rights reserved.</small></p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _content(lines: list[Line], style: Style) -> Iterator[str]:
    """The record's lines as HTML elements: lists grouped, continuation lines as <br>."""
    e = _escape
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.kind in ("li", "oli"):
            tag = "ul" if line.kind == "li" else "ol"
            yield f"<{tag}>"
            while i < len(lines) and lines[i].kind == line.kind:
                yield f"<li>{e(lines[i].text)}</li>"
                i += 1
            yield f"</{tag}>"
            continue
        if line.kind == "field" and style.html_dl:
            yield "<dl>"
            while i < len(lines) and lines[i].kind == "field":
                label = lines[i].marker.rstrip(":：　 ")
                yield f"<dt>{e(label)}</dt><dd>{e(lines[i].text)}</dd>"
                i += 1
            yield "</dl>"
            continue
        if line.kind in ("h1", "h2", "h3", "h4"):
            yield f"<{line.kind}>{e(line.printed)}</{line.kind}>"
            i += 1
            continue
        pieces = [e(line.printed)]
        i += 1
        while i < len(lines) and lines[i].gap == "tight" and lines[i].kind == "p":
            pieces.append(e(lines[i].printed))
            i += 1
        yield "<p>" + "<br>\n".join(pieces) + "</p>"


_FONT = "HeiseiMin-W3"
_NO_LINE_START = "、。，．）」』】〕ー・：:;,.)"


def to_pdf(rendered: Rendered, hanging: bool = True) -> bytes:
    """The record as a PDF (A4, CID font HeiseiMin-W3, page numbers, explicit page breaks).

    Args:
        rendered: the printed record.
        hanging: indent the wrapped lines of a bulleted paragraph under its text (text
            extraction then often reads them as a paragraph of their own).

    Raises:
        RuntimeError: when reportlab is not installed.
    """
    try:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError("PDF output needs reportlab: pip install reportlab") from error
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(rendered.title)
    width, height = A4
    margin, bottom = 62.0, 70.0
    state = {"page": 1, "y": height - margin}
    widths: dict[tuple[str, float], float] = {}

    def char_width(ch: str, size: float) -> float:
        key = (ch, size)
        if key not in widths:
            widths[key] = pdfmetrics.stringWidth(ch, _FONT, size)
        return widths[key]

    def new_page() -> None:
        pdf.setFont(_FONT, 9)
        pdf.drawCentredString(width / 2, 36, f"- {state['page']} -")
        pdf.showPage()
        state["page"] += 1
        state["y"] = height - margin

    for n, line in enumerate(rendered.lines):
        if line.page_break:
            new_page()
        size = 14.0 if line.kind == "h1" else 10.5
        leading = size * 1.35
        if n and line.gap != "tight":
            state["y"] -= size * 0.8
        text = line.printed.replace("•", "・")
        indent = 0.0
        if hanging and (line.kind in ("li", "oli") or (line.marker and line.kind == "p")):
            indent = sum(char_width(c, size) for c in line.marker.replace("•", "・"))
        for k, piece in enumerate(_wrap(text, width - 2 * margin, indent, size, char_width)):
            if state["y"] < bottom:
                new_page()
            pdf.setFont(_FONT, size)
            x = margin + (indent if k else 0.0)
            if line.kind == "h1":
                pdf.drawCentredString(width / 2, state["y"], piece)
            else:
                pdf.drawString(x, state["y"], piece)
            state["y"] -= leading
    pdf.setFont(_FONT, 9)
    pdf.drawCentredString(width / 2, 36, f"- {state['page']} -")
    pdf.save()
    return buffer.getvalue()


def _wrap(
    text: str, width: float, indent: float, size: float, char_width: Callable[[str, float], float]
) -> list[str]:
    """Break ``text`` into lines that fit ``width`` (later lines indented by ``indent``)."""
    lines: list[str] = []
    start, used, limit = 0, 0.0, width
    for i, ch in enumerate(text):
        w = char_width(ch, size)
        # 禁則: closing punctuation never starts a line; it hangs in the margin instead
        if used + w > limit and i > start and ch not in _NO_LINE_START:
            lines.append(text[start:i])
            start, used, limit = i, 0.0, width - indent
        used += w
    lines.append(text[start:])
    return [piece for piece in lines if piece] or [""]
