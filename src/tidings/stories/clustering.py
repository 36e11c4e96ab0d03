"""Stories as articles arrive: each new article joins the story it reports on, or starts one.

A single pass over the stream, in time order, with state that stays bounded:

1. An article becomes a TF-IDF vector of its title and lead: stemmed words without stop
   words, sublinear term frequency, the title and names (words capitalised mid-sentence)
   weighted up, and inverse document frequencies learnt from the stream so far (hashed
   into a fixed table, so a growing vocabulary never grows the memory).
2. Candidate stories come from an inverted index: each active story is listed under its
   heaviest terms, and the article looks up its own heaviest ones. The work per article
   depends on how many stories share its words, not on how many stories are active.
3. Each candidate is scored by the cosine between the article and the story's centroid,
   plus, when the article carries an embedding, a share of the embedding cosine above
   what unrelated articles reach; the sum shrinks with the time between the article and
   the story's latest article.
4. The best story at or above the threshold gets the article; below it, the article starts
   a new story. A headline without text shares fewer words with anything, so it has a
   lower threshold of its own.
5. When the article also clears the threshold for another story, and the two stories'
   centroids are close, the two were one event all along: the smaller merges into the
   larger, and the merge is reported so that links to the merged story can redirect.
6. A story with no new article for ``quiet_after`` goes quiet: it is no longer active (the
   front page and ordinary joins leave it alone) and moves to an archive that keeps, for
   ``archive_for`` after its latest article, only its heaviest ``archive_terms`` terms (and
   its mean embedding) under an inverted index of its own. A later article reopens it, and
   makes it active again, only with clearly stronger evidence than a join needs:
   ``reopen_threshold``. Real events come back weeks later (a missile test after another,
   an anniversary); a weak echo of one starts a new story instead.

Memory stays bounded: at most ``max_active_stories`` active stories of at most
``2 * centroid_terms`` terms, and at most ``max_archived_stories`` quiet ones of
``archive_terms`` terms each (plus a float16 embedding when the articles carry one).

The same articles in the same order always give the same stories: every choice breaks
ties by story number, and nothing depends on Python's per-process string hashing.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np

from tidings.enrich.embeddings import MODEL
from tidings.enrich.embeddings import STOP_WORDS as EMBEDDING_STOP_WORDS
from tidings.enrich.porter import stem

VERSION = 1

# Words every news story uses besides the function words: days, counting words and the
# verbs of reporting. Kept short; inverse document frequency pushes down the rest.
STOP_WORDS = EMBEDDING_STOP_WORDS | frozenset(
    [
        "new",
        "one",
        "two",
        "year",
        "years",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "told",
        "according",
        "reported",
        "report",
        "reports",
        "reuters",
        "ap",
        "afp",
        "news",
    ]
)
WORD = re.compile(r"[^\W_]+(?:['\u2019]s\b)?", re.UNICODE)
SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[\s\"'\u201c\u2018(\[-]*$")
# A line with more capitalised words than this share is a headline in title case, where
# capitals say nothing about names.
TITLE_CASE_SHARE = 0.5
# Document frequencies live in this many hashed counters (8 MB): a vocabulary that keeps
# growing with every new name and typo cannot grow the memory, and a rare collision only
# makes one rare word look a little more common.
DOCUMENT_FREQUENCY_BUCKETS = 2**21


@dataclass(frozen=True)
class ClusteringSettings:
    """How alike an article and a story must be. The numbers were tuned together on the
    three labelled sets of ``clustering_eval`` and hold for all of them and for every
    embeddings backend (see docs/quality.md)."""

    # Least score to join a story, for an article with text and for a bare headline.
    threshold: float = 0.15
    headline_threshold: float = 0.12
    # An article with fewer words of text than this is judged as a headline.
    headline_words: int = 30
    # Least similarity of two stories' centroids for one article to merge them.
    merge_threshold: float = 0.20
    # The embedding cosine counts this much above ``embedding_floor``, the cosine that
    # unrelated articles reach (MiniLM: 90% of pairs of different events lie below 0.2).
    # Below the floor it counts against the story.
    embedding_weight: float = 0.3
    embedding_floor: float = 0.2
    # Below this embedding cosine an article cannot join the story, whatever words they
    # share: separate events of one conflict share every name ("Russia", "Ukraine",
    # "Kyiv"), and a stream that has seen few of them weighs those names high. Only
    # MiniLM's vectors are fine enough for it (see ``for_embeddings``).
    embedding_gate: float | None = None
    # Scores shrink with the time since the story's latest article: they keep
    # ``recency_floor`` of their value for ever, and the rest fades with this time constant.
    recency_scale: timedelta = timedelta(hours=24)
    recency_floor: float = 0.5
    # No new article for this long and the story goes quiet: it moves to the archive.
    quiet_after: timedelta = timedelta(days=3)
    # A quiet story can be reopened for this long after its latest article, by an article
    # that scores at least these: the same score as a join, recency included, which past
    # ``quiet_after`` is about ``recency_floor`` (0.525) times the similarity, so 0.18 asks
    # for a similarity of 0.34 where a join three days on asks for 0.29. On Giveme5W1H
    # the articles that came back to an event weeks later scored 0.13-0.46 against it, and
    # the best wrong quiet story 0.16; its titles alone put the headline one at 0.16.
    archive_for: timedelta = timedelta(days=90)
    reopen_threshold: float = 0.18
    headline_reopen_threshold: float = 0.16
    # A quiet story keeps this many of its heaviest terms, and is indexed under all of them.
    archive_terms: int = 20
    # Words of the text read after the title: the lead, where news says what happened.
    lead_words: int = 400
    title_weight: float = 2.0
    name_weight: float = 2.0
    # Each article is looked up under this many of its heaviest terms, each story indexed
    # under twice as many of its own, and at most ``candidates`` stories are scored.
    query_terms: int = 12
    candidates: int = 20
    # A story keeps its heaviest terms, at most this many, in its centroid.
    centroid_terms: int = 100
    # A term shared by more active stories than this finds no story by itself: it tells
    # none of them apart, and reading its long list would cost more than it gives.
    common_term_stories: int = 1000
    # Stories kept as candidates at most: the ones updated longest ago go quiet first.
    # This bounds memory when the articles carry no dates (nothing else makes stories
    # quiet then) or when a flood arrives within ``quiet_after``.
    max_active_stories: int = 100_000
    # Quiet stories kept at most: the ones that went quiet first are forgotten first.
    # A quiet story with 20 terms and a 384-dimension embedding holds about 1.4 KB, and
    # its entries in the archive's index about 2 KB more (measured by bench/clustering.py's
    # stream), so the archive stays under about 350 MB.
    max_archived_stories: int = 100_000

    @property
    def index_terms(self) -> int:
        return 2 * self.query_terms

    @classmethod
    def for_embeddings(cls, backend: str | None) -> ClusteringSettings:
        """The settings for articles that carry ``backend``'s vectors (None: no vectors).

        With MiniLM the gate at 0.3 and a join threshold of 0.20 cost nothing on the three
        labelled sets (News NMI rose from 0.948 to 0.955) and keep apart the seed page's
        prisoner exchange and the drone strikes, survey and summit around it. The hashed
        vectors are too coarse for a gate (it cost 2-4 points of B-cubed F1 on every set),
        and without the model the higher threshold cost g5w1h 1.6-2.5 points."""
        if backend == MODEL:
            return cls(threshold=0.20, embedding_gate=0.3)
        return cls()


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


@dataclass(eq=False)
class _Story:
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


@dataclass(frozen=True, slots=True)
class _QuietStory:
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


@lru_cache(maxsize=100_000)
def _stemmed(word: str) -> str:
    return stem(word)


def _bucket(term: str) -> int:
    # CRC-32 rather than hash(): Python salts hash() per process, and the same stream
    # must give the same stories in every process.
    return zlib.crc32(term.encode()) % DOCUMENT_FREQUENCY_BUCKETS


def is_headline_only(article: StoryArticle, settings: ClusteringSettings) -> bool:
    return len(article.text.split(None, settings.headline_words)) < settings.headline_words


def term_frequencies(title: str, text: str, settings: ClusteringSettings) -> dict[str, float]:
    """Stemmed terms of the title and lead with their weights: 1 + log(count), counting a
    title word ``title_weight`` times, times ``name_weight`` for a name. A text that opens
    by repeating the title does not count it twice."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    lead: list[str] = []
    words_left = settings.lead_words
    for line in lines:
        if words_left <= 0:
            break
        words = line.split()
        lead.append(" ".join(words[:words_left]))
        words_left -= len(words)
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for line, weight in [(title, settings.title_weight), *((line, 1.0) for line in lead)]:
        matches = list(WORD.finditer(line))
        capitalised = sum(1 for match in matches if match.group()[0].isupper())
        title_case = capitalised > TITLE_CASE_SHARE * len(matches)
        for match in matches:
            word = match.group()
            lowered = word.lower().replace("\u2019", "'").removesuffix("'s")
            if len(lowered) < 2 or lowered in STOP_WORDS:
                continue
            term = _stemmed(lowered)
            counts[term] += weight
            start = match.start()
            if (
                not title_case
                and word[0].isupper()
                and not SENTENCE_START.search(line, max(0, start - 8), start)
            ):
                names.add(term)
    return {
        term: (1 + math.log(count)) * (settings.name_weight if term in names else 1.0)
        for term, count in counts.items()
    }


