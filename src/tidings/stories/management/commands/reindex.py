"""`tidings reindex`: rebuild the vector index from the embeddings stored in the database,
or with ``--search`` the full-text search index from the articles."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tidings.articles.models import Article
from tidings.enrich.embeddings import BACKENDS, BackendUnavailable, configured_backend
from tidings.enrich.models import ArticleAnalysis
from tidings.progress import progress
from tidings.search import schema
from tidings.stories.vectors import SHORTEST, VectorIndexError, vector_index

# Rows read from the database at a time: 1,000 vectors are 1.5 MB.
BATCH = 1000


def stored_batches(backend: str, batch: int = BATCH) -> Iterator[tuple[list[int], np.ndarray]]:
    """(ids, vectors) of every stored embedding of ``backend``, by article id, a batch at a
    time; zero vectors (texts without words) are left out, as the embed stage leaves them."""
    after = 0
    stored = ArticleAnalysis.objects.filter(
        embedding_backend=backend, embedding__isnull=False
    ).order_by("article_id")
    while True:
        rows = list(
            stored.filter(article_id__gt=after).values_list("article_id", "embedding")[:batch]
        )
        if not rows:
            return
        after = rows[-1][0]
        vectors = np.frombuffer(b"".join(bytes(data) for _, data in rows), dtype="<f4")
        vectors = vectors.reshape(len(rows), -1)
        usable = np.linalg.norm(vectors, axis=1) >= SHORTEST
        yield (
            [article_id for (article_id, _), keep in zip(rows, usable, strict=True) if keep],
            (vectors[usable]),
        )


class Command(BaseCommand):
    help = (
        "Rebuild the vector index (TIDINGS_VECTOR_INDEX) of the configured embeddings from the "
        "vectors stored in the database. Searches go on meanwhile; index writes wait. With "
        "--search, rebuild the full-text search index of the articles instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            help="the embeddings whose index to rebuild (default: the TIDINGS_EMBEDDINGS setting)",
        )
        parser.add_argument(
            "--search",
            action="store_true",
            help="rebuild the full-text search index of the articles (and its triggers) instead",
        )

    def handle(self, *args, backend=None, search=False, **options):
        if search:
            return self.rebuild_search()
        try:
            backend = backend or configured_backend()
        except BackendUnavailable as error:
            raise CommandError(str(error)) from None
        stored = ArticleAnalysis.objects.filter(embedding_backend=backend, embedding__isnull=False)
        total = stored.count()
        started = time.perf_counter()
        batches = progress(
            stored_batches(backend), desc="reindex", unit="batch", total=-(-total // BATCH)
        )
        try:
            indexed = vector_index(backend).rebuild(batches, backend)
        except VectorIndexError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        kind = settings.TIDINGS["VECTOR_INDEX"]
        self.stdout.write(
            f"reindex: {indexed} vectors of the {backend} embeddings in the {kind} index, "
            f"in {seconds:.1f} s."
        )
        if indexed < total:
            self.stdout.write(f"{total - indexed} articles have no words to embed and stay out.")

    def rebuild_search(self) -> None:
        started = time.perf_counter()
        schema.rebuild(connection)
        seconds = time.perf_counter() - started
        count = Article.objects.count()
        self.stdout.write(
            f"reindex: {count} articles in the full-text search index, in {seconds:.1f} s."
        )
