"""`tidings cluster FILE.jsonl`: the story of each article, as the stream clusterer sees it.

Articles are taken in time order (``published``, then line order; a line without a date
keeps its place after the line before it), as if they arrived one by one, and each line
gets ``{"id", "story"}``. Story numbers are labels: equal numbers, same story. When two
stories merge later in the stream, every article of the merged one reports the survivor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError

from tidings.enrich.embeddings import (
    BACKENDS,
    MODEL,
    BackendUnavailable,
    article_text_for_embedding,
    configured_backend,
    embed,
    resolve_backend,
)
from tidings.jsonl import JsonlCommand, RecordError, Result, parse_published
from tidings.progress import progress
from tidings.stories.clustering import StoryArticle, cluster_stream, time_order
from tidings.stories.clustering_settings import ClusteringSettings

NO_EMBEDDINGS = "none"
# Articles embedded per call: large enough for the model to sort and batch them, small
# enough for the progress bar to move.
CHUNK = 256


def read_article(record: dict[str, Any]) -> StoryArticle:
    title, text = record.get("title") or "", record.get("text") or ""
    if not isinstance(title, str) or not isinstance(text, str):
        raise RecordError('"title" and "text" must be strings')
    if not (title.strip() or text.strip()):
        raise RecordError("nothing to cluster: no title and no text")
    return StoryArticle(title, text, parse_published(record.get("published")))


def read_articles(
    records: Sequence[dict[str, Any]],
) -> tuple[list[Result | None], dict[int, StoryArticle]]:
    """The records' articles by position, and a result list holding the records' errors
    (``None`` where an article was read)."""
    results: list[Result | None] = [None] * len(records)
    articles: dict[int, StoryArticle] = {}
    for position, record in enumerate(records):
        try:
            articles[position] = read_article(record)
        except RecordError as error:
            results[position] = error
    return results, articles


class Command(JsonlCommand):
    help = (
        "Group the articles of a JSON Lines file into stories, in time order as if they "
        'arrived one by one: {"id", "story"}, where equal story numbers mean the same story.'
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        defaults = ClusteringSettings()
        parser.add_argument(
            "--embeddings",
            choices=[*BACKENDS, NO_EMBEDDINGS],
            help="vectors that help tell stories apart: model (needs the ml extra), hashed, "
            "or none (words only); default: the TIDINGS_EMBEDDINGS setting",
        )
        parser.add_argument(
            "--threshold",
            type=float,
            help="least score to join a story (default "
            f"{ClusteringSettings.for_embeddings(MODEL).threshold} with the model's embeddings, "
            f"else {defaults.threshold})",
        )
        parser.add_argument(
            "--headline-threshold",
            type=float,
            default=defaults.headline_threshold,
            help="the same for an article with (almost) no text beyond its title "
            f"(default {defaults.headline_threshold})",
        )
        parser.add_argument(
            "--quiet-days",
            type=float,
            default=defaults.quiet_after / timedelta(days=1),
            help="days without a new article after which a story goes quiet: only an article "
            f"that matches it strongly reopens it (default {defaults.quiet_after.days})",
        )
        parser.add_argument(
            "--archive-days",
            type=float,
            default=defaults.archive_for / timedelta(days=1),
            help="days after its latest article that a quiet story can still be reopened; "
            f"0: never (default {defaults.archive_for.days})",
        )

    def process(
        self,
        records: Sequence[dict[str, Any]],
        *,
        embeddings: str | None,
        threshold: float | None,
        headline_threshold: float,
        quiet_days: float,
        archive_days: float,
        **options,
    ) -> list[Result]:
        if quiet_days <= 0:
            raise CommandError("--quiet-days must be more than 0.")
        if archive_days < 0:
            raise CommandError("--archive-days must not be negative.")
        backend = NO_EMBEDDINGS
        if embeddings != NO_EMBEDDINGS:
            try:
                backend = resolve_backend(embeddings) if embeddings else configured_backend()
            except BackendUnavailable as error:
                raise CommandError(str(error)) from None
        tuned = ClusteringSettings.for_embeddings(None if backend == NO_EMBEDDINGS else backend)
        settings = replace(
            tuned,
            threshold=tuned.threshold if threshold is None else threshold,
            headline_threshold=headline_threshold,
            quiet_after=timedelta(days=quiet_days),
            archive_for=timedelta(days=archive_days),
        )
        results, articles = read_articles(records)
        if backend != NO_EMBEDDINGS:
            articles = embedded(articles, backend)
        for position, story in stories_of(articles, settings).items():
            results[position] = {"story": story}
        return [result for result in results if result is not None]


def embedded(articles: dict[int, StoryArticle], backend: str) -> dict[int, StoryArticle]:
    """The articles with their embeddings of ``backend``, made a chunk at a time."""
    found = dict(articles)
    positions = list(articles)
    for start in progress(range(0, len(positions), CHUNK), desc="embed", unit="chunk"):
        chosen = positions[start : start + CHUNK]
        texts = [article_text_for_embedding(found[p].title, found[p].text) for p in chosen]
        for position, vector in zip(chosen, embed(texts, backend), strict=True):
            found[position] = replace(found[position], embedding=vector)
    return found


def stories_of(articles: dict[int, StoryArticle], settings: ClusteringSettings) -> dict[int, int]:
    """The story of each article, clustered in time order as if they arrived one by one."""
    positions = list(articles)
    order = [positions[i] for i in time_order([articles[p].published for p in positions])]
    stories = cluster_stream([articles[position] for position in order], settings)
    return dict(zip(order, stories, strict=True))
