"""Opaque page cursors: the sort key of the last item a client saw, encoded.

Clients pass ``next`` back as ``?cursor=`` and must not build one themselves, so the
encoding may change without breaking them.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from ninja import Query
from ninja.errors import HttpError

Key = TypeVar("Key")

MAX_LIMIT = 500
# The ?cursor= parameter of every list.
CURSOR = Query(
    None,
    description='The "next" value of the previous answer; leave out at first. An opaque '
    "string of URL-safe base64 letters (A-Z a-z 0-9 - _) that holds the sort key of the "
    "last item seen: pass it back unchanged and build none yourself, as its contents may "
    "change between versions. One from another list, or altered, answers 400.",
    example="WyJhcnRpY2xlcyIsIjIwMjUtMDYtMTBUMTI6MDA6MDArMDA6MDAiLDQyXQ",
)


def page_size(default: int = 50):
    """The ?limit= parameter of a list: how many items a page holds."""
    return Query(default, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")


class BadCursor(ValueError):
    """A cursor this API did not hand out."""


def encode(kind: str, *key: object) -> str:
    raw = json.dumps([kind, *key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(kind: str, cursor: str) -> list:
    """The key inside ``cursor``, after checking it was made for ``kind`` of list."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadCursor("is not a cursor from this API") from None
    if not isinstance(value, list) or not value or value[0] != kind:
        raise BadCursor(f"is not a cursor for the {kind} list")
    return value[1:]


def encode_time_key(kind: str, moment: datetime, row_id: int) -> str:
    """A cursor for a list ordered by a time, then by id (articles, stories, comments)."""
    return encode(kind, moment.isoformat(), row_id)


def decode_time_key(kind: str, cursor: str) -> tuple[datetime, int]:
    key = decode(kind, cursor)
    try:
        moment_text, row_id = key
        moment = datetime.fromisoformat(moment_text)
    except (TypeError, ValueError):
        raise BadCursor("is damaged") from None
    if not isinstance(row_id, int) or isinstance(row_id, bool) or moment.tzinfo is None:
        raise BadCursor("is damaged")
    try:
        # A time the database cannot hold once in UTC (year 1 at +23:59) is no key of ours.
        return moment.astimezone(UTC), row_id
    except OverflowError:
        raise BadCursor("is damaged") from None


def encode_source_key(source_id: int) -> str:
    return encode("sources", source_id)


def decode_source_key(cursor: str) -> int:
    key = decode("sources", cursor)
    if len(key) != 1 or not isinstance(key[0], int) or isinstance(key[0], bool):
        raise BadCursor("is damaged")
    return key[0]


def read(decoder: Callable[[str], Key], cursor: str | None) -> Key | None:
    """The key of a ``?cursor=`` parameter (None when there is none); a cursor this API did
    not hand out answers 400 with what to do instead."""
    if cursor is None:
        return None
    try:
        return decoder(cursor)
    except BadCursor as error:
        raise HttpError(
            400,
            f"The cursor {error}. Leave it out for the first page, and use the `next` "
            "value of the previous answer for the ones after.",
        ) from None
