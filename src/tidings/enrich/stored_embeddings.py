"""The embed stage: one vector per article, stored with its analysis and announced, and
one per opening sentence (``embeddings.stored_sentence_texts``), stored for the AI panel so
that a reader's request never runs the model over a stored article.

The vectors themselves come from ``tidings.enrich.embeddings``, which knows nothing of the
database; this module is its storing edge.
"""

from __future__ import annotations

import numpy as np
from django.dispatch import Signal

from tidings.articles.models import Article
from tidings.enrich.embeddings import (
    DIMENSIONS,
    article_text_for_embedding,
    configured_backend,
    embed,
    sentence_vectors_from_bytes,
    sentence_vectors_to_bytes,
    stored_sentence_texts,
    vector_from_bytes,
)
from tidings.enrich.models import ArticleAnalysis

VERSION = 2

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
    texts = [
        article_text_for_embedding(article.title, article.text or article.summary)
        for article in articles
    ]
    vectors = embed(texts, backend)
    sentences = [stored_sentence_texts(article.text) for article in articles]
    # One call for the whole batch, each sentence once (wire copies repeat whole texts):
    # the model runs sentences of like length together.
    distinct = list(dict.fromkeys(text for each in sentences for text in each))
    of_text = dict(zip(distinct, embed(distinct, backend), strict=True))
    ArticleAnalysis.objects.bulk_create(
        [ArticleAnalysis(article=article) for article in articles], ignore_conflicts=True
    )
    analyses = {
        analysis.article_id: analysis
        for analysis in ArticleAnalysis.objects.filter(
            article_id__in=[article.pk for article in articles]
        )
    }
    for article, vector, texts_of_article in zip(articles, vectors, sentences, strict=True):
        analysis = analyses[article.pk]
        analysis.embedding = vector.astype("<f4").tobytes()
        analysis.embedding_backend = backend
        rows = np.array([of_text[text] for text in texts_of_article], dtype=np.float32)
        analysis.sentence_vectors = sentence_vectors_to_bytes(rows.reshape(-1, DIMENSIONS))
    ArticleAnalysis.objects.bulk_update(
        analyses.values(), ["embedding", "embedding_backend", "sentence_vectors"]
    )
    # The database first: it is the source of truth. The stories app keeps a vector index
    # of it, which listens here (and `tidings reindex` rebuilds it if that write fails).
    embeddings_stored.send(
        sender=ArticleAnalysis,
        article_ids=[article.pk for article in articles],
        vectors=vectors,
        backend=backend,
    )


def stored_vectors(
    texts: dict[int, str], backend: str
) -> tuple[dict[str, np.ndarray], dict[int, np.ndarray]]:
    """What the embed stage stored for these articles (id: text) with ``backend``: the
    vectors of their opening sentences by sentence text, and the articles' own vectors by
    id. An article whose stored sentences do not match its text (it changed and was not
    embedded again yet) gives none."""
    sentences: dict[str, np.ndarray] = {}
    articles: dict[int, np.ndarray] = {}
    rows = ArticleAnalysis.objects.filter(
        article_id__in=list(texts), embedding_backend=backend, embedding__isnull=False
    ).values_list("article_id", "embedding", "sentence_vectors")
    for article_id, embedding, sentence_data in rows:
        articles[article_id] = vector_from_bytes(embedding)
        if sentence_data is None:
            continue
        known = stored_sentence_texts(texts[article_id])
        vectors = sentence_vectors_from_bytes(sentence_data)
        if len(known) == len(vectors):
            sentences.update(zip(known, vectors, strict=True))
    return sentences, articles
