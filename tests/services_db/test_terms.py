"""Typo tolerance must fix real mistakes without "fixing" ordinary words."""
from __future__ import annotations

import pytest

from services_db.terms import TermMatcher


@pytest.fixture
def matcher() -> TermMatcher:
    matcher = TermMatcher(is_common_word=lambda word: word in {"事宜"})
    matcher.add_service("housing_fund_query", "housing_fund", ["住房公积金账户查询", "查公积金"])
    matcher.add_service("residence_permit", "household_residence", ["居住证"])
    matcher.add_service("hk_macao_permit", "exit_entry", ["港澳通行证"])
    matcher.add_service("municipal_hospital", "healthcare", ["市医"])
    matcher.add_synonyms("社会保险", ["社保"])
    matcher.add_synonyms("出租车", ["打的士"])
    matcher.finish()
    return matcher


@pytest.mark.parametrize(("text", "fixed"), [
    ("居注证怎么办", ("居注证", "居住证")),        # one wrong character inside the word
    ("港奥通行证", ("港奥通行证", "港澳通行证")),    # same pinyin
    ("社宝断缴了", ("社宝", "社保")),              # two characters, same pinyin
    ("住房公基金账户查询", ("住房公基金账户查询", "住房公积金账户查询")),
])
def test_mistakes_are_corrected_with_the_same_length(matcher: TermMatcher, text: str, fixed: tuple[str, str]) -> None:
    result = matcher.scan(text)
    assert result.corrections() == [fixed]
    assert len(result.text) == len(text) and fixed[1] in result.text


@pytest.mark.parametrize("text", [
    "我想取公积金",      # differs from 查公积金 only at the edge: a word boundary, not a typo
    "这件事宜尽快办",    # 事宜 sounds like 市医 but is an ordinary word
    "居住地址变了",
    "认定结论送达的时限",  # 达的时 sounds like 打的士, but two of three characters differ: a phrase, not a slip
])
def test_ordinary_words_are_left_alone(matcher: TermMatcher, text: str) -> None:
    assert matcher.scan(text).corrections() == []


def test_longest_known_term_wins(matcher: TermMatcher) -> None:
    matches = matcher.scan("查公积金和居住证").matches
    assert [(m.term, m.written) for m in matches] == [("查公积金", "查公积金"), ("居住证", "居住证")]
    assert matcher.lookup("社保").group == "社会保险" and matcher.lookup("社会保险").group == "社会保险"
