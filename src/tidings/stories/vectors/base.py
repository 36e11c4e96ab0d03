"""What every vector index offers, and the checks every write goes through.

An index maps article ids to their embeddings (unit float32 vectors of
``enrich.embeddings.DIMENSIONS``) and finds the nearest ones to a query by cosine. It is a
copy of ``ArticleAnalysis.embedding``: the SQL database stays the source of truth, and
``tidings reindex`` rebuilds any index from it. One index holds the vectors of one embedding
backend ("model" or "hashed"), since vectors of two backends must never be compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from tidings.enrich.embeddings import BACKENDS, DIMENSIONS

# Hits are (article id, cosine similarity), best first.
Hit = tuple[int, float]
# How far from length 1 a vector may be: float32 rounding of a normalised vector stays far
# inside this; anything beyond is a vector that was never normalised, whose cosines lie.
UNIT_TOLERANCE = 1e-3


class VectorIndexError(RuntimeError):
    """The index cannot be used as it stands; the message says what to do."""


class VectorIndex(Protocol):
    """The interface of both backends. Every write is durable when it returns."""

    backend: str  # the embedding backend whose vectors this index holds

    def upsert(self, ids: Sequence[int], vectors: np.ndarray, backend: str) -> None:
        """Add these articles' vectors, replacing any they had."""

    def remove(self, ids: Sequence[int]) -> None:
        """Forget these articles; ids the index does not hold are ignored."""

    def search(self, vector: np.ndarray, k: int) -> list[Hit]:
        """The ``k`` nearest articles to ``vector`` (or fewer), best first."""

    def count(self) -> int:
        """How many articles the index holds."""

    def clear(self) -> None:
        """Forget every article."""


def checked_ids(ids: Sequence[int]) -> np.ndarray:
    array = np.asarray(ids, dtype=np.int64).reshape(-1)
    if array.size and array.min() < 1:
        raise ValueError("article ids are positive whole numbers.")
    if np.unique(array).size != array.size:
        raise ValueError("each article may appear once in one write.")
    return array


def checked_vectors(ids: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """``vectors`` as contiguous float32 rows, one per id, each of unit length."""
    matrix = np.ascontiguousarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape != (ids.size, DIMENSIONS):
        raise ValueError(
            f"expected {ids.size} vectors of {DIMENSIONS} numbers, got shape {matrix.shape}."
        )
    if not np.isfinite(matrix).all():
        raise ValueError("vectors must hold finite numbers.")
    norms = np.linalg.norm(matrix, axis=1)
    if matrix.size and np.abs(norms - 1).max() > UNIT_TOLERANCE:
        bad = int(ids[np.abs(norms - 1).argmax()])
        raise ValueError(f"the vector of article {bad} is not of unit length.")
    return matrix


def checked_query(vector: np.ndarray, k: int) -> np.ndarray:
    query = np.ascontiguousarray(vector, dtype=np.float32).reshape(-1)
    if query.shape != (DIMENSIONS,):
        raise ValueError(f"a query is one vector of {DIMENSIONS} numbers, got {query.size}.")
    if not np.isfinite(query).all():
        raise ValueError("a query must hold finite numbers.")
    if k < 1:
        raise ValueError("k must be at least 1.")
    return query


def check_backend(index_backend: str, backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"embeddings backend {backend!r} is not one of {', '.join(BACKENDS)}.")
    if backend != index_backend:
        raise ValueError(
            f"vectors of the {backend} embeddings cannot go in the index of the "
            f"{index_backend} embeddings: they are not comparable."
        )
