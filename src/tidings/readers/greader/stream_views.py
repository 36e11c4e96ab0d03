"""Reading streams and changing read and starred state."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from tidings.articles.models import Article
from tidings.readers import services
from tidings.readers.greader.auth import api_view, bad_request, param, params, text
from tidings.readers.greader.ids import BadId, article_id, moment, parse_stream, state_of, usec
from tidings.readers.greader.items import items
from tidings.readers.greader.streams import MAX_ITEMS, page, parse_query, stream_articles


def query_of(request: HttpRequest, stream_id: str):
    return parse_query(
        stream_id or param(request, "s"),
        n=param(request, "n"),
        r=param(request, "r"),
        xt=params(request, "xt"),
        it=params(request, "it"),
        ot=param(request, "ot"),
        nt=param(request, "nt"),
        c=param(request, "c"),
    )


@api_view()
def stream_contents(request: HttpRequest, stream_id: str = "") -> HttpResponse:
    found, continuation = page(request.reader, query_of(request, stream_id))
    now = timezone.now()
    body = {
        "direction": "ltr",
        "id": stream_id or param(request, "s") or "user/-/state/com.google/reading-list",
        "self": [{"href": request.build_absolute_uri()}],
        "updated": int(now.timestamp()),
        "updatedUsec": str(usec(now)),
        "items": items(request, found),
    }
    if continuation:
        body["continuation"] = continuation
    return JsonResponse(body)


@api_view()
def item_ids(request: HttpRequest) -> HttpResponse:
    found, continuation = page(request.reader, query_of(request, ""))
    refs = [
        {
            "id": str(article.id),
            "directStreamIds": [],
            "timestampUsec": str(usec(article.created_at)),
        }
        for article in found
    ]
    body = {"itemRefs": refs}
    if continuation:
        body["continuation"] = continuation
    return JsonResponse(body)


def _article_ids(request: HttpRequest) -> list[int]:
    """The articles the ``i`` parameters name, in their order; BadId for a bad one."""
    given = params(request, "i")
    if not given:
        raise BadId("give the items as i=<item id>, once per item")
    if len(given) > MAX_ITEMS:
        raise BadId(f"give at most {MAX_ITEMS} items at once")
    return list(dict.fromkeys(article_id(item_id) for item_id in given))


@api_view()
def item_contents(request: HttpRequest) -> HttpResponse:
    wanted = _article_ids(request)
    by_id = Article.objects.select_related("source").in_bulk(wanted)
    found = [by_id[number] for number in wanted if number in by_id]
    now = timezone.now()
    return JsonResponse(
        {
            "direction": "ltr",
            "id": "user/-/state/com.google/reading-list",
            "updated": int(now.timestamp()),
            "items": items(request, found),
        }
    )


# What adding (a=) or removing (r=) each state tag does; other com.google states
# (kept-unread, tracking-…, fresh) say nothing that "not read" does not already say.
EDITS = {
    ("a", "read"): services.mark_read,
    ("r", "read"): services.mark_unread,
    ("a", "starred"): services.star,
    ("r", "starred"): services.unstar,
}


@api_view(write=True)
def edit_tag(request: HttpRequest) -> HttpResponse:
    wanted = _article_ids(request)
    changes = []
    for direction in ("a", "r"):
        for tag in params(request, direction):
            state = state_of(tag)
            if state is None:
                return bad_request(
                    f"{tag!r}: this site keeps no labels on items, only read and starred"
                )
            if (direction, state) in EDITS:
                changes.append(EDITS[direction, state])
    for change in changes:
        change(request.reader, wanted)
    return text("OK")


@api_view(write=True)
def mark_all_as_read(request: HttpRequest) -> HttpResponse:
    """Mark a stream read up to ``ts`` (microseconds; what the client had seen), so that
    what arrived since stays unread."""
    stream = parse_stream(param(request, "s"))
    seen = param(request, "ts")
    # ts is the newest item the client saw: that one is marked too.
    older_than = moment(seen, "ts") + timedelta(microseconds=1) if seen else None
    articles = stream_articles(request.reader, stream)
    services.mark_all_read(request.reader, articles, older_than)
    return text("OK")
