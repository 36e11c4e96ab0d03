"""One search, as the page and the API ask for it: the words parsed, the filters applied,
word matches and matches by meaning ranked together, and each result's snippet.

A search is taken as of one moment and over the articles up to one id, so that the pages
of one search (the API's cursors carry both) follow a single ranking, whatever arrives
meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from tidings.articles.models import Article
from tidings.search import lexical, semantic
from tidings.search.query import Query, parse
from tidings.search.ranking import Candidate, Ranked, rank
from tidings.search.snippets import Segment, highlight, keys_of, snippet
from tidings.web.queries import latest_articles


@dataclass(frozen=True)
class Filters:
    source_id: int | None = None
    hashtag: str = ""  # a hashtag's slug
    language: str = ""  # ISO 639-1, as the language stage detects it
    since: datetime | None = None  # published at or after
    until: datetime | None = None  # published before
    stories_only: bool = False  # articles of stories only, the best one of each


@dataclass
class Results:
    query: Query
    ranked: list[Ranked]  # every result, best first
    by_meaning: bool  # whether matches by meaning were blended in
    # Whether more articles hold the words than were ranked (the newest CANDIDATES were).
    capped: bool
    as_of: datetime
    upto_id: int


@dataclass
class Hit:
    article: Article
    title: list[Segment]
    snippet: list[Segment]
    by_meaning_only: bool
    score: float = field(default=0.0)


def search(
    text: str,
    filters: Filters | None = None,
    *,
    as_of: datetime | None = None,
    upto_id: int | None = None,
) -> Results:
    """Every result of ``text`` under ``filters``, ranked; raises ``InvalidQuery``."""
    query = parse(text)
    filters = filters or Filters()
    as_of = as_of or timezone.now()
    if upto_id is None:
        upto_id = Article.objects.aggregate(last=Max("id"))["last"] or 0
    articles = filtered(filters).filter(id__lte=upto_id)
    words = lexical.word_matches(
        query, upto_id, None if filters == Filters() else filtered(filters)
    )
    by_meaning = semantic.available()
    cosines = (
        semantic.meaning_matches(" ".join(sorted(query.highlighted_words)), articles)
        if by_meaning
        else {}
    )
    candidates = [
        Candidate(
            id=match.id,
            published_at=match.published_at,
            story_id=match.story_id,
            lexical=match.relevance,
            cosine=cosines.pop(match.id, None),
        )
        for match in words
    ]
    # What only the embeddings found.
    rows = Article.objects.filter(id__in=list(cosines)).values_list(
        "id", "published_at", "story_id"
    )
    candidates += [
        Candidate(
            id=article_id, published_at=published_at, story_id=story_id, cosine=cosines[article_id]
        )
        for article_id, published_at, story_id in rows
    ]
    ranked = rank(candidates, as_of, one_per_story=filters.stories_only)
    capped = len(words) >= lexical.CANDIDATES
    return Results(query, ranked, by_meaning, capped, as_of, upto_id)


def filtered(filters: Filters) -> QuerySet[Article]:
    """The articles the filters let through."""
    rows = Article.objects.all()
    if filters.source_id is not None:
        rows = rows.filter(source_id=filters.source_id)
    if filters.hashtag:
        rows = rows.filter(article_hashtags__hashtag__slug=filters.hashtag)
    if filters.language:
        # The detected language; the feed's declared one until the language stage ran.
        declared = Q(language__iexact=filters.language) | Q(
            language__istartswith=f"{filters.language}-"
        )
        rows = rows.filter(
            Q(analysis__language=filters.language) | (Q(analysis__isnull=True) & declared)
        )
    if filters.since is not None:
        rows = rows.filter(published_at__gte=filters.since)
    if filters.until is not None:
        rows = rows.filter(published_at__lt=filters.until)
    if filters.stories_only:
        rows = rows.filter(story__isnull=False)
    return rows


def hits(results: Results, page: list[Ranked]) -> list[Hit]:
    """The articles of one page of results, in order, each with its title and snippet
    highlighted."""
    keys = keys_of(results.query.highlighted_words)
    articles = latest_articles().select_related("story").in_bulk([result.id for result in page])
    found = []
    for result in page:
        article = articles.get(result.id)
        if article is None:  # deleted since the search
            continue
        found.append(
            Hit(
                article=article,
                title=highlight(article.title, keys),
                snippet=snippet(article.text or article.summary, keys),
                by_meaning_only=result.by_meaning_only,
                score=result.score,
            )
        )
    return found
