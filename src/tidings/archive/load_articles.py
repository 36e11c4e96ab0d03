"""Importing articles with their versions, hashtags, story and original, a batch at a time
through the store's bulk path."""

from __future__ import annotations

from typing import Any

from tidings.archive import records
from tidings.archive.load_stories import stories_by_key
from tidings.articles.models import Article, ArticleVersion
from tidings.articles.store import ids_by_key, insert_many
from tidings.bulk import insert_rows
from tidings.enrich.models import ArticleHashtag, Hashtag
from tidings.jsonl import RecordError
from tidings.sources.models import Source

Outcome = RecordError | bool


class References:
    """What a batch of article records refers to, looked up with one query each."""

    def __init__(self, batch: list[dict[str, Any]]):
        def texts(values) -> list[str]:
            return [value for value in values if isinstance(value, str)]

        self.sources = dict(
            Source.objects.filter(url__in=texts(r.get("source") for r in batch)).values_list(
                "url", "id"
            )
        )
        self.stories = stories_by_key(texts(r.get("story") for r in batch))
        slugs = texts(
            link.get("slug")
            for r in batch
            for link in listed(r, "hashtags")
            if isinstance(link, dict)
        )
        self.hashtags = dict(Hashtag.objects.filter(slug__in=slugs).values_list("slug", "id"))
        self.stored = self.articles([(r.get("source"), r.get("guid")) for r in batch])
        originals = [r["copy_of"] for r in batch if is_pair(r.get("copy_of"))]
        self.originals = self.articles(originals)

    def articles(self, keys: list) -> dict[tuple[int, str], int]:
        """The stored articles of (feed URL, guid) ``keys``, by (source id, guid)."""
        return ids_by_key(
            {
                (self.sources[url], guid)
                for url, guid in keys
                if isinstance(guid, str) and url in self.sources
            }
        )


def listed(record: dict[str, Any], name: str) -> list:
    value = record.get(name)
    return value if isinstance(value, list) else []


def is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def import_articles(batch: list[dict[str, Any]]) -> list[Outcome]:
    known = References(batch)
    outcomes: list[Outcome] = []
    new: dict[tuple[int, str], tuple[Article, list[ArticleVersion], list]] = {}
    for record in batch:
        try:
            key, built = article_of(record, known)
        except RecordError as error:
            outcomes.append(error)
            continue
        fresh = key not in known.stored and key not in new
        if fresh:
            new[key] = built
        outcomes.append(fresh)
    if new:
        articles, versions, links = zip(*new.values(), strict=True)
        created = insert_many(list(articles), list(versions))
        insert_rows(
            ArticleHashtag,
            [
                ArticleHashtag(article_id=article.pk, **link)
                for article, article_links in zip(created, links, strict=True)
                for link in article_links
            ],
        )
        link_copies_in_batch(batch, known, {key: built[0] for key, built in new.items()})
    return outcomes


def link_copies_in_batch(batch: list[dict[str, Any]], known: References, new: dict) -> None:
    """Copies whose original came in the same batch, which the batch's lookup missed."""
    copies = []
    for record in batch:
        original = record.get("copy_of")
        if not is_pair(original) or record.get("source") not in known.sources:
            continue
        copy = new.get((known.sources[record["source"]], record.get("guid")))
        source_id = known.sources.get(original[0])
        target = new.get((source_id, original[1]))
        if copy is not None and target is not None and copy.copy_of_id is None:
            copy.copy_of_id = target.pk
            copies.append(copy)
    Article.objects.bulk_update(copies, ["copy_of"])


def article_of(record: dict[str, Any], known: References):
    """The record's natural key and its unsaved article, versions and hashtag links."""
    url = records.required(record, "source")
    guid = records.required(record, "guid")
    if url not in known.sources:
        raise RecordError(f"source {url!r} is not stored: its source line must come first")
    for name in ("url", "canonical_url", "title", "published_at"):
        records.required(record, name)
    fields = records.fields_of(record, records.ARTICLE_FIELDS, records.ARTICLE_TIMES)
    story = record.get("story")
    if story is not None and story not in known.stories:
        raise RecordError(f"story {story!r} is not stored: its story line must come first")
    original = record.get("copy_of")
    article = Article(
        source_id=known.sources[url],
        story_id=known.stories.get(story) if story else None,
        copy_of_id=(
            known.originals.get((known.sources.get(original[0]), original[1]))
            if is_pair(original)
            else None
        ),
        minhash=records.binary_of(record, "minhash"),
        **fields,
    )
    versions = []
    for version in listed(record, "versions"):
        if not isinstance(version, dict):
            raise RecordError("each of versions must be an object")
        versions.append(
            ArticleVersion(
                **records.fields_of(version, records.VERSION_FIELDS, records.VERSION_TIMES)
            )
        )
    links = {}
    for link in listed(record, "hashtags"):
        slug = link.get("slug") if isinstance(link, dict) else None
        if slug not in known.hashtags:
            raise RecordError(f"hashtag {slug!r} is not stored: its hashtag line must come first")
        hashtag_id = known.hashtags[slug]
        links[hashtag_id] = {
            "hashtag_id": hashtag_id,
            **records.fields_of(link, ("score", "origin")),
        }
    return (article.source_id, guid), (article, versions, list(links.values()))
