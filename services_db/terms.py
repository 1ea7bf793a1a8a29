"""Finding service names, aliases and synonyms in a question, tolerating typos.

Citizens write 社宝卡, 公基金, 居住正, 港奥通行证.  Every known term (service
names, aliases, synonyms, dictionary terms) is indexed three ways:

* exactly,
* by toneless pinyin (homophones: 社宝 → 社保; for 3+ characters also with
  the southern merges zh/z, ch/c, sh/s, n/l, -ng/-n),
* with one interior character replaced by a wildcard (one wrong character: 居注证).

A window of the question is only corrected when it is not itself an ordinary
word, and a correction always has the window's length, so the corrected text
lines up with the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

from pypinyin import Style, lazy_pinyin
from rapidfuzz.distance import Levenshtein

from zhtext import normalize

MAX_TERM_LENGTH = 16
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_SPLIT_COVERS = re.compile(r"[,，、/与和及()（）\s]+")

# how sure we are that a matched window names the term
EXACT, SYNONYM, HOMOPHONE, TYPO = 1.0, 0.9, 0.85, 0.75


@dataclass
class TermInfo:
    """What a term refers to: services (best first), a synonym group, categories."""

    services: list[str] = field(default_factory=list)
    group: str | None = None
    categories: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: str       # the known term
    written: str    # what the citizen wrote there
    strength: float


@dataclass
class ScanResult:
    text: str                      # the question with corrections applied (same length)
    matches: list[TermMatch]

    def corrections(self) -> list[tuple[str, str]]:
        return [(m.written, m.term) for m in self.matches if m.written != m.term]


@lru_cache(maxsize=65536)
def _syllable(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")[0] if _CJK.match(char) else char


@lru_cache(maxsize=4096)
def _fuzzy(syllable: str) -> str:
    for retroflex in ("zh", "ch", "sh"):
        if syllable.startswith(retroflex):
            syllable = retroflex[0] + syllable[2:]
    if syllable.startswith("n"):
        syllable = "l" + syllable[1:]
    if syllable.endswith(("ang", "eng", "ing")):
        syllable = syllable[:-1]
    return syllable


def pinyin_key(text: str, fuzzy: bool = False) -> str:
    syllables = (_syllable(c) for c in text)
    return " ".join(_fuzzy(s) for s in syllables) if fuzzy else " ".join(syllables)


# Rebuilds see the same terms again and again: remembering their normalized
# form and their lookup keys keeps a rebuild at 50,000 entries within budget.
normalize_term = lru_cache(maxsize=1 << 18)(normalize)


@lru_cache(maxsize=1 << 18)
def _term_keys(term: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(pinyin, fuzzy pinyin, wildcard keys) of a term; the last two only for 3+ characters."""
    if len(term) < 3:
        return pinyin_key(term), None, ()
    return pinyin_key(term), pinyin_key(term, fuzzy=True), tuple(_wildcards(term))


def _wildcards(term: str) -> Iterable[str]:
    """One interior character replaced by "*" (居*证).

    Only interior characters: a window whose first or last character differs
    from a term usually straddles a word boundary (取公积金 is not 查公积金).
    """
    return (term[:i] + "*" + term[i + 1:] for i in range(1, len(term) - 1))


