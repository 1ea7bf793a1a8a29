"""Full-width → half-width and ASCII lower-casing as one ``str.translate`` table.

Citizens type on phone keyboards that switch to full-width forms (ＩＤ, １２３４５,
？); the rest of the pipeline matches digits, Latin words and punctuation in
their half-width form.  Every mapping is one character to one character, so
offsets into the text stay valid.
"""
from __future__ import annotations

_FULLWIDTH_OFFSET = 0xFEE0


def _build_table() -> dict[int, int]:
    table = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
    table[0x3000] = ord(" ")  # ideographic space
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    # full-width Latin capitals become lower-case ASCII in one step
    for code in range(0xFF21, 0xFF3B):
        table[code] = code - _FULLWIDTH_OFFSET + 32
    return table


WIDTH_AND_CASE = _build_table()


def to_halfwidth_lower(text: str) -> str:
    """Half-width, lower-case ASCII version of ``text`` (same length)."""
    return text.translate(WIDTH_AND_CASE)
