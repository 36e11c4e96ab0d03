"""Enrichment that was killed or failed half-way is finished by the next run."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich import stages
from tidings.enrich.models import ArticleAnalysis, Lease
from tidings.pipeline import understand_pending
from tidings.stories.assign import forget_memory

pytestmark = pytest.mark.django_db

TEXT = (
    "The harbour council approved the budget for the new sea wall on Monday after a long "
    "debate. The wall will cost 4.2 million euros and protect the old town from storms."
)


@pytest.fixture(autouse=True)
def hashed_embeddings(settings):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    forget_memory()
    yield
    forget_memory()


def versions(*names):
    return {name: stages.stage_module(name).VERSION for name in names}


def test_articles_a_killed_run_left_between_stages_get_every_stage_and_a_story(make_article):
    between_stages = make_article(text=TEXT)
    before_any_stage = make_article(text=TEXT)
    untouched = make_article(text=TEXT)
    ArticleAnalysis.objects.create(
        article=between_stages, stages=versions("language", "dedupe"), language="en", attempts=1
    )
    ArticleAnalysis.objects.create(article=before_any_stage, attempts=1)

    enriched, grouped = understand_pending()

    assert (enriched, grouped) == (3, 3)
    for article in (between_stages, before_any_stage, untouched):
        article = Article.objects.select_related("analysis").get(pk=article.pk)
        assert set(article.analysis.stages) == set(stages.STAGES)
        assert article.analysis.complete and article.analysis.embedding
        assert article.story_id is not None
    assert stages.pending_article_ids() == []


def test_an_article_whose_stage_keeps_failing_is_given_up_after_a_few_runs(
    make_article, monkeypatch
):
    article = make_article(text=TEXT)

    def broken(articles):
        raise RuntimeError("model file missing")

    monkeypatch.setattr(stages.stage_module("embed"), "process", broken)
    for _ in range(stages.MAX_ATTEMPTS):
        assert stages.pending_article_ids() == [article.pk]
        assert sum(stages.enrich_pending()) == 1
    analysis = ArticleAnalysis.objects.get(article=article)
    assert "embed" not in analysis.stages and "facts" in analysis.stages
    assert not analysis.complete and analysis.attempts == stages.MAX_ATTEMPTS
    assert stages.pending_article_ids() == []  # left for `tidings reprocess embed`


def test_enrichment_waits_while_another_process_holds_the_lease(make_article):
    article = make_article(text=TEXT)
    Lease.objects.create(
        name=stages.ENRICH_LEASE,
        holder="elsewhere:1:abc",
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    assert sum(stages.enrich_pending()) == 0
    assert stages.pending_article_ids() == [article.pk]
    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # it was killed
    assert sum(stages.enrich_pending()) == 1