class TermMatcher:
    """Exact, homophone and one-typo lookup of known terms in a normalized question."""

    def __init__(self, is_common_word: Callable[[str], bool] = lambda w: False) -> None:
        self.terms: dict[str, TermInfo] = {}
        self._is_common_word = is_common_word
        self._pinyin: dict[str, list[str]] = {}
        self._fuzzy_pinyin: dict[str, list[str]] = {}
        self._wild: dict[str, list[str]] = {}
        self._longest = 2

    # ---- building ---------------------------------------------------------
    def _info(self, term: str) -> TermInfo | None:
        term = normalize_term(term)
        if len(term) < 2 or len(term) > MAX_TERM_LENGTH:
            return None
        return self.terms.setdefault(term, TermInfo())

    def add_service(self, service_id: str, category_id: str, names: Iterable[str]) -> None:
        """Name first, then aliases: earlier names make the service the preferred match."""
        for name in names:
            info = self._info(name)
            if info is not None and service_id not in info.services:
                info.services.append(service_id)
                info.categories.add(category_id)

    def add_category(self, category_id: str, name: str, covers: str) -> None:
        for term in [name, *_SPLIT_COVERS.split(covers)]:
            info = self._info(term)
            if info is not None:
                info.categories.add(category_id)

    def add_synonyms(self, canonical: str, variants: Iterable[str]) -> None:
        """A group shares one group id and the services any member names."""
        members = [i for i in (self._info(t) for t in [canonical, *variants]) if i is not None]
        services = [s for i in members for s in i.services]
        categories = {c for i in members for c in i.categories}
        for info in members:
            info.group = normalize_term(canonical)
            info.services.extend(s for s in dict.fromkeys(services) if s not in info.services)
            info.categories |= categories

    def add_terms(self, terms: Iterable[str]) -> None:
        for term in terms:
            self._info(term)

    def finish(self) -> None:
        """Build the homophone and typo indexes once all terms are in."""
        for term in self.terms:
            self._longest = max(self._longest, len(term))
            if not _CJK.search(term):
                continue
            plain, fuzzy, wildcards = _term_keys(term)
            self._pinyin.setdefault(plain, []).append(term)
            if fuzzy is not None:
                self._fuzzy_pinyin.setdefault(fuzzy, []).append(term)
            for key in wildcards:
                self._wild.setdefault(key, []).append(term)

    # ---- matching ---------------------------------------------------------
    def lookup(self, term: str) -> TermInfo | None:
        return self.terms.get(term)

    def scan(self, text: str) -> ScanResult:
        """Known terms in normalized ``text``: exact matches first, then corrections."""
        text = text[:200]
        exact = [TermMatch(i, i + n, text[i:i + n], text[i:i + n], EXACT)
                 for i in range(len(text)) for n in range(2, min(self._longest, len(text) - i) + 1)
                 if text[i:i + n] in self.terms]
        chosen = _non_overlapping(exact, [False] * len(text))
        covered = [False] * len(text)
        for m in chosen:
            covered[m.start:m.end] = [True] * (m.end - m.start)
        fuzzy = _non_overlapping(self._corrections(text, covered), covered)
        matches = sorted(chosen + fuzzy, key=lambda m: m.start)
        corrected = text
        for m in fuzzy:
            corrected = corrected[:m.start] + m.term + corrected[m.end:]
        return ScanResult(corrected, matches)

    def _corrections(self, text: str, covered: list[bool]) -> list[TermMatch]:
        syllables = [_syllable(c) for c in text]
        found = []
        for run in _CJK_RUN.finditer(text):
            for start in range(run.start(), run.end()):
                if covered[start]:
                    continue
                longest = min(self._longest, run.end() - start)
                for n in range(longest, 1, -1):
                    if covered[start + n - 1]:
                        continue
                    match = self._correct(text[start:start + n], start, syllables[start:start + n])
                    if match is not None:
                        found.append(match)
        return found

    def _correct(self, window: str, start: int, syllables: list[str]) -> TermMatch | None:
        n = len(window)
        candidates = self._pinyin.get(" ".join(syllables), [])
        strength = HOMOPHONE
        if not candidates and n >= 3:
            candidates = self._fuzzy_pinyin.get(" ".join(_fuzzy(s) for s in syllables), [])
        if not candidates and n >= 3:
            candidates = [t for key in _wildcards(window) for t in self._wild.get(key, [])]
            strength = TYPO
        candidates = [t for t in candidates if len(t) == n and t != window]
        if not candidates or self._is_common_word(window):
            return None
        term = min(candidates, key=lambda t: (Levenshtein.distance(window, t), -len(self.terms[t].services)))
        return TermMatch(start, start + n, term, window, strength)


def _non_overlapping(matches: list[TermMatch], covered: list[bool]) -> list[TermMatch]:
    """Longest matches win; earlier ones break ties."""
    taken = list(covered)
    chosen = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), -m.strength, m.start)):
        if not any(taken[m.start:m.end]):
            chosen.append(m)
            taken[m.start:m.end] = [True] * (m.end - m.start)
    return chosen
