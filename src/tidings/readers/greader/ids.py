"""The names the Google Reader dialect gives things: item ids, stream ids and state tags.

Pure: strings in, plain values out. An item id travels in two forms, long
(``tag:google.com,2005:reader/item/`` and 16 hex digits) and decimal; both name an
article id here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

ITEM_PREFIX = "tag:google.com,2005:reader/item/"
STATE_PREFIX = "user/-/state/com.google/"
READING_LIST = STATE_PREFIX + "reading-list"
READ = STATE_PREFIX + "read"
STARRED = STATE_PREFIX + "starred"
# The states this site keeps; kept-unread and the like are what "not read" already says.
STATES = {"reading-list", "read", "starred"}
# "user/-/state/com.google/read", "user/12/state/com.google/read": the user part may be
# "-" (the signed-in reader) or their id.
STATE_PATTERN = re.compile(r"^user/[^/]+/state/com\.google/(?P<state>[\w-]+)$")
LABEL_PATTERN = re.compile(r"^user/[^/]+/label/(?P<label>.+)$")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Google Reader ids are signed 64-bit numbers.
MAX_ID = 2**63 - 1


class BadId(ValueError):
    """A parameter this API cannot take, said in words: answered with 400."""


class NoSuchStream(Exception):
    """A well-formed stream id that names nothing here: answered with 404."""


def long_item_id(article_id: int) -> str:
    return f"{ITEM_PREFIX}{article_id:016x}"


def article_id(item_id: str) -> int:
    """The article an item id names: the long form is hexadecimal, a bare number decimal
    (as clients send what ``stream/items/ids`` answered)."""
    text = item_id.strip()
    hexadecimal = text.startswith(ITEM_PREFIX)
    try:
        number = int(text.removeprefix(ITEM_PREFIX), 16 if hexadecimal else 10)
    except ValueError:
        raise BadId(f"{item_id!r} is not an item id") from None
    if not 0 < number <= MAX_ID:
        raise BadId(f"{item_id!r} is not an item id")
    return number


@dataclass(frozen=True)
class Stream:
    """What a stream id names: ``kind`` is "feed" (``value`` a source id or feed URL),
    "state" (``value`` reading-list, read or starred) or "label"."""

    kind: str
    value: str


def parse_stream(stream_id: str) -> Stream:
    text = stream_id.strip()
    if text.startswith("feed/") and len(text) > len("feed/"):
        return Stream("feed", text[len("feed/") :])
    if match := STATE_PATTERN.match(text):
        state = match["state"]
        if state not in STATES:
            raise BadId(f"this site keeps no {state!r} state; it keeps {', '.join(sorted(STATES))}")
        return Stream("state", state)
    if match := LABEL_PATTERN.match(text):
        return Stream("label", match["label"])
    raise BadId(
        f"{stream_id!r} is not a stream: give feed/<id>, user/-/state/com.google/reading-list, "
        "…/read or …/starred"
    )


def state_of(tag: str) -> str | None:
    """The state a tag names (``read``, ``starred``, ...) or None for anything else."""
    match = STATE_PATTERN.match(tag.strip())
    return match["state"] if match else None


def feed_stream(source_id: int) -> str:
    return f"feed/{source_id}"


def usec(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def moment(value: str, name: str) -> datetime:
    """A time since 1970 as clients send it: ``ot`` and ``nt`` in seconds, ``ts`` in
    microseconds (told apart by size, as no client means a year past 5000)."""
    try:
        number = int(value)
    except ValueError:
        raise BadId(f"{name} must be a whole number of seconds since 1970") from None
    if number > 10**14:
        micro = number
    elif number > 10**11:
        micro = number * 1000
    else:
        micro = number * 1_000_000
    try:
        return EPOCH + timedelta(microseconds=max(micro, 0))
    except OverflowError:
        raise BadId(f"{name} is out of range") from None
