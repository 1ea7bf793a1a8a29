"""The text normalization every component applies before matching."""
from __future__ import annotations

import re

from zhtext.cantonese import cantonese_to_mandarin
from zhtext.t2s import to_simplified_aligned
from zhtext.width import to_halfwidth_lower

_WHITESPACE = re.compile(r"\s+")
# C0/C1 controls, zero-width and bidi marks, BOM: invisible characters that
# break exact matching when citizens paste text from other apps.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def normalize_aligned(text: str) -> str:
    """Normalized ``text`` of exactly the same length, so offsets stay valid.

    Full-width → half-width, Traditional → Simplified, lower-case Latin and
    Cantonese wording → Mandarin.
    """
    text = to_halfwidth_lower(text)
    if text.isascii():
        return text
    return cantonese_to_mandarin(to_simplified_aligned(text))


def normalize(text: str) -> str:
    """``normalize_aligned`` plus collapsed whitespace and no invisible characters.

    Use it wherever offsets do not matter (search queries, keys, comparisons).
    """
    text = _WHITESPACE.sub(" ", normalize_aligned(text))
    return _INVISIBLE.sub("", text).strip()
