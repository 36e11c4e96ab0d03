"""A database made before Article moved from `dedupe` to `articles` keeps every row."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tidings.articles.models import Article
from tidings.comments.models import Comment
from tidings.enrich.models import ArticleAnalysis

BEFORE_THE_MOVE = [("articles", None)]
WHEN = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def migrate(targets):
    """Migrate to ``targets`` and return the models as they stand there."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def fill_the_old_tables(apps) -> dict[str, int]:
    Source = apps.get_model("sources", "Source")
    OldArticle = apps.get_model("dedupe", "Article")
    OldVersion = apps.get_model("dedupe", "ArticleVersion")
    Story = apps.get_model("stories", "Story")
    Hashtag = apps.get_model("enrich", "Hashtag")
    ArticleHashtag = apps.get_model("enrich", "ArticleHashtag")
    Analysis = apps.get_model("enrich", "ArticleAnalysis")
    User = apps.get_model("auth", "User")
    OldComment = apps.get_model("comments", "Comment")
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.get_or_create(app_label="dedupe", model="article")

    source = Source.objects.create(url="https://example.org/feed.xml", name="Example")
    story = Story.objects.create(id=7, title="Harbour reopens")

    def old_article(number: int, **fields):
        address = f"https://example.org/{number}"
        return OldArticle.objects.create(
            source=source,
            guid=f"g-{number}",
            url=address,
            canonical_url=address,
            published_at=WHEN,
            entry_fingerprint=f"f{number}",
            content_hash=f"h{number}",
            **fields,
        )

    original = old_article(1, title="Harbour reopens after storm", story=story)
    copy = old_article(2, title="Harbour reopens", copy_of=original, copy_similarity=0.93)
    OldVersion.objects.create(article=original, title="Harbour closed", content_hash="h0")
    tag = Hashtag.objects.create(slug="harbour", label="harbour")
    ArticleHashtag.objects.create(article=original, hashtag=tag, score=0.5)
    Analysis.objects.create(article=original, language="en", stages={"tag": 1})
    author = User.objects.create(username="reader")
    OldComment.objects.create(article=original, author=author, body="Good", body_html="<p>Good</p>")
    return {"original": original.pk, "copy": copy.pk}


@pytest.mark.django_db(transaction=True)
def test_articles_made_before_the_move_keep_their_rows_and_links():
    ids = fill_the_old_tables(migrate(BEFORE_THE_MOVE))
    try:
        migrate(latest())

        original = Article.objects.get(pk=ids["original"])
        assert original.title == "Harbour reopens after storm"
        assert original.story_id == 7
        assert [v.title for v in original.versions.all()] == ["Harbour closed"]
        assert [h.hashtag.slug for h in original.article_hashtags.all()] == ["harbour"]
        assert ArticleAnalysis.objects.get(article=original).stages == {"tag": 1}
        assert Comment.objects.get(article=original).body == "Good"
        assert Article.objects.get(pk=ids["copy"]).copy_of_id == original.pk
        assert ContentType.objects.filter(app_label="articles", model="article").exists()
        assert not ContentType.objects.filter(app_label="dedupe", model="article").exists()

        # New rows take ids after the old ones, and deleting still cascades through the
        # foreign keys that pointed at the old table.
        newer = Article.objects.create(
            source_id=original.source_id, guid="g-3", title="Later", published_at=WHEN
        )
        assert newer.pk > ids["copy"]
        original.delete()
        assert not Comment.objects.exists()
        assert not ArticleAnalysis.objects.exists()
        assert Article.objects.get(pk=ids["copy"]).copy_of_id is None
    finally:
        migrate(latest())


def test_the_moved_tables_have_this_apps_names():
    assert Article._meta.db_table == "articles_article"
    assert Article._meta.app_config.verbose_name == "Articles"
