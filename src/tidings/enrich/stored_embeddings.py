"""The embed stage: one vector per article, stored with its analysis and announced.

The vectors themselves come from ``tidings.enrich.embeddings``, which knows nothing of the
database; this module is its storing edge.
"""

from __future__ import annotations

from django.dispatch import Signal

from tidings.articles.models import Article
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
    # Imported here: the stories app imports this module for its signal at start-up, and
    # every command should not pay for numpy and the model's loader.
    from tidings.enrich.embeddings import article_text_for_embedding, configured_backend, embed

    backend = configured_backend()
    texts = [
        article_text_for_embedding(article.title, article.text or article.summary)
        for article in articles
    ]
    vectors = embed(texts, backend)
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
