"""``GET /search``: articles matching words, best first, on the same search as the page.

The cursor holds the moment of the first page, the last article id it could see and the
(score, id) of the last result given, so every page of one search follows one ranking,
whatever arrives meanwhile.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from tidings.api import cursors
from tidings.api.items import article_item_json
from tidings.api.schemas import MAX_ID, ArticleItem, Problem, UtcDateTime
from tidings.search.query import MAX_CHARACTERS, InvalidQuery
from tidings.search.ranking import after
from tidings.search.service import Filters, hits, search
from tidings.search.snippets import as_html

router = Router(tags=["search"])


class SearchItem(ArticleItem):
    title_html: str = Field(description="The title, HTML-escaped, matched words in <mark>.")
    snippet_html: str = Field(
        description="About 36 words of the text around the matched words, HTML-escaped, "
        "matched words in <mark>, … where the text was cut."
    )
    score: float = Field(description="Relevance lifted by recency; higher first.")
    by_meaning_only: bool = Field(
        description="Found by the embeddings alone: close in meaning, no word in common."
    )


class SearchPage(Schema):
    items: list[SearchItem]
    next: str | None
    by_meaning: bool = Field(
        description="Whether matches by meaning are blended in (needs the ml extra); "
        "false means words only."
    )
    capped: bool = Field(
        description="Whether more articles hold the words than were ranked: the newest "
        "matches are ranked (500 of them), older ones are left out."
    )


def encode_key(as_of: datetime, upto_id: int, score: float, article_id: int) -> str:
    return cursors.encode("search", as_of.isoformat(), upto_id, score, article_id)


def decode_key(cursor: str) -> tuple[datetime, int, float, int]:
    key = cursors.decode("search", cursor)
    try:
        moment_text, upto_id, score, article_id = key
        as_of = datetime.fromisoformat(moment_text).astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise cursors.BadCursor("is damaged") from None
    numbers = (upto_id, article_id)
    if any(not isinstance(n, int) or isinstance(n, bool) for n in numbers) or not isinstance(
        score, int | float
    ):
        raise cursors.BadCursor("is damaged")
    return as_of, upto_id, float(score), article_id


SINCE = Query(None, description="Only articles published at or after this time (UTC if naive).")
UNTIL = Query(None, description="Only articles published before this time (UTC if naive).")


@router.get(
    "/search",
    response={200: SearchPage, 400: Problem},
    summary="Articles matching words, best first",
    description=(
        'Websearch syntax: every word must occur, "quoted words" together, -word not at '
        "all, OR between alternatives. Ranked by relevance (title above text) lifted by "
        "recency; with the ml extra, articles close in meaning are blended in. Words that "
        "cannot be searched for (none, or only excluded ones) answer 400."
    ),
)
def search_articles(
    request: HttpRequest,
    q: str = Query(..., max_length=MAX_CHARACTERS, description="The words to look for."),
    source: int | None = Query(None, ge=1, le=MAX_ID, description="Only this source id."),
    hashtag: str | None = Query(None, max_length=200, description="Only this hashtag's slug."),
    language: str | None = Query(
        None, max_length=20, description="Only this language (ISO 639-1, e.g. en)."
    ),
    since: UtcDateTime | None = SINCE,
    until: UtcDateTime | None = UNTIL,
    stories: bool = Query(False, description="Only articles of stories, the best of each."),
    limit: int = cursors.page_size(20),
    cursor: str | None = cursors.CURSOR,
):
    key = cursors.read(decode_key, cursor)
    filters = Filters(
        source_id=source,
        hashtag=hashtag or "",
        language=(language or "").lower(),
        since=since,
        until=until,
        stories_only=stories,
    )
    try:
        if key is None:
            results = search(q, filters)
        else:
            results = search(q, filters, as_of=key[0], upto_id=key[1])
    except InvalidQuery as error:
        raise HttpError(400, str(error)) from None
    rest = after(results.ranked, key[2:] if key else None)
    page, more = rest[:limit], len(rest) > limit
    found = hits(results, page)
    last = page[-1] if page else None
    return {
        "items": [
            {
                **article_item_json(hit.article),
                "title_html": as_html(hit.title),
                "snippet_html": as_html(hit.snippet),
                "score": hit.score,
                "by_meaning_only": hit.by_meaning_only,
            }
            for hit in found
        ],
        "next": encode_key(results.as_of, results.upto_id, last.score, last.id)
        if more and last
        else None,
        "by_meaning": results.by_meaning,
        "capped": results.capped,
    }
