"""The Chinese tokenizer of config.yml: normalised tokens, original offsets, a stable dictionary."""
from __future__ import annotations

from pathlib import Path

import jieba
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import ChineseJiebaTokenizer


@pytest.fixture(scope="module")
def dictionary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("jieba")
    (folder / "userdict.txt").write_text("i深圳 20000\n港澳通行证 20000\n居住证 20000\n", encoding="utf-8")
    ChineseJiebaTokenizer._load_custom_dictionary(str(folder))
    return folder


def tokens(text: str) -> list[tuple[str, int]]:
    tokenizer = ChineseJiebaTokenizer(ChineseJiebaTokenizer.get_default_config(), None, None)
    return [(t.text, t.start) for t in tokenizer.tokenize(Message(data={"text": text}), "text")]


def test_no_whitespace_or_punctuation_tokens(dictionary: Path) -> None:
    assert tokens("我想补办 社保卡，在i深圳app上") == [
        ("我", 0), ("想", 1), ("补办", 2), ("社保卡", 5), ("在", 9), ("i深圳", 10), ("app", 13), ("上", 16)]


def test_traditional_text_gets_simplified_tokens_at_original_offsets(dictionary: Path) -> None:
    assert tokens("居住證怎麼辦") == [("居住证", 0), ("怎么办", 3)]


def test_only_punctuation_still_yields_a_token(dictionary: Path) -> None:
    assert tokens("？？") != []


def test_loading_the_dictionary_again_changes_nothing(dictionary: Path) -> None:
    before = (jieba.dt.total, jieba.lcut("不对啊，我的工单号是多少"))
    ChineseJiebaTokenizer._load_custom_dictionary(str(dictionary))
    assert (jieba.dt.total, jieba.lcut("不对啊，我的工单号是多少")) == before
