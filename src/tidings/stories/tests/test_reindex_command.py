import io

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tidings.enrich.models import ArticleAnalysis
from tidings.stories.management.commands.reindex import stored_batches
from tidings.stories.vectors import vector_index

from .test_vectors import random_vectors


@pytest.fixture
def stored(make_article):
    """Articles with hashed vectors in the database, and none of them in any index."""
    vectors = random_vectors(7)
    vectors[6] = 0  # a text without words
    articles = [make_article() for _ in range(7)]
    ArticleAnalysis.objects.bulk_create(
        ArticleAnalysis(
            article=article, embedding=vector.astype("<f4").tobytes(), embedding_backend="hashed"
        )
        for article, vector in zip(articles, vectors, strict=True)
    )
    other = make_article()
    ArticleAnalysis.objects.create(
        article=other, embedding=random_vectors(1)[0].tobytes(), embedding_backend="model"
    )
    return articles, vectors


@pytest.fixture(params=["embedded", "pgvector"])
def index_kind(request, settings):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    if request.param == "pgvector":
        request.getfixturevalue("use_pgvector")
    return request.param


def test_reindex_rebuilds_the_index_from_the_database(index_kind, stored):
    articles, vectors = stored
    index = vector_index("hashed")
    index.upsert([999_999], random_vectors(1, seed=5), "hashed")  # gone from the database
    out = io.StringIO()

    call_command("reindex", stdout=out)

    assert index.count() == 6
    assert index.search(vectors[2], 1)[0][0] == articles[2].id
    assert 999_999 not in {article_id for article_id, _ in index.search(vectors[0], 10)}
    report = out.getvalue()
    assert f"6 vectors of the hashed embeddings in the {index_kind} index" in report
    assert "1 articles have no words to embed" in report


def test_reindex_of_another_backend_leaves_the_configured_one_alone(settings, stored):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}

    call_command("reindex", "--backend", "model", stdout=io.StringIO())

    assert vector_index("model").count() == 1
    assert vector_index("hashed").count() == 0


def test_reindex_reports_an_index_it_cannot_write(settings, stored, tmp_path):
    (tmp_path / "blocked").write_text("a file where the folder should be")
    settings.TIDINGS = {
        **settings.TIDINGS,
        "EMBEDDINGS": "hashed",
        "VECTOR_FOLDER": tmp_path / "blocked",
    }
    with pytest.raises(CommandError, match="cannot be written"):
        call_command("reindex", stdout=io.StringIO())


def test_stored_batches_walk_every_vector_once_in_id_order(stored):
    articles, vectors = stored

    batches = list(stored_batches("hashed", batch=4))

    assert [len(ids) for ids, _ in batches] == [4, 2]  # the zero vector is left out
    ids = [article_id for batch_ids, _ in batches for article_id in batch_ids]
    assert ids == [article.id for article in articles[:6]]
    np.testing.assert_array_equal(np.concatenate([v for _, v in batches]), vectors[:6])
