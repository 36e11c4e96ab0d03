"""The vector index follows the embed stage, however the stage runs: the enrichment of
new articles and `tidings reprocess embed` alike put every stored vector in the index."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tidings.enrich.embeddings import vector_from_bytes
from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.stages import enrich_articles
from tidings.stories.vectors import vector_index

TEXTS = [
    ("Valencia floods as the Turia bursts its banks", "Rescuers used boats in Valencia."),
    ("Portugal votes in a snap election", "Polls close at 8pm in Lisbon and Porto."),
    ("A tiny new frog species is found in Peru", "Biologists in the Andes described it."),
]


@pytest.fixture
def articles(settings, make_article):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    return [make_article(title=title, text=text) for title, text in TEXTS]


def assert_indexed(articles) -> None:
    index = vector_index("hashed")
    assert index.count() == len(articles)
    for article in articles:
        stored = ArticleAnalysis.objects.get(article=article).embedding
        assert index.search(vector_from_bytes(stored), 1)[0][0] == article.pk


def test_enriching_new_articles_indexes_their_vectors(articles):
    enrich_articles([article.pk for article in articles], stages=["embed"])

    assert_indexed(articles)


def test_reprocessing_the_embed_stage_indexes_every_vector(articles):
    call_command("reprocess", "embed", stdout=io.StringIO(), stderr=io.StringIO())

    assert_indexed(articles)
