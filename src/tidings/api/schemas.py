"""What the JSON API answers, as ninja schemas (they also write the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from ninja.errors import HttpError


class LastFetch(Schema):
    status: int | None
    at: datetime | None
    error_code: str
    error: str


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


def not_found(kind: str, row_id: int) -> HttpError:
    """The 404 of an id that names nothing, e.g. ``raise not_found("story", 7)``."""
    return HttpError(404, f"There is no {kind} with id {row_id}.")


class CommentIn(Schema):
    body: str = Field(description="The comment, in Markdown (emphasis, links, quotes, lists).")
    parent: int | None = Field(None, description="Id of the comment this one answers, if any.")


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
