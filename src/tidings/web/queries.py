"""The reads behind the pages and the API, in one place so both show the same thing."""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import DatabaseError, connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tidings.articles.models import Article
from tidings.comments.counts import with_comment_counts
from tidings.enrich.facts import facts_for_page
from tidings.enrich.models import ArticleHashtag, Hashtag
from tidings.enrich.tagging_story import full_names
from tidings.sources.models import Source
from tidings.stories.coverage import (
    FactGroup,
    LeadCandidate,
    StatedFact,
    StoryHashtag,
    facts_side_by_side,
    pick_lead,
    top_hashtags,
)
from tidings.stories.models import Story

log = logging.getLogger(__name__)

# The body HTML is the heaviest column and no list shows it.
LIST_DEFERRED = ("content_html", "page_html", "minhash")


def latest_articles() -> QuerySet[Article]:
    """Every article, newest first, with its source and ``comment_count`` (for its card)."""
    return with_comment_counts(
        Article.objects.select_related("source")
        .defer(*LIST_DEFERRED)
        .order_by("-published_at", "-id")
    )


def latest_by_story(leave_out_stories: list[int]) -> QuerySet[Article]:
    """The latest articles with one per story: a story's newest article stands for it and
    its card tells how many more there are. ``leave_out_stories`` are shown elsewhere on
    the page (the top stories)."""
    newer_in_story = Article.objects.filter(story_id=OuterRef("story_id")).filter(
        Q(published_at__gt=OuterRef("published_at"))
        | Q(published_at=OuterRef("published_at"), id__gt=OuterRef("id"))
    )
    return (
        latest_articles()
        .select_related("story")
        .filter(Q(story__isnull=True) | ~Exists(newer_in_story))
        .exclude(story_id__in=leave_out_stories)
    )


def source_articles(source: Source) -> QuerySet[Article]:
    return latest_articles().filter(source=source)


def hashtag_articles(hashtag: Hashtag) -> QuerySet[Article]:
    return latest_articles().filter(article_hashtags__hashtag=hashtag)


def sources_named(query: str = "") -> QuerySet[Source]:
    """Sources by name, those whose name or address holds ``query`` when one is given."""
    rows = Source.objects.order_by("name", "id")
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(url__icontains=query))
    return rows


def with_article_counts(sources: list[Source]) -> list[Source]:
    """``sources``, each given ``article_count``: counted for these rows only, since
    counting every source's articles to show thirty of them reads the whole table."""
    counts = dict(
        Article.objects.filter(source__in=sources)
        .order_by()
        .values_list("source_id")
        .annotate(count=Count("id"))
    )
    for source in sources:
        source.article_count = counts.get(source.pk, 0)
    return sources


def source_with_count(source_id: int) -> Source:
    """One source with ``article_count``; raises ``Source.DoesNotExist``."""
    return Source.objects.annotate(article_count=Count("articles")).get(pk=source_id)


def article_with_source(article_id: int) -> Article:
    """One article with its source and story; raises ``Article.DoesNotExist``."""
    return Article.objects.select_related("source", "story").get(pk=article_id)


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


# Stories ---------------------------------------------------------------------------

# Top stories rank by breadth and recency: a story weighs its number of outlets, halved
# for every TOP_STORY_HALF_LIFE of quiet since its latest article,
#     score = outlet_count * 0.5 ** (hours since last_published / 12).
# Five outlets that last wrote yesterday (5 * 0.25 = 1.25) rank below two that wrote an
# hour ago (2 * 0.94 = 1.89); twelve hours ago the five would still lead (2.5).
TOP_STORY_HALF_LIFE = timedelta(hours=12)
# Only the stories with the latest articles are ranked. A busy site starts about a
# thousand stories in two days, and a story two days older than another needs sixteen
# times its outlets to rank above it, so the cut costs nothing that could show.
TOP_STORY_CANDIDATES = 1000
# Merges are flattened as they happen, so a chain this long is a loop.
MAX_MERGE_HOPS = 100
# A story page reads every article's text (to check its facts' sentences), never the
# heavy columns.
STORY_ARTICLE_FIELDS = (
    "id",
    "title",
    "url",
    "published_at",
    "image",
    "text",
    "story_id",
    "source__id",
    "source__name",
    "source__url",
    "analysis__facts",
)
STORY_LIST_FIELDS = tuple(
    name for name in STORY_ARTICLE_FIELDS if name not in ("text", "analysis__facts")
)
FACT_ARTICLES = 200


