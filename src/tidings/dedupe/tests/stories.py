"""The two short stories the copy tests share, and a clock to date their copies."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
STORY = (TESTDATA / "wire_story.txt").read_text(encoding="utf-8")
SAME_EVENT = (TESTDATA / "same_event_story.txt").read_text(encoding="utf-8")
PARAGRAPHS = STORY.strip().split("\n\n")
MORNING = datetime(2025, 3, 4, 6, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return MORNING + timedelta(hours=hours)
