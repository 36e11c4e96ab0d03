"""Exact nearest neighbours with numpy: every query is compared with every vector.

This is the embedded index's engine for small collections, and for every collection when
faiss (the ``ml`` extra) is not installed. One query costs one matrix-vector product over
all the vectors: about half a millisecond per 10,000 articles on two cores (5 ms at 100,000,
55 ms at a million; ``bench/stories.py``), so it serves a site of up to about 150,000
articles within the 10 ms a page can spare.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tidings.enrich.embeddings import DIMENSIONS

# Room for this many vectors is made at first, and half as much again when it runs out.
INITIAL_CAPACITY = 1024


class ExactEngine:
    """Ids and vectors in two arrays kept dense: a removed row is filled by the last one."""

    kind = "exact"
    trained_on = 0  # nothing to train

    def __init__(self) -> None:
        self._ids = np.zeros(INITIAL_CAPACITY, dtype=np.int64)
        self._vectors = np.zeros((INITIAL_CAPACITY, DIMENSIONS), dtype=np.float32)
        self._size = 0
        self._rows: dict[int, int] = {}

    @classmethod
    def build(cls, ids: np.ndarray, vectors: np.ndarray) -> ExactEngine:
        """An engine holding these (distinct) ids and their vectors; it takes the arrays
        over rather than copying them."""
        engine = cls()
        engine._ids = np.ascontiguousarray(ids, dtype=np.int64)
        engine._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        engine._size = engine._ids.size
        engine._rows = {article_id: row for row, article_id in enumerate(engine._ids.tolist())}
        return engine

    def __len__(self) -> int:
        return self._size

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors of ids the engine does not hold (the caller removes old ones first)."""
        needed = self._size + ids.size
        if needed > self._ids.size:
            capacity = max(needed, self._ids.size + self._ids.size // 2, INITIAL_CAPACITY)
            self._ids = _grown(self._ids, capacity)
            self._vectors = _grown(self._vectors, capacity)
        self._ids[self._size : needed] = ids
        self._vectors[self._size : needed] = vectors
        for row, article_id in enumerate(ids.tolist(), start=self._size):
            self._rows[article_id] = row
        self._size = needed

    def remove(self, ids: np.ndarray) -> None:
        for article_id in ids.tolist():
            row = self._rows.pop(article_id, None)
            if row is None:
                continue
            last = self._size - 1
            if row != last:
                moved = int(self._ids[last])
                self._ids[row] = moved
                self._vectors[row] = self._vectors[last]
                self._rows[moved] = row
            self._size = last

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and cosines of the ``k`` nearest, best first."""
        if self._size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        scores = self._vectors[: self._size] @ query
        top = np.argpartition(-scores, k - 1)[:k] if k < self._size else np.arange(self._size)
        # Ties go to the lower id, so that equal vectors rank the same way every time.
        order = np.lexsort((self._ids[top], -scores[top]))
        top = top[order]
        return self._ids[top].copy(), scores[top]

    def items(self) -> tuple[np.ndarray, np.ndarray]:
        return self._ids[: self._size].copy(), self._vectors[: self._size].copy()

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            np.savez(handle, ids=self._ids[: self._size], vectors=self._vectors[: self._size])

    @classmethod
    def load(cls, path: Path) -> ExactEngine:
        with np.load(path) as stored:
            return cls.build(stored["ids"], stored["vectors"])


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    grown = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    grown[: array.shape[0]] = array
    return grown