def top_story_score(outlet_count: int, last_published: datetime, now: datetime) -> float:
    """The base-2 logarithm of a story's weight at ``now`` (see TOP_STORY_HALF_LIFE); an
    article dated in the future counts as just published. The decay is exponential, so
    the order of two stories does not change as time passes, only when one of them gets
    new articles. In logarithms, because the weight itself underflows to 0.0 after about
    a year and a half of quiet: every story of an older archive (the demo's) would then tie,
    and the latest one, however narrow, would come first."""
    quiet = max(now - last_published, timedelta(0))
    return math.log2(max(outlet_count, 1)) - quiet / TOP_STORY_HALF_LIFE


def ranked_story_ids(*, min_outlets: int = 1, now: datetime | None = None) -> list[int]:
    """The ids of the stories told by at least ``min_outlets`` outlets and not merged away,
    best first by ``top_story_score``, among the TOP_STORY_CANDIDATES with the latest
    articles. Ranks plain rows rather than models, since there are a thousand of them."""
    now = now or timezone.now()
    candidates = list(
        Story.objects.filter(
            merged_into__isnull=True, last_published__isnull=False, outlet_count__gte=min_outlets
        )
        .order_by("-last_published", "-id")
        .values_list("id", "outlet_count", "last_published")[:TOP_STORY_CANDIDATES]
    )
    candidates.sort(
        key=lambda row: (-top_story_score(row[1], row[2], now), -row[2].timestamp(), -row[0])
    )
    return [story_id for story_id, _, _ in candidates]


def stories_in_order(story_ids: list[int]) -> list[Story]:
    """The stories of ``story_ids``, in that order, each with its ``comment_count``."""
    by_id = with_comment_counts(Story.objects.all()).in_bulk(story_ids)
    return [by_id[story_id] for story_id in story_ids if story_id in by_id]


def story_leads(stories: list[Story]) -> dict[int, Article]:
    """Each story's lead article (``pick_lead``) with its source, by story id."""
    titles = {story.pk: story.title for story in stories}
    newest_first: dict[int, list[LeadCandidate]] = {story_id: [] for story_id in titles}
    rows = (
        Article.objects.filter(story_id__in=titles)
        .order_by("-published_at", "-id")
        .values_list("id", "story_id", "title", "image_width")
    )
    # A picture a card can show: resized (articles.images).
    for article_id, story_id, title, image_width in rows:
        newest_first[story_id].append(LeadCandidate(article_id, title, bool(image_width)))
    chosen = {
        story_id: pick_lead(titles[story_id], candidates)
        for story_id, candidates in newest_first.items()
    }
    by_id = (
        Article.objects.select_related("source")
        .defer(*LIST_DEFERRED)
        .in_bulk([article_id for article_id in chosen.values() if article_id is not None])
    )
    return {
        story_id: by_id[article_id]
        for story_id, article_id in chosen.items()
        if article_id in by_id
    }


def surviving_story(story_id: int) -> Story:
    """The story ``story_id`` is now: itself, or the story it was merged into, following
    merges of merges. Raises ``Story.DoesNotExist`` for an unknown id, and for a chain of
    merges that loops (logged: the clusterer never makes one)."""
    story = Story.objects.get(pk=story_id)
    seen = {story.pk}
    while story.merged_into_id is not None:
        if story.merged_into_id in seen or len(seen) > MAX_MERGE_HOPS:
            log.error("the merges of story %s loop through %s", story_id, sorted(seen))
            raise Story.DoesNotExist(f"the merges of story {story_id} loop")
        seen.add(story.merged_into_id)
        story = Story.objects.get(pk=story.merged_into_id)
    return story


@dataclass(frozen=True)
class OutletCoverage:
    source: Source
    articles: list[Article]  # oldest first


