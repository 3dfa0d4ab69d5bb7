"""Load a source file (plain text, HTML page or PDF) as a Document: decoded, normalized text.

The first pipeline stage (DESIGN section 1). The text keeps every character as printed (no
NFKC), because statement spans index it; only line ends, control characters and layout are
normalized. Everything that can go wrong with an input raises :class:`kg.errors.InputError`.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import io
import os
import re
import stat
import struct
import zlib
from pathlib import Path

from kg.errors import InputError, one_line
from kg.load.html import html_to_text, page_url
from kg.record import Document, Source

MAX_BYTES = 100 * 1024 * 1024
"""Largest source file accepted, in bytes (100 MiB)."""
MAX_CHARS = 3_000_000
"""Longest text accepted, in characters once decoded (a PDF's images or a page's markup make
a file much larger than its text): about 1,500 dense pages, several times the longest real
record. Extraction holds about a hundred bytes per character at worst, so this bounds it."""

TEXT, HTML, PDF = "text/plain", "text/html", "application/pdf"

_EXTENSIONS = {".txt": TEXT, ".text": TEXT, ".htm": HTML, ".html": HTML, ".xhtml": HTML,
               ".pdf": PDF}  # fmt: skip
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
# What charset-normalizer may choose from: the encodings Japanese records are published in.
# cp932 is the superset of Shift_JIS that Windows and browsers use (髙, 﨑, ①, …).
_JAPANESE_8BIT = ["cp932", "euc_jp", "iso2022_jp"]
_UTF16 = ["utf_16_le", "utf_16_be"]
_DECLARABLE = {"utf-8", "cp932", "euc_jp", "iso2022_jp"}
_CHARSET_ALIASES = {"windows-31j": "cp932", "x-sjis": "cp932", "x-euc-jp": "euc_jp"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufeff]")  # C0 but \t \n \f \r, and the BOM
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")  # and ESC (ISO-2022-JP)
# A run of line ends and form feeds; one that holds a form feed is a page break. (The
# obvious r"\n*(?:\f\n*)+" backtracks: quadratic on a run of blank lines, minutes on 40k.)
_BREAKS = re.compile(r"[\n\f]+")
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")


def load_document(path: str | os.PathLike[str]) -> Document:
    """Read a source file and return its decoded, normalized text.

    Args:
        path: a text file (UTF-8, UTF-16/32 with BOM, Shift_JIS/CP932, EUC-JP, ISO-2022-JP,
            UTF-16 without BOM), an HTML page or a PDF with a text layer.

    Returns:
        The Document; ``source.path`` is the path as given.

    Raises:
        InputError: the file is missing, unreadable, over MAX_BYTES (or its text over
            MAX_CHARS), empty, binary, undecodable, a damaged or image-only PDF, or a PDF
            that needs a password.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, not a file", path=name)
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device could block or never end
            raise InputError("not a regular file", path=name)
        _check_size(info.st_size, name)
        data = Path(name).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=name) from None
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}", path=name) from None
    except ValueError:  # a NUL in the path
        raise InputError("invalid path: it contains a NUL character", path=repr(name)) from None
    document = load_bytes(data, name)
    document.source.url = source_url(Path(name)) or document.source.url  # the list wins
    return document


SOURCES_FILE = "sources.csv"  # beside the records: file,url — where each was published


def source_url(path: Path) -> str | None:
    """Return the URL ``sources.csv`` beside ``path`` gives for it, or None.

    Raises:
        InputError: ``sources.csv`` is malformed (the message names its line).
    """
    sidecar = path.parent / SOURCES_FILE
    try:
        changed = sidecar.stat().st_mtime_ns
    except OSError:
        return None
    return _read_sources(str(sidecar), changed).get(path.name)


