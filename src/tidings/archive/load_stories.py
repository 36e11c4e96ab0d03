"""Importing the lines the articles refer to: sources, hashtags and stories."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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


class Batch:
    """A batch's records known by their ``key`` field: each one's outcome, and those that
    are neither stored nor met earlier in the batch, to be created."""

    def __init__(self, records_: list[dict[str, Any]], key: str):
        self.records, self.key = records_, key
        self.outcomes: list[Outcome | None] = []
        self.keys = []
        for record in records_:
            try:
                self.keys.append(records.required(record, key))
                self.outcomes.append(None)
            except RecordError as error:
                self.outcomes.append(error)

    def missing(self, stored: Iterable[str]) -> Iterator[tuple[int, str, dict[str, Any]]]:
        """(index, key, record) of each record to create; ``refuse`` one that cannot be."""
        seen = set(stored)
        for index, record in enumerate(self.records):
            if self.outcomes[index] is None:
                key = record[self.key]
                self.outcomes[index] = key not in seen
                if key not in seen:
                    seen.add(key)
                    yield index, key, record

    def refuse(self, index: int, error: RecordError) -> None:
        self.outcomes[index] = error

    def results(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome is not None]


def import_sources(batch: list[dict[str, Any]]) -> list[Outcome]:
    lines = Batch(batch, "url")
    new: dict[str, Source] = {}
    for index, url, record in lines.missing(
        Source.objects.filter(url__in=lines.keys).values_list("url", flat=True)
    ):
        try:
            fields = records.fields_of(record, records.SOURCE_FIELDS, records.SOURCE_TIMES)
        except RecordError as error:
            lines.refuse(index, error)
            continue
        fields["name"] = feed_name(fields.get("name", ""))
        new[url] = Source(url=url, **fields)
    Source.objects.bulk_create(list(new.values()))
    return lines.results()


def import_hashtags(batch: list[dict[str, Any]]) -> list[Outcome]:
    lines = Batch(batch, "slug")
    new: dict[str, Hashtag] = {}
    merges: dict[str, str] = {}
    for _, slug, record in lines.missing(
        Hashtag.objects.filter(slug__in=lines.keys).values_list("slug", flat=True)
    ):
        fields = records.fields_of(record, records.HASHTAG_FIELDS)
        fields.setdefault("label", slug)
        fields["key"] = fields.get("key") or variant_key(fields["label"])
        new[slug] = Hashtag(slug=slug, **fields)
        if isinstance(record.get("merged_into"), str):
            merges[slug] = record["merged_into"]
    Hashtag.objects.bulk_create(list(new.values()))
    if merges:
        ids = dict(Hashtag.objects.filter(slug__in=merges.values()).values_list("slug", "id"))
        for slug, survivor in merges.items():
            new[slug].merged_into_id = ids.get(survivor)
        Hashtag.objects.bulk_update([new[slug] for slug in merges], ["merged_into"])
    return lines.results()


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
    lines = Batch(batch, "key")
    wanted = [record["id"] for record in batch if isinstance(record.get("id"), int)]
    taken = set(Story.objects.filter(pk__in=wanted).values_list("id", flat=True))
    next_id = (Story.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    new: dict[str, Story] = {}
    merges: dict[str, str] = {}
    created_at = {}
    for index, key, record in lines.missing(stories_by_key(lines.keys)):
        try:
            fields = records.fields_of(record, records.STORY_FIELDS, records.STORY_TIMES)
        except RecordError as error:
            lines.refuse(index, error)
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
    return lines.results()
