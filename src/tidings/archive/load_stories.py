"""Importing the lines the articles refer to: sources, hashtags and stories."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models import F, Max

from tidings.archive import records
from tidings.enrich.aliases import variant_key
from tidings.enrich.models import Hashtag
from tidings.jsonl import RecordError
from tidings.parse.text import feed_name
from tidings.sources.models import Source
from tidings.stories.models import ClusteringState, Story

Outcome = RecordError | bool


def checked(batch: list[dict[str, Any]], key: str) -> tuple[list[Outcome | None], list[str]]:
    """Each record's error (None when its ``key`` is there) and the keys of the good ones."""
    outcomes: list[Outcome | None] = []
    keys = []
    for record in batch:
        try:
            keys.append(records.required(record, key))
            outcomes.append(None)
        except RecordError as error:
            outcomes.append(error)
    return outcomes, keys


def import_sources(batch: list[dict[str, Any]]) -> list[Outcome]:
    outcomes, urls = checked(batch, "url")
    stored = set(Source.objects.filter(url__in=urls).values_list("url", flat=True))
    new: dict[str, Source] = {}
    for index, record in enumerate(batch):
        if outcomes[index] is not None:
            continue
        url = record["url"]
        if url in stored or url in new:
            outcomes[index] = False
            continue
        try:
            fields = records.fields_of(record, records.SOURCE_FIELDS, records.SOURCE_TIMES)
        except RecordError as error:
            outcomes[index] = error
            continue
        fields["name"] = feed_name(fields.get("name", ""))
        new[url] = Source(url=url, **fields)
        outcomes[index] = True
    Source.objects.bulk_create(list(new.values()))
    return [outcome for outcome in outcomes if outcome is not None]


def import_hashtags(batch: list[dict[str, Any]]) -> list[Outcome]:
    outcomes, slugs = checked(batch, "slug")
    stored = set(Hashtag.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    new: dict[str, Hashtag] = {}
    merges: dict[str, str] = {}
    for index, record in enumerate(batch):
        if outcomes[index] is not None:
            continue
        slug = record["slug"]
        if slug in stored or slug in new:
            outcomes[index] = False
            continue
        fields = records.fields_of(record, records.HASHTAG_FIELDS)
        fields.setdefault("label", slug)
        fields["key"] = fields.get("key") or variant_key(fields["label"])
        new[slug] = Hashtag(slug=slug, **fields)
        if isinstance(record.get("merged_into"), str):
            merges[slug] = record["merged_into"]
        outcomes[index] = True
    Hashtag.objects.bulk_create(list(new.values()))
    if merges:
        ids = dict(Hashtag.objects.filter(slug__in=merges.values()).values_list("slug", "id"))
        for slug, survivor in merges.items():
            new[slug].merged_into_id = ids.get(survivor)
        Hashtag.objects.bulk_update([new[slug] for slug in merges], ["merged_into"])
    return [outcome for outcome in outcomes if outcome is not None]


OWN_STORY = re.compile(r"/stories/(\d+)/$")


def own_story_id(key: str) -> int | None:
    """The id of a key that is this site's own address of a story."""
    if not key.startswith(f"{settings.BASE_URL}/stories/"):
        return None
    match = OWN_STORY.search(key)
    return int(match.group(1)) if match else None


def stories_by_key(keys: list[str]) -> dict[str, int]:
    """The stored stories that ``keys`` name: imported ones by their origin, this site's
    own by their id."""
    # Spelled out, the partial index's condition lets SQLite use it (PostgreSQL infers it).
    imported = Story.objects.filter(origin__in=keys).exclude(origin="").order_by()
    found = dict(imported.values_list("origin", "id"))
    own = {story_id: key for key in keys if key not in found and (story_id := own_story_id(key))}
    for story_id in Story.objects.filter(pk__in=own, origin="").values_list("id", flat=True):
        found[own[story_id]] = story_id
    return found


def import_stories(batch: list[dict[str, Any]]) -> list[Outcome]:
    """A story keeps its number where that is free here (so that an export restored into
    an empty site keeps its addresses), else takes the next one after the highest."""
    outcomes, keys = checked(batch, "key")
    stored = stories_by_key(keys)
    wanted = [record["id"] for record in batch if isinstance(record.get("id"), int)]
    taken = set(Story.objects.filter(pk__in=wanted).values_list("id", flat=True))
    next_id = (Story.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    new: dict[str, Story] = {}
    merges: dict[str, str] = {}
    created_at = {}
    for index, record in enumerate(batch):
        if outcomes[index] is not None:
            continue
        key = record["key"]
        if key in stored or key in new:
            outcomes[index] = False
            continue
        try:
            fields = records.fields_of(record, records.STORY_FIELDS, records.STORY_TIMES)
        except RecordError as error:
            outcomes[index] = error
            continue
        story_id = record.get("id")
        if not isinstance(story_id, int) or story_id < 1 or story_id in taken:
            story_id = next_id
        taken.add(story_id)
        next_id = max(next_id, story_id + 1)
        fields.setdefault("title", "")
        if "created_at" in fields:
            created_at[key] = fields.pop("created_at")
        new[key] = Story(id=story_id, origin=key, **fields)
        if isinstance(record.get("merged_into"), str):
            merges[key] = record["merged_into"]
        outcomes[index] = True
    Story.objects.bulk_create(list(new.values()))
    # bulk_create stamps created_at with now; the record's time is the story's own.
    for key, moment in created_at.items():
        new[key].created_at = moment
    Story.objects.bulk_update([new[key] for key in created_at], ["created_at"])
    if merges:
        survivors = stories_by_key(list(merges.values()))
        for key, survivor in merges.items():
            new[key].merged_into_id = survivors.get(survivor)
        Story.objects.bulk_update([new[key] for key in merges], ["merged_into"])
    if new:
        # Clusterers in memory number new stories from what they last saw: make them
        # rebuild from the database, which now holds these numbers.
        ClusteringState.objects.filter(pk=1).update(generation=F("generation") + 1)
    return [outcome for outcome in outcomes if outcome is not None]
