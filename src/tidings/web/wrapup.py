"""The daily wrap-up: a day's top stories, ranked as the home page ranks them at the
day's end, each told in one or two cited sentences of its summary.

A day's stories are those with an article published that day (in the site's time
zone), weighed by the outlets that wrote about them that day and the time of their last
article that day. A finished day's wrap-up is stored once and never changes, unless it
is made again (``again=True``); today's is remade when older than ``TODAY_FRESH``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max
from django.utils import timezone

from tidings.ai import services
from tidings.ai.models import WrapUp
from tidings.articles.models import Article
from tidings.stories.models import Story
from tidings.web.queries import top_story_score

WRAP_UP_STORIES = 10
SENTENCES_PER_STORY = 2
TODAY_FRESH = timedelta(minutes=15)


def wrap_up(day: date, *, again: bool = False) -> dict:
    """``{"date", "stories": [{"id", "title", "page_url", "outlet_count",
    "statements"}]}``, best first; no stories on a day without news."""
    now = timezone.now()
    row = WrapUp.objects.filter(date=day).first()
    if row is not None and not again and (row.final or now - row.created_at < TODAY_FRESH):
        return row.payload
    payload = {"date": day.isoformat(), "stories": _top_stories(day)}
    final = day < timezone.localdate()
    WrapUp.objects.update_or_create(
        date=day, defaults={"payload": payload, "final": final, "created_at": now}
    )
    return payload


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def _top_stories(day: date) -> list[dict]:
    start, end = day_bounds(day)
    rows = (
        Article.objects.filter(
            published_at__gte=start,
            published_at__lt=end,
            story__isnull=False,
            story__merged_into__isnull=True,
        )
        .values("story_id")
        .annotate(outlets=Count("source_id", distinct=True), last=Max("published_at"))
    )
    ranked = sorted(
        rows,
        key=lambda row: (-top_story_score(row["outlets"], row["last"], end), -row["story_id"]),
    )[:WRAP_UP_STORIES]
    stories = Story.objects.in_bulk([row["story_id"] for row in ranked])
    top = []
    for row in ranked:
        story = stories[row["story_id"]]
        told = services.summary(services.Subject(story))["statements"]
        top.append(
            {
                "id": story.pk,
                "title": story.title,
                "page_url": story.get_absolute_url(),
                "outlet_count": row["outlets"],
                "statements": told[:SENTENCES_PER_STORY],
            }
        )
    return top
