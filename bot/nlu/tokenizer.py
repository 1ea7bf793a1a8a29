"""Jieba tokenizer that sees normalised text and drops whitespace/punctuation.

Rasa's JiebaTokenizer keeps whitespace and punctuation tokens (RasaHQ/rasa #7910)
and sees raw text, so 居住證 and 居住证 would be different words.  This subclass
tokenises :func:`zhtext.normalize_aligned` output, which has exactly the length
of the original, so token offsets (and entity spans) still point into the text
the citizen wrote while the token *text* is simplified, half-width and lower-case.
"""
from __future__ import annotations

import unicodedata
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.jieba_dict import add_userdict_once
from zhtext import normalize_aligned


def _is_noise(word: str) -> bool:
    """True for tokens made only of whitespace, punctuation or symbols."""
    return all(ch.isspace() or unicodedata.category(ch)[0] in "PZC" for ch in word)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True
)
class ChineseJiebaTokenizer(JiebaTokenizer):
    """JiebaTokenizer on normalised text, without whitespace or punctuation tokens."""

    @staticmethod
    def _load_custom_dictionary(path: str) -> None:
        """Like Rasa's, but a second load (of the same model) changes nothing."""
        import glob

        import jieba

        for userdict in sorted(glob.glob(f"{path}/*")):
            with open(userdict, encoding="utf-8") as handle:
                add_userdict_once(jieba, handle.read())

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        import jieba

        text = message.get(attribute)
        normalised = normalize_aligned(text)
        if len(normalised) != len(text):  # defensive: offsets must stay valid
            normalised = text
        tokens = [Token(word, start) for word, start, _ in jieba.tokenize(normalised)]
        kept = [t for t in tokens if not _is_noise(t.text)]
        # A message of only punctuation or emoji still needs one token.
        return self._apply_token_pattern(kept or [t for t in tokens if t.text.strip()] or tokens)
