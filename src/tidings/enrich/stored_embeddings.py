"""The embed stage: one vector per article, stored with its analysis and announced.

The vectors themselves come from ``tidings.enrich.embeddings``, which knows nothing of the
database; this module is its storing edge.
"""

from __future__ import annotations

import numpy as np
from django.dispatch import Signal

from tidings.articles.models import Article
from tidings.enrich.embeddings import article_text_for_embedding, configured_backend, embed
from tidings.enrich.models import ArticleAnalysis

VERSION = 1

# Sent after ``process`` stored a batch's vectors, with ``article_ids``, ``vectors`` (one row
# per article, in order) and ``backend``. Later stages that keep copies of the vectors
# listen, so that this stage needs to know nothing of them.
embeddings_stored = Signal()


def process(articles: list[Article]) -> None:
    """Embed a batch of articles with the configured backend and store the vectors.

    Every article gets a vector, so that related articles can be found for all of them:
    one with no text is embedded by its title and the feed's summary, and one in another
    language too (MiniLM learnt English; its vectors of other languages are weaker, not
    useless). Stored vectors use no corpus statistics (see ``embed``), so that vectors
    made on different days can be compared.
    """
    if not articles:
        return
    backend = configured_backend()
    texts = [embedding_input(article) for article in articles]
    vectors = embed_once(texts, backend, stored_vectors_of_originals(articles, texts, backend))
    ArticleAnalysis.objects.bulk_create(
        [ArticleAnalysis(article=article) for article in articles], ignore_conflicts=True
    )
    analyses = {
        analysis.article_id: analysis
        for analysis in ArticleAnalysis.objects.filter(
            article_id__in=[article.pk for article in articles]
        )
    }
    for article, vector in zip(articles, vectors, strict=True):
        analysis = analyses[article.pk]
        analysis.embedding = vector.astype("<f4").tobytes()
        analysis.embedding_backend = backend
    ArticleAnalysis.objects.bulk_update(analyses.values(), ["embedding", "embedding_backend"])
    # The database first: it is the source of truth. The stories app keeps a vector index
    # of it, which listens here (and `tidings reindex` rebuilds it if that write fails).
    embeddings_stored.send(
        sender=ArticleAnalysis,
        article_ids=[article.pk for article in articles],
        vectors=vectors,
        backend=backend,
    )


def embedding_input(article: Article) -> str:
    return article_text_for_embedding(article.title, article.text or article.summary)


def embed_once(texts: list[str], backend: str, known: dict[str, np.ndarray]) -> np.ndarray:
    """The vectors of ``texts``, in order, each distinct text embedded once and those in
    ``known`` not at all. Stored vectors depend on their text alone (see ``embed``), so
    this changes no vector: wire copies under the same headline cost one embedding."""
    distinct = list(dict.fromkeys(text for text in texts if text not in known))
    fresh = dict(zip(distinct, embed(distinct, backend), strict=True)) if distinct else {}
    return np.stack([fresh[text] if text in fresh else known[text] for text in texts])


def stored_vectors_of_originals(
    articles: list[Article], texts: list[str], backend: str
) -> dict[str, np.ndarray]:
    """The stored vectors of the originals these articles copy (the copies stage runs
    before this one) whose embedded text is the same as a copy's, by that text."""
    wanted: dict[int, set[str]] = {}
    for article, text in zip(articles, texts, strict=True):
        if article.copy_of_id is not None:
            wanted.setdefault(article.copy_of_id, set()).add(text)
    if not wanted:
        return {}
    rows = ArticleAnalysis.objects.filter(
        article_id__in=list(wanted), embedding_backend=backend, embedding__isnull=False
    ).values_list("article_id", "article__title", "article__text", "article__summary", "embedding")
    known = {}
    for article_id, title, text, summary, vector in rows:
        original_text = article_text_for_embedding(title, text or summary)
        if original_text in wanted[article_id]:
            known[original_text] = np.frombuffer(bytes(vector), dtype="<f4")
    return known
