"""Tokens for retrieval: jieba words (with the knowledge base's own dictionary) plus character bigrams.

jieba keeps service names, aliases and synonyms whole because they are added
to its dictionary; character bigrams make a partly mistyped or differently
segmented word still share tokens with the right entry.  Tokenizing is the
slowest part of an index build, so document token ids are cached by text and
reused across rebuilds (only new or changed texts are segmented again).
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Iterable

import jieba
import numpy as np

from zhtext import normalize

# Words that carry no meaning for *which* service is asked about (particles,
# pronouns, politeness).  Question words stay: aspect detection needs them and
# BM25's idf already makes them cheap.
STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 哦 嘛 哈 么 啦 哟 喔 噢 呗 哇 诶 欸 嗯 "
    "我 你 您 他 她 它 我们 你们 他们 咱 咱们 自己 本人 "
    "请问 请 问 问下 问问 问一下 一下 麻烦 帮 帮忙 帮我 谢谢 想 想要 想问 我想 打算 准备 需不需要 "
    "这个 那个 这 那 个 是 在 有 就 都 也 还 和 与 及 或 或者 跟 把 被 给 让 "
    "一个 一些 些 下 上 里 中 之 其 该 已经 现在 刚 刚刚 哪 "
    "是不是 是否 有没有 能不能 可不可以 会不会 要不要 可以 能 会 要 需要 得 "
    ", . ? ! : ; 、 。 ， ？ ！ ： ； “ ” ‘ ’ ( ) （ ） 《 》 【 】 - — … ~ / 「 」".split()
)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# "一张", "两个", "3次": a number with a measure word says nothing about the service
_QUANTITY = re.compile(r"^[\d一二两三四五六七八九十几]+[个张份次本件位条块种项样]$")
_KEEP = re.compile(r"[\w\u3400-\u9fff]")
TERM_FREQ = 20000  # high enough that jieba keeps a dictionary term whole (see docs/knowledge_base.md)


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's main dictionary, loaded once per process (about a second)."""
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


def _private_jieba() -> jieba.Tokenizer:
    """A jieba instance of our own (the global one belongs to Rasa), sharing the loading work."""
    freq, total = _base_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(freq), total, True
    return tokenizer


class Tokenizer:
    """A private jieba instance with the knowledge base's terms, plus a token-id cache."""

    def __init__(self) -> None:
        self._jieba = _private_jieba()
        self._terms: set[str] = set()
        self._lock = threading.Lock()
        self.vocab: dict[str, int] = {}  # grows only; ids stay valid across rebuilds
        self._cache: dict[str, np.ndarray] = {}

    # ---- dictionary -------------------------------------------------------
    def set_dictionary(self, terms: Iterable[str]) -> None:
        """Make jieba keep exactly these (normalized) terms whole; drop cached tokens they affect."""
        wanted = {t for t in terms if len(t) >= 2 and " " not in t}
        with self._lock:
            added, removed = wanted - self._terms, self._terms - wanted
            for term in added:
                self._jieba.add_word(term, TERM_FREQ)
            for term in removed:
                self._jieba.del_word(term)
            self._terms = wanted
            self._invalidate(added | removed)

    def _invalidate(self, changed: set[str]) -> None:
        if not changed or not self._cache:
            return
        if len(changed) > 64:  # cheaper to start over than to test every text
            self._cache = {}
            return
        self._cache = {text: ids for text, ids in self._cache.items()
                       if not any(term in text for term in changed)}

    def is_common_word(self, word: str) -> bool:
        """True for an ordinary dictionary word that is not one of our terms (never "corrected")."""
        return word not in self._terms and self._jieba.FREQ.get(word, 0) > 0

    # ---- tokens -----------------------------------------------------------
    def words(self, text: str) -> list[str]:
        """jieba words of normalized ``text`` without stopwords and punctuation."""
        return [w for w in self._jieba.lcut(text, HMM=False)
                if w not in STOPWORDS and _KEEP.search(w) and not _QUANTITY.match(w)]

    def tokens(self, text: str, document: bool = False) -> list[str]:
        """Words plus the character bigrams of every Chinese word of 3+ characters.

        Documents also get the single characters of their words, so a question's
        one-character word (补, 换, 丢) still meets 补办, 换领, 丢失.
        """
        words = self.words(text)
        chinese = [w for w in words if len(w) >= 2 and _CJK_RUN.fullmatch(w)]
        grams = [w[i:i + 2] for w in chinese if len(w) >= 3 for i in range(len(w) - 1)]
        chars = [c for w in chinese for c in w] if document else []
        return words + grams + chars

    def ids_for_document(self, text: str) -> np.ndarray:
        """Token ids of a document text, cached; adds new tokens to the vocabulary."""
        ids = self._cache.get(text)
        if ids is None:
            vocab = self.vocab
            ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in self.tokens(normalize(text), document=True)), dtype=np.int32)
            self._cache[text] = ids
        return ids

    def special_id(self, token: str) -> int:
        """Id of a token that does not come from text (§svc:…, §syn:…)."""
        return self.vocab.setdefault(token, len(self.vocab))

    def retain(self, texts: set[str]) -> None:
        """Forget cached texts that are no longer in the knowledge base."""
        self._cache = {t: ids for t, ids in self._cache.items() if t in texts}
