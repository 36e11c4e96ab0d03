"""Running stages over stored articles: order, versions, failures, resuming."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tidings.enrich import stages
from tidings.enrich.models import ArticleAnalysis, ReprocessJob

pytestmark = pytest.mark.django_db

ENGLISH = "The council approved the budget for the new harbour wall after a long debate."
GERMAN = "Der Stadtrat hat am Montag den Haushalt für die neue Hafenmauer beschlossen."


def test_language_stage_detects_and_records_its_version(make_article):
    english = make_article(text=ENGLISH, language="")
    german = make_article(text=GERMAN, language="en")  # the feed was wrong
    assert stages.run_stage("language", [english.pk, german.pk])
    found = {a.article_id: (a.language, a.stages) for a in ArticleAnalysis.objects.all()}
    assert found[english.pk] == ("en", {"language": 1})
    assert found[german.pk] == ("de", {"language": 1})


def test_a_failing_stage_is_logged_and_records_nothing(make_article, monkeypatch):
    article = make_article(text=ENGLISH)
    module = stages.stage_module("language")

    def broken(articles):
        raise RuntimeError("model missing")

    monkeypatch.setattr(module, "process", broken)
    assert not stages.run_stage("language", [article.pk])
    assert ArticleAnalysis.objects.get(article=article).stages == {}


def test_reprocess_resumes_after_the_last_finished_batch(make_article, monkeypatch):
    monkeypatch.setattr(stages, "BATCH", 2)
    monkeypatch.setattr("tidings.enrich.management.commands.reprocess.BATCH", 2)
    articles = [make_article(text=ENGLISH) for _ in range(5)]
    # A run killed after its first batch left this behind.
    ReprocessJob.objects.create(stage="language", total=5, done=2, last_article_id=articles[1].pk)
    out = io.StringIO()
    call_command("reprocess", "language", stdout=out)
    assert "language: 5 articles processed." in out.getvalue()
    done = set(ArticleAnalysis.objects.exclude(stages={}).values_list("article_id", flat=True))
    assert done == {article.pk for article in articles[2:]}
    job = ReprocessJob.objects.get()
    assert job.finished_at is not None and job.last_article_id == articles[-1].pk


def test_eval_refuses_an_unknown_name():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("eval", "astrology")


def test_eval_extraction_prints_one_json_object(shared_data):
    out = io.StringIO()
    call_command("eval", "extraction", "--data", str(shared_data / "extraction"), stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["pages"] == 54
    assert scores["scores"]["tidings"]["f1"] > scores["scores"]["trafilatura.extract"]["f1"]


def test_changed_articles_lose_their_analysis_and_are_pending_again(make_article):
    article = make_article(text=ENGLISH)
    assert stages.pending_article_ids() == [article.pk]
    assert sum(stages.enrich_pending()) == 1
    assert stages.pending_article_ids() == []
    stages.forget_analysis([article.pk])
    assert stages.pending_article_ids() == [article.pk]
