"""Our vectorised bm25s index must score exactly like stock bm25s."""
from __future__ import annotations

import bm25s
import numpy as np
import pytest

from services_db.bm25_index import CorpusBM25


@pytest.mark.parametrize("method", ["lucene", "robertson", "atire"])
def test_scores_match_stock_bm25s(method: str) -> None:
    rng = np.random.default_rng(7)
    corpus = [[f"t{t}" for t in rng.integers(0, 200, size=rng.integers(1, 25))] for _ in range(500)]
    stock = bm25s.BM25(method=method, k1=1.2, b=0.6)
    stock.index(corpus, show_progress=False)
    ids = [np.array([stock.vocab_dict[t] for t in doc], dtype=np.int32) for doc in corpus]
    ours = CorpusBM25(method=method, k1=1.2, b=0.6)
    ours.index((ids, {i: i for i in range(len(stock.vocab_dict))}), create_empty_token=False, show_progress=False)
    for query in (["t1", "t2", "t3"], ["t5", "t5", "t150"], ["t199"]):
        expected = stock.get_scores(query)
        got = ours.get_scores_from_ids(np.array([stock.vocab_dict[t] for t in query], dtype=np.int32))
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
