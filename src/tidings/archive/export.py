"""Writing the site's contents as JSON Lines (see ``records``), in constant memory: every
table is read in chunks by increasing id, never whole."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO

from django.conf import settings
from django.db.models import Q, QuerySet

from tidings.archive import records
from tidings.articles.models import Article, ArticleVersion
from tidings.enrich.models import ArticleHashtag, Hashtag
from tidings.sources.models import Source
from tidings.stories.models import Story

CHUNK = 2000


def export(out: TextIO, *, since: datetime | None = None, with_people: bool = False) -> int:
    """Write every record (articles and stories changed since ``since`` only, when given)
    and return how many."""
    written = 0
    for record in all_records(since, with_people):
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        written += 1
    return written


def all_records(since: datetime | None, with_people: bool) -> Iterator[dict[str, Any]]:
    yield from source_records()
    yield from hashtag_records()
    yield from story_records(since)
    yield from article_records(since)
    if with_people:
        from tidings.archive.people import account_records, comment_records

        yield from account_records()
        yield from comment_records(since, story_key)


def chunks(rows: QuerySet) -> Iterator[list]:
    """``rows`` (ordered by id) CHUNK at a time, each chunk one query after the last id."""
    last = None
    while True:
        page = rows.filter(id__gt=last) if last is not None else rows
        chunk = list(page.order_by("id")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["id"] if isinstance(chunk[-1], dict) else chunk[-1].id


def source_records() -> Iterator[dict[str, Any]]:
    for chunk in chunks(Source.objects.all()):
        for source in chunk:
            yield {
                "type": "source",
                "url": source.url,
                **records.columns(source, records.SOURCE_FIELDS, records.SOURCE_TIMES),
            }


def hashtag_records() -> Iterator[dict[str, Any]]:
    # Concepts before their variants, so that ``merged_into`` names a line above.
    for merged in (False, True):
        rows = Hashtag.objects.filter(merged_into__isnull=not merged).values(
            "id", "slug", *records.HASHTAG_FIELDS, "merged_into__slug"
        )
        for chunk in chunks(rows):
            for row in chunk:
                yield {
                    "type": "hashtag",
                    "slug": row["slug"],
                    **records.columns(row, records.HASHTAG_FIELDS),
                    "merged_into": row["merged_into__slug"],
                }


def story_key(story_id: int, origin: str = "") -> str:
    """A story's address on the site that grouped it: where it came from for an imported
    story, this site's own address for the others."""
    return origin or f"{settings.BASE_URL}/stories/{story_id}/"


def story_records(since: datetime | None) -> Iterator[dict[str, Any]]:
    stories = Story.objects.all()
    if since is not None:
        stories = stories.filter(Q(updated_at__gte=since) | Q(last_published__gte=since))
    fields = ("id", "origin", *records.STORY_FIELDS, *records.STORY_TIMES)
    # Survivors before the stories merged into them, so that ``merged_into`` names a line above.
    for merged in (False, True):
        rows = stories.filter(merged_into__isnull=not merged).values(
            *fields, "merged_into_id", "merged_into__origin"
        )
        for chunk in chunks(rows):
            for row in chunk:
                survivor = row["merged_into_id"]
                yield {
                    "type": "story",
                    "key": story_key(row["id"], row["origin"]),
                    "id": row["id"],
                    **records.columns(row, records.STORY_FIELDS, records.STORY_TIMES),
                    "merged_into": survivor and story_key(survivor, row["merged_into__origin"]),
                }


def article_records(since: datetime | None) -> Iterator[dict[str, Any]]:
    articles = Article.objects.all()
    if since is not None:
        articles = articles.filter(modified_at__gte=since)
    rows = articles.values(
        "id",
        *records.ARTICLE_FIELDS,
        *records.ARTICLE_TIMES,
        "minhash",
        "source__url",
        "story_id",
        "story__origin",
        "copy_of__guid",
        "copy_of__source__url",
    )
    for chunk in chunks(rows):
        ids = [row["id"] for row in chunk]
        versions = versions_of(ids)
        hashtags = hashtags_of(ids)
        for row in chunk:
            story = row["story_id"]
            yield {
                "type": "article",
                "source": row["source__url"],
                **records.columns(row, records.ARTICLE_FIELDS, records.ARTICLE_TIMES),
                "minhash": records.binary_text(row["minhash"]),
                "story": story and story_key(story, row["story__origin"]),
                "copy_of": (
                    [row["copy_of__source__url"], row["copy_of__guid"]]
                    if row["copy_of__guid"] is not None
                    else None
                ),
                "hashtags": hashtags.get(row["id"], []),
                "versions": versions.get(row["id"], []),
            }


def versions_of(article_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = ArticleVersion.objects.filter(article_id__in=article_ids).order_by("replaced_at", "id")
    for version in rows.values("article_id", *records.VERSION_FIELDS, *records.VERSION_TIMES):
        found[version["article_id"]].append(
            records.columns(version, records.VERSION_FIELDS, records.VERSION_TIMES)
        )
    return found


def hashtags_of(article_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    links = ArticleHashtag.objects.filter(article_id__in=article_ids).order_by("id")
    for article_id, slug, score, origin in links.values_list(
        "article_id", "hashtag__slug", "score", "origin"
    ):
        found[article_id].append({"slug": slug, "score": score, "origin": origin})
    return found
