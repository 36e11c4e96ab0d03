"""Stories in the database: the clusterer decides here which story each enriched article
joins, and the Story rows follow.

1. Claim clustering (the one ``ClusteringState`` row), so that one process at a time
   decides: two clusterers deciding at once would each start their own story for the
   same event.
2. Make sure the clusterer in memory knows every decision made so far. When another
   process has clustered since this one last did (the generation moved on), or this
   process has not clustered yet, rebuild it by replaying the stored articles of the
   archive window in time order (``StoryClusterer.restore``).
3. Take the articles that are enriched (their embedding is stored) and have no story,
   oldest first, a batch at a time: a syndicated copy joins the story of what it copies;
   every other article goes through the clusterer.
4. Store each batch in one transaction: new Story rows, each article's story, merges
   (the merged story's articles and comments move to the survivor, and it points there
   so that its links redirect), and the touched stories' counts, times and title. If the
   transaction fails, the clusterer in memory is thrown away, since it knows decisions
   the database does not.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from tidings import freshness
from tidings.articles.models import Article
from tidings.comments.models import Comment
from tidings.enrich.embeddings import DIMENSIONS, configured_backend, vector_from_bytes
from tidings.enrich.porter import stem
from tidings.stories.clustering import Assignment, StoryArticle, StoryClusterer
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.headlines import is_complete_headline
from tidings.stories.models import ClusteringState, Story
from tidings.stories.terms import STOP_WORDS, WORD

log = logging.getLogger(__name__)

BATCH = 500
CLAIM_FOR = timedelta(minutes=10)
# Replaying more than this many articles would make a restart slow (the clusterer
# replays about 1,500 articles a second here); stories older than the newest this many
# can no longer be joined or reopened after a restart.
RESTORE_LIMIT = 300_000
# The headline chosen to name a story is picked among this many of its newest articles.
TITLE_CANDIDATES = 100


@dataclass
class _Memory:
    clusterer: StoryClusterer
    generation: int
    embedding_backend: str


_memory: _Memory | None = None


# 1. The pure parts.


def clustering_time(published: datetime, arrived: datetime) -> datetime:
    """When the article counts as news for the clusterer: its publication time, but never
    later than its arrival, so that a feed that dates its items in the future cannot push
    the clusterer's clock ahead and make every story quiet."""
    return min(published, arrived)


def story_article(title: str, text: str, moment: datetime, embedding: bytes | None) -> StoryArticle:
    vector = None
    if embedding:
        vector = vector_from_bytes(embedding)
        if vector.shape != (DIMENSIONS,) or not np.any(vector):
            vector = None
    return StoryArticle(title=title, text=text, published=moment, embedding=vector)


def representative_title(titles: Sequence[str]) -> int:
    """The position of the headline that shares the most words with the others (each
    pair's overlap measured as Jaccard similarity of stemmed words); the earliest wins
    a tie. An outlet's odd angle on the event loses to the wording most outlets share. A
    headline cut short ("... In Underwear:") is chosen only when every one is."""
    words = [_title_words(title) for title in titles]
    complete = [position for position, title in enumerate(titles) if is_complete_headline(title)]
    best, best_score = (complete or [0])[0], -1.0
    for position in complete or range(len(titles)):
        mine = words[position]
        score = sum(
            len(mine & theirs) / len(mine | theirs)
            for other, theirs in enumerate(words)
            if other != position and (mine or theirs)
        )
        if score > best_score:
            best, best_score = position, score
    return best


def _title_words(title: str) -> frozenset[str]:
    words = (match.group().lower() for match in WORD.finditer(title))
    return frozenset(stem(word) for word in words if len(word) > 1 and word not in STOP_WORDS)


# 2. The database edge.


def cluster_pending(limit: int | None = None) -> Iterator[int]:
    """Give every enriched article without a story its story, yielding how many articles
    each stored batch held. Yields nothing when another process is clustering now: the
    articles wait for its next run or ours."""
    owner = f"{socket.gethostname()}:{os.getpid()}"
    if not _claim(owner):
        log.info("another process is clustering; leaving the pending articles to it")
        return
    try:
        done = 0
        while limit is None or done < limit:
            batch = _pending(BATCH if limit is None else min(BATCH, limit - done))
            if not batch:
                break
            _cluster_batch(batch)
            done += len(batch)
            _extend_claim(owner)
            yield len(batch)
    finally:
        ClusteringState.objects.filter(pk=1, claimed_by=owner).update(claimed_until=None)


def _claim(owner: str) -> bool:
    ClusteringState.objects.get_or_create(pk=1)
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=owner)
    claimed = ClusteringState.objects.filter(free, pk=1).update(
        claimed_until=now + CLAIM_FOR, claimed_by=owner
    )
    return claimed == 1


def _extend_claim(owner: str) -> None:
    ClusteringState.objects.filter(pk=1, claimed_by=owner).update(
        claimed_until=timezone.now() + CLAIM_FOR
    )


def pending_rows():
    """Enriched articles not yet in a story: what the clusterer has still to decide."""
    return Article.objects.filter(story__isnull=True, analysis__stages__has_key="embed")


def _pending(count: int) -> list[Article]:
    return list(
        pending_rows()
        .select_related("analysis")
        .only(
            "id",
            "title",
            "text",
            "summary",
            "published_at",
            "created_at",
            "source_id",
            "copy_of_id",
            "analysis__embedding",
            "analysis__embedding_backend",
        )
        .order_by("published_at", "id")[:count]
    )


def _current_memory() -> _Memory:
    """The clusterer that knows every stored decision (step 2)."""
    global _memory
    state = ClusteringState.objects.get(pk=1)
    backend = configured_backend()
    if (
        _memory is None
        or _memory.generation != state.generation
        or _memory.embedding_backend != backend
    ):
        _memory = _Memory(_restored(backend), state.generation, backend)
    return _memory


