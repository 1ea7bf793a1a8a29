"""spaCy side of the alternative Chinese NLU pipeline (config_spacy.yml).

The spaCy pipeline in var/build/spacy_zh (built by ``bot.nlu.build_spacy_zh``)
is ``spacy.blank("zh")`` with two project pieces:

* tokenizer ``isz.NormalisedJiebaTokenizer.v1``: spaCy's jieba ChineseTokenizer,
  but (1) it segments :func:`zhtext.normalize_aligned` text, exactly like
  :class:`bot.nlu.tokenizer.ChineseJiebaTokenizer`, while the Doc keeps the
  citizen's original characters (``token.norm_`` holds the normalised form), and
  (2) it saves the jieba user dictionary inside the spaCy model directory
  (``tokenizer/jieba_userdict.txt``) and loads it into the process-global jieba
  whenever the model is loaded, so ``spacy.load`` alone activates the dictionary;
* an ``entity_ruler`` matching the knowledge-base gazetteers on ``NORM``.

The tokenizer is registered in spaCy's registry when this module is imported.
Rasa imports it while it reads config_spacy.yml (``ChineseSpacyTokenizer`` below
lives here), i.e. before ``SpacyNLP`` calls ``spacy.load``.  Any other code that
loads var/build/spacy_zh must ``import bot.nlu.spacy_zh`` first.
"""
from __future__ import annotations

from pathlib import Path
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
from rasa.nlu.tokenizers.spacy_tokenizer import POS_TAG_KEY, SpacyTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message
from spacy.lang.zh import ChineseTokenizer
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry

from bot.nlu.jieba_dict import add_userdict_once
from bot.nlu.tokenizer import _is_noise
from zhtext import normalize_aligned

TOKENIZER_NAME = "isz.NormalisedJiebaTokenizer.v1"
USERDICT_FILE = "jieba_userdict.txt"


def _normalised(text: str) -> str:
    normalised = normalize_aligned(text)
    return normalised if len(normalised) == len(text) else text


class NormalisedJiebaTokenizer(ChineseTokenizer):
    """jieba (with a persisted user dictionary) on normalised text."""

    def __init__(self, vocab) -> None:  # noqa: ANN001 - a spacy Vocab
        super().__init__(vocab, segmenter="jieba")
        self.userdict = ""

    def set_userdict(self, text: str) -> None:
        """Load a jieba user dictionary (``word [freq] [tag]`` lines) into the global jieba.

        Idempotent: ``jieba.load_userdict`` adds every frequency to the global
        total again, so loading the same dictionary twice (Rasa loads the spaCy
        model twice in one process) shifts word probabilities and changes the
        segmentation: 不对啊 -> 不/对/啊 after one load, 不对/啊 after two.
        Words already present with the same frequency are skipped.
        """
        self.userdict = text
        add_userdict_once(self.jieba_seg, text)

    def __call__(self, text: str) -> Doc:
        normalised = _normalised(text)
        words = [text[start:end] for _, start, end in self.jieba_seg.tokenize(normalised) if end > start]
        words, spaces = get_words_and_spaces(words, text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token in doc:
            if not token.is_space:
                token.norm_ = normalised[token.idx:token.idx + len(token.text)]
        return doc

    def to_disk(self, path, **kwargs) -> None:  # noqa: ANN001
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / USERDICT_FILE).write_text(self.userdict, encoding="utf-8")

    def from_disk(self, path, **kwargs) -> NormalisedJiebaTokenizer:  # noqa: ANN001
        file = Path(path) / USERDICT_FILE
        if file.exists():
            self.set_userdict(file.read_text(encoding="utf-8"))
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return self.userdict.encode("utf-8")

    def from_bytes(self, data: bytes, **kwargs) -> NormalisedJiebaTokenizer:
        self.set_userdict(data.decode("utf-8"))
        return self


@registry.tokenizers(TOKENIZER_NAME)
def create_normalised_jieba_tokenizer():  # noqa: ANN201 - spaCy factory signature
    def factory(nlp):  # noqa: ANN001, ANN202
        return NormalisedJiebaTokenizer(nlp.vocab)

    return factory


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class ChineseSpacyTokenizer(SpacyTokenizer):
    """SpacyTokenizer that drops punctuation tokens and uses normalised token text.

    Mirrors ChineseJiebaTokenizer, so the two pipelines differ only in where
    segmentation and gazetteer matching happen.
    """

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        doc = self._get_doc(message, attribute)
        if not doc:
            return []
        tokens = [
            Token(t.norm_ or t.text, t.idx, lemma=t.lemma_, data={POS_TAG_KEY: self._tag_of_token(t)})
            for t in doc
            if t.text.strip()
        ]
        kept = [t for t in tokens if not _is_noise(t.text)]
        return self._apply_token_pattern(kept or tokens)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class SpacyGazetteerExtractor(SpacyEntityExtractor):
    """SpacyEntityExtractor (returns ``doc.ents``, i.e. the entity_ruler matches) under its own name.

    ``rasa test nlu`` silently drops every entity whose extractor is called
    ``SpacyEntityExtractor`` or ``DucklingEntityExtractor``
    (``PRETRAINED_EXTRACTORS`` in rasa/nlu/constants.py, applied in
    ``rasa.nlu.test.get_eval_data``), so the stock class can never be measured on
    the held-out set.  Entities are reported as ``extractor: SpacyGazetteerExtractor``.
    """
