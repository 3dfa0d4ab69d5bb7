"""Build source files for tests: real PDFs, realistic municipal HTML pages, encoded text.

``write_pdf`` draws Japanese text with reportlab's built-in CID font HeiseiMin-W3 (no font
file needed); pdfminer reads it back exactly, with one known exception: 﨑 (U+FA11) comes
back as ``(cid:8443)``, because pdfminer's Adobe-Japan1 table has no Unicode value for that
CID (HeiseiKakuGo-W5 behaves the same). Real PDFs embed fonts with a ToUnicode map and do
not have this problem, so tests that need 﨑 use text or HTML sources. ``unmapped_pdf`` writes,
byte by byte, a PDF whose glyphs have no Unicode mapping at all.
"""

from __future__ import annotations

import os
from pathlib import Path

PDF_FONT = "HeiseiMin-W3"

# Text that appears only in the chrome write_html adds; none of it may survive loading.
CHROME_TEXTS = (
    "本文へスキップ",
    "文字サイズ",
    "サイト内検索",
    "グローバルナビ施策一覧",
    "パンくずホーム",
    "サイドバー関連リンク",
    "ページの先頭へ",
    "フッター問い合わせ先",
    "Copyright",
    "スクリプト変数",
    "スタイル定義",
    "JavaScriptが無効",
    "Twitterで共有",
)

_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
{meta}
<title>議事要旨|東京都デジタルサービス局</title>
<script>var message = "スクリプト変数";</script>
<style>/* スタイル定義 */ body {{ margin: 0; }}</style>
</head>
<body>
<noscript><p>JavaScriptが無効です</p></noscript>
<div id="tmp_wrapper">
<p class="skip-link"><a href="#tmp_contents">本文へスキップ</a></p>
<header id="tmp_header">
  <p class="logo"><a href="/">東京都デジタルサービス局</a></p>
  <ul class="tool"><li><a href="#">文字サイズ</a></li><li><a href="#">English</a></li></ul>
  <form action="/search"><input type="text" name="q"><button>サイト内検索</button></form>
</header>
<nav id="tmp_gnavi" class="global-nav">
  <ul><li><a href="/">ホーム</a></li><li><a href="/business">グローバルナビ施策一覧</a></li></ul>
</nav>
<div id="tmp_pankuzu" class="breadcrumbs">
  <a href="/">パンくずホーム</a> &gt; <a href="/business">区市町村DX</a>
</div>
<div id="tmp_main">
<main id="tmp_contents">
{content}
<div class="sns-share"><a href="#">Twitterで共有</a></div>
<p class="pagetop"><a href="#tmp_wrapper">ページの先頭へ戻る</a></p>
</main>
<aside id="tmp_side">
  <h2>サイドバー関連リンク</h2>
  <ul><li><a href="#">都・区市町村CIO協議会</a></li></ul>
</aside>
</div>
<footer id="tmp_footer">
  <p>フッター問い合わせ先:〒163-8001 東京都新宿区西新宿二丁目8番1号</p>
  <p><small>Copyright &copy; Tokyo Metropolitan Government. All rights reserved.</small></p>
</footer>
</div>
</body>
</html>
"""

_BARE_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
{meta}
<title>議事要旨</title>
</head>
<body>
{content}
</body>
</html>
"""

_SHIFT_JIS_LABELS = {"shift_jis", "shift-jis", "sjis", "x-sjis", "windows-31j"}


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write text in a Python codec exactly as given (no newline translation).

    ``utf-8-sig``, ``utf-16`` and ``utf-32`` write a BOM; ``utf-16-le`` and the like do not.
    """
    target = Path(path)
    target.write_bytes(text.encode(encoding))
    return target


def write_html(
    path: str | os.PathLike[str],
    body_html: str,
    chrome: bool = True,
    charset: str = "utf-8",
    http_equiv: bool = False,
) -> Path:
    """Write body_html inside a municipal page, encoded in charset and declaring it.

    Args:
        path: where to write.
        body_html: the page's content (the minutes), as HTML.
        chrome: wrap it in a CMS-style page with a header, skip link, global navigation,
            breadcrumb, sidebar, share buttons, 「ページの先頭へ戻る」 link, footer, script and
            style (see CHROME_TEXTS); otherwise in a bare html/body.
        charset: the declared charset label; Shift_JIS labels are encoded as CP932, the
            superset such pages really use.
        http_equiv: declare it with ``<meta http-equiv="Content-Type">`` instead of
            ``<meta charset>``.
    """
    if http_equiv:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        meta = f'<meta charset="{charset}">'
    page = (_PAGE if chrome else _BARE_PAGE).format(meta=meta, content=body_html)
    codec = "cp932" if charset.lower() in _SHIFT_JIS_LABELS else charset
    target = Path(path)
    target.write_bytes(page.encode(codec))
    return target


def write_pdf(
    path: str | os.PathLike[str],
    pages: list[list[str]],
    font_size: float = 10.5,
    leading: float = 14,
) -> Path:
    """Write a real PDF with one text line per string, one page per list, in PDF_FONT.

    With the default leading, pdfminer puts the lines of a page in one text box, so they
    come back separated by single newlines. An empty page list writes a page with a drawn
    rectangle and no text (a stand-in for a scanned image).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    target = Path(path)
    pdf = canvas.Canvas(str(target), pagesize=A4, invariant=True)
    _, height = A4
    for lines in pages:
        if not lines:
            pdf.rect(72, 72, 200, 300, fill=1)
        pdf.setFont(PDF_FONT, font_size)
        for number, line in enumerate(lines):
            pdf.drawString(72, height - 72 - number * leading, line)
        pdf.showPage()
    pdf.save()
    return target


def unmapped_pdf(codes: str) -> bytes:
    """A real one-page PDF whose text is the glyph codes ``codes`` (hex, two bytes each) in a
    CID font with Identity encoding and no ToUnicode map: no reader can tell its characters."""
    stream = b"BT /F1 12 Tf 72 720 Td <" + codes.encode("ascii") + b"> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Glyphs /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Glyphs /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Glyphs /Flags 4 /FontBBox [0 0 1000 1000]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out += trailer % (len(objects) + 1, xref)
    return bytes(out)


def plant_markup(record: str, text: str, speaker: str, agenda: str) -> str:
    """The first sample record ``record`` with markup planted in three places: ``text`` in a
    statement of 町田市, ``speaker`` for the speaker 町田市, and ``agenda`` in an agenda item."""
    planted = record.replace(
        "ガバメントクラウドの実態が未だ掴めないため",
        text + "ガバメントクラウドの実態が未だ掴めないため",
        1,
    )
    planted = planted.replace("\n町田市\n", f"\n{speaker}\n", 1)
    return planted.replace("情報共有会(デジタル庁", f"情報共有会{agenda}(デジタル庁", 1)
