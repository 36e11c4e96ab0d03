"""The demo's clock. The bundled news comes in collections from different years (UCI
headlines of March 2014, Wikinews and Global Voices of 2004-2023), so no one date can be
"now" for all of them. The demo replays each collection as if it were current: every date
in a collection moves forward by the same whole number of days, so that its newest article
is from the last day. Within a collection, order, gaps and times of day stay true; relative
times ("2 hours ago") and top stories, which weigh recency, then mean something. Every page
says the dates were moved and when the articles really appeared (``demo.context``).

The days are kept in the demo's folder, so a later run serves the same dates as the first
and finds nothing changed.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from pathlib import Path

from tidings.demo.outlets import Outlet, Story

SHIFT_FILE = "demo-shift-days.json"


def days_to_now(newest: datetime, now: datetime) -> int:
    """Whole days that bring ``newest`` into the day before ``now``, never past it."""
    return max(0, (now - newest).days)


def replay(
    collections: dict[str, list[Outlet]], shifts: dict[str, int], now: datetime
) -> dict[str, int]:
    """Shift each collection's stories by its days in ``shifts``, or, for a collection it
    does not name, by the days that make its newest story from the day before ``now``.
    Returns the days used, by collection."""
    used = {}
    for name, outlets in collections.items():
        stories = [story for outlet in outlets for story in outlet.stories]
        if not stories:
            continue
        newest = max(story.published for story in stories)
        used[name] = days = shifts.get(name, days_to_now(newest, now))
        for outlet in outlets:
            outlet.stories = [shift_story(story, days) for story in outlet.stories]
    return used


def shift_story(story: Story, days: int) -> Story:
    published = story.published + timedelta(days=days)
    if "T" in story.published_iso:
        iso = published.isoformat().replace("+00:00", "Z")
    else:  # a date alone stays a date
        iso = (date.fromisoformat(story.published_iso) + timedelta(days=days)).isoformat()
    return dataclasses.replace(story, published=published, published_iso=iso)


def stored_shifts(home: Path) -> dict[str, int]:
    """The days an earlier run of the demo in ``home`` chose, by collection."""
    path = home / SHIFT_FILE
    return json.loads(path.read_text()) if path.is_file() else {}


def store_shifts(home: Path, shifts: dict[str, int]) -> None:
    (home / SHIFT_FILE).write_text(json.dumps(shifts, sort_keys=True) + "\n")
