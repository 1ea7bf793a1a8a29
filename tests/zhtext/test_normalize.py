"""Text normalization as the NLU and the knowledge base rely on it."""
from __future__ import annotations

import time

import pytest

import zhtext
from zhtext import normalize, normalize_aligned

SAMPLES = [
    "點樣辦理深圳居住證？", "喺邊度辦港澳通行證", "要唔要錢㗎", "幾耐可以攞到", "我係深圳人，佢冇社保卡",
    "ＩＤ號碼１２３４５６", "Ｈｅｌｌｏ　ｉ深圳", "乜嘢材料都要帶齊", "關係、系統、聯繫", "🙂社保卡丟咗點算😭",
    "", "   ", "abc\tDEF\n", "請問邊個部門管公積金",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_aligned_normalization_keeps_the_length(text: str) -> None:
    assert len(normalize_aligned(text)) == len(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("ＩＤ１２３４５？", "id12345?"),            # full-width → half-width, lower-case
    ("Ｉ深圳　APP", "i深圳 app"),
    ("居住證辦理", "居住证办理"),                  # Traditional → Simplified
    ("點樣辦居住證", "怎样办居住证"),              # Cantonese → Mandarin
    ("喺邊度辦", "在哪里办"),
    ("要唔要錢", "要不要钱"),
    ("幾耐先攞到", "多久先拿到"),
    ("冇身份證點算", "没身份证咋办"),
    ("要咩材料", "要啥材料"),
    ("乜嘢證件", "什么证件"),
    ("我係深圳人", "我是深圳人"),
    ("我哋去邊度", "我们去哪里"),
])
def test_aligned_normalization(text: str, expected: str) -> None:
    assert normalize_aligned(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("身份證點換", "身份证咋换"), ("點辦", "咋办"),     # 点 + verb asks "how"
    ("几点去", "几点去"), ("快点办", "快点办"),          # … but not in Mandarin time or haste
])
def test_dim_is_how_only_before_a_verb(text: str, expected: str) -> None:
    assert normalize_aligned(text) == expected


@pytest.mark.parametrize("text", ["關係", "聯繫", "系統", "系列"])
def test_xi_is_only_rewritten_where_it_means_is(text: str) -> None:
    assert "是" not in normalize_aligned(text)


def test_normalize_cleans_whitespace_and_invisible_characters() -> None:
    assert normalize("  社保卡\u200b 丢了\t\n怎么办\ufeff ") == "社保卡 丢了 怎么办"
    assert normalize("\x00居住证\x07") == "居住证"
    assert normalize("　") == ""


def test_phrase_conversion_that_changes_length_falls_back_to_characters(monkeypatch) -> None:
    class PhraseConverter:
        """Converts whole phrases to a longer text, single characters normally."""

        def convert(self, text: str) -> str:
            return {"乾": "干", "隆": "隆", "證": "证"}.get(text, text + "！" if len(text) > 1 else text)

    monkeypatch.setattr(zhtext.t2s, "_CONVERTER", PhraseConverter())
    zhtext.t2s._char_t2s.cache_clear()
    try:
        assert normalize_aligned("乾隆證") == "干隆证"
    finally:
        zhtext.t2s._char_t2s.cache_clear()


def test_normalization_is_fast() -> None:
    texts = [s * 3 for s in SAMPLES] * 100
    started = time.perf_counter()
    for text in texts:
        normalize(text)
    assert (time.perf_counter() - started) / len(texts) < 0.0005  # well under a millisecond each
