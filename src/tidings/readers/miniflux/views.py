"""Miniflux's reading endpoints: who am I, categories, feeds, entries and their status."""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tidings.articles.models import Article
from tidings.comments.ratelimit import limit
from tidings.readers import services
from tidings.readers.app_passwords import sign_in_quickly
from tidings.readers.bodies import body_html
from tidings.sources.models import Source

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class BadRequest(ValueError):
    pass


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error_message": message}, status=status)


def basic_credentials(request: HttpRequest) -> tuple[str, str]:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        username, _, password = base64.b64decode(encoded.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    return username, password


def api_view(methods: set[str]) -> Callable:
    """Sign the request in (``request.reader``) and take only ``methods``."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            app_password = sign_in_quickly(*basic_credentials(request))
            if app_password is None:
                if seconds := limit(request, "login"):
                    response = error(f"Too many failed sign-ins: wait {seconds} seconds.", 429)
                    response["Retry-After"] = str(seconds)
                    return response
                response = error(
                    "Access Unauthorized: use your user name and an app password.", 401
                )
                response["WWW-Authenticate"] = 'Basic realm="tidings"'
                return response
            if request.method not in methods:
                return error(f"Use {' or '.join(sorted(methods))}.", 405)
            request.reader = app_password.reader
            try:
                return view(request, *args, **kwargs)
            except BadRequest as problem:
                return error(str(problem), 400)

        return wrapper

    return decorate


@csrf_exempt
def unknown_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
    return error(
        f"This site serves no /api/miniflux/{rest}: only Miniflux's reading endpoints.", 404
    )


def category(reader: User) -> dict:
    return {
        "id": services.FOLLOWED_FOLDER_ID,
        "title": services.FOLLOWED_FOLDER_TITLE,
        "user_id": reader.id,
    }


def stamp(moment) -> str | None:
    return moment.replace(microsecond=0).isoformat() if moment else None


def feed(source: Source, reader: User) -> dict:
    return {
        "id": source.id,
        "user_id": reader.id,
        "feed_url": source.url,
        "site_url": source.site_url,
        "title": source.display_name,
        "checked_at": stamp(source.last_fetched_at),
        "parsing_error_count": source.error_count,
        "parsing_error_message": source.last_error_code,
        "category": category(reader),
        "icon": None,
    }


@api_view({"GET"})
def me(request: HttpRequest) -> HttpResponse:
    reader = request.reader
    return JsonResponse(
        {
            "id": reader.id,
            "username": reader.get_username(),
            "is_admin": reader.is_staff,
            "last_login_at": stamp(reader.last_login),
        }
    )


@api_view({"GET"})
def categories(request: HttpRequest) -> HttpResponse:
    return JsonResponse([category(request.reader)], safe=False)


@api_view({"GET"})
def feeds(request: HttpRequest) -> HttpResponse:
    sources = services.followed_sources(request.reader).order_by("name", "id")
    return JsonResponse([feed(source, request.reader) for source in sources], safe=False)


@api_view({"GET"})
def counters(request: HttpRequest) -> HttpResponse:
    reader = request.reader
    reads = (
        services.read_articles(reader)
        .filter(source__in=services.followed_sources(reader))
        .values("source_id")
        .annotate(count=Count("id"))
    )
    return JsonResponse(
        {
            "reads": {str(row["source_id"]): row["count"] for row in reads},
            "unreads": {str(key): count for key, count in services.unread_counts(reader).items()},
        }
    )


def whole(request: HttpRequest, name: str, default: int) -> int:
    text = request.GET.get(name, "")
    if not text:
        return default
    if not text.isdigit():
        raise BadRequest(f"{name} must be a whole number")
    return int(text)


def entries_page(request: HttpRequest, articles: QuerySet[Article]) -> JsonResponse:
    """Filter, order and page entries by Miniflux's query parameters."""
    reader = request.reader
    status = request.GET.getlist("status")
    if set(status) - {"read", "unread"}:
        raise BadRequest("status must be read or unread (removed entries are not kept)")
    if status == ["unread"]:
        articles = services.unread(articles, reader)
    elif status == ["read"]:
        articles = articles.filter(services.read_by(reader))
    if request.GET.get("starred") in {"true", "1"}:
        articles = services.starred(articles, reader)
    if "feed_id" in request.GET:
        articles = articles.filter(source_id=whole(request, "feed_id", 0))
    if "after_entry_id" in request.GET:
        articles = articles.filter(id__gt=whole(request, "after_entry_id", 0))
    if "before_entry_id" in request.GET:
        articles = articles.filter(id__lt=whole(request, "before_entry_id", 0))
    order = request.GET.get("order", "published_at")
    if order not in {"id", "published_at", "created_at"}:
        raise BadRequest("order must be id, published_at or created_at")
    direction = request.GET.get("direction", "asc")
    if direction not in {"asc", "desc"}:
        raise BadRequest("direction must be asc or desc")
    sign = "-" if direction == "desc" else ""
    count = min(whole(request, "limit", DEFAULT_LIMIT) or DEFAULT_LIMIT, MAX_LIMIT)
    offset = whole(request, "offset", 0)
    ordered = articles.order_by(sign + order, sign + "id").select_related("source")
    found = list(ordered[offset : offset + count])
    states = services.states_of(reader, [article.id for article in found])
    return JsonResponse(
        {"total": articles.count(), "entries": [entry(a, states.get(a.id), request) for a in found]}
    )


def entry(article: Article, state, request: HttpRequest) -> dict:
    reader = request.reader
    return {
        "id": article.id,
        "user_id": reader.id,
        "feed_id": article.source_id,
        "status": "read" if state and state.read_at else "unread",
        "hash": article.content_hash,
        "title": article.title,
        "url": article.url,
        "comments_url": "",
        "published_at": stamp(article.published_at),
        "created_at": stamp(article.created_at),
        "changed_at": stamp(article.modified_at),
        "content": body_html(article, request),
        "author": article.author,
        "starred": bool(state and state.starred_at),
        "enclosures": [],
        "tags": [],
        "feed": feed(article.source, reader),
    }


@api_view({"GET", "PUT"})
def entries(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return entries_page(request, services.reading_list(request.reader))
    try:
        body = json.loads(request.body)
        ids, status = body["entry_ids"], body["status"]
    except (ValueError, KeyError, TypeError):
        raise BadRequest('send {"entry_ids": [ids], "status": "read" or "unread"}') from None
    if not (isinstance(ids, list) and all(type(i) is int for i in ids)) or status not in {
        "read",
        "unread",
    }:
        raise BadRequest('send {"entry_ids": [ids], "status": "read" or "unread"}')
    (services.mark_read if status == "read" else services.mark_unread)(request.reader, ids)
    return HttpResponse(status=204)


def _followed(request: HttpRequest, feed_id: int) -> Source | None:
    return services.followed_sources(request.reader).filter(id=feed_id).first()


@api_view({"GET"})
def feed_entries(request: HttpRequest, feed_id: int) -> HttpResponse:
    source = _followed(request, feed_id)
    if source is None:
        return error("This feed is not one you follow.", 404)
    return entries_page(request, source.articles.all())


@api_view({"PUT"})
def feed_mark_all_as_read(request: HttpRequest, feed_id: int) -> HttpResponse:
    source = _followed(request, feed_id)
    if source is None:
        return error("This feed is not one you follow.", 404)
    services.mark_all_read(request.reader, source.articles.all())
    return HttpResponse(status=204)


@api_view({"PUT"})
def bookmark(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Miniflux toggles the star."""
    if not Article.objects.filter(id=entry_id).exists():
        return error("Entry not found.", 404)
    state = services.states_of(request.reader, [entry_id]).get(entry_id)
    (services.unstar if state and state.starred_at else services.star)(request.reader, [entry_id])
    return HttpResponse(status=204)
