"""The daily wrap-up as RSS: one item per day, the latest days first."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tidings.web.wrapup import day_bounds, wrap_up

FEED_DAYS = 7


class WrapUpFeed(Feed):
    title = "The day's top stories on tidings"
    description = "Each day's top stories, each told in one or two cited sentences."

    def link(self) -> str:
        return reverse("web:wrap_up")

    def items(self) -> list[date]:
        today = timezone.localdate()
        return [today - timedelta(days=n) for n in range(FEED_DAYS)]

    def item_title(self, day: date) -> str:
        return f"Top stories of {day:%A %-d %B %Y}"

    def item_description(self, day: date) -> str:
        return render_to_string("ai/_wrap_up_stories.html", {"wrap_up": wrap_up(day)})

    def item_link(self, day: date) -> str:
        return reverse("web:wrap_up_day", args=[day.isoformat()])

    def item_pubdate(self, day: date) -> datetime:
        return min(day_bounds(day)[1], timezone.now())
