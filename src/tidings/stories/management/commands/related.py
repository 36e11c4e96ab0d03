"""`tidings related FILE.jsonl`: for each article, the file's other articles on its subject.

Each line gets ``{"id", "related": [{"id", "score"}]}``: at most ``--top`` articles, best
first, whose embedding cosine reaches the backend's floor (``related_file.py``), never one
the clusterer puts in the same story (the stories are those of ``tidings cluster``). An
article with nothing close enough gets an empty list: showing none beats showing noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from django.core.management.base import CommandError

from tidings.enrich.embeddings import (
    BACKENDS,
    BackendUnavailable,
    configured_backend,
    resolve_backend,
)
from tidings.jsonl import JsonlCommand, Result
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.headlines import is_generic_headline
from tidings.stories.management.commands.cluster import embedded, read_articles, stories_of
from tidings.stories.related_file import SIMILARITY_FLOOR, TOP, related_among


class Command(JsonlCommand):
    help = (
        "For each article of a JSON Lines file, the file's other articles on the same "
        'subject but not of its story: {"id", "related": [{"id", "score"}]}.'
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--top", type=int, default=TOP, help=f"most related articles each (default {TOP})"
        )
        parser.add_argument(
            "--embeddings",
            choices=BACKENDS,
            help="model (needs the ml extra) or hashed; default: the TIDINGS_EMBEDDINGS setting",
        )

    def process(
        self, records: Sequence[dict[str, Any]], *, top: int, embeddings: str | None, **options
    ) -> list[Result]:
        if top < 1:
            raise CommandError("--top must be at least 1.")
        try:
            backend = resolve_backend(embeddings) if embeddings else configured_backend()
        except BackendUnavailable as error:
            raise CommandError(str(error)) from None
        results, articles = read_articles(records)
        articles = embedded(articles, backend)
        positions = list(articles)
        story_of = stories_of(articles, ClusteringSettings.for_embeddings(backend))
        vectors = np.array([articles[p].embedding for p in positions])
        related = related_among(
            vectors,
            [story_of[p] for p in positions],
            SIMILARITY_FLOOR[backend],
            top,
            [is_generic_headline(articles[p].title) for p in positions],
        )
        for position, items in zip(positions, related, strict=True):
            results[position] = {
                "related": [
                    {"id": records[positions[other]].get("id"), "score": score}
                    for other, score in items
                ]
            }
        return [result for result in results if result is not None]
