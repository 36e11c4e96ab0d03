"""JSON API, version 1: sources, articles and their related articles, read-only, on the same
queries as the pages; stories (``stories.py``);
and comments (``comments.py``), which accounts can also post.

Lists answer ``{"items": [...], "next": cursor or null}``; pass ``next`` back as
``?cursor=`` for the following page.
"""

from __future__ import annotations

import logging
from functools import partial

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from tidings.api import cursors
from tidings.api.ai import router as ai_router
from tidings.api.comments import bearer_token
from tidings.api.comments import router as comments_router
from tidings.api.docs import PlainDocs
from tidings.api.items import article_item_json, article_json
from tidings.api.schemas import (
    MAX_ID,
    ArticleOut,
    ArticlePage,
    Problem,
    RelatedArticles,
    SourcePage,
    UtcDateTime,
    ValidationProblem,
    not_found,
)
from tidings.api.search import router as search_router
from tidings.api.stories import router as stories_router
from tidings.articles.models import Article
from tidings.sources.models import Source
from tidings.stories.related import related_articles
from tidings.stories.vectors import VectorIndexError
from tidings.text import valid_json
from tidings.web import queries

log = logging.getLogger(__name__)

RELATED_LIMIT = 6
MAX_RELATED = 20

# What anyone but staff reads instead of a failed fetch's details, which can name the
# addresses a feed's host resolved to inside the network tidings runs in.
FETCH_FAILED = "The last fetch failed; the error code says how."
NO_SUCH_PATH = "No operation of this API has this address; /api/v1/docs lists them."
VALIDATION_HELP = (
    "The query or body does not fit this operation's documented parameters: each issue "
    "names where (loc) and what is wrong (msg)."
)


class ValidJson(Parser):
    """JSON bodies with every string made valid Unicode (``tidings.text``) before the
    schemas see them: a lone surrogate from a "\\ud800" escape would otherwise fail in
    Markdown rendering or the database."""

    def parse_body(self, request: HttpRequest):
        return valid_json(super().parse_body(request))


class TidingsAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        document_validation_errors(schema)
        return schema


def document_validation_errors(schema: dict) -> None:
    """Add the 422 that ninja answers on its own to every operation that takes a query or a
    body. (A path parameter of the wrong type names nothing: that is a 404, ``invalid``.)"""
    answer = {
        "description": VALIDATION_HELP,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/ValidationProblem"}}
        },
    }
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    definition = ValidationProblem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(definition.pop("$defs", {}))
    components["ValidationProblem"] = definition
    for methods in schema["paths"].values():
        for operation in methods.values():
            if takes_input(operation):
                operation["responses"].setdefault(422, answer)


def takes_input(operation: dict) -> bool:
    in_query = any(each["in"] != "path" for each in operation.get("parameters", []))
    return in_query or "requestBody" in operation


api = TidingsAPI(
    title="tidings",
    version="1",
    description=(
        "The sources tidings follows, the articles it gathered, the stories they form and "
        "the articles related to each, read-only; and readers' comments, which accounts can "
        "post with a personal API token. "
        'Lists answer {"items": [...], "next": cursor or null}; pass next back as ?cursor= '
        "for the following page."
    ),
    # Ninja's own docs page loads Swagger UI from a CDN unless "ninja" is an installed
    # app; ours is plain HTML built from the same OpenAPI document.
    docs=PlainDocs(),
    parser=ValidJson(),
)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """422 with each issue (``ValidationProblem``); but a path that does not fit its
    parameters (``/articles/abc``) names nothing, as an unknown path: 404 (``Problem``)."""
    if error.errors and all(issue["loc"][0] == "path" for issue in error.errors):
        return api.create_response(request, {"detail": NO_SUCH_PATH}, status=404)
    return api.create_response(request, {"detail": error.errors}, status=422)


def unknown_path(request: HttpRequest, rest: str) -> JsonResponse:
    """The 404 of an address under /api/v1/ that no operation has, in JSON as the others."""
    return JsonResponse({"detail": NO_SUCH_PATH}, status=404)


api.add_router("", comments_router)
api.add_router("", stories_router)
api.add_router("", ai_router)
api.add_router("", search_router)

SINCE = Query(
    None, description="Only articles published at or after this ISO 8601 time (UTC if naive)."
)
SOURCE = Query(None, ge=1, le=MAX_ID, description="Only articles of this source id.")


@api.get(
    "/sources",
    response={200: SourcePage, 400: Problem},
    summary="Sources, in the order they were added",
)
def list_sources(
    request: HttpRequest,
    limit: int = cursors.page_size(),
    cursor: str | None = cursors.CURSOR,
):
    after_id = cursors.read(cursors.decode_source_key, cursor)
    # One extra row tells whether another page follows without a COUNT.
    rows = queries.sources_after(limit=limit + 1, after_id=after_id)
    page, more = rows[:limit], len(rows) > limit
    staff = (bearer_token(request) or request.user).is_staff
    return {
        "items": [source_json(source, staff=staff) for source in page],
        "next": cursors.encode_source_key(page[-1].id) if more else None,
    }


@api.get(
    "/articles",
    response={200: ArticlePage, 400: Problem},
    summary="Articles, newest first",
)
def list_articles(
    request: HttpRequest,
    limit: int = cursors.page_size(),
    cursor: str | None = cursors.CURSOR,
    source: int | None = SOURCE,
    since: UtcDateTime | None = SINCE,
):
    after = cursors.read(partial(cursors.decode_time_key, "articles"), cursor)
    rows = queries.articles_after(limit=limit + 1, after=after, source_id=source, since=since)
    page, more = rows[:limit], len(rows) > limit
    last = page[-1] if page else None
    return {
        "items": [article_item_json(article) for article in page],
        "next": cursors.encode_time_key("articles", last.published_at, last.id) if more else None,
    }


@api.get(
    "/articles/{article_id}",
    response={200: ArticleOut, 404: Problem},
    summary="One article with its text, image and hashtags",
)
def get_article(request: HttpRequest, article_id: int):
    try:
        article = queries.article_with_source(article_id)
    except Article.DoesNotExist:
        raise not_found("article", article_id) from None
    return article_json(article, queries.article_hashtags(article))


@api.get(
    "/articles/{article_id}/related",
    response={200: RelatedArticles, 404: Problem, 503: Problem},
    summary="Other recent articles about related events, best first",
)
def get_related_articles(
    request: HttpRequest,
    article_id: int,
    limit: int = Query(
        RELATED_LIMIT, ge=1, le=MAX_RELATED, description=f"At most this many, 1 to {MAX_RELATED}."
    ),
):
    try:
        article = queries.article_with_source(article_id)
    except Article.DoesNotExist:
        raise not_found("article", article_id) from None
    try:
        related = related_articles(article, limit)
    except VectorIndexError:
        log.exception("related articles of article %s are unavailable", article_id)
        raise HttpError(503, "Related articles are unavailable for now; try again later.") from None
    return {"items": [article_item_json(other) for other in related]}


def source_json(source: Source, *, staff: bool) -> dict:
    """A source; the words of its last error only for ``staff`` (others get the code)."""
    last_fetch = None
    if source.last_fetched_at is not None:
        error = source.last_error if staff or not source.last_error else FETCH_FAILED
        last_fetch = {
            "status": source.last_status,
            "at": source.last_fetched_at,
            "error_code": source.last_error_code,
            "error": error,
        }
    return {
        "id": source.id,
        "name": source.display_name,
        "url": source.url,
        "site_url": source.site_url,
        "active": source.active,
        "last_fetch": last_fetch,
    }
