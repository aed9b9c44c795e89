"""The incremental BM25 index against rank-bm25 and against itself rebuilt (no Django needed)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from nap1540.assistance.matching.bm25 import IncrementalBM25

_CORPUS_TEXT = """
export control training for customs officers
legislative drafting chemical weapons convention
export control licensing dual use goods export
biosafety training laboratory
physical protection nuclear material accounting
"""
CORPUS = [line.split() for line in _CORPUS_TEXT.strip().splitlines()]


class _OkapiWithLuceneIdf(BM25Okapi):
    """rank-bm25's Okapi model with the non-negative IDF that IncrementalBM25 uses."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = math.log(1.0 + (self.corpus_size - freq + 0.5) / (freq + 0.5))


def test_scores_equal_rank_bm25_okapi_given_the_same_idf():
    index = IncrementalBM25()
    for doc in CORPUS:
        index.add(doc)
    reference = _OkapiWithLuceneIdf(CORPUS)

    for query in (["export", "control"], ["training"], ["nuclear", "export", "unknown"]):
        assert index.scores(query) == pytest.approx(reference.get_scores(query))


def test_a_removed_document_scores_zero_and_leaves_the_statistics_of_a_rebuild():
    index = IncrementalBM25()
    for doc in CORPUS:
        index.add(doc)
    index.remove(2)
    rebuilt = IncrementalBM25()
    for doc in CORPUS[:2] + CORPUS[3:]:
        rebuilt.add(doc)

    scores = index.scores(["export", "training"])
    assert scores[2] == 0.0
    assert list(np.delete(scores, 2)) == pytest.approx(list(rebuilt.scores(["export", "training"])))
    assert index.n_docs == rebuilt.n_docs == 4


_docs = st.lists(
    st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), min_size=0, max_size=9),
    min_size=1,
    max_size=15,
)


@settings(max_examples=80, deadline=None)
@given(_docs, st.data())
def test_adding_documents_one_by_one_equals_building_in_one_go(docs, data):
    split = data.draw(st.integers(min_value=0, max_value=len(docs)))
    query = data.draw(st.lists(st.sampled_from(["a", "b", "c", "z"]), max_size=5))
    whole = IncrementalBM25()
    for doc in docs:
        whole.add(doc)
    grown = IncrementalBM25()
    for doc in docs[:split]:
        grown.add(doc)
    grown.scores(query)  # cached views are built here and must be refreshed by later adds
    for doc in docs[split:]:
        grown.add(doc)

    assert list(grown.scores(query)) == list(whole.scores(query))
