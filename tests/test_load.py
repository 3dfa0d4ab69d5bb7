"""Tests for kg.load: encodings, normalization, HTML main content, PDF text and input errors."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import random
import threading
from pathlib import Path

import pytest
from factories import CHROME_TEXTS, unmapped_pdf, write_html, write_pdf, write_text

from kg import load
from kg.errors import InputError
from kg.load import MAX_BYTES, load_bytes, load_document

MINUTES = (
    "第4回東京都・区市町村CIOフォーラム 議事要旨\n"
    "日時:令和5年2月14日(火)13:00~14:45\n"
    "荒川区\n"
    "○クラウド化に関して国の方で推進しているが、違いを伺いたい。\n"
)
# cp932 extensions (髙 﨑 ①) and half-width kana: the forms printed records really use.
MINUTES_CP932 = "国立市\n・髙橋課長と﨑山氏からｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞの説明があった。①について伺いたい。\n"
MINUTES_LONG = (  # long runs of kanji: few ISO-2022-JP escapes, so the 7-bit bytes look like text
    "○クラウド化に関して国の方でガバメントクラウドを全国的に推進しているが、東京都が進めよう"
    "としているクラウド化との違いや役割分担等を整理されているかを伺いたい。\n"
)
MINUTES_EUC = "国分寺市\n・ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞの実態が未だ掴めないため、教えてほしい。\n"
SHORT_SAMPLES = ("国立市\n・賛成。\n", "事務局: 質疑なし\n", "会議録\n", MINUTES)


def input_error(path: Path | str, reason: str, excinfo: pytest.ExceptionInfo[InputError]) -> None:
    """Assert the error is a one-line InputError naming the path and giving the reason."""
    error = excinfo.value
    message = str(error)
    assert type(error) is InputError, repr(error)
    assert error.exit_code == 2
    assert message.startswith(f"{path}: "), message
    assert reason in message, message
    assert "\n" not in message, message


# Encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "text", "recorded"),
    [
        ("utf-8", MINUTES_CP932, "utf-8"),
        ("utf-8-sig", MINUTES_CP932, "utf-8-sig"),
        ("cp932", MINUTES_CP932, "cp932"),
        ("euc_jp", MINUTES_EUC, "euc_jp"),
        ("euc_jp", MINUTES, "euc_jp"),
        ("iso2022_jp", MINUTES, "iso2022_jp"),
        ("iso2022_jp", MINUTES_LONG, "iso2022_jp"),
        ("utf-16", MINUTES_CP932, "utf-16"),
        ("utf-16-be", MINUTES_CP932, "utf-16-be"),
        ("utf-16-le", MINUTES_CP932, "utf-16-le"),
        ("utf-32", MINUTES, "utf-32"),
    ],
)
def test_each_encoding_is_decoded_and_recorded(
    tmp_path: Path, codec: str, text: str, recorded: str
) -> None:
    path = write_text(tmp_path / "minutes.txt", text, codec)
    document = load_document(path)
    assert document.text == text
    assert document.encoding == recorded
    assert document.source.media_type == "text/plain"
    assert document.source.path == str(path)


@pytest.mark.parametrize("codec", ["cp932", "euc_jp", "utf-16-le"])
@pytest.mark.parametrize("text", SHORT_SAMPLES)
def test_short_japanese_samples_are_detected(codec: str, text: str) -> None:
    document = load_bytes(text.encode(codec), "short.txt")
    assert (document.text, document.encoding) == (text, codec)


def test_utf16_without_bom_and_ascii_heavy_text_is_not_taken_for_utf8() -> None:
    text = "CIO Forum 2023\nAgenda: DX\n東京都\n"
    document = load_bytes(text.encode("utf-16-le"), "ascii.txt")
    assert (document.text, document.encoding) == (text, "utf-16-le")


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    path = write_text(tmp_path / "m.txt", "国立市\r\n", "cp932")
    assert load_document(path).source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


# Normalization ----------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "cp932"])
def test_line_ends_are_normalized(codec: str) -> None:
    data = "議事要旨\r\n日時:令和5年\r場所:都庁\n\r\n".encode(codec)
    assert load_bytes(data, "m.txt").text == "議事要旨\n日時:令和5年\n場所:都庁\n\n"


def test_control_characters_are_removed_but_tabs_kept() -> None:
    data = "\ufeff荒川区\x00\n\t○質問\x07です。\x1b\x0b\n".encode()
    assert load_bytes(data, "m.txt").text == "荒川区\n\t○質問です。\n"


def test_byte_order_marks_inside_the_text_are_removed() -> None:
    data = "議事要旨\n".encode() + "\ufeff国立市\n".encode()  # two files concatenated
    assert load_bytes(data, "m.txt").text == "議事要旨\n国立市\n"


def test_form_feed_becomes_one_blank_line() -> None:
    data = "一頁目の終わり\n\f\n二頁目\f\f三頁目\n".encode()
    assert load_bytes(data, "m.txt").text == "一頁目の終わり\n\n二頁目\n\n三頁目\n"


def test_characters_are_kept_as_printed() -> None:
    text = "ＣＩＯ ｶﾀｶﾅ ① 髙﨑 ～ ー ㈱ 令和５年\n"  # cp932 0x8160 is U+FF5E
    assert load_bytes(text.encode("cp932"), "m.txt").text == text


# HTML -------------------------------------------------------------------------------------

CONTENT = """
<h1>第4回東京都・区市町村CIOフォーラム 議事要旨</h1>
<p>日時:令和5年2月14日(火)13:00~14:45</p>
<h2>議事</h2>
<ol>
  <li>都からの事業報告</li>
  <li>国からの情報共有<br>(デジタル庁参事官 渡邉 繁樹 氏)</li>
