"""The lines of an export file, one JSON object each, told apart by ``"type"``.

In the order they are written, so that every reference points to a line above it:

- ``source``: a feed, known by its ``url``.
- ``hashtag``: known by its ``slug``; ``merged_into`` is another slug.
- ``story``: known by its ``key``, its address on the site that grouped it (kept as the
  story's ``origin`` when imported, so that the next import of it finds it); the stories
  that were merged away come after the ones they joined.
- ``article``: known by its ``source`` (feed URL) and ``guid``, with its earlier
  ``versions``, its ``hashtags`` (``{"slug", "score", "origin"}``), its ``story`` (a key)
  and ``copy_of`` (``[feed URL, guid]`` of the article it copies).
- with ``--with-people`` only: ``account`` (known by its ``username``, with its password's
  hash), then ``comment`` (known by its target, author and ``created_at``).

The publisher's page kept for re-extraction, downloaded images' files and what enrichment
computed (summaries, facts, embeddings) are not exported: the worker computes the latter
again for imported articles.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from tidings.jsonl import RecordError, parse_published

# Plain columns copied as they are, by record type.
SOURCE_FIELDS = (
    "name",
    "site_url",
    "description",
    "language",
    "active",
    "fetch_pages",
    "fetch_interval",
)
SOURCE_TIMES = ("created_at",)
HASHTAG_FIELDS = ("label", "kind", "key")
STORY_FIELDS = ("title", "article_count", "outlet_count")
STORY_TIMES = ("first_published", "last_published", "created_at")
ARTICLE_FIELDS = (
    "guid",
    "url",
    "canonical_url",
    "title",
    "author",
    "language",
    "summary",
    "content_html",
    "text",
    "text_origin",
    "page_error",
    "image_url",
    "image",
    "image_caption",
    "image_credit",
    "entry_fingerprint",
    "content_hash",
    "copy_similarity",
)
ARTICLE_TIMES = ("published_at", "updated_at", "created_at", "modified_at")
VERSION_FIELDS = ("title", "text", "content_html", "content_hash")
VERSION_TIMES = ("updated_at", "replaced_at")
ACCOUNT_FIELDS = ("email", "password", "first_name", "last_name", "is_staff", "is_active")
ACCOUNT_TIMES = ("date_joined", "last_login")
PROFILE_FIELDS = ("display_name",)
PROFILE_TIMES = ("suspended_until", "banned_at")
COMMENT_FIELDS = (
    "body",
    "body_html",
    "status",
    "spam_score",
    "toxic_score",
    "moderation_reasons",
)
COMMENT_TIMES = ("created_at", "edited_at", "locked_at")

TYPES = ("source", "hashtag", "story", "article", "account", "comment")


def time_text(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def columns(row: Any, fields: tuple[str, ...], times: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's part for ``fields`` and ``times`` of a model row or a ``values()`` dict."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    out = {name: get(name) for name in fields}
    out.update({name: time_text(get(name)) for name in times})
    if "image" in out and not isinstance(out["image"], str | None):
        out["image"] = out["image"].name or ""
    return out


def binary_text(value: bytes | memoryview | None) -> str:
    return base64.b64encode(bytes(value or b"")).decode("ascii")


def required(record: dict[str, Any], name: str, kind: type = str) -> Any:
    value = record.get(name)
    if not isinstance(value, kind) or value == "":
        raise RecordError(f"{record.get('type')} needs {name!r} ({kind.__name__})")
    return value


def fields_of(
    record: dict[str, Any], fields: tuple[str, ...], times: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The model's keyword arguments for the ``fields`` and ``times`` the record has: a
    missing one keeps the model's default, a date that is not ISO 8601 is refused."""
    out = {name: record[name] for name in fields if name in record and record[name] is not None}
    for name in times:
        if record.get(name) is not None:
            try:
                out[name] = parse_published(record[name])
            except RecordError:
                raise RecordError(f"{name} is not an ISO 8601 date: {record[name]!r}") from None
    return out


def binary_of(record: dict[str, Any], name: str) -> bytes:
    try:
        return base64.b64decode(record.get(name) or "", validate=True)
    except ValueError:
        raise RecordError(f"{name} is not base64") from None
