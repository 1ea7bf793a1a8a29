"""Traditional → Simplified Chinese that never changes the text length.

OpenCC's phrase tables occasionally map a phrase to one of different length;
Rasa's tokenizer offsets are computed on the normalized text but entities are
reported on the original, so a length change would shift every entity after
it.  When that happens we fall back to character-by-character conversion,
keeping characters whose own conversion is not a single character.
"""
from __future__ import annotations

from functools import lru_cache

import opencc

_CONVERTER = opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char_t2s(char: str) -> str:
    converted = _CONVERTER.convert(char)
    return converted if len(converted) == 1 else char


def to_simplified_aligned(text: str) -> str:
    """Simplified-Chinese version of ``text`` with exactly the same length."""
    if text.isascii():
        return text
    converted = _CONVERTER.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char_t2s(char) for char in text)
