"""BM25 (bm25s) over the knowledge base's documents, grouped by service.

bm25s's formulas (idf, term-frequency saturation) produce every score.  Two
loops of bm25s are replaced by vectorised equivalents: the index build, which
iterates over documents in Python (several seconds at 50,000 entries), and the
per-query sum, whose ``np.add.at`` is slow in numpy 1.23.  Queries go through
bm25s's own ``get_scores_from_ids``.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from bm25s import BM25
from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer


class CorpusBM25(BM25):
    """``bm25s.BM25`` with a vectorised ``build_index_from_ids`` (lucene/robertson/atire)."""

    def build_index_from_ids(self, unique_token_ids, corpus_token_ids, show_progress=False,
                             leave_progress=False):
        lengths = np.fromiter((len(d) for d in corpus_token_ids), dtype=np.int64, count=len(corpus_token_ids))
        flat = np.concatenate(corpus_token_ids) if len(corpus_token_ids) else np.zeros(0, dtype=np.int32)
        rows = np.repeat(np.arange(len(corpus_token_ids), dtype=np.int64), lengths)
        return self.build_from_flat(flat, rows, len(corpus_token_ids), len(unique_token_ids))

    def build_from_flat(self, flat: np.ndarray, rows: np.ndarray, n_docs: int, n_vocab: int) -> dict:
        """Score matrix from parallel arrays (token id, document) of every token occurrence."""
        if self.method in self.methods_requiring_nonoccurrence:
            raise ValueError(f"{self.method} needs per-document non-occurrence scores; use lucene")
        self.nonoccurrence_array = None
        tf = sp.csc_matrix((np.ones(flat.shape[0], dtype=np.float64), (rows, flat)), shape=(n_docs, n_vocab))
        tf.sum_duplicates()
        lengths = np.bincount(rows, minlength=n_docs)
        doc_freq = np.diff(tf.indptr)
        idf = self._idf_array(doc_freq, n_docs)
        tfc = _select_tfc_scorer(self.method)(
            tf_array=tf.data, l_d=lengths[tf.indices], l_avg=max(float(lengths.mean()), 1.0) if n_docs else 1.0,
            k1=self.k1, b=self.b, delta=self.delta)
        data = np.repeat(idf, doc_freq) * tfc
        return {"data": data.astype(self.dtype), "indices": tf.indices.astype(self.int_dtype),
                "indptr": tf.indptr.astype(np.int64), "num_docs": n_docs}

    def index_flat(self, flat: np.ndarray, rows: np.ndarray, n_docs: int, n_vocab: int) -> None:
        """What ``BM25.index`` does, for a corpus already given as token ids 0..n_vocab-1."""
        self.scores = self.build_from_flat(flat, rows, n_docs, n_vocab)
        self.vocab_dict = {i: i for i in range(n_vocab)}
        self.unique_token_ids_set = set(self.vocab_dict.values())

    @staticmethod
    def _compute_relevance_from_scores(data, indptr, indices, num_docs, query_tokens_ids, dtype):
        """bm25s's sum of precomputed scores, as one ``np.bincount``.

        bm25s calls ``np.add.at`` once per query token, which numpy < 1.25
        runs an order of magnitude slower; the scores summed are the same.
        """
        spans = [np.arange(start, end) for start, end in zip(indptr[query_tokens_ids], indptr[query_tokens_ids + 1], strict=False)]
        picks = np.concatenate(spans) if spans else np.zeros(0, dtype=np.int64)
        return np.bincount(indices[picks], weights=data[picks], minlength=num_docs).astype(dtype)

    def _idf_array(self, doc_freq: np.ndarray, n_docs: int) -> np.ndarray:
        """bm25s's idf formula, evaluated once per distinct document frequency."""
        idf_fn = _select_idf_scorer(self.idf_method)
        distinct = np.unique(doc_freq[doc_freq > 0])
        values = np.array([idf_fn(int(df), N=n_docs) for df in distinct], dtype=np.float64)
        idf = np.zeros(doc_freq.shape[0], dtype=np.float64)
        present = doc_freq > 0
        idf[present] = values[np.searchsorted(distinct, doc_freq[present])]
        return idf


class SearchIndex:
    """Documents of all services; each service's documents are contiguous.

    ``doc_faq[d]`` is the FAQ id of document d, or -1 for the service's own
    document (name, aliases, summary).
    """

    def __init__(self, flat: np.ndarray, rows: np.ndarray, doc_service: np.ndarray, doc_faq: np.ndarray,
                 vocab_size: int) -> None:
        self.doc_service = doc_service
        self.doc_faq = doc_faq
        self.vocab_size = vocab_size
        self.n_docs = int(doc_service.shape[0])
        self.n_services = int(doc_service[-1]) + 1 if self.n_docs else 0
        self.service_starts = np.flatnonzero(np.r_[True, doc_service[1:] != doc_service[:-1]])
        self.bm25 = CorpusBM25(method="lucene", k1=1.2, b=0.6)
        self.bm25.index_flat(flat, rows, self.n_docs, vocab_size)
        self.doc_freq = np.diff(self.bm25.scores["indptr"])
        self.idf = self.bm25._idf_array(self.doc_freq, self.n_docs)

    def known(self, token_id: int | None) -> bool:
        """True for a token that occurs in at least one document of this index."""
        return token_id is not None and token_id < self.vocab_size and self.doc_freq[token_id] > 0

    def bm25_scores(self, token_ids: list[int]) -> np.ndarray:
        """bm25s scores of every document (an id given twice counts twice)."""
        if not token_ids:
            return np.zeros(self.n_docs, dtype=np.float32)
        return self.bm25.get_scores_from_ids(np.asarray(token_ids, dtype=np.int32))

    def service_coverage(self, weights: dict[int, float]) -> np.ndarray:
        """Per service, the summed weight of the query tokens found in any of its documents."""
        cover = np.zeros(self.n_services, dtype=np.float64)
        for token_id, weight in weights.items():
            present = np.zeros(self.n_services, dtype=bool)
            present[self.doc_service[self.documents_with(token_id)]] = True
            cover += weight * present
        return cover

    def documents_with(self, token_id: int) -> np.ndarray:
        """Indices of the documents containing a token."""
        indptr = self.bm25.scores["indptr"]
        return self.bm25.scores["indices"][indptr[token_id]:indptr[token_id + 1]]

    def document_coverage(self, weights: dict[int, float], doc: int) -> float:
        """Summed weight of the query tokens one document contains."""
        total = 0.0
        for token_id, weight in weights.items():
            docs = self.documents_with(token_id)  # sorted: the matrix is in canonical CSC form
            at = int(np.searchsorted(docs, doc))
            total += weight if at < docs.shape[0] and docs[at] == doc else 0.0
        return total

    def per_service(self, doc_values: np.ndarray) -> np.ndarray:
        """Maximum over each service's documents (services in index order)."""
        return np.maximum.reduceat(doc_values, self.service_starts)

    def documents_of(self, service_index: int) -> range:
        start = int(self.service_starts[service_index])
        end = int(self.service_starts[service_index + 1]) if service_index + 1 < self.n_services else self.n_docs
        return range(start, end)
