"""Synthetic article vectors with the shape of news: unit vectors grouped in events, events
grouped in topics, so that nearest-neighbour search has real neighbours to find."""

from __future__ import annotations

import numpy as np

DIMENSIONS = 384
TOPICS = 300
ARTICLES_PER_EVENT = 20
EVENT_SPREAD = 0.9  # how far an event lies from its topic (noise norm, before normalising)
ARTICLE_SPREAD = 0.8  # how far an article lies from its event
SEED = 11


def unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def clustered_vectors(count: int, seed: int = SEED) -> np.ndarray:
    """``count`` unit vectors grouped in events grouped in topics; made a chunk at a time so
    that a million need no more memory than the result."""
    rng = np.random.default_rng(seed)
    topics = unit(rng.standard_normal((TOPICS, DIMENSIONS), dtype=np.float32))
    events = max(1, count // ARTICLES_PER_EVENT)
    noise = unit(rng.standard_normal((events, DIMENSIONS), dtype=np.float32))
    centres = unit(topics[rng.integers(0, TOPICS, events)] + EVENT_SPREAD * noise)
    event_of = rng.integers(0, events, count)
    vectors = np.empty((count, DIMENSIONS), dtype=np.float32)
    for start in range(0, count, 100_000):
        end = min(count, start + 100_000)
        noise = unit(rng.standard_normal((end - start, DIMENSIONS), dtype=np.float32))
        vectors[start:end] = unit(centres[event_of[start:end]] + ARTICLE_SPREAD * noise)
    return vectors
