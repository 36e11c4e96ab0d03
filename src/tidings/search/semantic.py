"""Matches by meaning: the articles whose stored embeddings lie nearest the query's.

Only with the ``ml`` extra's model: its vectors place "jobless rate" near "unemployment".
The hashed embeddings of a core install know words, not meanings, and the full-text index
finds words better, so without the model a search is by words alone (``available`` says
which, and the page says so).
"""

from __future__ import annotations

import logging

from django.db.models import QuerySet

from tidings.articles.models import Article
from tidings.enrich.embeddings import MODEL, BackendUnavailable, configured_backend, embed
from tidings.search.ranking import SEMANTIC_FLOOR
from tidings.stories.vectors import VectorIndexError, vector_index

log = logging.getLogger(__name__)

# Nearest articles asked of the vector index; those outside the filters drop out after.
NEAREST = 100


def available() -> bool:
    """Whether searches blend in matches by meaning here."""
    try:
        return configured_backend() == MODEL
    except BackendUnavailable:
        return False


def meaning_matches(words: str, articles: QuerySet[Article]) -> dict[int, float]:
    """Those of ``articles`` nearest in meaning to ``words``: id → cosine, above the floor.
    An index that cannot answer is logged and gives none: the word matches still stand."""
    try:
        vector = embed([words], MODEL)[0]
        hits = vector_index(MODEL).search(vector, NEAREST)
    except VectorIndexError:
        log.exception("matches by meaning are unavailable")
        return {}
    close = {article_id: cosine for article_id, cosine in hits if cosine > SEMANTIC_FLOOR}
    kept = articles.filter(id__in=list(close)).values_list("id", flat=True)
    return {article_id: close[article_id] for article_id in kept}
