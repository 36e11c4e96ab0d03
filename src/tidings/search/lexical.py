"""Word matches from the full-text index of the database (see ``schema``).

Ranking every article that holds a common word would read a large share of the index, so
only the newest ``CANDIDATES`` matches (by id, the order articles arrived in) are
ranked: an older match would need to be far more relevant to outrank them after the
recency lift (see ``ranking``), and the filters are applied first, so a narrow search
still reaches back as far as its matches go.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from tidings.articles.models import Article
from tidings.search.query import Query, fts5_match, websearch
from tidings.search.schema import FTS_TABLE, PG_CONFIG, PG_TABLE

CANDIDATES = 1000
# bm25 weights of the title and the body: a word in the headline says far more.
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


def word_matches(query: Query, articles: QuerySet[Article]) -> dict[int, float]:
    """The newest ``CANDIDATES`` of ``articles`` that match ``query``: id → relevance
    (higher is better)."""
    among, among_params = articles.order_by().values("id").query.sql_with_params()
    if connection.vendor == "sqlite":
        sql = f"""
            SELECT f.rowid, -bm25({FTS_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})
            FROM {FTS_TABLE} f JOIN ({among}) a ON a.id = f.rowid
            WHERE {FTS_TABLE} MATCH %s
            ORDER BY f.rowid DESC LIMIT %s"""
        expression = fts5_match(query)
    else:
        # The rank is computed for the rows kept only: it reads each one's whole vector.
        sql = f"""
            SELECT newest.article_id, ts_rank(newest.document, newest.query) FROM (
                SELECT d.article_id, d.document, q AS query
                FROM {PG_TABLE} d JOIN ({among}) a ON a.id = d.article_id,
                    websearch_to_tsquery('{PG_CONFIG}', %s) q
                WHERE d.document @@ q
                ORDER BY d.article_id DESC LIMIT %s
            ) newest"""
        expression = websearch(query)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*among_params, expression, CANDIDATES])
        return {article_id: float(relevance) for article_id, relevance in cursor.fetchall()}
