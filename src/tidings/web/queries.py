"""The reads behind the pages and the API, in one place so both show the same thing."""

from __future__ import annotations

from datetime import datetime

from django.db import DatabaseError, connection
from django.db.models import Count, Q, QuerySet

from tidings.dedupe.models import Article
from tidings.enrich.models import Hashtag
from tidings.sources.models import Source

# The body HTML is the heaviest column and no list shows it.
LIST_DEFERRED = ("content_html",)


def latest_articles() -> QuerySet[Article]:
    """Every article, newest first, with its source."""
    return (
        Article.objects.select_related("source")
        .defer(*LIST_DEFERRED)
        .order_by("-published_at", "-id")
    )


def source_articles(source: Source) -> QuerySet[Article]:
    return latest_articles().filter(source=source)


def hashtag_articles(hashtag: Hashtag) -> QuerySet[Article]:
    return latest_articles().filter(article_hashtags__hashtag=hashtag)


def sources_with_counts() -> QuerySet[Source]:
    """Sources by name, each with ``article_count``."""
    return Source.objects.annotate(article_count=Count("articles")).order_by("name", "id")


def source_with_count(source_id: int) -> Source:
    """One source with ``article_count``; raises ``Source.DoesNotExist``."""
    return sources_with_counts().get(pk=source_id)


def article_with_source(article_id: int) -> Article:
    """One article with its source; raises ``Article.DoesNotExist``."""
    return Article.objects.select_related("source").get(pk=article_id)


def article_hashtags(article: Article) -> list[Hashtag]:
    """The article's hashtags, strongest first."""
    return [
        link.hashtag
        for link in article.article_hashtags.select_related("hashtag").order_by(
            "-score", "hashtag__label"
        )
    ]


def articles_after(
    *,
    limit: int,
    after: tuple[datetime, int] | None = None,
    source_id: int | None = None,
    since: datetime | None = None,
) -> list[Article]:
    """Up to ``limit`` articles newest first, strictly after the ``(published_at, id)`` key.

    Keyset pagination: the next page starts where the last one ended, so rows arriving
    meanwhile neither shift nor repeat items, and deep pages cost as little as the first.
    """
    rows = latest_articles()
    if source_id is not None:
        rows = rows.filter(source_id=source_id)
    if since is not None:
        rows = rows.filter(published_at__gte=since)
    if after is not None:
        published_at, article_id = after
        rows = rows.filter(
            Q(published_at__lt=published_at) | Q(published_at=published_at, id__lt=article_id)
        )
    return list(rows[:limit])


def sources_after(*, limit: int, after_id: int | None = None) -> list[Source]:
    """Up to ``limit`` sources in id order, strictly after ``after_id``."""
    rows = Source.objects.order_by("id")
    if after_id is not None:
        rows = rows.filter(id__gt=after_id)
    return list(rows[:limit])


def database_error() -> str | None:
    """None when the database answers a trivial query, else what went wrong."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return str(error) or error.__class__.__name__
    return None