@functools.lru_cache(maxsize=64)
def _read_sources(sidecar: str, _changed: int) -> dict[str, str]:
    """The ``file → url`` rows of a sources.csv (cached until the file changes)."""
    import csv

    import pyoxigraph as ox

    urls: dict[str, str] = {}
    try:
        with open(sidecar, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read: {error}", path=sidecar) from None
    for line, row in enumerate(rows, start=2):
        name, url = (row.get("file") or "").strip(), (row.get("url") or "").strip()
        if not name or not url.startswith(("http://", "https://")):
            raise InputError(f"line {line}: needs a file name and an http(s) url", path=sidecar)
        try:
            ox.NamedNode(url)
        except ValueError:
            raise InputError(f"line {line}: not a valid IRI: {url!r}", path=sidecar) from None
        urls[name] = url
    return urls


def load_bytes(data: bytes, path: str, media_type: str | None = None) -> Document:
    """Decode a source held in memory; what :func:`load_document` does after reading.

    Args:
        data: the raw bytes of the file.
        path: where they came from; recorded in the Document and named in errors.
        media_type: ``text/plain``, ``text/html`` or ``application/pdf`` if known. Like the
            file extension, only a hint: the content decides (a PDF is a PDF whatever its name).

    Returns:
        The Document; ``encoding`` is the Python codec used, or None for a PDF.

    Raises:
        InputError: see :func:`load_document`.
    """
    _check_size(len(data), path)
    if not data.strip(b" \t\r\n\f"):
        raise InputError("file is empty", path=path)
    hint = media_type or _EXTENSIONS.get(Path(path).suffix.lower())
    encoding = url = None
    if b"%PDF-" in data[:1024]:
        kind, text = PDF, _pdf_text(data, path)
    else:
        declared = _declared_charset(data) if data.lstrip()[:1] == b"<" else None
        try:
            raw, encoding = _decode(data, path, declared)
        except InputError:
            if hint != PDF:
                raise
            raise InputError("PDF is damaged or truncated: no %PDF- header", path=path) from None
        raw = normalize_text(raw)
        if not raw.strip():
            raise InputError("file is empty", path=path)
        head = raw.lstrip()[:1024]
        if head.startswith("<") and (hint == HTML or _HTML_TAG.search(head)):
            kind, text, url = HTML, html_to_text(raw), page_url(raw)
            if not text:
                raise InputError("HTML page has no text outside navigation and scripts", path=path)
        else:
            kind, text = TEXT, raw
    if len(text) > MAX_CHARS:
        message = f"text is longer than {MAX_CHARS:,} characters ({len(text):,}); split the record"
        raise InputError(message, path=path)
    sha256 = hashlib.sha256(data).hexdigest()
    source = Source(path=path, sha256=sha256, media_type=kind, url=url)
    return Document(source=source, text=text, encoding=encoding)


def normalize_text(text: str) -> str:
    """Return text with "\\n" line ends, form feeds as blank lines, no BOM or C0 controls."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        text = _BREAKS.sub(_page_break, text)
    return _CONTROL.sub("", text)


def _page_break(match: re.Match[str]) -> str:
    """A run of line ends with a form feed in it becomes one blank line; others stay."""
    run = match.group()
    return "\n\n" if "\f" in run else run


def _check_size(size: int, path: str) -> None:
    """Refuse a file over MAX_BYTES before reading or decoding it."""
    if size > MAX_BYTES:
        message = f"file is larger than {MAX_BYTES / 2**20:g} MiB ({size:,} bytes)"
        raise InputError(message, path=path)


# Text -------------------------------------------------------------------------------------


def _decode(data: bytes, path: str, declared: str | None) -> tuple[str, str]:
    """Decode text bytes: BOM, then UTF-8, the declared charset, then detection."""
    bom_codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if bom_codec:
        candidates = [bom_codec]
    else:
        # ISO-2022-JP is 7-bit, so also valid UTF-8; valid UTF-8 with Japanese in it is
        # practically never anything else, even when a page's <meta> says otherwise.
        candidates = ["iso2022_jp"] if b"\x1b$" in data else []
        candidates += ["utf-8", declared] if declared else ["utf-8"]
    for codec in candidates:
        text = _strict(data, codec)
        # ASCII in UTF-16 is valid UTF-8 too, but then one character in two is a NUL
        if text is not None and (bom_codec or len(_CONTROL.findall(text)) * 10 <= len(text)):
            return text, codec
    detected = None if bom_codec else _detect(data)
    if detected:
        return detected
    if not bom_codec and (b"\x00" in data or len(_CONTROL_BYTES.findall(data)) * 10 > len(data)):
        raise InputError("binary file, not text, HTML or PDF", path=path)
    raise InputError("cannot decode text: not UTF-8, UTF-16, Shift_JIS/CP932 or EUC-JP", path=path)


def _detect(data: bytes) -> tuple[str, str] | None:
    """Detect a Japanese encoding with charset-normalizer; a strict decode must confirm it.

    Right decodes of real minutes score a mess ratio of up to ~0.4 on a short line, wrong
    ones well over 0.5. NUL bytes (ASCII and line breaks in UTF-16) leave only UTF-16, and a
    strict UTF-16 decode rejects most other data, so that stage then accepts any ratio.
    """
    from charset_normalizer import from_bytes

    nul = b"\x00" in data  # never in 8-bit text: UTF-16 or binary
    stages = [(_UTF16, 1.0)] if nul else [(_JAPANESE_8BIT, 0.5), (_UTF16, 0.5)]
    for candidates, threshold in stages:
        best = from_bytes(data, cp_isolation=candidates, threshold=threshold).best()
        if best is not None:
            codec = codecs.lookup(best.encoding).name
            text = _strict(data, codec)
            if text:
                return text, codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    """Return data decoded strictly with codec, or None if it is not valid in it."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _declared_charset(data: bytes) -> str | None:
    """Return the codec an HTML page's <meta> charset names, if it is one we accept."""
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(_CHARSET_ALIASES.get(label, label)).name
    except LookupError:
        return None
    codec = "cp932" if codec == "shift_jis" else codec
    return codec if codec in _DECLARABLE else None


# PDF --------------------------------------------------------------------------------------

# pdfminer signals most damage with its PSException family, but on some damaged input it
# raises bare built-in errors from deep inside its parser (seen by fuzzing truncated and
# corrupted files). The try block holds only the pdfminer call, so these cannot hide our bugs.
_PDF_DAMAGE = (
    ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError,
    RecursionError, struct.error, zlib.error,
)  # fmt: skip


def _pdf_text(data: bytes, path: str) -> str:
    """Extract a PDF's text layer, pages separated by one blank line."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException

    if b"%%EOF" not in data[-1024:]:
        raise InputError("PDF is damaged or truncated: no %%EOF marker at the end", path=path)
    try:
        raw = extract_text(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise InputError("PDF is encrypted and needs a password", path=path) from None
    except PDFEncryptionError as error:
        message = f"PDF encryption is not supported: {one_line(error, 120)}"
        raise InputError(message, path=path) from None
    except (PSException, *_PDF_DAMAGE) as error:
        message = f"PDF is damaged or truncated: {one_line(error, 120)}"
        raise InputError(message, path=path) from None
    # pdfminer ends every page with a form feed, which normalize_text makes a blank line.
    text = normalize_text(raw).strip("\n")
    if not text.strip():
        raise InputError("PDF has no text layer (scanned image?)", path=path)
    if not _CID.sub("", text).strip():
        raise InputError("PDF text has no Unicode mapping (only (cid:N) glyph codes)", path=path)
    return text + "\n"
