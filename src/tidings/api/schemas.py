"""What the JSON API answers, as ninja schemas (they also write the OpenAPI document)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator

from tidings.comments.posting import MAX_BODY

# The largest id a row can have: ids are 64-bit on both databases. A larger number in a
# query would overflow SQLite's integers, so the schema refuses it first (422).
MAX_ID = 2**63 - 1


def in_utc(moment: datetime) -> datetime:
    """A time as UTC: naive ones are taken as UTC already. One that leaves the calendar
    once converted (year 1 at +23:59) is refused, as the database could not compare it."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("Time is outside the years 1 to 9999 once converted to UTC") from None


UtcDateTime = Annotated[datetime, AfterValidator(in_utc)]


class LastFetch(Schema):
    status: int | None
    at: datetime | None
    error_code: str = Field(description="Short and stable, e.g. http_404 or timeout.")
    error: str = Field(
        description="The error in words for staff accounts; a generic sentence for others, "
        "as the details can name addresses inside the network tidings runs in."
    )


class SourceOut(Schema):
    id: int
    name: str
    url: str
    site_url: str
    active: bool
    last_fetch: LastFetch | None


class SourceRef(Schema):
    id: int
    name: str


class ImageOut(Schema):
    url: str | None
    caption: str
    credit: str


class HashtagOut(Schema):
    tag: str
    label: str
    kind: str
    url: str


class ArticleItem(Schema):
    id: int
    url: str
    canonical_url: str
    title: str
    source: SourceRef
    published_at: datetime
    updated_at: datetime | None
    language: str
    has_full_text: bool
    page_url: str


class ArticleOut(ArticleItem):
    author: str
    text_origin: str
    summary: str
    text: str
    image: ImageOut
    hashtags: list[HashtagOut]


class SourcePage(Schema):
    items: list[SourceOut]
    next: str | None


class ArticlePage(Schema):
    items: list[ArticleItem]
    next: str | None


class RelatedArticles(Schema):
    items: list[ArticleItem]


class Problem(Schema):
    detail: str


class ValidationIssue(Schema):
    loc: list[str | int] = Field(description='Where, e.g. ["query", "limit"] or ["body", …].')
    msg: str = Field(description="What is wrong, in words.")
    type: str


class ValidationProblem(Schema):
    """The 422 of a request that does not fit the documented parameters or body."""

    detail: list[ValidationIssue]


def not_found(kind: str, row_id: int) -> HttpError:
    """The 404 of an id that names nothing, e.g. ``raise not_found("story", 7)``."""
    return HttpError(404, f"There is no {kind} with id {row_id}.")


class CommentIn(Schema):
    # The lengths are the service's own checks (after trimming spaces), which answer 400
    # in words; the schema states them without checking them twice.
    body: str = Field(
        description="The comment, in Markdown (emphasis, links, quotes, lists): 1 to "
        f"{MAX_BODY:,} characters once leading and trailing spaces are trimmed.",
        json_schema_extra={"minLength": 1, "maxLength": MAX_BODY},
    )
    parent: int | None = Field(
        None, ge=1, le=MAX_ID, description="Id of the comment this one answers, if any."
    )


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str = Field(description='Display name; "[deleted]" for a deleted comment.')
    body_html: str = Field(description="The sanitised HTML rendering; empty when deleted.")
    created_at: datetime
    edited: bool
    deleted: bool
    status: str | None = Field(
        description="visible, held, hidden or deleted: shown to moderators, and to the "
        "author on their own comments; null otherwise."
    )
    page_url: str


class CommentPage(Schema):
    items: list[CommentOut]
    next: str | None
