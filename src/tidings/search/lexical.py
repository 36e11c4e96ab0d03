"""Word matches from the full-text index of the database (see ``schema``).

Ranking every article that holds a common word would read a large share of the index, so
only the newest ``CANDIDATES`` matches (by id, the order articles arrived in) are
ranked: an older match would need to be far more relevant to outrank them after the
recency lift (see ``ranking``), and the filters are applied first, so a narrow search
still reaches back as far as its matches go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import QuerySet

from tidings.articles.models import Article
from tidings.search.query import Query, fts5_match, websearch
from tidings.search.schema import FTS_TABLE, PG_CONFIG, PG_TABLE

CANDIDATES = 500
# PostgreSQL finds the newest matches by reading every match's row: a word in 2% of a
# million articles is 20,000 reads. So it looks among the newest ids first, then among
# more, until it has its candidates; a rare word reaches the whole table in a few cheap
# steps (each of these windows is up to the last id searched, and None is all).
PG_WINDOWS = (25_000, 100_000, 400_000, None)
# bm25 weights of the title and the body: a word in the headline says far more.
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


@dataclass(frozen=True)
class WordMatch:
    id: int
    relevance: float  # higher is better
    published_at: datetime
    story_id: int | None


def word_matches(
    query: Query, upto_id: int, among: QuerySet[Article] | None = None
) -> list[WordMatch]:
    """The newest ``CANDIDATES`` matches of ``query`` up to article ``upto_id``, among
    ``among`` when given (the filtered articles), with what ranking needs of each.

    Without filters the index is read alone: joining every article would cost more than
    the search."""
    join, join_params = "", []
    if among is not None:
        sql, join_params = among.order_by().values("id").query.sql_with_params()
        join = f"JOIN ({sql}) a ON a.id = "
    if connection.vendor == "sqlite":
        sql = f"""
            SELECT f.rowid AS id, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS relevance
            FROM {FTS_TABLE} f {join + "f.rowid" if join else ""}
            WHERE {FTS_TABLE} MATCH %s AND f.rowid <= %s
            ORDER BY f.rowid DESC LIMIT %s"""
        expression = fts5_match(query)
    else:
        return _pg_word_matches(query, upto_id, join, join_params)
    return _with_dates(sql, [*join_params, expression, upto_id, CANDIDATES])


def _pg_word_matches(query: Query, upto_id: int, join: str, join_params: list) -> list[WordMatch]:
    # The rank is computed for the rows kept only: it reads each one's whole vector.
    sql = f"""
        SELECT newest.article_id AS id, ts_rank(newest.document, newest.query) AS relevance
        FROM (
            SELECT d.article_id, d.document, q AS query
            FROM {PG_TABLE} d {join + "d.article_id" if join else ""},
                websearch_to_tsquery('{PG_CONFIG}', %s) q
            WHERE d.document @@ q AND d.article_id <= %s AND d.article_id > %s
            ORDER BY d.article_id DESC LIMIT %s
        ) newest"""
    for window in PG_WINDOWS:
        after = max(0, upto_id - window) if window else 0
        matches = _with_dates(sql, [*join_params, websearch(query), upto_id, after, CANDIDATES])
        if len(matches) >= CANDIDATES or after == 0:
            break
    return matches


def _with_dates(sql: str, params: list) -> list[WordMatch]:
    sql = f"""
        SELECT m.id, m.relevance, a.published_at, a.story_id
        FROM ({sql}) m JOIN articles_article a ON a.id = m.id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            WordMatch(article_id, float(relevance), as_datetime(published_at), story_id)
            for article_id, relevance, published_at, story_id in cursor.fetchall()
        ]


def as_datetime(value: datetime | str) -> datetime:
    """A time from a raw query: PostgreSQL's driver gives datetimes, SQLite gives text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