def _restored(backend: str) -> StoryClusterer:
    next_id = (Story.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    clusterer = StoryClusterer(ClusteringSettings.for_embeddings(backend), next_story_id=next_id)
    # The clusterer's clock is the latest time it has seen, not the wall clock: a site
    # loaded with last year's archive can still be joined after a restart.
    latest = Article.objects.filter(story__isnull=False).aggregate(last=Max("published_at"))
    if latest["last"] is None:
        return clusterer
    since = min(latest["last"], timezone.now()) - clusterer.settings.archive_for
    rows = (
        Article.objects.filter(story__isnull=False, published_at__gte=since)
        # A copy joined its original's story without the clusterer seeing it.
        .exclude(copy_of__story_id=F("story_id"))
        .order_by("-published_at", "-id")
        .values_list(
            "title",
            "text",
            "summary",
            "published_at",
            "created_at",
            "story_id",
            "analysis__embedding",
            "analysis__embedding_backend",
        )[:RESTORE_LIMIT]
    )
    replay = list(rows)
    replay.reverse()
    for title, text, summary, published, created, story, embedding, used in replay:
        article = story_article(
            title,
            text or summary,
            clustering_time(published, created),
            embedding if used == backend else None,
        )
        clusterer.restore(article, story)
    log.info("clusterer rebuilt from %d stored articles", len(replay))
    return clusterer


def _cluster_batch(batch: list[Article]) -> None:
    global _memory
    memory = _current_memory()
    # A copy's original is older, so it has its story already or gets it in this batch.
    decided: dict[int, int] = dict(
        Article.objects.filter(
            pk__in={article.copy_of_id for article in batch if article.copy_of_id},
            story__isnull=False,
        ).values_list("id", "story_id")
    )
    assignments: list[Assignment] = []
    for article in batch:
        original_story = decided.get(article.copy_of_id) if article.copy_of_id else None
        if original_story is not None:
            decided[article.pk] = original_story
            continue
        analysis = getattr(article, "analysis", None)
        embedding = None
        if analysis is not None and analysis.embedding_backend == memory.embedding_backend:
            embedding = analysis.embedding
        assignment = memory.clusterer.add(
            story_article(
                article.title,
                article.text or article.summary,
                clustering_time(article.published_at, article.created_at),
                embedding,
            )
        )
        decided[article.pk] = assignment.story
        assignments.append(assignment)
    try:
        with transaction.atomic():
            _store(batch, decided, assignments)
            ClusteringState.objects.filter(pk=1).update(generation=F("generation") + 1)
        # Not the stored value read back: had another process clustered meanwhile (our
        # claim ran out), the stored generation is further on, and the next batch must
        # rebuild.
        memory.generation += 1
    except Exception:
        _memory = None
        raise


def _store(batch: list[Article], decided: dict[int, int], assignments: list[Assignment]) -> None:
    titles = {article.pk: article.title for article in batch}
    decided = {article_id: decided[article_id] for article_id in titles}
    new_stories: dict[int, str] = {}
    for article_id, story_id in decided.items():
        new_stories.setdefault(story_id, titles[article_id])
    Story.objects.bulk_create(
        [Story(id=story_id, title=title) for story_id, title in new_stories.items()],
        ignore_conflicts=True,
    )
    by_story: dict[int, list[int]] = {}
    for article_id, story_id in decided.items():
        by_story.setdefault(story_id, []).append(article_id)
    for story_id, article_ids in by_story.items():
        Article.objects.filter(pk__in=article_ids).update(story_id=story_id)
    touched = set(by_story)
    for assignment in assignments:
        for merge in assignment.merged:
            Article.objects.filter(story_id=merge.merged).update(story_id=merge.surviving)
            Comment.objects.filter(story_id=merge.merged).update(story_id=merge.surviving)
            Story.objects.filter(Q(pk=merge.merged) | Q(merged_into_id=merge.merged)).update(
                merged_into_id=merge.surviving
            )
            touched.add(merge.surviving)
            touched.discard(merge.merged)
    refresh_stories(touched)
    freshness.changed_on_commit()


def refresh_stories(story_ids: set[int]) -> None:
    """Recount the stories' articles and outlets, their first and latest times, and name
    each by its most representative headline."""
    if not story_ids:
        return
    figures = {
        row["story_id"]: row
        for row in Article.objects.filter(story_id__in=story_ids)
        .values("story_id")
        .annotate(
            articles=Count("id"),
            outlets=Count("source_id", distinct=True),
            first=Min("published_at"),
            last=Max("published_at"),
        )
    }
    stories = list(Story.objects.filter(pk__in=story_ids))
    now = timezone.now()
    for story in stories:
        row = figures.get(story.pk)
        if row is None:
            continue
        titles = list(
            Article.objects.filter(story_id=story.pk)
            .order_by("-published_at", "-id")
            .values_list("title", flat=True)[:TITLE_CANDIDATES]
        )
        titles.reverse()
        story.title = titles[representative_title(titles)] if titles else story.title
        story.article_count = row["articles"]
        story.outlet_count = row["outlets"]
        story.first_published = row["first"]
        story.last_published = row["last"]
        story.updated_at = now  # bulk_update skips auto_now
    Story.objects.bulk_update(
        stories,
        [
            "title",
            "article_count",
            "outlet_count",
            "first_published",
            "last_published",
            "updated_at",
        ],
    )


def forget_memory() -> None:
    """Drop the clusterer in memory, so that the next run rebuilds it (tests, reclustering)."""
    global _memory
    _memory = None
