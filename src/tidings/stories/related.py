"""Related articles and related stories: other recent reports about related events.

The core, ``rank_related``, is pure: it takes the target and its candidates as plain data
(each with its embedding's cosine to the target, its hashtags, story and copy links) and
returns ids with scores. The edge, ``related_articles``, asks the vector index (see
``stories.vectors``) for the nearest articles, reads what ranking needs of them from the
database, and widens the search when too few survive ranking.

Similarity is recomputed from the stored embeddings rather than taken from the index: the
database is the source of truth, and an index entry that is out of date (a vector written
again, an article gone) then costs at most a wasted candidate.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from tidings.articles.models import Article
from tidings.enrich.embeddings import configured_backend, vector_from_bytes
from tidings.enrich.models import ArticleAnalysis, ArticleHashtag
from tidings.stories.headlines import is_generic_headline
from tidings.stories.models import Story
from tidings.stories.related_file import SIMILARITY_FLOOR, TOP
from tidings.stories.vectors import VectorIndexError, vector_index

log = logging.getLogger(__name__)

# Related means published within this long of the article, in either direction; closer
# in time counts more, halving every ``RECENCY_HALF_LIFE``.
WINDOW = timedelta(days=14)
RECENCY_HALF_LIFE = timedelta(days=7)
# Below this cosine two full-text articles share little more than the news of the day.
# Measured on the seed page with both embeddings: its three related cards score 0.22 to
# 0.42 against the main story (MiniLM and hashed alike), while 360 unrelated demo articles
# score a median of 0.01 and at most 0.25 (MiniLM; 0.32 hashed, a market report naming
# Ukraine). Headlines alone lie closer together in meaning: for an article without text
# the floor is ``SIMILARITY_FLOOR`` of the backend, measured on labelled headlines.
MIN_SIMILARITY = 0.2
# Above this cosine a candidate is the same report retold (a copy dedupe did not catch).
COPY_SIMILARITY = 0.95
# Sharing all of the article's hashtags adds this much to a cosine.
HASHTAG_WEIGHT = 0.15
# A candidate from the article's own outlet keeps this share of its score, so other
# outlets come first, yet a source with few neighbours still gets related articles.
SAME_SOURCE_WEIGHT = 0.75
# Nearest neighbours asked of the index at first; when too few survive ranking (a big
# story's own articles crowd the nearest places), four times as many, up to the most.
CANDIDATES = 64
MOST_CANDIDATES = 1024
# A story is placed by the mean vector of its latest articles.
STORY_SAMPLE = 20
STORY_CANDIDATES = 200
# An article with fewer words of text than this (not even a lead sentence) is a bare
# headline, as the labelled headlines the headline floors were measured on are.
HEADLINE_WORDS = 8
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Candidate:
    """What ranking needs of an article."""

    id: int
    source_id: int
    title: str
    published_at: datetime
    similarity: float  # cosine of its embedding to the target's (1.0 for the target)
    hashtags: frozenset[int] = frozenset()
    story_id: int | None = None
    copy_of_id: int | None = None
    canonical_url: str = ""


def rank_related(
    target: Candidate,
    candidates: Iterable[Candidate],
    limit: int = TOP,
    floor: float = MIN_SIMILARITY,
) -> list[tuple[int, float]]:
    """The ids of the candidates most related to ``target``, best first, with their scores.

    1. Drop what is not another event's report: the target itself, its copies and what it
       copies (or a copy of the same original), articles of its story, the same address
       or title, a column's name ("Business in Brief"; none at all for such a target),
       anything published more than ``WINDOW`` away, too far apart in meaning (below
       ``floor``) or too close (above ``COPY_SIMILARITY``).
    2. Score: the cosine, plus ``HASHTAG_WEIGHT`` times the share of the target's hashtags
       the candidate has; halved every ``RECENCY_HALF_LIFE`` between the two; scaled down
       by ``SAME_SOURCE_WEIGHT`` for the target's own outlet.
    3. Best first (ties to the lower id), one article per title.
    """
    if is_generic_headline(target.title):
        return []  # a column's name has no subject to share
    scored = []
    for candidate in candidates:
        if _excluded(target, candidate) or candidate.similarity < floor:
            continue
        shared = len(target.hashtags & candidate.hashtags) / max(1, len(target.hashtags))
        apart = abs(candidate.published_at - target.published_at) / RECENCY_HALF_LIFE
        score = (candidate.similarity + HASHTAG_WEIGHT * shared) * 0.5**apart
        if candidate.source_id == target.source_id:
            score *= SAME_SOURCE_WEIGHT
        scored.append((score, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))

    ranked: list[tuple[int, float]] = []
    titles = set()
    for score, candidate in scored:
        if len(ranked) == limit:
            break
        title = _normal_title(candidate.title)
        if title in titles:
            continue
        titles.add(title)
        ranked.append((candidate.id, round(score, 4)))
    return ranked


def _excluded(target: Candidate, candidate: Candidate) -> bool:
    copies = (
        candidate.copy_of_id == target.id
        or target.copy_of_id == candidate.id
        or (target.copy_of_id is not None and candidate.copy_of_id == target.copy_of_id)
    )
    return (
        candidate.id == target.id
        or copies
        or (target.story_id is not None and candidate.story_id == target.story_id)
        or (bool(target.canonical_url) and candidate.canonical_url == target.canonical_url)
        or _normal_title(candidate.title) == _normal_title(target.title)
        or is_generic_headline(candidate.title)
        or abs(candidate.published_at - target.published_at) > WINDOW
        or candidate.similarity > COPY_SIMILARITY
    )


def _normal_title(title: str) -> str:
    return " ".join(WORD.findall(title.lower()))


def rank_stories(
    target_story_id: int,
    hits: Iterable[tuple[int, float]],
    limit: int = TOP,
    floor: float = MIN_SIMILARITY,
) -> list[int]:
    """Stories by their best article's cosine to the story: ``hits`` are (story id,
    cosine) of articles, any number per story. The target itself and anything below
    ``floor`` are left out; ties go to the lower id."""
    best: dict[int, float] = {}
    for story_id, similarity in hits:
        if story_id != target_story_id and similarity >= floor:
            best[story_id] = max(similarity, best.get(story_id, similarity))
    ordered = sorted(best.items(), key=lambda pair: (-pair[1], pair[0]))
    return [story_id for story_id, _ in ordered[:limit]]


# The database edge.


def related_articles(article: Article, limit: int = TOP) -> list[Article]:
    """Up to ``limit`` articles related to ``article``, best first, with source loaded.

    None before the article has an embedding of the configured backend. Raises
    ``VectorIndexError`` when the index cannot be used.
    """
    backend = configured_backend()
    vector = _stored_vectors([article.pk], backend).get(article.pk)
    if vector is None:
        return []
    target = Candidate(
        id=article.pk,
        source_id=article.source_id,
        title=article.title,
        published_at=article.published_at,
        similarity=1.0,
        hashtags=frozenset(_hashtags([article.pk]).get(article.pk, ())),
        story_id=article.story_id,
        copy_of_id=article.copy_of_id,
        canonical_url=article.canonical_url,
    )
    floor = SIMILARITY_FLOOR[backend] if _is_headline(article.text) else MIN_SIMILARITY
    index = vector_index(backend)
    wanted = CANDIDATES
    while True:
        hits = index.search(vector, wanted + 1)  # the article itself is most likely first
        candidates = _candidates([article_id for article_id, _ in hits], vector, target, backend)
        ranked = rank_related(target, candidates, limit, floor)
        if len(ranked) >= limit or len(hits) <= wanted or wanted >= MOST_CANDIDATES:
            break
        wanted = min(MOST_CANDIDATES, wanted * 4)
    by_id = Article.objects.select_related("source").in_bulk([doc_id for doc_id, _ in ranked])
    return [by_id[doc_id] for doc_id, _ in ranked if doc_id in by_id]


def related_for_page(article: Article, limit: int = TOP) -> list[Article]:
    """``related_articles`` for the article page (see ``_shown_anyway``)."""
    return _shown_anyway(related_articles, article, limit)


def related_stories_for_page(story: Story, limit: int = TOP) -> list[Story]:
    """``related_stories`` for the story page (see ``_shown_anyway``)."""
    return _shown_anyway(related_stories, story, limit)


def _shown_anyway(find, subject: Article | Story, limit: int) -> list:
    """What ``find`` gives for ``subject``; none when the vector index cannot be used, so
    that the page still shows everything else (the log says why)."""
    try:
        return find(subject, limit)
    except VectorIndexError:
        kind = type(subject).__name__.lower()
        log.exception("what is related to %s %s is unavailable", kind, subject.pk)
        return []


def related_stories(story: Story, limit: int = TOP) -> list[Story]:
    """Up to ``limit`` other stories near this one, best first: those whose articles lie
    nearest the mean vector of its latest ``STORY_SAMPLE`` articles, published within
    ``WINDOW`` of its span, at or above the floor (that of headlines when most of those
    articles are headlines). Stories merged into another are left out (their articles have
    moved to the survivor). Raises ``VectorIndexError`` when the index cannot be used."""
    backend = configured_backend()
    latest = dict(
        Article.objects.filter(story=story, analysis__embedding_backend=backend)
        .order_by("-published_at", "-id")
        .values_list("id", "text")[:STORY_SAMPLE]
    )
    vectors = list(_stored_vectors(list(latest), backend).values())
    if not vectors:
        return []
    centre = np.mean(vectors, axis=0)
    norm = float(np.linalg.norm(centre))
    if norm == 0.0:
        return []
    centre = (centre / norm).astype(np.float32)
    hits = vector_index(backend).search(centre, STORY_CANDIDATES)
    rows = Article.objects.filter(
        pk__in=[article_id for article_id, _ in hits],
        story__isnull=False,
        story__merged_into__isnull=True,
    ).exclude(story=story)
    first = story.first_published or story.last_published
    last = story.last_published or story.first_published
    if first is not None and last is not None:
        rows = rows.filter(published_at__range=(first - WINDOW, last + WINDOW))
    story_of = dict(rows.values_list("id", "story_id"))
    stored = _stored_vectors(list(story_of), backend)
    story_hits = [
        (story_of[article_id], float(vector @ centre)) for article_id, vector in stored.items()
    ]
    headlines = sum(_is_headline(text) for text in latest.values()) * 2 > len(latest)
    floor = SIMILARITY_FLOOR[backend] if headlines else MIN_SIMILARITY
    chosen = rank_stories(story.pk, story_hits, limit, floor)
    by_id = Story.objects.in_bulk(chosen)
    return [by_id[story_id] for story_id in chosen if story_id in by_id]


def _is_headline(text: str) -> bool:
    return len(text.split(None, HEADLINE_WORDS)) < HEADLINE_WORDS


def _candidates(
    ids: list[int], vector: np.ndarray, target: Candidate, backend: str
) -> list[Candidate]:
    """The hits still in the database and within the window, as ranking wants them."""
    rows = list(
        Article.objects.filter(
            pk__in=ids,
            published_at__range=(target.published_at - WINDOW, target.published_at + WINDOW),
        )
        .exclude(pk=target.id)
        .values_list(
            "id", "source_id", "title", "published_at", "story_id", "copy_of_id", "canonical_url"
        )
    )
    found = [row[0] for row in rows]
    vectors = _stored_vectors(found, backend)
    hashtags = _hashtags(found)
    return [
        Candidate(
            id=article_id,
            source_id=source_id,
            title=title,
            published_at=published_at,
            similarity=float(vectors[article_id] @ vector),
            hashtags=frozenset(hashtags.get(article_id, ())),
            story_id=story_id,
            copy_of_id=copy_of_id,
            canonical_url=canonical_url,
        )
        for article_id, source_id, title, published_at, story_id, copy_of_id, canonical_url in rows
        if article_id in vectors
    ]


def _stored_vectors(ids: list[int], backend: str) -> dict[int, np.ndarray]:
    """The stored embeddings of these articles made by ``backend``."""
    rows = ArticleAnalysis.objects.filter(
        article_id__in=ids, embedding_backend=backend, embedding__isnull=False
    ).values_list("article_id", "embedding")
    return {article_id: vector_from_bytes(embedding) for article_id, embedding in rows}


def _hashtags(ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    links = ArticleHashtag.objects.filter(article_id__in=ids).values_list(
        "article_id", "hashtag_id"
    )
    for article_id, hashtag_id in links:
        found.setdefault(article_id, set()).add(hashtag_id)
    return found
