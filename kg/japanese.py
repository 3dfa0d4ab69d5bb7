"""Japanese text handling for matching: NFKC, variant kanji, spaces (all in one module)."""

from __future__ import annotations

import re
import unicodedata

# Variant (異体字) kanji folded to their common form, for matching only; printed forms stay.
VARIANTS = str.maketrans(
    {"髙": "高", "邉": "辺", "邊": "辺", "﨑": "崎", "德": "徳", "濵": "浜", "齋": "斉", "齊": "斉",
     "斎": "斉", "ゐ": "い", "ゑ": "え", "嶋": "島", "櫻": "桜", "瀨": "瀬", "澤": "沢", "冨": "富"}
)

_SPACE = re.compile(r"\s+")


def nfkc(text: str) -> str:
    """Return ``text`` in Unicode NFKC (full-width ASCII to half-width, half-width kana to full)."""
    return unicodedata.normalize("NFKC", text)


def fold_variants(text: str) -> str:
    """Fold variant kanji (髙→高, 邉/邊→辺, 﨑→崎, 齋/齊→斉, …) to their common form."""
    return text.translate(VARIANTS)


def match_key(text: str) -> str:
    """Return the key two labels are compared by: NFKC, variants folded, no white space."""
    return _SPACE.sub("", fold_variants(nfkc(text)))