@dataclass(frozen=True)
class StoryCoverage:
    """What the story page and the story API show besides the story row."""

    articles: list[Article]  # oldest first, with their source
    outlets: list[OutletCoverage]  # the outlet that reported first, first
    hashtags: list[StoryHashtag[Hashtag]]
    facts: list[FactGroup]
    # The facts come from this many of the first articles: all of them, but in a story too
    # large to read every text of for one page.
    facts_read: int

    @property
    def shared_facts(self) -> list[FactGroup]:
        """The facts more than one outlet states: the ones to compare."""
        return [group for group in self.facts if group.outlet_count > 1]

    @property
    def single_outlet_facts(self) -> list[FactGroup]:
        return [group for group in self.facts if group.outlet_count == 1]


def story_coverage(story: Story) -> StoryCoverage:
    """The story's articles by outlet, its hashtags and its facts side by side. The facts
    are read from the first FACT_ARTICLES articles only: a story of thousands of articles
    would otherwise read every text for one page."""
    rows = (
        Article.objects.filter(story=story).select_related("source").order_by("published_at", "id")
    )
    with_text = rows.select_related("analysis").only(*STORY_ARTICLE_FIELDS)
    if story.article_count <= FACT_ARTICLES:
        articles = read = list(with_text)
    else:
        articles = list(rows.only(*STORY_LIST_FIELDS))
        read = list(with_text[:FACT_ARTICLES])
    outlets: dict[int, OutletCoverage] = {}
    for article in articles:
        if article.source_id not in outlets:
            outlets[article.source_id] = OutletCoverage(article.source, [])
        outlets[article.source_id].articles.append(article)
    # Ranked by id, as plain numbers: a story of 2,000 articles has 6,000 links, and
    # making (and hashing) a model row for each cost more than the rest of the page.
    links = list(
        ArticleHashtag.objects.filter(article__story=story)
        .order_by("hashtag__label", "article_id")
        .values_list("hashtag_id", "article_id", "score")
    )
    carried = Counter(hashtag_id for hashtag_id, _, _ in links)
    by_id = Hashtag.objects.in_bulk(list(carried))
    by_label = {hashtag.label: hashtag for hashtag in by_id.values()}
    folded = full_names(
        (hashtag.label, hashtag.kind, carried[hashtag.pk]) for hashtag in by_id.values()
    )
    # A lone surname counts as the full name the story also carries.
    survivor = {
        hashtag.pk: by_label[folded[hashtag.label]].pk
        for hashtag in by_id.values()
        if hashtag.label in folded
    }
    top = top_hashtags(
        (survivor.get(hashtag_id, hashtag_id), article_id, score)
        for hashtag_id, article_id, score in links
    )
    return StoryCoverage(
        articles=articles,
        outlets=list(outlets.values()),
        hashtags=[StoryHashtag(by_id[item.hashtag], item.articles, item.score) for item in top],
        facts=facts_side_by_side(_stated_facts(read)),
        facts_read=len(read),
    )


def _stated_facts(articles: list[Article]) -> list[StatedFact]:
    stated = []
    for article in articles:
        page = article.get_absolute_url()
        stated.extend(
            StatedFact(
                article_id=article.pk,
                source_id=article.source_id,
                outlet=article.source.display_name,
                link=f"{page}#p-{fact['paragraph']}",
                value=fact["value"],
                unit=fact["unit"],
                what=fact["what"],
                figure=fact["figure"],
                sentence=fact["sentence"],
            )
            for fact in facts_for_page(article)
        )
    return stated


def stories_after(*, limit: int, after: tuple[datetime, int] | None = None) -> list[Story]:
    """Up to ``limit`` stories that were not merged away, latest article first, strictly
    after the ``(last_published, id)`` key (keyset pagination, as ``articles_after``)."""
    rows = Story.objects.filter(merged_into__isnull=True, last_published__isnull=False).order_by(
        "-last_published", "-id"
    )
    if after is not None:
        last_published, story_id = after
        rows = rows.filter(
            Q(last_published__lt=last_published) | Q(last_published=last_published, id__lt=story_id)
        )
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
