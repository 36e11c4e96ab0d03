"""Stories as articles arrive: each new article joins the story it reports on, or starts one.

A single pass over the stream, in time order, with state that stays bounded:

1. An article becomes a TF-IDF vector of its title and lead: stemmed words without stop
   words, sublinear term frequency, the title and names (words capitalised mid-sentence)
   weighted up, and inverse document frequencies learnt from the stream so far (hashed
   into a fixed table, so a growing vocabulary never grows the memory): ``terms.py``.
2. Candidate stories come from an inverted index: each active story is listed under its
   heaviest terms, and the article looks up its own heaviest ones. The work per article
   depends on how many stories share its words, not on how many stories are active
   (``active_stories.py``).
3. Each candidate is scored by the cosine between the article and the story's centroid,
   plus, when the article carries an embedding, a share of the embedding cosine above
   what unrelated articles reach; the sum shrinks with the time between the article and
   the story's latest article.
4. The best story at or above the threshold gets the article; below it, the article starts
   a new story. A headline without text shares fewer words with anything, so it has a
   lower threshold of its own. A generic column or section headline ("Business in
   Brief") always gets a story of its own that nothing joins (``headlines.py``).
5. When the article also clears the threshold for another story, and the two stories'
   centroids are close, the two were one event all along: the smaller merges into the
   larger, and the merge is reported so that links to the merged story can redirect.
6. A story with no new article for ``quiet_after`` goes quiet: it is no longer active (the
   front page and ordinary joins leave it alone) and moves to an archive that keeps, for
   ``archive_for`` after its latest article, only its heaviest ``archive_terms`` terms (and
   its mean embedding) under an inverted index of its own (``quiet_stories.py``). A later
   article reopens it, and makes it active again, only with clearly stronger evidence
   than a join needs: ``reopen_threshold``. Real events come back weeks later (a missile
   test after another, an anniversary); a weak echo of one starts a new story instead.

Memory stays bounded: at most ``max_active_stories`` active stories of at most
``2 * centroid_terms`` terms, and at most ``max_archived_stories`` quiet ones of
``archive_terms`` terms each (plus a float16 embedding when the articles carry one).

The same articles in the same order always give the same stories: every choice breaks
ties by story number, and nothing depends on Python's per-process string hashing.

This module decides (scores, thresholds, merges, the clock); the numbers it decides by are
``ClusteringSettings`` (``clustering_settings.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from tidings.stories.active_stories import ActiveStories, ActiveStory
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.headlines import is_generic_headline
from tidings.stories.quiet_stories import QuietStories
from tidings.stories.terms import StreamFrequencies, heaviest, term_frequencies

VERSION = 1


@dataclass(frozen=True)
class StoryArticle:
    """What the clusterer reads of an article. ``published`` should be time-zone aware;
    without it the article is neither favoured by recency nor ages any story.
    ``embedding``, when given, is a unit vector; use vectors of one backend only."""

    title: str
    text: str = ""
    published: datetime | None = None
    embedding: np.ndarray | None = None


@dataclass(frozen=True)
class Merge:
    surviving: int
    merged: int


@dataclass(frozen=True)
class Assignment:
    story: int  # the story the article now belongs to (the survivor, after merges)
    new: bool  # True when the article started the story
    score: float  # its score against that story when it joined one; 0 for a new story
    merged: tuple[Merge, ...] = ()  # stories this article showed to be one, in order
    reopened: bool = False  # True when the article made a quiet story active again


def is_headline_only(article: StoryArticle, settings: ClusteringSettings) -> bool:
    return len(article.text.split(None, settings.headline_words)) < settings.headline_words


class StoryClusterer:
    """Stories of a stream of articles, one article at a time (see the module docstring).

    ``add`` decides an article's story; ``restore`` replays an article whose story was
    decided before (rebuilding the state from stored articles after a restart: replay the
    articles of the last ``archive_for`` in time order, and stories go quiet and leave the
    archive on their own while the inverse document frequencies learn from all of them).
    New stories are numbered from ``next_story_id`` on, and never reuse a number ``restore``
    saw.
    """

    def __init__(
        self, settings: ClusteringSettings | None = None, *, next_story_id: int = 1
    ) -> None:
        self.settings = settings or ClusteringSettings()
        self.next_story_id = next_story_id
        self._frequencies = StreamFrequencies()
        self._active = ActiveStories(self.settings)
        self._archive = QuietStories(self.settings)
        self._clock: datetime | None = None

    @property
    def articles_seen(self) -> int:
        return self._frequencies.documents

    @property
    def active_stories(self) -> int:
        return len(self._active)

    @property
    def quiet_stories(self) -> int:
        return len(self._archive)

    def is_active(self, story: int) -> bool:
        return story in self._active

    def is_quiet(self, story: int) -> bool:
        """True while the story is in the archive: quiet, and still able to reopen."""
        return story in self._archive

    # 1. Deciding.

    def add(self, article: StoryArticle) -> Assignment:
        settings = self.settings
        vector = self._learn(article)
        if is_generic_headline(article.title):
            # A column's name, not an event: a story of its own that nothing joins.
            story_id = self.next_story_id
            self.next_story_id += 1
            return Assignment(story_id, new=True, score=0.0)
        headline = is_headline_only(article, settings)
        join_at = settings.headline_threshold if headline else settings.threshold
        reopen_at = settings.headline_reopen_threshold if headline else settings.reopen_threshold
        chosen = [
            (score, story_id)
            for score, story_id in self._score_candidates(vector, article)
            if score >= (reopen_at if story_id in self._archive else join_at)
        ]
        if not chosen:
            story = self._new_story(self.next_story_id)
            self._join(story, vector, article)
            return Assignment(story.id, new=True, score=0.0)
        best_score, best_id = chosen[0]
        reopened = best_id in self._archive
        best = self._activate(best_id)
        self._join(best, vector, article)
        merges: list[Merge] = []
        for _, other_id in chosen[1:]:
            other = self._active.get(other_id) or self._thawed(other_id)
            if other is None:  # merged into another story already
                continue
            if self._story_similarity(best, other) >= settings.merge_threshold:
                best, gone = self._active.merge(best, self._activate(other_id))
                merges.append(Merge(best.id, gone.id))
        return Assignment(
            best.id,
            new=False,
            score=round(best_score, 4),
            merged=tuple(merges),
            reopened=reopened,
        )

    def restore(self, article: StoryArticle, story: int) -> None:
        """Put an article back into the story it was given before, without deciding."""
        vector = self._learn(article)
        if is_generic_headline(article.title):
            self.next_story_id = max(self.next_story_id, story + 1)
            return
        if story in self._active or story in self._archive:
            found = self._activate(story)
        else:
            found = self._new_story(story)
        self._join(found, vector, article)

    # 2. Reading an article.

    def _learn(self, article: StoryArticle) -> dict[str, float]:
        """Count the article into the document frequencies, move the clock (making stories
        quiet, and forgetting quiet ones) and return its unit TF-IDF vector."""
        vector = self._frequencies.tf_idf(
            term_frequencies(article.title, article.text, self.settings)
        )
        if article.published is not None and (
            self._clock is None or article.published > self._clock
        ):
            self._clock = article.published
            self._make_quiet_stories_quiet()
            self._archive.forget_expired(self._clock)
        return vector

    # 3. Finding and scoring candidates.

    def _score_candidates(
        self, vector: dict[str, float], article: StoryArticle
    ) -> list[tuple[float, int]]:
        """Candidate stories, active and quiet, as (score, story number), best first.

        Active candidates are ranked by their partial dot product over the looked-up
        terms; quiet ones, whose weights live in compact arrays, by the article's weight
        on the terms they share. At most ``candidates`` of each are scored in full."""
        settings = self.settings
        query = heaviest(vector, settings.query_terms)
        scored = []
        for story_id in _best(self._active.overlap(vector, query), settings.candidates):
            story = self._active.get(story_id)
            score = _cosine(vector, story.centroid, story.norm)
            score += self._embedding_term(article.embedding, story.embedding, story.embedding_norm)
            recency = self._recency(article.published, story.first, story.last)
            scored.append((score * recency, story_id))
        for story_id in _best(self._archive.overlap(vector, query), settings.candidates):
            archived = self._archive.get(story_id)
            score = archived.cosine(vector)
            score += self._embedding_term(article.embedding, archived.embedding, 1.0)
            recency = self._recency(article.published, archived.first, archived.last)
            scored.append((score * recency, story_id))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return scored

    def _embedding_term(
        self, vector: np.ndarray | None, centroid: np.ndarray | None, centroid_norm: float
    ) -> float:
        if vector is None or centroid is None or not centroid_norm:
            return 0.0
        cosine = float(vector @ centroid) / centroid_norm
        gate = self.settings.embedding_gate
        if gate is not None and cosine < gate:
            return -math.inf  # no join, whatever the words say
        return self.settings.embedding_weight * (cosine - self.settings.embedding_floor)

    def _recency(
        self, published: datetime | None, first: datetime | None, last: datetime | None
    ) -> float:
        """1 for an article published within the story's span (``first`` to ``last``),
        fading towards ``recency_floor`` as it lies further from it."""
        if published is None or first is None or last is None:
            return 1.0
        if published > last:
            gap = published - last
        elif published < first:
            gap = first - published
        else:
            return 1.0
        floor = self.settings.recency_floor
        return floor + (1 - floor) * math.exp(-gap / self.settings.recency_scale)

    def _story_similarity(self, one: ActiveStory, other: ActiveStory) -> float:
        """Cosine of two centroids, plus the embedding term of the two stories' mean
        embeddings (the same formula as an article against a story)."""
        small, large = sorted((one, other), key=lambda story: len(story.centroid))
        dot = sum(weight * large.centroid.get(term, 0.0) for term, weight in small.centroid.items())
        similarity = dot / (one.norm * other.norm) if one.norm and other.norm else 0.0
        if one.embedding is not None and one.embedding_norm:
            similarity += self._embedding_term(
                one.embedding / one.embedding_norm, other.embedding, other.embedding_norm
            )
        return similarity

    # 4. Changing stories.

    def _new_story(self, story_id: int) -> ActiveStory:
        self.next_story_id = max(self.next_story_id, story_id + 1)
        return self._active.new(story_id)

    def _join(self, story: ActiveStory, vector: dict[str, float], article: StoryArticle) -> None:
        self._active.join(story, vector, article.embedding, article.published, self.articles_seen)
        self._cap_active_stories()

    # 5. Going quiet, reopening, forgetting.

    def _make_quiet_stories_quiet(self) -> None:
        assert self._clock is not None
        for story in self._active.gone_quiet(self._clock - self.settings.quiet_after):
            self._make_quiet(story)

    def _cap_active_stories(self) -> None:
        """Past the cap, make the least recently updated stories quiet, down to 90% of the
        cap: one scan of all stories then serves the next tenth of the cap."""
        limit = self.settings.max_active_stories
        if len(self._active) <= limit:
            return
        for story in self._active.least_recent(len(self._active) - int(limit * 0.9)):
            self._make_quiet(story)

    def _make_quiet(self, story: ActiveStory) -> None:
        """Move an active story to the archive, keeping only its heaviest terms."""
        self._active.remove(story)
        self._archive.keep(story.quiet(self.settings.archive_terms))

    def _thawed(self, story_id: int) -> ActiveStory | None:
        """A quiet story as an active one would hold it (not made active), or None when
        the archive no longer has it."""
        quiet = self._archive.get(story_id)
        return None if quiet is None else ActiveStory.reopened(quiet)

    def _activate(self, story_id: int) -> ActiveStory:
        """The active story with this number, reopening it first when it is quiet."""
        story = self._active.get(story_id)
        if story is not None:
            return story
        story = self._thawed(story_id)
        assert story is not None, f"story {story_id} is neither active nor quiet"
        self._archive.forget(story_id)
        self._active.add(story)
        return story


def _best(overlap: Counter[int], count: int) -> list[int]:
    """The ``count`` stories with the largest overlap, ties to the lower number."""
    return [story for story, _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


def _cosine(vector: dict[str, float], centroid: dict[str, float], norm: float) -> float:
    if not norm:
        return 0.0
    return sum(weight * centroid.get(term, 0.0) for term, weight in vector.items()) / norm


def cluster_stream(
    articles: Iterable[StoryArticle], settings: ClusteringSettings | None = None
) -> list[int]:
    """The story of each article of a stream taken in the order given, as labels: after a
    merge, every article of the merged story carries the surviving story's number."""
    clusterer = StoryClusterer(settings)
    stories = [clusterer.add(article) for article in articles]
    surviving: dict[int, int] = {}
    for assignment in stories:
        for merge in assignment.merged:
            surviving[merge.merged] = merge.surviving
    return [_follow(surviving, assignment.story) for assignment in stories]


def _follow(surviving: dict[int, int], story: int) -> int:
    while story in surviving:
        story = surviving[story]
    return story


def time_order(published: Sequence[datetime | None]) -> list[int]:
    """Positions in the order to cluster them: by publication time, then position; an
    article without a date keeps its place after the one before it (at the start when
    no article before it has a date)."""
    effective: list[datetime | None] = []
    previous: datetime | None = None
    for moment in published:
        previous = moment or previous
        effective.append(previous)
    dated = [moment for moment in effective if moment is not None]
    earliest = min(dated) if dated else None
    return sorted(
        range(len(published)),
        key=lambda position: (effective[position] or earliest or 0, position),
    )
