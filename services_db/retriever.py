"""From a citizen's question to the best service (and FAQ) with a calibrated score.

Pipeline (docs/knowledge_base.md explains the choices):

1. ``normalize`` (full-width, Traditional → Simplified, Cantonese → Mandarin);
2. find known terms, correcting homophones and one-character typos;
3. jieba words + bigrams, plus a token per mentioned service (§svc) and per
   synonym group (§syn) — documents carry the same tokens, which is how
   synonym expansion works;
4. BM25 (bm25s) ranks documents; per service we keep its best document;
5. the score is the share of the question's meaning (idf-weighted words) that
   the service's documents cover, damped by its BM25 distance to the leader;
6. below ``NOT_FOUND_THRESHOLD`` the caller gets alternatives, not an answer,
   and the category when the question's words (category keywords, names)
   clearly point at one.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz, process

from services_db.bm25_index import SearchIndex
from services_db.catalog import Catalog
from services_db.query import GROUP_TOKEN, SERVICE_TOKEN, ParsedQuery, QueryReader
from services_db.results import Hit, SearchResult
from services_db.terms import TermMatcher, normalize_term
from services_db.tokens import Tokenizer
from services_db.vocabulary import OTHER_PLACES, OUTSIDE_TOPICS, PLACE_CONTEXT_WORDS
from zhtext import normalize

EVIDENCE_UNITS = 2.0          # informative matches (words, named services) that count as full evidence
NOT_FOUND_THRESHOLD = 0.45    # calibrated with bench/bench_retrieval.py (see docs/knowledge_base.md)
CATEGORY_THRESHOLD = 0.9      # category evidence needed: one clear keyword (1.0), two weak ones (2 x 0.5);
                              # a keyword guessed from a homophone (0.85) needs support
CATEGORY_MARGIN = 0.5         # ... and half a keyword more than any other category
HIT_EVIDENCE = 1.0            # a candidate service scoring at least CATEGORY_HIT_MIN adds its score
CATEGORY_HIT_MIN = 0.25       # to its category's evidence
OUTSIDE = "§outside"          # pseudo-category of OUTSIDE_TOPICS: when it wins, there is no category
SUGGESTION_THRESHOLD = 0.1    # weaker candidates are not offered as "您是不是想问…"
OTHER_PLACE_FACTOR = 0.5      # "北京居住证怎么办" is not about Shenzhen's 居住证
HINT_MIN_COVERAGE = 0.5       # follow-up questions must mostly fit the service under discussion
HINT_SCORE = 0.8


class Retriever:
    """An immutable search structure for one catalog revision (rebuilt on change)."""

    def __init__(self, catalog: Catalog, tokenizer: Tokenizer, previous: Retriever | None = None) -> None:
        self.catalog = catalog
        self.tokenizer = tokenizer
        self.vocabulary_key = vocabulary_key(catalog)
        if previous is not None and previous.vocabulary_key == self.vocabulary_key:
            self.matcher = previous.matcher  # most edits change answers, not names or synonyms
        else:
            self.matcher = build_matcher(catalog, tokenizer)
            tokenizer.set_dictionary(self.matcher.terms)
        # categories one department answers for (社会保险 and 就业 are both 人社局's): evidence for
        # either counts for the department, so a question between them is not ambiguous
        self.desk = {c.id: c.department for c in catalog.categories.values()}
        self.service_ids = list(catalog.services)
        self.position = {sid: i for i, sid in enumerate(self.service_ids)}
        self.index = self._build_index()
        self.reader = QueryReader(self.matcher, tokenizer, self.index)
        self._names = [(normalize_term(n), s.id) for s in catalog.services.values() for n in (s.name, *s.aliases)]

    # ---- building -----------------------------------------------------------------
    def _build_index(self) -> SearchIndex:
        tok = self.tokenizer
        pieces: list[np.ndarray] = []   # token ids of every text and marker, document after document
        lengths: list[int] = []         # tokens per document
        doc_service: list[int] = []
        doc_faq: list[int] = []
        texts: set[str] = set()
        for number, service in enumerate(self.catalog.services.values()):
            marker = np.array([tok.special_id(SERVICE_TOKEN + service.id)], dtype=np.int32)
            own = [service.name, *service.aliases, service.summary]
            for faq_id, doc_texts in [(-1, own), *((f.id, f.questions) for f in service.faqs)]:
                texts.update(doc_texts)
                ids = [tok.ids_for_document(t) for t in doc_texts]
                pieces += ids
                pieces.append(marker)
                lengths.append(sum(len(i) for i in ids) + 1)
                doc_service.append(number)
                doc_faq.append(faq_id)
        tok.retain(texts)
        flat = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int32)
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        groups = self._group_map()[flat]
        has_group = groups >= 0
        flat = np.concatenate([flat, groups[has_group]])
        rows = np.concatenate([rows, rows[has_group]])
        return SearchIndex(flat, rows, np.asarray(doc_service, dtype=np.int64),
                           np.asarray(doc_faq, dtype=np.int64), len(tok.vocab))

    def _group_map(self) -> np.ndarray:
        """Token id → id of its synonym-group token (-1 when the token is in no group)."""
        tok = self.tokenizer
        pairs = [(tok.vocab[term], tok.special_id(GROUP_TOKEN + info.group))
                 for term, info in self.matcher.terms.items() if info.group and term in tok.vocab]
        group_of = np.full(len(tok.vocab), -1, dtype=np.int64)
        for token_id, group_id in pairs:
            group_of[token_id] = group_id
        return group_of

    # ---- queries --------------------------------------------------------------------
    def search(self, question: str, service_hint: str | None = None, k: int = 3) -> SearchResult:
        """Best service/FAQ for ``question``; see :class:`SearchResult` for the fields."""
        if not self.service_ids or not normalize(question):
            return SearchResult(found=False, best=None)
        query = self.reader.parse(question)
        weighed = self.reader.weigh(query)
        weights, total = weighed.weights, weighed.total
        doc_bm25 = self.index.bm25_scores(weighed.ids)
        service_bm25 = self.index.per_service(doc_bm25)
        matched = self.index.service_coverage(weights)
        coverage = np.minimum(matched / total, 1.0) if total > 0 else np.zeros(len(self.service_ids))
        # one word in common ("明天", "附近") is not enough evidence, however short the question
        evidence = np.minimum(self.index.service_coverage(weighed.units) / EVIDENCE_UNITS, 1.0)
        leader = float(service_bm25.max())
        relative = service_bm25 / leader if leader > 0 else np.zeros_like(service_bm25)
        scores = coverage * evidence * (0.5 + 0.5 * relative)
        if _elsewhere(query.text):
            scores *= OTHER_PLACE_FACTOR
        hinted = self._hinted(query, service_hint)
        if hinted is not None:
            scores[hinted] = max(float(scores[hinted]), HINT_SCORE)
        order = np.lexsort((-service_bm25, -scores))[: max(k, 1)]
        hits = [self._hit(int(i), float(scores[i]), doc_bm25, query, weights) for i in order
                if scores[i] > 0 or service_bm25[i] > 0]
        corrections = query.scan.corrections()
        if hits and hits[0].score >= NOT_FOUND_THRESHOLD and not self._off_category(query, hits[0]):
            best = hits[0]
            aspect = query.aspect or (self.catalog.faqs[best.faq_id].aspect if best.faq_id is not None else None)
            others = [h for h in hits[1:k] if h.score >= SUGGESTION_THRESHOLD]
            return SearchResult(True, best, others, aspect, best.category, corrections)
        hits = [h for h in hits if h.score >= SUGGESTION_THRESHOLD]  # a did-you-mean must be plausible
        category = self._category_guess(query, hits)
        if not hits and category is not None and self._named_category(query, category):
            # "出入境": offer the category's services; a question that only shares its keywords
            # ("发票丢了怎么办") gets no list of unrelated services, but the department and hotline
            hits = [Hit(s.id, s.name, s.category_id, None, 0.0) for s in self.catalog.services.values()
                    if s.category_id == category][:k]
        return SearchResult(False, None, hits[:k], query.aspect, category, corrections)

    def _hinted(self, query: ParsedQuery, service_hint: str | None) -> int | None:
        """Index of the hinted service when the question is a follow-up about it."""
        if service_hint not in self.position or query.mentions or query.aspect is None:
            return None
        number = self.position[service_hint]
        content = [w for w in query.words if w not in query.aspect_words]
        own = self.index.documents_of(number)
        covered = 0
        for word in content:
            key = self.reader.word_key(word, query)[0]
            docs = self.index.documents_with(key) if key is not None else np.zeros(0, dtype=np.int64)
            covered += bool(((docs >= own.start) & (docs < own.stop)).any())
        return number if not content or covered / len(content) >= HINT_MIN_COVERAGE else None

    def _hit(self, number: int, score: float, doc_bm25: np.ndarray, query: ParsedQuery,
             weights: dict[int, float]) -> Hit:
        service = self.catalog.services[self.service_ids[number]]
        return Hit(service.id, service.name, service.category_id,
                   self._best_faq(number, doc_bm25, query.aspect, weights), round(score, 4))

    def _best_faq(self, number: int, doc_bm25: np.ndarray, aspect: str | None,
                  weights: dict[int, float]) -> int | None:
        """The FAQ to answer with: the closest one about the asked aspect.

        A "怎么办" question may also be answered by a situation FAQ (aspect
        general, e.g. 公司没给我交社保怎么办); other aspects must match exactly,
        otherwise the answer is composed from the guide's field.  Without an
        aspect, an FAQ is used only if it matches more of the question than the
        service's own name and summary ("护照" alone gets the overview).
        """
        own_doc = self.index.documents_of(number).start
        docs = [d for d in self.index.documents_of(number) if self.index.doc_faq[d] >= 0]
        if aspect is not None:
            allowed = {aspect, "general"} if aspect == "how" else {aspect}
            docs = [d for d in docs if self.catalog.faqs[int(self.index.doc_faq[d])].aspect in allowed]
        if not docs:
            return None
        best = max(docs, key=lambda d: doc_bm25[d])
        if doc_bm25[best] <= 0:
            return None
        if aspect is None and (self.index.document_coverage(weights, best)
                               <= self.index.document_coverage(weights, own_doc)):
            return None
        return int(self.index.doc_faq[best])

    def category_evidence(self, query: ParsedQuery, hits: list[Hit]) -> dict[str, float]:
        """How much of a keyword's worth the question says about each category.

        Every known term found once: its weight per category (1.0 for a clear
        keyword or a name of the category or of one of its services, 0.5 for a
        weak keyword), scaled by how sure the match is (a corrected typo counts
        less) and split when several categories claim the term equally.  The
        plausible candidate services add their score to their category when
        the words already point at it (a did-you-mean from an unrelated
        category, found through 怎么/每个月/多少, says nothing about the topic).
        """
        evidence: dict[str, float] = {}
        strengths: dict[str, float] = {}
        for match in query.scan.topic_matches:
            strengths[match.term] = max(strengths.get(match.term, 0.0), match.strength)
        for term, strength in strengths.items():
            info = self.matcher.lookup(term)
            weights = info.category_weights() if info is not None else {}
            if not weights:
                continue
            top = max(weights.values())
            shared = sum(1 for w in weights.values() if w == top)
            for category, weight in weights.items():
                evidence[category] = evidence.get(category, 0.0) + strength * weight / shared
        best_hit: dict[str, float] = {}
        for hit in hits:
            if hit.score >= CATEGORY_HIT_MIN:
                best_hit[hit.category] = max(best_hit.get(hit.category, 0.0), hit.score)
        for category, score in best_hit.items():
            if category in evidence:  # candidates confirm what the words say, they add no topic of their own
                evidence[category] += HIT_EVIDENCE * score
        return evidence

    def _category_guess(self, query: ParsedQuery, hits: list[Hit]) -> str | None:
        """The category of a question no service answers, when its words clearly say one."""
        return _category_winner(self.category_evidence(query, hits), self.desk)

    def category_of(self, question: str) -> str | None:
        """The category the words of ``question`` clearly say (keywords and names only)."""
        return _category_winner(self.category_evidence(self.reader.parse(question), []), self.desk)

    def _off_category(self, query: ParsedQuery, best: Hit) -> bool:
        """True when the question's words clearly say one category and nothing for the best
        hit's ("发票丢了怎么办" is not about a taxi's lost property, however well the FAQ matches),
        or clearly say a topic outside every category (儿童溺水如何预防 is not about vaccination)."""
        evidence = self.category_evidence(query, [])
        said = _clear_winner(evidence, self.desk)
        # the best hit's category must be named on its own to stand against a topic outside every
        # category; against another category, half a keyword for it is enough
        needed = CATEGORY_THRESHOLD if said == OUTSIDE else CATEGORY_MARGIN
        own = self.desk.get(best.category)
        if said is None or self.desk.get(said) == own:
            return False
        return sum(v for c, v in evidence.items() if self.desk.get(c) == own) < needed

    def _named_category(self, query: ParsedQuery, category: str) -> bool:
        """True when the question names the category itself (出入境, 社会保险) or one of its services."""
        return any(category in info.categories for m in query.scan.topic_matches
                   if (info := self.matcher.lookup(m.term)) is not None)

    def resolve_service(self, text: str) -> str | None:
        """Service id for a mention such as "社保卡" or "居住正" (None if nothing fits)."""
        query = normalize(text)
        if not query:
            return None
        info = self.matcher.lookup(query)
        if info is not None and info.services:
            return info.services[0]
        scan = self.matcher.scan(query)
        named = sorted((m for m in scan.matches if (i := self.matcher.lookup(m.term)) and i.services),
                       key=lambda m: (-(m.end - m.start), -m.strength))
        if named:
            return self.matcher.lookup(named[0].term).services[0]
        best = process.extractOne(query, [n for n, _ in self._names], scorer=fuzz.ratio, score_cutoff=70)
        return self._names[best[2]][1] if best else None


def _clear_winner(evidence: dict[str, float], desk: dict[str, str]) -> str | None:
    """The category with enough evidence and a margin over other departments' categories, if any.

    Evidence is pooled per department (``desk``: category → department): a
    question about 工伤保险 for a 用人单位 is 人社局's either way, and within the
    department the category with the most evidence names it.
    """
    pooled: dict[str, float] = {}
    for category, value in evidence.items():
        department = desk.get(category, category)
        pooled[department] = pooled.get(department, 0.0) + value
    ranked = sorted(pooled.values(), reverse=True)
    if not ranked or ranked[0] < CATEGORY_THRESHOLD:
        return None
    if len(ranked) > 1 and ranked[0] - ranked[1] < CATEGORY_MARGIN:
        return None
    winning_desk = max(pooled, key=pooled.__getitem__)
    return max((c for c in evidence if desk.get(c, c) == winning_desk), key=evidence.__getitem__)


def _category_winner(evidence: dict[str, float], desk: dict[str, str]) -> str | None:
    """:func:`_clear_winner`, where a win of the topics outside every category means none."""
    winner = _clear_winner(evidence, desk)
    return None if winner == OUTSIDE else winner


def _elsewhere(text: str) -> bool:
    """True when the question is about another city or country, not Shenzhen."""
    return any(place in text for place in OTHER_PLACES) and not any(w in text for w in PLACE_CONTEXT_WORDS)


def vocabulary_key(catalog: Catalog) -> int:
    """Hash of everything the term matcher is built from (names, aliases, categories, synonyms)."""
    return hash((
        tuple((s.id, s.category_id, s.name, s.aliases) for s in catalog.services.values()),
        tuple((c.id, c.name, c.covers, c.keywords) for c in catalog.categories.values()),
        tuple(catalog.synonyms.items()), catalog.dictionary,
    ))


def build_matcher(catalog: Catalog, tokenizer: Tokenizer) -> TermMatcher:
    """Every term citizens may use for a service, category or concept."""
    matcher = TermMatcher(tokenizer.is_common_word)
    for service in catalog.services.values():
        matcher.add_service(service.id, service.category_id, [service.name, *service.aliases])
    for category in catalog.categories.values():
        matcher.add_category(category.id, category.name, category.covers, category.keywords)
    for canonical, variants in catalog.synonyms.items():
        matcher.add_synonyms(canonical, variants)
    matcher.add_terms(catalog.dictionary)
    matcher.add_category(OUTSIDE, "", "", [(term, 1.0) for term in OUTSIDE_TOPICS])
    matcher.finish()
    return matcher
