"""Approximate nearest neighbours with faiss (the ``ml`` extra): an inverted-file index.

IVF-Flat splits the vectors into ``nlist`` groups around centroids learnt by k-means;
a query scans only the ``nprobe`` groups nearest to it. It takes additions and removals by
id at any time (faiss's HNSW cannot remove), keeps the exact vectors (so that a later
retraining loses nothing), and measured best here: on a million clustered vectors it was
built in 32 s and found all of the 50 true nearest in about 1.5 ms, where usearch's HNSW
took 4 to 7 minutes to build and found 60 to 70% of them (bench/README.md).

The centroids fit the vectors they were learnt from; the embedded index trains a new
engine when the collection has grown well past them (see ``embedded.choose_engine``).
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from tidings.enrich.embeddings import DIMENSIONS

# About 4·√n groups is faiss's own advice for up to a few million vectors; fewer than 64 is
# not worth an inverted file.
GROUPS_PER_ROOT = 4
FEWEST_GROUPS = 64
# k-means learns from this many vectors per group (faiss warns below 39).
TRAINING_PER_GROUP = 40
TRAINING_SEED = 1234
# Groups scanned per query. With 4000 groups at a million articles, 48 of them are about
# 12,000 vectors: a millisecond or two, and nearly all true neighbours (recall measured by
# bench/stories.py).
PROBES = 48


class IvfEngine:
    kind = "ivf"

    def __init__(self, index: faiss.IndexIVFFlat, trained_on: int) -> None:
        self._index = index
        self._index.nprobe = min(PROBES, index.nlist)
        # How many vectors the centroids were learnt from: the embedded index retrains
        # once the collection has grown well past this.
        self.trained_on = trained_on

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray) -> IvfEngine:
        """Learn the centroids from ``vectors`` (a sample of them, when there are many),
        then add them all."""
        groups = max(FEWEST_GROUPS, round(GROUPS_PER_ROOT * math.sqrt(len(ids))))
        # The factory's index owns its quantizer; one made by hand here would be freed by
        # Python while faiss still used it.
        index = faiss.index_factory(DIMENSIONS, f"IVF{groups},Flat", faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(TRAINING_SEED)
        wanted = min(len(ids), groups * TRAINING_PER_GROUP)
        sample = vectors[np.sort(rng.choice(len(ids), wanted, replace=False))]
        index.train(sample)
        index.add_with_ids(vectors, ids)
        return cls(index, trained_on=len(ids))

    def __len__(self) -> int:
        return self._index.ntotal

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if ids.size:
            self._index.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> None:
        if ids.size:
            self._index.remove_ids(faiss.IDSelectorBatch(ids))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self._index.search(query.reshape(1, -1), k)
        found = ids[0] >= 0  # faiss pads with -1 when fewer than k were found
        return ids[0][found], scores[0][found]

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        """Every id and vector, read straight from the inverted lists."""
        lists = self._index.invlists
        all_ids, all_vectors = [], []
        for group in range(self._index.nlist):
            size = lists.list_size(group)
            if size == 0:
                continue
            all_ids.append(faiss.rev_swig_ptr(lists.get_ids(group), size).copy())
            codes = faiss.rev_swig_ptr(lists.get_codes(group), size * lists.code_size)
            all_vectors.append(np.frombuffer(codes, dtype=np.float32).reshape(size, -1).copy())
        if not all_ids:
            return np.zeros(0, dtype=np.int64), np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.concatenate(all_ids), np.concatenate(all_vectors)

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, trained_on: int) -> IvfEngine:
        return cls(faiss.read_index(str(path)), trained_on)
