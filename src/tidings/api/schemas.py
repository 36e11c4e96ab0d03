"""What the JSON API answers, as ninja schemas (they also write the OpenAPI document)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


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


class Problem(Schema):
    detail: str
