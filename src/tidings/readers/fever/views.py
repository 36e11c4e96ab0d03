"""One endpoint, many questions: ``?api&groups``, ``&feeds``, ``&items``, ... and the
``mark=`` writes, dispatched in the order the published API lists them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib.auth.models import User
from django.db.models import Max
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tidings.articles.models import Article
from tidings.comments.ratelimit import limit
from tidings.readers import services
from tidings.readers.app_passwords import sign_in_fever
from tidings.readers.bodies import body_html

API_VERSION = 3
# The one group holds what the reader follows; group 0 is the published "everything" group.
GROUP_ID = services.FOLLOWED_FOLDER_ID
# The published API pages items by 50.
PAGE = 50


class BadRequest(ValueError):
    """A request this API cannot answer, said in words."""


def answer(reader: User | None, status: int = 200, **members) -> JsonResponse:
    body = {"api_version": API_VERSION, "auth": int(reader is not None)}
    if reader is not None:
        body["last_refreshed_on_time"] = last_refreshed(reader)
    body.update(members)
    return JsonResponse(body, status=status)


def last_refreshed(reader: User) -> int:
    newest = services.followed_sources(reader).aggregate(newest=Max("last_fetched_at"))["newest"]
    return int(newest.timestamp()) if newest else 0


def value(request: HttpRequest, name: str) -> str:
    return request.POST.get(name) or request.GET.get(name) or ""


def whole(request: HttpRequest, name: str) -> int:
    text = value(request, name).strip()
    if not text.lstrip("-").isdigit():
        raise BadRequest(f"{name} must be a whole number")
    return int(text)


def ids_list(ids) -> str:
    return ",".join(str(number) for number in ids)


def feeds_groups(reader: User) -> list[dict]:
    feed_ids = list(services.followed_sources(reader).values_list("id", flat=True))
    return [{"group_id": GROUP_ID, "feed_ids": ids_list(feed_ids)}] if feed_ids else []


def groups(reader: User) -> dict:
    return {
        "groups": [{"id": GROUP_ID, "title": services.FOLLOWED_FOLDER_TITLE}],
        "feeds_groups": feeds_groups(reader),
    }


def feeds(reader: User) -> dict:
    found = [
        {
            "id": source.id,
            "favicon_id": 0,
            "title": source.display_name,
            "url": source.url,
            "site_url": source.site_url,
            "is_spark": 0,
            "last_updated_on_time": int(source.last_fetched_at.timestamp())
            if source.last_fetched_at
            else 0,
        }
        for source in services.followed_sources(reader).order_by("name", "id")
    ]
    return {"feeds": found, "feeds_groups": feeds_groups(reader)}


def items(request: HttpRequest, reader: User) -> dict:
    """50 items: after ``since_id`` (oldest first), before ``max_id`` (newest first; 0 for
    the newest), or those of ``with_ids``; without any of them, the oldest 50."""
    articles = services.reading_list(reader)
    if "since_id" in request.GET:
        chosen = articles.filter(id__gt=whole(request, "since_id")).order_by("id")
    elif "max_id" in request.GET:
        most = whole(request, "max_id")
        chosen = (articles.filter(id__lt=most) if most > 0 else articles).order_by("-id")
    elif "with_ids" in request.GET:
        wanted = [part.strip() for part in value(request, "with_ids").split(",") if part.strip()]
        if not all(part.isdigit() for part in wanted):
            raise BadRequest("with_ids must be item ids separated by commas")
        if len(wanted) > PAGE:
            raise BadRequest(f"with_ids takes at most {PAGE} ids")
        # A saved article may come from a source no longer followed.
        chosen = Article.objects.filter(id__in=[int(part) for part in wanted]).order_by("id")
    else:
        chosen = articles.order_by("id")
    found = list(chosen.select_related("source")[:PAGE])
    states = services.states_of(reader, [article.id for article in found])
    return {
        "items": [item(article, states.get(article.id), request) for article in found],
        "total_items": articles.count(),
    }


def item(article: Article, state, request: HttpRequest) -> dict:
    return {
        "id": article.id,
        "feed_id": article.source_id,
        "title": article.title,
        "author": article.author,
        "html": body_html(article, request),
        "url": article.url,
        "is_saved": int(bool(state and state.starred_at)),
        "is_read": int(bool(state and state.read_at)),
        "created_on_time": int(article.published_at.timestamp()),
    }


def unread_item_ids(reader: User) -> dict:
    unread = services.unread(services.reading_list(reader), reader)
    return {"unread_item_ids": ids_list(unread.order_by("id").values_list("id", flat=True))}


def saved_item_ids(reader: User) -> dict:
    saved = services.starred_articles(reader).order_by("id").values_list("id", flat=True)
    return {"saved_item_ids": ids_list(saved)}


ITEM_MARKS = {
    "read": services.mark_read,
    "unread": services.mark_unread,
    "saved": services.star,
    "unsaved": services.unstar,
}


def mark(request: HttpRequest, reader: User) -> dict:
    """Set an item's state, or mark a feed or group read up to ``before`` (the time of the
    client's last items request: what arrived since stays unread)."""
    kind, state = value(request, "mark"), value(request, "as")
    target = whole(request, "id")
    if kind == "item":
        if state not in ITEM_MARKS:
            raise BadRequest("as must be read, unread, saved or unsaved")
        ITEM_MARKS[state](reader, [target])
        return unread_item_ids(reader) if state in {"read", "unread"} else saved_item_ids(reader)
    if state != "read":
        raise BadRequest(f"a {kind} can only be marked as=read")
    before = None
    if value(request, "before"):
        before = datetime.fromtimestamp(max(whole(request, "before"), 0), UTC)
    if kind == "feed":
        articles = services.reading_list(reader).filter(source_id=target)
    elif kind == "group" and target in {0, GROUP_ID}:
        articles = services.reading_list(reader)
    elif kind == "group":
        raise BadRequest(f"there is no group {target}: group {GROUP_ID} holds every followed feed")
    else:
        raise BadRequest("mark must be item, feed or group")
    services.mark_all_read(reader, articles, before)
    return unread_item_ids(reader)


@csrf_exempt
def fever(request: HttpRequest) -> JsonResponse:
    if "api" not in request.GET:
        return answer(None, 400, error="this is the Fever API: ask /api/fever/?api")
    app_password = sign_in_fever(value(request, "api_key"))
    if app_password is None:
        # Failed keys count toward the log-in rate limit; a good key is one indexed
        # lookup, so clients that poll often are never slowed.
        if seconds := limit(request, "login"):
            response = answer(None, 429, error=f"too many failed keys: wait {seconds} seconds")
            response["Retry-After"] = str(seconds)
            return response
        return answer(None)
    reader = app_password.reader
    try:
        if value(request, "mark"):
            return answer(reader, **mark(request, reader))
        members: dict = {}
        for name, part in READS.items():
            if name in request.GET:
                members.update(part(request, reader))
        return answer(reader, **members)
    except BadRequest as error:
        return answer(reader, 400, error=str(error))


# Each question a read request may ask, several at once, as the published API allows.
READS = {
    "groups": lambda request, reader: groups(reader),
    "feeds": lambda request, reader: feeds(reader),
    "favicons": lambda request, reader: {"favicons": []},
    "links": lambda request, reader: {"links": []},
    "items": items,
    "unread_item_ids": lambda request, reader: unread_item_ids(reader),
    "saved_item_ids": lambda request, reader: saved_item_ids(reader),
}
