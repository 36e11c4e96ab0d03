"""The archive of quiet stories: what the stream clusterer keeps of a story that had no new
article for ``quiet_after``, so that a later article can still reopen it.

A quiet story keeps only its heaviest ``archive_terms`` terms (and its mean embedding in
float16), under an inverted index of its own. It is forgotten ``archive_for`` after its
latest article, or sooner when more than ``max_archived_stories`` are quiet: the first to
go quiet is forgotten first.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.terms import unlist


@dataclass(frozen=True, slots=True)
class QuietStory:
    """What the archive keeps of a story: its heaviest terms with their centroid weights
    (float32), and its embedding's direction in float16 with the norm of the sum."""

    id: int
    terms: tuple[str, ...]
    weights: array
    norm: float
    articles: int
    first: datetime | None
    last: datetime | None
    sequence: int
    embedding: np.ndarray | None
    embedding_norm: float

    def cosine(self, vector: dict[str, float]) -> float:
        """Cosine of a unit TF-IDF vector and the terms kept."""
        dot = sum(
            vector.get(term, 0.0) * weight
            for term, weight in zip(self.terms, self.weights, strict=True)
        )
        return dot / self.norm if self.norm else 0.0


class QuietStories:
    """The quiet stories, in the order they went quiet."""

    def __init__(self, settings: ClusteringSettings) -> None:
        self.settings = settings
        self._stories: OrderedDict[int, QuietStory] = OrderedDict()
        self._index: dict[str, set[int]] = {}
        # (latest article time, story) to forget each one ``archive_for`` after its latest
        # article.
        self._expiry_queue: list[tuple[datetime, int]] = []

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: int) -> bool:
        return story_id in self._stories

    def get(self, story_id: int) -> QuietStory | None:
        return self._stories.get(story_id)

    def keep(self, quiet: QuietStory) -> None:
        """Archive a story that went quiet, forgetting the first to go quiet when full."""
        self._stories[quiet.id] = quiet
        for term in quiet.terms:
            self._index.setdefault(term, set()).add(quiet.id)
        if quiet.last is not None:
            heapq.heappush(self._expiry_queue, (quiet.last, quiet.id))
        while len(self._stories) > self.settings.max_archived_stories:
            self.forget(next(iter(self._stories)))

    def forget(self, story_id: int) -> QuietStory:
        """Take a story out of the archive (it reopened, or its time is up)."""
        quiet = self._stories.pop(story_id)
        for term in quiet.terms:
            unlist(self._index, term, story_id)
        return quiet

    def forget_expired(self, clock: datetime) -> None:
        """Forget the quiet stories whose latest article is older than ``archive_for``; an
        entry whose story reopened since (or is gone) is dropped."""
        horizon = clock - self.settings.archive_for
        queue = self._expiry_queue
        while queue and queue[0][0] < horizon:
            moment, story_id = heapq.heappop(queue)
            quiet = self._stories.get(story_id)
            if quiet is not None and quiet.last == moment:
                self.forget(story_id)

    def overlap(self, vector: dict[str, float], query: Sequence[str]) -> Counter[int]:
        """The quiet stories listed under the ``query`` terms, each with the article's
        weight on the terms it shares; a term listing more than ``common_term_stories``
        finds none."""
        overlap: Counter[int] = Counter()
        for term in query:
            stories = self._index.get(term, ())
            if len(stories) <= self.settings.common_term_stories:
                for story_id in stories:
                    overlap[story_id] += vector[term]
        return overlap
