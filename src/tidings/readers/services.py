"""Following and reading state: the one place that changes them, for the web pages and
for the reader APIs (Google Reader, Fever) alike.

Articles are unread for a reader until marked read; a reader's marks live in
``ArticleState``, one row per (reader, article) they touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich.models import Hashtag
from tidings.readers.models import ArticleState, Follow
from tidings.sources.models import Source
from tidings.stories.models import Story

# Rows written per INSERT when a whole stream is marked read.
BATCH = 1000

Target = Source | Hashtag | Story

# Feed reader apps file feeds in folders; sources carry none, so the reader APIs show every
# followed source in this one folder (Fever's group, Miniflux's category).
FOLLOWED_FOLDER_ID = 1
FOLLOWED_FOLDER_TITLE = "Followed sources"


def target_field(target: Target) -> str:
    if isinstance(target, Source):
        return "source"
    if isinstance(target, Hashtag):
        return "hashtag"
    if isinstance(target, Story):
        return "story"
    raise TypeError(f"a reader follows a source, a hashtag or a story, not {target!r}")


def follow(reader: User, target: Target) -> Follow:
    """Follow a source, hashtag or story; following it again changes nothing."""
    found, _ = Follow.objects.get_or_create(reader=reader, **{target_field(target): target})
    return found


def unfollow(reader: User, target: Target) -> bool:
    """Stop following; False when the reader did not follow it."""
    deleted, _ = Follow.objects.filter(reader=reader, **{target_field(target): target}).delete()
    return deleted > 0


def is_following(reader: User, target: Target) -> bool:
    return Follow.objects.filter(reader=reader, **{target_field(target): target}).exists()


def followed_sources(reader: User) -> QuerySet[Source]:
    return Source.objects.filter(followers__reader=reader)


def followed_hashtags(reader: User) -> QuerySet[Hashtag]:
    return Hashtag.objects.filter(followers__reader=reader)


def followed_stories(reader: User) -> QuerySet[Story]:
    return Story.objects.filter(followers__reader=reader)


def reading_list(reader: User) -> QuerySet[Article]:
    """The articles of the sources the reader follows (what feed reader apps list)."""
    return Article.objects.filter(source__followers__reader=reader)


def starred_articles(reader: User) -> QuerySet[Article]:
    """What the reader starred (saved for later), from any source."""
    return Article.objects.filter(
        reader_states__reader=reader, reader_states__starred_at__isnull=False
    )


def read_articles(reader: User) -> QuerySet[Article]:
    return Article.objects.filter(
        reader_states__reader=reader, reader_states__read_at__isnull=False
    )


def _marked(reader: User, mark: str) -> Exists:
    states = ArticleState.objects.filter(
        reader=reader, article=OuterRef("pk"), **{f"{mark}__isnull": False}
    )
    return Exists(states)


def read_by(reader: User) -> Exists:
    """An expression true for articles the reader has read: ``articles.filter(read_by(r))``,
    or ``.exclude(...)`` for the unread ones, or ``.annotate(is_read=read_by(r))``."""
    return _marked(reader, "read_at")


def starred_by(reader: User) -> Exists:
    """An expression true for articles the reader starred (saved for later)."""
    return _marked(reader, "starred_at")


def unread(articles: QuerySet[Article], reader: User) -> QuerySet[Article]:
    return articles.exclude(read_by(reader))


def starred(articles: QuerySet[Article], reader: User) -> QuerySet[Article]:
    return articles.filter(starred_by(reader))


def _existing(article_ids: Iterable[int]) -> list[int]:
    wanted = {int(article_id) for article_id in article_ids}
    return list(Article.objects.filter(id__in=wanted).values_list("id", flat=True))


def _set(reader: User, article_ids: Iterable[int], mark: str, value: datetime | None) -> int:
    """Set or clear one mark on these articles; answers how many changed. Ids of articles
    that do not exist (any more) are passed over."""
    ids = _existing(article_ids)
    with transaction.atomic():
        if value is not None:
            ArticleState.objects.bulk_create(
                [ArticleState(reader=reader, article_id=article_id) for article_id in ids],
                ignore_conflicts=True,
                batch_size=BATCH,
            )
        states = ArticleState.objects.filter(reader=reader, article_id__in=ids)
        if value is None:
            changed = states.filter(**{f"{mark}__isnull": False}).update(**{mark: None})
            # A row with no mark left says nothing: keep the table to what readers did.
            states.filter(read_at__isnull=True, starred_at__isnull=True).delete()
        else:
            changed = states.filter(**{f"{mark}__isnull": True}).update(**{mark: value})
    return changed


def mark_read(reader: User, article_ids: Iterable[int]) -> int:
    return _set(reader, article_ids, "read_at", timezone.now())


def mark_unread(reader: User, article_ids: Iterable[int]) -> int:
    return _set(reader, article_ids, "read_at", None)


def star(reader: User, article_ids: Iterable[int]) -> int:
    return _set(reader, article_ids, "starred_at", timezone.now())


def unstar(reader: User, article_ids: Iterable[int]) -> int:
    return _set(reader, article_ids, "starred_at", None)


def mark_all_read(
    reader: User, stream: QuerySet[Article], older_than: datetime | None = None
) -> int:
    """Mark read every unread article of ``stream`` (any article queryset: a source's, a
    hashtag's, the reading list) that arrived here before ``older_than`` when given, so
    that what came in after the reader looked stays unread. Answers how many were marked."""
    articles = unread(stream, reader)
    if older_than is not None:
        articles = articles.filter(created_at__lt=older_than)
    now = timezone.now()
    marked = 0
    ids = list(articles.values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        marked += _set(reader, ids[start : start + BATCH], "read_at", now)
    return marked


@dataclass(frozen=True)
class Unread:
    count: int
    newest: datetime  # when the newest unread article arrived here


def unread_by_source(reader: User) -> dict[int, Unread]:
    """Unread articles per followed source id (sources with none unread are left out)."""
    rows = (
        unread(reading_list(reader), reader)
        .values("source_id")
        .annotate(unread=Count("id"), newest=Max("created_at"))
        .filter(unread__gt=0)
    )
    return {row["source_id"]: Unread(row["unread"], row["newest"]) for row in rows}


def unread_counts(reader: User) -> dict[int, int]:
    """Unread articles per followed source id (sources with none unread are left out)."""
    return {source_id: unread.count for source_id, unread in unread_by_source(reader).items()}


def states_of(reader: User, article_ids: Iterable[int]) -> dict[int, ArticleState]:
    """The reader's marks on these articles, by article id (unmarked ones are left out)."""
    states = ArticleState.objects.filter(reader=reader, article_id__in=list(article_ids))
    return {state.article_id: state for state in states}
