"""Loading a jieba user dictionary into the process-global jieba, idempotently.

``jieba.load_userdict`` adds every word's frequency to jieba's total again on
each call, so a dictionary loaded twice (a model loaded twice in one process)
changes how text is split compared with training.  This loads each word once.
"""
from __future__ import annotations


def add_userdict_once(jieba_module, text: str) -> int:  # noqa: ANN001 - the jieba module
    """Add the dictionary's words to the global jieba unless already there; returns how many were added."""
    jieba_module.initialize()
    added = 0
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        word, freq, tag = jieba_module.re_userdict.match(line).groups()
        word = word.strip()
        freq = int(freq) if freq is not None else None
        current = jieba_module.dt.FREQ.get(word, 0)
        if (freq is not None and current == freq) or (freq is None and current > 0):
            continue
        jieba_module.add_word(word, freq, tag.strip() if tag else None)
        added += 1
    return added
