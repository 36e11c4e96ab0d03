"""Opaque page cursors: the sort key of the last item a client saw, encoded.

Clients pass ``next`` back as ``?cursor=`` and must not build one themselves, so the
encoding may change without breaking them.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime


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


def encode_article_key(published_at: datetime, article_id: int) -> str:
    return encode("articles", published_at.isoformat(), article_id)


def decode_article_key(cursor: str) -> tuple[datetime, int]:
    key = decode("articles", cursor)
    try:
        published_at_text, article_id = key
        published_at = datetime.fromisoformat(published_at_text)
    except (TypeError, ValueError):
        raise BadCursor("is damaged") from None
    if not isinstance(article_id, int) or published_at.tzinfo is None:
        raise BadCursor("is damaged")
    return published_at, article_id


def encode_source_key(source_id: int) -> str:
    return encode("sources", source_id)


def decode_source_key(cursor: str) -> int:
    key = decode("sources", cursor)
    if len(key) != 1 or not isinstance(key[0], int) or isinstance(key[0], bool):
        raise BadCursor("is damaged")
    return key[0]
