"""What a question says, in the index's terms: named services, synonyms, words and their weights.

Separated from the retriever so the weighting rules (docs/knowledge_base.md,
"Score") can be read and tuned in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from services_db.aspects import aspect_spans, detect_aspect
from services_db.bm25_index import SearchIndex
from services_db.terms import ScanResult, TermMatcher
from services_db.tokens import Tokenizer
from zhtext import normalize

SERVICE_TOKEN, GROUP_TOKEN = "§svc:", "§syn:"
MENTION_REPEAT = 1            # an explicit service mention counts like one more matching word in BM25
MENTION_WEIGHT = 1.0          # … and like the rarest word in the coverage score
MENTION_FLOOR = 0.5           # least weight of a mention, for a term found all over the knowledge base
ASPECT_WORD_WEIGHT = 0.6      # words that only say which aspect is asked barely tell the service
UNKNOWN_WORD_WEIGHT = 0.85    # a word no document contains weighs like a rare word (0.7 answered more off-topic
                              # questions; bench_retrieval: answered wrongly 0.025 → 0.021)
SINGLE_CHAR_WEIGHT = 0.5      # 做, 办, 补: single characters say little about the service


@dataclass
class ParsedQuery:
    text: str                       # normalized, with typo corrections applied
    scan: ScanResult
    aspect: str | None
    mentions: dict[str, float]      # service id → how sure we are it was named
    groups: set[str]                # synonym groups the question touches
    words: list[str]
    aspect_words: set[str]          # words that only say which aspect is asked (多少钱, 怎么)


@dataclass
class QueryWeights:
    """The question as BM25 query ids and as weights for the coverage and evidence scores."""

    ids: list[int] = field(default_factory=list)
    weights: dict[int, float] = field(default_factory=dict)
    total: float = 0.0
    units: dict[int, float] = field(default_factory=dict)


class QueryReader:
    """Reads questions against one index (its vocabulary and idf)."""

    def __init__(self, matcher: TermMatcher, tokenizer: Tokenizer, index: SearchIndex) -> None:
        self.matcher = matcher
        self.tokenizer = tokenizer
        self.index = index
        self.max_idf = float(index.idf.max()) if index.n_docs else 1.0

    def _idf(self, token: str) -> float | None:
        token_id = self.tokenizer.vocab.get(token)
        return float(self.index.idf[token_id]) if self.index.known(token_id) else None

    def _mention_strength(self, term: str, strength: float) -> float:
        """A term used all over the knowledge base (投诉) names a service less surely than 港澳通行证."""
        info = self.matcher.lookup(term)
        idf = self._idf(term)
        if idf is None and info is not None and info.group:
            idf = self._idf(GROUP_TOKEN + info.group)  # a variant such as 社宝卡 is as rare as its group
        rarity = 1.0 if idf is None else min(max(idf / self.max_idf, MENTION_FLOOR), 1.0)
        return strength * rarity

    def parse(self, question: str) -> ParsedQuery:
        """Normalize, find (and correct) known terms, split into words, detect the aspect."""
        text = normalize(question)
        scan = self.matcher.scan(text)
        mentions: dict[str, float] = {}
        groups: set[str] = set()
        for match in scan.matches:
            info = self.matcher.lookup(match.term)
            if info is None:
                continue
            if info.group:
                groups.add(info.group)
            for rank, service_id in enumerate(info.services):
                strength = self._mention_strength(match.term, match.strength) * (1.0 if rank == 0 else 0.95)
                mentions[service_id] = max(mentions.get(service_id, 0.0), strength)
        aspect_chars = {i for start, end in aspect_spans(scan.text) for i in range(start, end)}
        words, aspect_words, cursor = [], set(), 0
        for word in self.tokenizer.words(scan.text):
            start = scan.text.find(word, cursor)
            cursor = start + len(word) if start >= 0 else cursor
            words.append(word)
            if start >= 0 and all(i in aspect_chars for i in range(start, start + len(word))):
                aspect_words.add(word)
        return ParsedQuery(scan.text, scan, detect_aspect(scan.text), mentions, groups, words, aspect_words)

    def word_key(self, word: str, query: ParsedQuery) -> tuple[int | None, float]:
        """Coverage key and weight of a question word.

        A synonym (社宝卡, 公基金) is matched through its group token, which
        every document containing any member of the group carries.
        """
        vocab = self.tokenizer.vocab
        info = self.matcher.lookup(word)
        key = vocab.get(GROUP_TOKEN + info.group) if info is not None and info.group else None
        if not self.index.known(key):
            key = vocab.get(word)
        known = self.index.known(key)
        weight = float(self.index.idf[key]) if known else UNKNOWN_WORD_WEIGHT * self.max_idf
        if word in query.aspect_words:
            weight *= ASPECT_WORD_WEIGHT
        elif len(word) == 1:
            weight *= SINGLE_CHAR_WEIGHT
        return (key if known else None), weight

    def _parts(self, word: str, key: int | None) -> list[tuple[int | None, float]]:
        """Tokens that stand for a word: itself, or for an unknown word of 3+ characters its
        bigrams, each with its share (通行证 earns credit inside 港澳通行证)."""
        if key is not None:
            return [(key, 1.0)]
        if len(word) < 3:
            return []
        share = 1 / (len(word) - 1)
        return [(self.tokenizer.vocab.get(word[i:i + 2]), share) for i in range(len(word) - 1)]

    def weigh(self, query: ParsedQuery) -> QueryWeights:
        """BM25 query ids, coverage weights per token id, their total, and evidence units per token id.

        A unit is one informative match: a word at least half as rare as the
        rarest (less for common words), or a named service.
        """
        index, vocab = self.index, self.tokenizer.vocab
        ids: list[int] = []
        weights: dict[int, float] = {}
        units: dict[int, float] = {}
        total = 0.0
        grams = [w[i:i + 2] for w in query.words if len(w) >= 3 for i in range(len(w) - 1)]
        for token in query.words + grams:
            token_id = vocab.get(token)
            if index.known(token_id):
                ids.append(token_id)
        for word in dict.fromkeys(query.words):
            key, weight = self.word_key(word, query)
            total += weight
            for part, share in self._parts(word, key):
                if index.known(part):
                    weights[part] = max(weights.get(part, 0.0), weight * share)
                    units[part] = max(units.get(part, 0.0), min(1.0, 2 * weight / self.max_idf) * share)
        for service_id, strength in query.mentions.items():
            token_id = vocab.get(SERVICE_TOKEN + service_id)
            if index.known(token_id):
                ids.extend([token_id] * MENTION_REPEAT)
                weights[token_id] = MENTION_WEIGHT * self.max_idf * strength
                units[token_id] = strength
        if query.mentions:
            total += MENTION_WEIGHT * self.max_idf * max(query.mentions.values())
        for group in query.groups:
            token_id = vocab.get(GROUP_TOKEN + group)
            if index.known(token_id):
                ids.append(token_id)
        return QueryWeights(ids, weights, total, units)
