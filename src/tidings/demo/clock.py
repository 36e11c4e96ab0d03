"""The demo's clock. The bundled news comes from many years (Wikinews of 2004 to 2023,
Global Voices of 2009, UCI headlines of March 2014), so no one date can be "now" for all
of it. The demo replays it as if it were current: within each collection, the articles
fall into runs with no gap longer than RUN_GAP, and every date of a run moves forward by
the same whole number of days, so that the run's newest article is from the last day.
Within a run, order, gaps and times of day stay true; relative times ("2 hours ago") and
top stories, which weigh recency, then mean something. Every page says the dates were
shifted and when the articles really appeared (``demo.context``).

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
# Longer apart than this, two articles are not news of the same days.
RUN_GAP = timedelta(days=90)


def days_to_now(newest: datetime, now: datetime) -> int:
    """Whole days that bring ``newest`` into the day before ``now``, never past it."""
    return max(0, (now - newest).days)


def replay(
    collections: dict[str, list[Outlet]], shifts: dict[str, int], now: datetime
) -> dict[str, int]:
    """Shift each run of each collection's stories by its days in ``shifts``, or, for a
    run it does not name, by the days that make its newest story from the day before
    ``now``. Returns the days used, by run ("uci from 2014-03-10")."""
    used = {}
    for name, outlets in collections.items():
        stories = sorted((s for o in outlets for s in o.stories), key=lambda s: s.published)
        days_of: dict[int, int] = {}
        for run in runs(stories):
            key = f"{name} from {run[0].published.date()}"
            used[key] = days = shifts.get(key, days_to_now(run[-1].published, now))
            days_of.update((id(story), days) for story in run)
        for outlet in outlets:
            outlet.stories = [shift_story(s, days_of[id(s)]) for s in outlet.stories]
    return used


def runs(stories: list[Story]) -> list[list[Story]]:
    """Stories in order of publication, cut wherever two are more than RUN_GAP apart."""
    cut: list[list[Story]] = []
    for story in stories:
        if cut and story.published - cut[-1][-1].published <= RUN_GAP:
            cut[-1].append(story)
        else:
            cut.append([story])
    return cut


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
