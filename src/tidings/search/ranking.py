"""One order for search results: how well each matches, lifted by how recent it is. Pure.

    relevance = lexical / best lexical among the candidates
                + SEMANTIC_WEIGHT * (cosine - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR)
    score     = relevance * (1 + 0.5 ** (age / RECENCY_HALF_LIFE))

The full-text index's relevance (bm25 in SQLite, ts_rank in PostgreSQL) is on a scale of
its own, so it is taken relative to the best candidate: the best word match is 1. A
match by meaning alone (no word in common) adds at most ``SEMANTIC_WEIGHT``, so it ranks
below good word matches and above weak ones. An article published now counts twice what
the same match from long ago counts, and that lift halves every ``RECENCY_HALF_LIFE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

RECENCY_HALF_LIFE = timedelta(days=7)
SEMANTIC_WEIGHT = 0.6
# Below this cosine (MiniLM, query to title and lead) a text is not about the query.
SEMANTIC_FLOOR = 0.3


@dataclass(frozen=True)
class Candidate:
    id: int
    published_at: datetime
    story_id: int | None = None
    lexical: float = 0.0  # the index's relevance, higher is better; 0 for no word match
    cosine: float | None = None  # to the query's embedding, when matched by meaning


@dataclass(frozen=True)
class Ranked:
    id: int
    score: float
    by_meaning_only: bool  # found by the embeddings alone, sharing no word with the query


def rank(
    candidates: Iterable[Candidate], now: datetime, *, one_per_story: bool = False
) -> list[Ranked]:
    """The candidates best first (ties to the newer id); with ``one_per_story``, only the
    best article of each story (articles outside stories all stay)."""
    candidates = list(candidates)
    best_lexical = max((candidate.lexical for candidate in candidates), default=0.0)
    ranked = []
    for candidate in candidates:
        relevance = candidate.lexical / best_lexical if candidate.lexical > 0 else 0.0
        if candidate.cosine is not None and candidate.cosine > SEMANTIC_FLOOR:
            relevance += (
                SEMANTIC_WEIGHT * (candidate.cosine - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR)
            )
        if relevance <= 0:
            continue
        age = max(timedelta(0), now - candidate.published_at)
        score = relevance * (1 + 0.5 ** (age / RECENCY_HALF_LIFE))
        ranked.append((score, candidate))
    ranked.sort(key=lambda pair: (-pair[0], -pair[1].id))
    results, stories = [], set()
    for score, candidate in ranked:
        if one_per_story and candidate.story_id is not None:
            if candidate.story_id in stories:
                continue
            stories.add(candidate.story_id)
        results.append(Ranked(candidate.id, score, candidate.lexical <= 0))
    return results


def after(ranked: list[Ranked], key: tuple[float, int] | None) -> list[Ranked]:
    """The results that follow the one whose (score, id) is ``key``, in order."""
    if key is None:
        return ranked
    score, article_id = key
    return [
        result
        for result in ranked
        if result.score < score or (result.score == score and result.id < article_id)
    ]
