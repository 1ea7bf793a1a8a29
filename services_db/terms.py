"""Finding service names, aliases and synonyms in a question, tolerating typos.

Citizens write 社宝卡, 公基金, 居住正, 港奥通行证.  Every known term (service
names, aliases, synonyms, dictionary terms, category names and keywords) is
indexed three ways:

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
COVERS_WEIGHT = 0.5  # a piece of a category's ``covers`` text, as category evidence
# verbs every category uses ("交通违法查询与处理", "企业开办/变更"): as evidence they only add noise
GENERIC_COVERS = frozenset({"查询", "处理", "变更"})


@dataclass
class TermInfo:
    """What a term refers to: services (best first), a synonym group, categories.

    ``categories`` are named by the term (its services', or the category's own
    name and ``covers``); ``keywords`` holds the weight of the term as a
    category keyword (1.0 clear, 0.5 ambiguous), per category.
    """

    services: list[str] = field(default_factory=list)
    group: str | None = None
    categories: set[str] = field(default_factory=set)
    keywords: dict[str, float] = field(default_factory=dict)

    def category_weights(self) -> dict[str, float]:
        """How strongly the term points at each category: a named category counts 1.0."""
        weights = dict(self.keywords)
        for category in self.categories:
            weights[category] = max(weights.get(category, 0.0), 1.0)
        return weights


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
    matches: list[TermMatch]       # names, synonyms, dictionary terms: what retrieval reads
    # the same plus category keywords, longest first: what the category guess reads (a keyword
    # never hides a service name from retrieval, nor blocks the correction of 港奥通行证)
    topic_matches: list[TermMatch] = field(default_factory=list)

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
        # category keywords that are nothing else match only as written: correcting 个睡 to 个税
        # or 荐一 to 建议 across a word boundary would invent a topic the citizen never raised
        self._exact_only: set[str] = set()

    # ---- building ---------------------------------------------------------
    def _info(self, term: str, keyword: bool = False) -> TermInfo | None:
        term = normalize_term(term)
        if len(term) < 2 or len(term) > MAX_TERM_LENGTH:
            return None
        if keyword and term not in self.terms:
            self._exact_only.add(term)
        elif not keyword:
            self._exact_only.discard(term)
        return self.terms.setdefault(term, TermInfo())

    def add_service(self, service_id: str, category_id: str, names: Iterable[str]) -> None:
        """Name first, then aliases: earlier names make the service the preferred match."""
        for name in names:
            info = self._info(name)
            if info is not None and service_id not in info.services:
                info.services.append(service_id)
                info.categories.add(category_id)

    def add_category(self, category_id: str, name: str, covers: str,
                     keywords: Iterable[tuple[str, float]] = ()) -> None:
        """The name names the category; its keywords and the pieces of ``covers`` point at it.

        ``covers`` is prose for people: its pieces include general words (进度,
        补贴), so they count as weak keywords unless listed as keywords; the
        verbs of ``GENERIC_COVERS`` do not count at all.
        """
        info = self._info(name)
        if info is not None:
            info.categories.add(category_id)
        pieces = [(piece, COVERS_WEIGHT) for piece in _SPLIT_COVERS.split(covers) if piece not in GENERIC_COVERS]
        for term, weight in [*pieces, *keywords]:
            info = self._info(term, keyword=True)
            if info is not None:
                info.keywords[category_id] = max(info.keywords.get(category_id, 0.0), weight)

    def add_synonyms(self, canonical: str, variants: Iterable[str]) -> None:
        """A group shares one group id and the services any member names."""
        members = [i for i in (self._info(t) for t in [canonical, *variants]) if i is not None]
        services = [s for i in members for s in i.services]
        categories = {c for i in members for c in i.categories}
        keywords: dict[str, float] = {}
        for info in members:
            for category, weight in info.keywords.items():
                keywords[category] = max(keywords.get(category, 0.0), weight)
        for info in members:
            info.group = normalize_term(canonical)
            info.services.extend(s for s in dict.fromkeys(services) if s not in info.services)
            info.categories |= categories
            info.keywords.update(keywords)

    def add_terms(self, terms: Iterable[str]) -> None:
        for term in terms:
            self._info(term)

    def finish(self) -> None:
        """Build the homophone and typo indexes once all terms are in."""
        for term in self.terms:
            self._longest = max(self._longest, len(term))
            if not _CJK.search(term) or term in self._exact_only:
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
        chosen = _non_overlapping([m for m in exact if m.term not in self._exact_only], [False] * len(text))
        covered = [False] * len(text)
        for m in chosen:
            covered[m.start:m.end] = [True] * (m.end - m.start)
        fuzzy = _non_overlapping(self._corrections(text, covered), covered)
        matches = sorted(chosen + fuzzy, key=lambda m: m.start)
        topics = sorted(_non_overlapping(exact + fuzzy, [False] * len(text)), key=lambda m: m.start)
        corrected = text
        for m in fuzzy:
            corrected = corrected[:m.start] + m.term + corrected[m.end:]
        return ScanResult(corrected, matches, topics)

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
        candidates = [t for t in candidates if len(t) == n and t != window and _few_changes(window, t)]
        if not candidates or self._is_common_word(window):
            return None
        term = min(candidates, key=lambda t: (Levenshtein.distance(window, t), -len(self.terms[t].services)))
        return TermMatch(start, start + n, term, window, strength)


def _few_changes(window: str, term: str) -> bool:
    """A slip changes a character or two, not a whole phrase: 达的时 (…送达的时限) is not 打的士."""
    return sum(a != b for a, b in zip(window, term, strict=True)) <= max(1, len(term) // 3)


def _non_overlapping(matches: list[TermMatch], covered: list[bool]) -> list[TermMatch]:
    """Longest matches win; earlier ones break ties."""
    taken = list(covered)
    chosen = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), -m.strength, m.start)):
        if not any(taken[m.start:m.end]):
            chosen.append(m)
            taken[m.start:m.end] = [True] * (m.end - m.start)
    return chosen