</ol>
<h2>都からの事業報告</h2>
<p><strong>荒川区</strong></p>
<ul>
  <li>クラウド化に関して<a href="/gc">ガバメントクラウド</a>を
      全国的に推進しているが、違いを伺いたい。</li>
  <li>髙橋課長 &amp; 﨑山氏、ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ&lt;GC&gt;について。</li>
</ul>
<table>
  <tr><th>区分</th><th>出席者</th></tr>
  <tr><td>東京都</td><td>東京都CIO 副知事 <span>宮坂 学</span></td></tr>
</table>
<p>記事ID:110-001-20231205-007652</p>
"""
CONTENT_TEXT = """第4回東京都・区市町村CIOフォーラム 議事要旨

日時:令和5年2月14日(火)13:00~14:45

議事

1. 都からの事業報告
2. 国からの情報共有
(デジタル庁参事官 渡邉 繁樹 氏)

都からの事業報告

荒川区

・クラウド化に関してガバメントクラウドを全国的に推進しているが、違いを伺いたい。
・髙橋課長 & 﨑山氏、ｶﾞﾊﾞﾒﾝﾄｸﾗｳﾄﾞ<GC>について。

区分 出席者
東京都 東京都CIO 副知事 宮坂 学

記事ID:110-001-20231205-007652
"""


def test_html_page_gives_its_content_without_chrome(tmp_path: Path) -> None:
    document = load_document(write_html(tmp_path / "giji.html", CONTENT))
    assert document.source.media_type == "text/html"
    assert document.encoding == "utf-8"
    assert document.text == CONTENT_TEXT
    leaked = [text for text in CHROME_TEXTS if text in document.text]
    assert not leaked, document.text


@pytest.mark.parametrize("http_equiv", [False, True])
@pytest.mark.parametrize(
    ("charset", "recorded"), [("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp"), ("utf-8", "utf-8")]
)
def test_html_declared_charset_is_honoured(
    tmp_path: Path, charset: str, recorded: str, http_equiv: bool
) -> None:
    content = CONTENT.replace("髙", "高").replace("﨑", "崎") if charset == "EUC-JP" else CONTENT
    path = write_html(tmp_path / "giji.html", content, charset=charset, http_equiv=http_equiv)
    document = load_document(path)
    assert document.encoding == recorded
    assert document.text == load_document(write_html(tmp_path / "u.html", content)).text


def test_html_declared_charset_that_does_not_fit_is_overruled(tmp_path: Path) -> None:
    page = write_html(tmp_path / "a.html", CONTENT, chrome=False, charset="utf-8").read_text()
    sjis_says_utf8 = tmp_path / "sjis.html"
    sjis_says_utf8.write_bytes(page.encode("cp932"))
    utf8_says_sjis = tmp_path / "utf8.html"
    utf8_says_sjis.write_bytes(page.replace('charset="utf-8"', 'charset="Shift_JIS"').encode())
    assert load_document(sjis_says_utf8).encoding == "cp932"
    assert load_document(utf8_says_sjis).encoding == "utf-8"
    assert load_document(sjis_says_utf8).text == load_document(utf8_says_sjis).text
    assert "髙橋課長 & 﨑山氏" in load_document(sjis_says_utf8).text


def test_short_utf8_page_mislabelled_shift_jis_is_read_as_utf8() -> None:
    page = '<html><head><meta charset="Shift_JIS"></head><body><p>議事録</p></body></html>'
    assert page.encode().decode("cp932")  # also valid CP932, so the content must decide
    document = load_bytes(page.encode(), "short.html")
    assert (document.text, document.encoding) == ("議事録\n", "utf-8")


def test_html_page_header_and_footer_are_dropped_without_classes() -> None:
    page = """<html><body>
    <header><p>東京都公式ホームページ</p></header>
    <h1>会議録</h1><p>○議長 開会します。</p>
    <footer><p>東京都庁 〒163-8001</p></footer>
    </body></html>"""
    assert load_bytes(page.encode(), "p.html").text == "会議録\n\n○議長 開会します。\n"


def test_html_without_main_container_drops_chrome_by_id_class_and_role() -> None:
    page = """<html><body>
    <div id="header"><p>ヘッダー文字サイズ</p></div>
    <div class="topicpath"><a href="/">ホーム</a> &gt; 会議録</div>
    <ul id="gNav"><li>グローバルメニュー</li></ul>
    <div role="navigation">ナビゲーション役割</div>
    <form action="/search"><p>検索キーワード</p></form>
    <p hidden>隠し要素</p>
    <h1>会議録</h1>
    <p>○鈴木委員長 ただいまより開会いたします。<span aria-hidden="true">▶アイコン</span></p>
    <p class="sr-only">新しいウィンドウで開きます</p>
    <div class="page-top"><a href="#top">このページの先頭へ</a></div>
    <div id="sideBar"><h2>関連リンク</h2></div>
    <div class="footer">フッター住所</div>
    </body></html>"""
    text = load_bytes(page.encode(), "kaigiroku.html").text
    assert text == "会議録\n\n○鈴木委員長 ただいまより開会いたします。\n"


def test_html_header_and_footer_inside_the_article_are_content() -> None:
    page = """<!DOCTYPE html><html><body>
    <header><p>サイト名ヘッダー</p></header>
    <article>
      <header><h1>第5回都・区市町村CIO協議会 議事要旨</h1></header>
      <p>【1.挨拶】</p>
      <p>(東京都CIO 副知事 宮坂 学)</p>
      <footer class="article-footer"><p>記事ID:110-001-20250301-012345</p></footer>
    </article>
    <footer><p>フッター著作権</p></footer>
    </body></html>"""
    text = load_bytes(page.encode(), "giji.html").text
    assert text == (
        "第5回都・区市町村CIO協議会 議事要旨\n\n【1.挨拶】\n\n(東京都CIO 副知事 宮坂 学)\n\n"
        "記事ID:110-001-20250301-012345\n"
    )


def test_html_picks_the_container_with_most_text() -> None:
    page = """<html><body>
    <article><p>お知らせ</p></article>
    <div id="contents"><p>第1回会議録</p><p>○議長 開会します。</p></div>
    </body></html>"""
    assert load_bytes(page.encode(), "p.html").text == "第1回会議録\n\n○議長 開会します。\n"


def test_html_block_structure_and_blank_lines() -> None:
    page = """<html><body><div id="main">
    <p>一行目<br>二行目<br><br>段落の後半</p>
    <p></p><p>&nbsp;</p><p>   </p>
    <div>区切り</div><div>なし</div>
    <ul><li>親<ul><li>子</li></ul></li></ul>
    <ol start="3"><li>三</li><li>四</li></ol>
    <ul><li>・既に中黒付き</li></ul>
    <dl><dt>日時</dt><dd>令和5年</dd></dl>
    <p>CIO
    フォーラム と  DX</p>
    <pre>整形済み
      二行目</pre>
    </div></body></html>"""
    assert load_bytes(page.encode(), "p.html").text == (
        "一行目\n二行目\n\n段落の後半\n\n区切り\nなし\n\n・親\n・子\n\n3. 三\n4. 四\n\n"
        "・既に中黒付き\n\n日時\n令和5年\n\nCIO フォーラム と DX\n\n整形済み\n二行目\n"
    )


def test_html_is_recognized_by_content_and_by_extension() -> None:
    page = "<!DOCTYPE html><html><body><p>議事要旨</p></body></html>".encode()
    assert load_bytes(page, "saved.txt").source.media_type == "text/html"
    fragment = "<p>議事要旨</p><p>国立市</p>".encode()
    assert load_bytes(fragment, "fragment.html").text == "議事要旨\n\n国立市\n"
    assert load_bytes(fragment, "fragment.txt").source.media_type == "text/plain"
    assert load_bytes(fragment, "x", media_type="text/html").source.media_type == "text/html"


def test_deeply_nested_html_is_rendered() -> None:
    page = "<html><body>" + "<div>" * 5000 + "深い本文" + "</div>" * 5000 + "</body></html>"
    assert load_bytes(page.encode(), "deep.html").text == "深い本文\n"


# PDF --------------------------------------------------------------------------------------


def test_pdf_pages_are_separated_by_a_blank_line(tmp_path: Path) -> None:
    path = write_pdf(
        tmp_path / "giji.pdf",
        [
            ["第2回会議 議事要旨", "国立市", "○区市町村 DX 支援について、髙橋課長から説明があり、"],
            ["ｶﾀｶﾅを含む説明を受けた。", "事務局"],
        ],
    )
    document = load_document(path)
    assert document.source.media_type == "application/pdf"
    assert document.encoding is None
    assert document.text == (
        "第2回会議 議事要旨\n国立市\n○区市町村 DX 支援について、髙橋課長から説明があり、\n\n"
        "ｶﾀｶﾅを含む説明を受けた。\n事務局\n"
    )


def test_pdf_is_recognized_by_content_whatever_its_name(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "a.pdf", [["議事録"]]).read_bytes()
    assert load_bytes(data, "download.txt").source.media_type == "application/pdf"


def test_encrypted_pdf_with_empty_user_password_is_read() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    security = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    pdf = canvas.Canvas(buffer, encrypt=security)
    pdf.drawString(72, 720, "Minutes of the CIO forum")
    pdf.save()
    assert load_bytes(buffer.getvalue(), "open.pdf").text == "Minutes of the CIO forum\n"


# Errors -----------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nothing.txt"
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "no such file", excinfo)


def test_path_with_a_nul_character() -> None:
    with pytest.raises(InputError) as excinfo:
        load_document("giji\x00.txt")
    input_error(repr("giji\x00.txt"), "invalid path", excinfo)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as excinfo:
        load_document(tmp_path)
    input_error(tmp_path, "is a directory", excinfo)


def test_fifo_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)

    def write() -> None:  # lets a wrong read of the FIFO end instead of blocking the test
        with contextlib.suppress(OSError):
            path.write_bytes("議事録".encode())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    try:
        with pytest.raises(InputError) as excinfo:
            load_document(path)
    finally:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))  # releases the waiting writer
        writer.join(timeout=5)
    input_error(path, "not a regular file", excinfo)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_text(tmp_path / "secret.txt", "議事録\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "permission denied", excinfo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path: Path) -> None:
    path = write_text(tmp_path / "secret.txt", "議事録\n")
    path.chmod(0)
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "permission denied", excinfo)


def test_file_larger_than_the_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk used
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, f"file is larger than 100 MiB ({MAX_BYTES + 1:,} bytes)", excinfo)


def test_bytes_larger_than_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_BYTES", 2**20)
    with pytest.raises(InputError) as excinfo:
        load_bytes(b"a" * (2**20 + 1), "big.txt")
    input_error("big.txt", "file is larger than 1 MiB", excinfo)


@pytest.mark.parametrize(
    "data",
    [b"", b" \r\n\t\n", "\u3000\n".encode(), "\ufeff\n".encode(), "\n".encode("utf-16")],
    ids=["empty", "whitespace", "ideographic-space", "bom-only", "utf16-newline"],
)
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "file is empty", excinfo)


def test_html_with_only_chrome(tmp_path: Path) -> None:
    path = write_html(tmp_path / "chrome.html", "")
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "HTML page has no text", excinfo)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
RANDOM = [random.Random(seed).randbytes(2000) for seed in range(10)]
BINARY_IDS = ["png", "gzip", "nul", "controls", "utf16-controls", "cp932-nul", "euc-nul"]


@pytest.mark.parametrize(
    "data",
    [
        PNG,
        gzip.compress("議事録 第1回\n".encode() * 20, mtime=0),
        b"\x00" * 100,
        b"\x01\x02\x03\x04\x05" * 40,
        b"\x01\x00\x02\x00" * 50,  # valid UTF-16, but control characters only
        "荒川区\x00\n○質問です。\n".encode("cp932"),  # NUL: as git and grep judge, binary
        b"\xa5" * 4096 + b"\x00\x00\x01\x00",  # valid EUC-JP before the NULs
        *RANDOM,
    ],
    ids=[*BINARY_IDS, *(f"random{i}" for i in range(len(RANDOM)))],
)
def test_binary_file(data: bytes) -> None:
    with pytest.raises(InputError) as excinfo:
        load_bytes(data, "photo.txt")
    input_error("photo.txt", "binary file, not text, HTML or PDF", excinfo)


@pytest.mark.parametrize(
    "data",
    ["café résumé naïve\n".encode("latin-1"), "Привет, мир\n".encode("koi8_r")],
    ids=["latin-1", "koi8-r"],
)
def test_undecodable_text(data: bytes) -> None:
    with pytest.raises(InputError) as excinfo:
        load_bytes(data, "other.txt")
    input_error(
        "other.txt", "cannot decode text: not UTF-8, UTF-16, Shift_JIS/CP932 or EUC-JP", excinfo
    )


@pytest.mark.parametrize("data", [PNG, b"\x00\x01binary" * 10], ids=["png", "binary"])
def test_named_pdf_without_pdf_content(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "giji.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "PDF is damaged or truncated: no %PDF- header", excinfo)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "a.pdf", [["議事録"], ["二頁目"]]).read_bytes()
    with pytest.raises(InputError) as excinfo:
        load_bytes(data[: len(data) // 2], "cut.pdf")
    input_error("cut.pdf", "PDF is damaged or truncated: no %%EOF marker", excinfo)


def test_damaged_pdf(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "a.pdf", [["議事録"]]).read_bytes()
    damaged = data[:9] + b"\x00garbage" * (len(data) // 8 - 10) + data[-100:]
    with pytest.raises(InputError) as excinfo:
        load_bytes(damaged, "bad.pdf")
    input_error("bad.pdf", "PDF is damaged or truncated: ", excinfo)


def test_randomly_damaged_pdfs_raise_only_input_errors(tmp_path: Path) -> None:
    data = write_pdf(tmp_path / "a.pdf", [["議事録 第1回"] * 5, ["二頁目"] * 5]).read_bytes()
    rng = random.Random(7)
    for _ in range(60):
        damaged = bytearray(data)
        for _ in range(rng.randrange(1, 20)):
            damaged[rng.randrange(len(damaged) - 20)] = rng.randrange(256)
        try:
            load_bytes(bytes(damaged), "fuzz.pdf")
        except InputError as error:
            assert str(error).startswith("fuzz.pdf: PDF "), str(error)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(InputError) as excinfo:
        load_document(path)
    input_error(path, "PDF has no text layer (scanned image?)", excinfo)


def test_pdf_with_glyph_codes_only() -> None:
    with pytest.raises(InputError) as excinfo:
        load_bytes(unmapped_pdf("0012003400560078"), "cid.pdf")
    input_error("cid.pdf", "PDF text has no Unicode mapping (only (cid:N) glyph codes)", excinfo)


def test_encrypted_pdf_that_needs_a_password() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, encrypt=pdfencrypt.StandardEncryption("user", "owner"))
    pdf.drawString(72, 720, "secret minutes")
    pdf.save()
    with pytest.raises(InputError) as excinfo:
        load_bytes(buffer.getvalue(), "locked.pdf")
    input_error("locked.pdf", "PDF is encrypted and needs a password", excinfo)


def test_html_chrome_recognized_by_its_text_alone() -> None:
    page = """<html><body><main>
    <p><a href="#content">本文へ移動</a></p>
    <p>○議長 開会します。</p>
    <div><p><a href="#top">ページの先頭へ戻る</a></p></div>
    <p>ページの先頭へ戻るかどうかは後で決める。</p>
    </main></body></html>"""
    assert load_bytes(page.encode(), "p.html").text == (
        "○議長 開会します。\n\nページの先頭へ戻るかどうかは後で決める。\n"
    )


def test_html_wrapper_marked_like_chrome_is_kept() -> None:
    statement = "○委員 区市町村のクラウド移行について、進め方を伺いたい。" * 8
    page = f"""<html><body><form id="aspnetForm" action="giji.aspx">
    <div id="header">ヘッダー</div>
    <div class="layout-with-sidebar"><h1>会議録</h1><p>{statement}</p></div>
    </form></body></html>"""
    assert load_bytes(page.encode(), "giji.aspx").text == f"会議録\n\n{statement}\n"


def test_html_role_main_marks_the_content() -> None:
    page = """<html><body>
    <div class="wrapper"><p>お知らせ一覧 新着情報 イベント情報 よくある質問 組織から探す</p></div>
    <div role="main"><p>○議長 開会します。</p></div>
    </body></html>"""
    assert load_bytes(page.encode(), "p.html").text == "○議長 開会します。\n"


def test_a_sources_file_gives_each_record_its_page(tmp_path: Path) -> None:
    record = tmp_path / "a.txt"
    record.write_text("第1回 会議 議事録\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("第2回 会議 議事録\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,url\na.txt,https://example.org/minutes/1\n", encoding="utf-8"
    )
    assert load_document(record).source.url == "https://example.org/minutes/1"
    assert load_document(tmp_path / "b.txt").source.url is None


@pytest.mark.parametrize(
    "row", ["a.txt,ftp://example.org/1", "a.txt,", ",https://example.org/1", "a.txt,https://x y/"]
)
def test_a_bad_sources_file_is_one_line_naming_it(tmp_path: Path, row: str) -> None:
    (tmp_path / "a.txt").write_text("第1回 会議 議事録\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(f"file,url\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_document(tmp_path / "a.txt")
    assert "sources.csv" in str(caught.value) and "line 2" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_html_page_gives_its_own_address(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://example.org/minutes/2">'
        '<meta property="og:url" content="https://example.org/other"></head>'
        "<body><main><p>第1回 会議 議事録</p></main></body></html>",
        encoding="utf-8",
    )
    assert load_document(page).source.url == "https://example.org/minutes/2"
    (tmp_path / "sources.csv").write_text("file,url\np.html,https://example.org/listed\n")
    assert load_document(page).source.url == "https://example.org/listed"  # the list wins


def test_a_page_address_that_is_not_http_is_ignored(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html><head><link rel="canonical" href="javascript:alert(1)"></head>'
        "<body><main><p>第1回 会議 議事録</p></main></body></html>",
        encoding="utf-8",
    )
    assert load_document(page).source.url is None
