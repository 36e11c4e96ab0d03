"""Storing articles: the only code that inserts or changes Article rows.

An entry is matched to what we already have by its GUID, else by its canonical URL. A
changed article keeps its earlier version; an unchanged one is left alone. Every write
marks the pages that show articles as stale (``freshness``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tidings import freshness
from tidings.articles.models import Article, ArticleVersion
from tidings.bulk import insert_rows


@dataclass
class IncomingArticle:
    """Everything the earlier stages found out about one article, ready to store."""

    guid: str
    url: str
    canonical_url: str
    title: str
    entry_fingerprint: str
    text_origin: str
    published: datetime | None = None
    updated: datetime | None = None
    author: str = ""
    language: str = ""
    summary: str = ""
    text: str = ""
    html: str = ""
    page_error: str = ""
    page_html: bytes = b""  # gzipped
    image_url: str = ""
    image_caption: str = ""
    image_credit: str = ""
    categories: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for part in (self.title, self.text, self.image_caption, self.image_credit):
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()


class Outcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def entry_fingerprint(*parts: object) -> str:
    """A short hash of what a feed said about an entry, to notice when it changes."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part or "").encode())
        digest.update(b"\0")
    return digest.hexdigest()


def find_existing(source_id: int, guid: str, canonical: str = "") -> Article | None:
    """The source's article with this GUID, else the first with this canonical URL: one
    query, as most entries are new and match neither."""
    match = Q(guid=guid) | Q(canonical_url=canonical) if canonical else Q(guid=guid)
    candidates = list(Article.objects.filter(match, source_id=source_id))  # newest first
    by_guid = [article for article in candidates if article.guid == guid]
    return (by_guid or candidates or [None])[0]


@dataclass(frozen=True)
class StoredEntry:
    fingerprint: str


def stored_entries(source_id: int, guids: list[str]) -> dict[str, StoredEntry]:
    """What we hold of these GUIDs already, to skip unchanged entries."""
    rows = Article.objects.filter(source_id=source_id, guid__in=guids).values_list(
        "guid", "entry_fingerprint"
    )
    return {guid: StoredEntry(fingerprint) for guid, fingerprint in rows}


@transaction.atomic
def store_article(source_id: int, incoming: IncomingArticle) -> tuple[Article, Outcome]:
    now = timezone.now()
    article = find_existing(source_id, incoming.guid, incoming.canonical_url)
    if article is None:
        article = Article(source_id=source_id, created_at=now)
        apply(article, incoming, now)
        article.save()
        freshness.changed_on_commit()
        return article, Outcome.CREATED
    if article.content_hash == incoming.content_hash:
        if article.entry_fingerprint != incoming.entry_fingerprint:
            article.entry_fingerprint = incoming.entry_fingerprint
            article.save(update_fields=["entry_fingerprint"])
        return article, Outcome.UNCHANGED
    ArticleVersion.objects.create(
        article=article,
        title=article.title,
        text=article.text,
        content_html=article.content_html,
        content_hash=article.content_hash,
        updated_at=article.updated_at,
        replaced_at=now,
    )
    apply(article, incoming, now, keep_published=True)
    article.save()
    freshness.changed_on_commit()
    return article, Outcome.UPDATED


def insert_many(articles: list[Article], versions: list[list[ArticleVersion]]) -> list[Article]:
    """Insert new articles (`tidings import`) in one statement, each with its earlier
    ``versions`` (same order), and return them with their ids. The caller has checked that
    none of them is stored yet."""
    insert_rows(Article, articles)
    ids = ids_by_key({(article.source_id, article.guid) for article in articles})
    for article, earlier in zip(articles, versions, strict=True):
        article.pk = ids[(article.source_id, article.guid)]
        for version in earlier:
            version.article_id = article.pk
    insert_rows(ArticleVersion, [version for earlier in versions for version in earlier])
    freshness.changed_on_commit()
    return articles


def ids_by_key(keys: set[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """The ids of the stored articles among (source id, guid) ``keys``."""
    if not keys:
        return {}
    guids_by_source: dict[int, list[str]] = {}
    for source_id, guid in keys:
        guids_by_source.setdefault(source_id, []).append(guid)
    match = Q()
    for source_id, guids in guids_by_source.items():
        match |= Q(source_id=source_id, guid__in=guids)
    rows = Article.objects.filter(match).values_list("source_id", "guid", "id")
    return {(source_id, guid): article_id for source_id, guid, article_id in rows}


def apply(article: Article, incoming: IncomingArticle, now: datetime, *, keep_published=False):
    article.guid = incoming.guid
    article.url = incoming.url
    article.canonical_url = incoming.canonical_url
    article.title = incoming.title
    article.author = incoming.author
    article.language = incoming.language
    if not (keep_published and article.published_at):
        # An entry without a date is dated when we first saw it, and keeps that date.
        article.published_at = incoming.published or now
    article.updated_at = incoming.updated
    article.summary = incoming.summary
    article.text = incoming.text
    article.content_html = incoming.html
    article.text_origin = incoming.text_origin
    article.page_error = incoming.page_error[:300]
    article.page_html = incoming.page_html
    article.image_caption = incoming.image_caption
    article.image_credit = incoming.image_credit[:300]
    article.entry_fingerprint = incoming.entry_fingerprint
    article.content_hash = incoming.content_hash
    article.modified_at = now
    if incoming.image_url != article.image_url:
        # Downloaded and resized in the background (articles.images); shown once it is.
        article.image = ""
        article.image_width = article.image_height = 0
        article.image_thumbnails = []
        article.image_note = ""
    article.image_url = incoming.image_url


def save_image(body: bytes, extension: str) -> str:
    """Store an image under a name made from its bytes, so that one image is kept once."""
    digest = hashlib.sha256(body).hexdigest()
    path = f"images/{digest[:2]}/{digest[:32]}.{extension}"
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(body))
    return path


def store_reextracted(article: Article, text: str, html: str, caption: str, credit: str) -> bool:
    """Keep a new extraction of the publisher's page we already have. Our extractor, not
    the publisher, changed, so no earlier version is kept. True when anything changed."""
    if (article.text, article.content_html, article.image_caption, article.image_credit) == (
        text,
        html,
        caption,
        credit,
    ):
        return False
    article.text, article.content_html = text, html
    article.image_caption, article.image_credit = caption, credit[:300]
    article.content_hash = IncomingArticle(
        guid="",
        url="",
        canonical_url="",
        title=article.title,
        entry_fingerprint="",
        text_origin="",
        text=text,
        image_caption=caption,
        image_credit=credit,
    ).content_hash
    article.modified_at = timezone.now()
    article.save(
        update_fields=[
            "text",
            "content_html",
            "image_caption",
            "image_credit",
            "content_hash",
            "modified_at",
        ]
    )
    freshness.changed_on_commit()
    return True