def _heaviest(weights: dict[str, float], count: int) -> list[str]:
    return [term for term, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


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
        self.articles_seen = 0
        self._document_frequency = np.zeros(DOCUMENT_FREQUENCY_BUCKETS, dtype=np.int32)
        self._stories: dict[int, _Story] = {}
        self._index: dict[str, set[int]] = {}
        # (latest article time, story) with at most one entry per dated story; an entry
        # that turns out stale when it reaches the top is pushed again with the new time.
        self._quiet_queue: list[tuple[datetime, int]] = []
        # Quiet stories in the order they went quiet (past ``max_archived_stories`` the
        # first to go quiet is forgotten first), their own index, and (latest article
        # time, story) to forget each one ``archive_for`` after its latest article.
        self._archive: OrderedDict[int, _QuietStory] = OrderedDict()
        self._archive_index: dict[str, set[int]] = {}
        self._expiry_queue: list[tuple[datetime, int]] = []
        self._clock: datetime | None = None

    @property
    def active_stories(self) -> int:
        return len(self._stories)

    @property
    def quiet_stories(self) -> int:
        return len(self._archive)

    def is_active(self, story: int) -> bool:
        return story in self._stories

    def is_quiet(self, story: int) -> bool:
        """True while the story is in the archive: quiet, and still able to reopen."""
        return story in self._archive

    # 1. Deciding.

    def add(self, article: StoryArticle) -> Assignment:
        settings = self.settings
        vector = self._learn(article)
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
            other = self._stories.get(other_id) or self._thawed(other_id)
            if other is None:  # merged into another story already
                continue
            if self._story_similarity(best, other) >= settings.merge_threshold:
                best, gone = self._merge(best, self._activate(other_id))
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
        if story in self._stories or story in self._archive:
            found = self._activate(story)
        else:
            found = self._new_story(story)
        self._join(found, vector, article)

    # 2. Reading an article.

    def _learn(self, article: StoryArticle) -> dict[str, float]:
        """Count the article into the document frequencies, move the clock (making stories
        quiet, and forgetting quiet ones) and return its unit TF-IDF vector."""
        frequencies = term_frequencies(article.title, article.text, self.settings)
        self.articles_seen += 1
        buckets = np.fromiter((_bucket(term) for term in frequencies), dtype=np.int64)
        self._document_frequency[np.unique(buckets)] += 1
        if article.published is not None and (
            self._clock is None or article.published > self._clock
        ):
            self._clock = article.published
            self._make_quiet_stories_quiet()
            self._forget_expired_stories()
        documents = self.articles_seen + 1
        weights = {
            term: weight * (math.log(documents / (int(self._document_frequency[bucket]) + 1)) + 1)
            for (term, weight), bucket in zip(frequencies.items(), buckets, strict=True)
        }
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        return {term: weight / norm for term, weight in weights.items()}

    # 3. Finding and scoring candidates.

    def _score_candidates(
        self, vector: dict[str, float], article: StoryArticle
    ) -> list[tuple[float, int]]:
        """Candidate stories, active and quiet, as (score, story number), best first.

        Active candidates are ranked by their partial dot product over the looked-up
        terms; quiet ones, whose weights live in compact arrays, by the article's weight
        on the terms they share. At most ``candidates`` of each are scored in full."""
        settings = self.settings
        query = _heaviest(vector, settings.query_terms)
        active: Counter[int] = Counter()
        quiet: Counter[int] = Counter()
        for term in query:
            weight = vector[term]
            stories = self._index.get(term, ())
            if len(stories) <= settings.common_term_stories:
                for story_id in stories:
                    active[story_id] += weight * self._stories[story_id].centroid.get(term, 0.0)
            stories = self._archive_index.get(term, ())
            if len(stories) <= settings.common_term_stories:
                for story_id in stories:
                    quiet[story_id] += weight
        scored = []
        for story_id in _best(active, settings.candidates):
            story = self._stories[story_id]
            score = _cosine(vector, story.centroid, story.norm)
            score += self._embedding_term(article.embedding, story.embedding, story.embedding_norm)
            recency = self._recency(article.published, story.first, story.last)
            scored.append((score * recency, story_id))
        for story_id in _best(quiet, settings.candidates):
            archived = self._archive[story_id]
            dot = sum(
                vector.get(term, 0.0) * weight
                for term, weight in zip(archived.terms, archived.weights, strict=True)
            )
            score = dot / archived.norm if archived.norm else 0.0
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

    def _story_similarity(self, one: _Story, other: _Story) -> float:
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

    def _new_story(self, story_id: int) -> _Story:
        story = _Story(story_id, {}, 0.0, 0, None, None, 0)
        self._stories[story_id] = story
        self.next_story_id = max(self.next_story_id, story_id + 1)
        return story

    def _join(self, story: _Story, vector: dict[str, float], article: StoryArticle) -> None:
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.articles += 1
        story.sequence = self.articles_seen
        if article.embedding is not None:
            embedding = np.asarray(article.embedding, dtype=np.float32)
            story.embedding = (
                embedding.copy() if story.embedding is None else story.embedding + embedding
            )
            story.embedding_norm = float(np.linalg.norm(story.embedding))
        published = article.published
        if published is not None:
            if story.last is None:
                heapq.heappush(self._quiet_queue, (published, story.id))
            if story.first is None or published < story.first:
                story.first = published
            if story.last is None or published > story.last:
                story.last = published
        self._reindex(story)
        self._cap_active_stories()

    def _merge(self, one: _Story, other: _Story) -> tuple[_Story, _Story]:
        """Fold the smaller story into the larger (the older of two equal ones); return
        (surviving, merged)."""
        keep, gone = sorted((one, other), key=lambda story: (-story.articles, story.id))
        for term, weight in gone.centroid.items():
            keep.centroid[term] = keep.centroid.get(term, 0.0) + weight
        keep.articles += gone.articles
        keep.sequence = max(keep.sequence, gone.sequence)
        if gone.embedding is not None:
            keep.embedding = (
                gone.embedding.copy() if keep.embedding is None else keep.embedding + gone.embedding
            )
            keep.embedding_norm = float(np.linalg.norm(keep.embedding))
        for moment in (gone.first, gone.last):
            if moment is None:
                continue
            if keep.last is None:
                heapq.heappush(self._quiet_queue, (moment, keep.id))
            if keep.first is None or moment < keep.first:
                keep.first = moment
            if keep.last is None or moment > keep.last:
                keep.last = moment
        self._remove(gone)
        self._reindex(keep)
        return keep, gone

    def _reindex(self, story: _Story) -> None:
        """Prune the centroid to its heaviest terms when it has grown to twice the limit,
        recompute its norm, and list the story under its heaviest terms."""
        limit = self.settings.centroid_terms
        if len(story.centroid) > 2 * limit:
            story.centroid = {
                term: story.centroid[term] for term in _heaviest(story.centroid, limit)
            }
        story.norm = math.sqrt(sum(weight * weight for weight in story.centroid.values()))
        wanted = frozenset(_heaviest(story.centroid, self.settings.index_terms))
        for term in story.indexed - wanted:
            _unlist(self._index, term, story.id)
        for term in wanted - story.indexed:
            self._index.setdefault(term, set()).add(story.id)
        story.indexed = wanted

    def _remove(self, story: _Story) -> None:
        for term in story.indexed:
            _unlist(self._index, term, story.id)
        del self._stories[story.id]

    # 5. Going quiet, reopening, forgetting.

    def _make_quiet_stories_quiet(self) -> None:
        assert self._clock is not None
        horizon = self._clock - self.settings.quiet_after
        queue = self._quiet_queue
        while queue and queue[0][0] < horizon:
            moment, story_id = heapq.heappop(queue)
            story = self._stories.get(story_id)
            if story is None or story.last is None:
                continue
            if story.last > moment:
                heapq.heappush(queue, (story.last, story_id))
            else:
                self._make_quiet(story)

    def _cap_active_stories(self) -> None:
        """Past the cap, make the least recently updated stories quiet, down to 90% of the
        cap: one scan of all stories then serves the next tenth of the cap."""
        limit = self.settings.max_active_stories
        if len(self._stories) <= limit:
            return
        excess = len(self._stories) - int(limit * 0.9)
        oldest = heapq.nsmallest(
            excess, self._stories.values(), key=lambda story: (story.sequence, story.id)
        )
        for story in oldest:
            self._make_quiet(story)

    def _make_quiet(self, story: _Story) -> None:
        """Move an active story to the archive, keeping only its heaviest terms."""
        self._remove(story)
        terms = tuple(_heaviest(story.centroid, self.settings.archive_terms))
        weights = array("f", (story.centroid[term] for term in terms))
        embedding = None
        if story.embedding is not None and story.embedding_norm:
            embedding = (story.embedding / story.embedding_norm).astype(np.float16)
        self._archive[story.id] = _QuietStory(
            story.id,
            terms,
            weights,
            math.sqrt(sum(weight * weight for weight in weights)),
            story.articles,
            story.first,
            story.last,
            story.sequence,
            embedding,
            story.embedding_norm,
        )
        for term in terms:
            self._archive_index.setdefault(term, set()).add(story.id)
        if story.last is not None:
            heapq.heappush(self._expiry_queue, (story.last, story.id))
        while len(self._archive) > self.settings.max_archived_stories:
            self._forget(next(iter(self._archive)))

    def _thawed(self, story_id: int) -> _Story | None:
        """A quiet story as an active one would hold it (not made active), or None when
        the archive no longer has it."""
        quiet = self._archive.get(story_id)
        if quiet is None:
            return None
        story = _Story(
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

    def _activate(self, story_id: int) -> _Story:
        """The active story with this number, reopening it first when it is quiet."""
        story = self._stories.get(story_id)
        if story is not None:
            return story
        story = self._thawed(story_id)
        assert story is not None, f"story {story_id} is neither active nor quiet"
        self._forget(story_id)
        self._stories[story_id] = story
        if story.last is not None:
            heapq.heappush(self._quiet_queue, (story.last, story_id))
        self._reindex(story)
        return story

    def _forget(self, story_id: int) -> None:
        quiet = self._archive.pop(story_id)
        for term in quiet.terms:
            _unlist(self._archive_index, term, story_id)

    def _forget_expired_stories(self) -> None:
        """Forget the quiet stories whose latest article is older than ``archive_for``; an
        entry whose story reopened since (or is gone) is dropped."""
        assert self._clock is not None
        horizon = self._clock - self.settings.archive_for
        queue = self._expiry_queue
        while queue and queue[0][0] < horizon:
            moment, story_id = heapq.heappop(queue)
            quiet = self._archive.get(story_id)
            if quiet is not None and quiet.last == moment:
                self._forget(story_id)


def _unlist(index: dict[str, set[int]], term: str, story_id: int) -> None:
    stories = index[term]
    stories.discard(story_id)
    if not stories:
        del index[term]


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
