"""The active stories of the stream clusterer: the ones new articles can join.

Each keeps a centroid (the sum of its articles' unit TF-IDF vectors, pruned to its heaviest
terms) and the sum of their embeddings, and is listed in an inverted index under its
heaviest terms, so that an article finds its candidates through its own terms. A queue by
the time of each story's latest article tells which ones have gone quiet.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.quiet_stories import QuietStory
from tidings.stories.terms import heaviest, unlist


@dataclass(eq=False)
class ActiveStory:
    id: int
    centroid: dict[str, float]  # sum of its articles' unit TF-IDF vectors, pruned
    norm: float
    articles: int
    first: datetime | None
    last: datetime | None
    sequence: int  # arrival number of its latest article
    embedding: np.ndarray | None = None  # sum of its articles' embeddings
    embedding_norm: float = 0.0
    indexed: frozenset[str] = field(default_factory=frozenset)

    def add_embedding(self, embedding: np.ndarray) -> None:
        """Add an article's embedding (or a merged story's sum) to the sum."""
        self.embedding = embedding.copy() if self.embedding is None else self.embedding + embedding
        self.embedding_norm = float(np.linalg.norm(self.embedding))

    def quiet(self, archive_terms: int) -> QuietStory:
        """What the archive keeps of this story: its ``archive_terms`` heaviest terms."""
        terms = tuple(heaviest(self.centroid, archive_terms))
        weights = array("f", (self.centroid[term] for term in terms))
        embedding = None
        if self.embedding is not None and self.embedding_norm:
            embedding = (self.embedding / self.embedding_norm).astype(np.float16)
        return QuietStory(
            self.id,
            terms,
            weights,
            math.sqrt(sum(weight * weight for weight in weights)),
            self.articles,
            self.first,
            self.last,
            self.sequence,
            embedding,
            self.embedding_norm,
        )

    @classmethod
    def reopened(cls, quiet: QuietStory) -> ActiveStory:
        """A quiet story as an active one holds it (listed nowhere yet)."""
        story = cls(
            quiet.id,
            dict(zip(quiet.terms, quiet.weights, strict=True)),
            quiet.norm,
            quiet.articles,
            quiet.first,
            quiet.last,
            quiet.sequence,
        )
        if quiet.embedding is not None:
            story.embedding = quiet.embedding.astype(np.float32) * quiet.embedding_norm
            story.embedding_norm = float(np.linalg.norm(story.embedding))
        return story


class ActiveStories:
    """The active stories by number, their inverted index, and the queue to go quiet."""

    def __init__(self, settings: ClusteringSettings) -> None:
        self.settings = settings
        self._stories: dict[int, ActiveStory] = {}
        self._index: dict[str, set[int]] = {}
        # (latest article time, story) with at most one entry per dated story; an entry
        # that turns out stale when it reaches the top is pushed again with the new time.
        self._quiet_queue: list[tuple[datetime, int]] = []

    def __len__(self) -> int:
        return len(self._stories)

    def __contains__(self, story_id: int) -> bool:
        return story_id in self._stories

    def get(self, story_id: int) -> ActiveStory | None:
        return self._stories.get(story_id)

    def new(self, story_id: int) -> ActiveStory:
        story = ActiveStory(story_id, {}, 0.0, 0, None, None, 0)
        self._stories[story_id] = story
        return story

    def add(self, story: ActiveStory) -> None:
        """Make a reopened story active again."""
        self._stories[story.id] = story
        if story.last is not None:
            heapq.heappush(self._quiet_queue, (story.last, story.id))
        self._reindex(story)

    def overlap(self, vector: dict[str, float], query: Sequence[str]) -> Counter[int]:
        """The stories listed under the ``query`` terms, each with its partial dot product
        with ``vector`` over those terms; a term listing more than ``common_term_stories``
        finds none."""
        overlap: Counter[int] = Counter()
        for term in query:
            weight = vector[term]
            stories = self._index.get(term, ())
            if len(stories) <= self.settings.common_term_stories:
                for story_id in stories:
                    overlap[story_id] += weight * self._stories[story_id].centroid.get(term, 0.0)
        return overlap

    def join(
        self,
        story: ActiveStory,
        vector: dict[str, float],
        embedding: np.ndarray | None,
        published: datetime | None,
        sequence: int,
    ) -> None:
        """Add an article (its unit TF-IDF vector, embedding, time and arrival number)."""
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.articles += 1
        story.sequence = sequence
        if embedding is not None:
            story.add_embedding(np.asarray(embedding, dtype=np.float32))
        if published is not None:
            self._cover(story, published)
        self._reindex(story)

    def merge(self, one: ActiveStory, other: ActiveStory) -> tuple[ActiveStory, ActiveStory]:
        """Fold the smaller story into the larger (the older of two equal ones); return
        (surviving, merged)."""
        keep, gone = sorted((one, other), key=lambda story: (-story.articles, story.id))
        for term, weight in gone.centroid.items():
            keep.centroid[term] = keep.centroid.get(term, 0.0) + weight
        keep.articles += gone.articles
        keep.sequence = max(keep.sequence, gone.sequence)
        if gone.embedding is not None:
            keep.add_embedding(gone.embedding)
        for moment in (gone.first, gone.last):
            if moment is not None:
                self._cover(keep, moment)
        self.remove(gone)
        self._reindex(keep)
        return keep, gone

    def remove(self, story: ActiveStory) -> None:
        for term in story.indexed:
            unlist(self._index, term, story.id)
        del self._stories[story.id]

    def gone_quiet(self, horizon: datetime) -> Iterator[ActiveStory]:
        """The stories whose latest article is older than ``horizon``, one at a time; the
        caller takes each out (``remove``) before asking for the next."""
        queue = self._quiet_queue
        while queue and queue[0][0] < horizon:
            moment, story_id = heapq.heappop(queue)
            story = self._stories.get(story_id)
            if story is None or story.last is None:
                continue
            if story.last > moment:
                heapq.heappush(queue, (story.last, story_id))
            else:
                yield story

    def least_recent(self, count: int) -> list[ActiveStory]:
        """The ``count`` stories that took their latest article longest ago."""
        return heapq.nsmallest(
            count, self._stories.values(), key=lambda story: (story.sequence, story.id)
        )

    def _cover(self, story: ActiveStory, moment: datetime) -> None:
        """Stretch the story's span to ``moment``; a story dated for the first time joins
        the queue to go quiet."""
        if story.last is None:
            heapq.heappush(self._quiet_queue, (moment, story.id))
        if story.first is None or moment < story.first:
            story.first = moment
        if story.last is None or moment > story.last:
            story.last = moment

    def _reindex(self, story: ActiveStory) -> None:
        """Prune the centroid to its heaviest terms when it has grown to twice the limit,
        recompute its norm, and list the story under its heaviest terms."""
        limit = self.settings.centroid_terms
        if len(story.centroid) > 2 * limit:
            story.centroid = {
                term: story.centroid[term] for term in heaviest(story.centroid, limit)
            }
        story.norm = math.sqrt(sum(weight * weight for weight in story.centroid.values()))
        wanted = frozenset(heaviest(story.centroid, self.settings.index_terms))
        for term in story.indexed - wanted:
            unlist(self._index, term, story.id)
        for term in wanted - story.indexed:
            self._index.setdefault(term, set()).add(story.id)
        story.indexed = wanted
