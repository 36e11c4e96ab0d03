"""Subscriptions, tags and unread counts. A subscription is a followed source of this
site: subscribing follows one of its sources, and a feed the site does not carry is
refused with what to do instead."""

from __future__ import annotations

from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse

from tidings.readers import services
from tidings.readers.greader.auth import api_view, bad_request, param, params, text
from tidings.readers.greader.ids import (
    READING_LIST,
    STARRED,
    BadId,
    feed_stream,
    parse_stream,
    usec,
)
from tidings.readers.greader.streams import source_of
from tidings.sources.models import Source

NOT_CARRIED = (
    "this site does not carry {feed}. Readers follow the site's own sources (its /sources/ "
    "page lists them); a new feed is added by the site's operator, and you may suggest one "
    "on the site."
)


def subscription(source: Source, newest_usec: int | None = None) -> dict:
    entry = {
        "id": feed_stream(source.id),
        "title": source.display_name,
        "categories": [],
        "url": source.url,
        "htmlUrl": source.site_url,
        "iconUrl": "",
        "sortid": f"{source.id:08X}",
        "firstitemmsec": "0",
    }
    if newest_usec is not None:
        entry["newestItemTimestampUsec"] = str(newest_usec)
    return entry


@api_view()
def subscription_list(request: HttpRequest) -> HttpResponse:
    sources = services.followed_sources(request.reader).order_by("name", "id")
    return JsonResponse({"subscriptions": [subscription(source) for source in sources]})


@api_view()
def tag_list(request: HttpRequest) -> HttpResponse:
    # Subscriptions carry no folders here: the one tag is the starred state.
    return JsonResponse({"tags": [{"id": STARRED, "sortid": "00000001"}]})


@api_view()
def unread_count(request: HttpRequest) -> HttpResponse:
    by_source = services.unread_by_source(request.reader)
    counts = [
        {
            "id": feed_stream(source_id),
            "count": unread.count,
            "newestItemTimestampUsec": str(usec(unread.newest)),
        }
        for source_id, unread in sorted(by_source.items())
    ]
    total = sum(unread.count for unread in by_source.values())
    newest = max((unread.newest for unread in by_source.values()), default=None)
    if newest is None:
        newest = services.reading_list(request.reader).aggregate(newest=Max("created_at"))["newest"]
    counts.append(
        {
            "id": READING_LIST,
            "count": total,
            "newestItemTimestampUsec": str(usec(newest)) if newest else "0",
        }
    )
    return JsonResponse({"max": total, "unreadcounts": counts})


def _site_source(stream_id: str, *, active: bool = True) -> Source:
    """The site's source a ``feed/…`` id names, one still fetched unless ``active`` is
    False (a reader may always stop following); BadId says why none does."""
    stream = parse_stream(stream_id)
    if stream.kind != "feed":
        raise BadId(f"{stream_id!r} is not a feed: give feed/<id> or feed/<feed URL>")
    source = source_of(stream)
    if source is None or (active and not source.active):
        raise BadId(NOT_CARRIED.format(feed=stream_id))
    return source


@api_view(write=True)
def subscription_edit(request: HttpRequest) -> HttpResponse:
    """``ac=subscribe`` follows, ``ac=unsubscribe`` unfollows. Titles and folders are the
    site's, not each reader's: a title or folder sent along with a subscription is passed
    over, and ``ac=edit`` is refused when it would change one."""
    action, stream_ids = param(request, "ac"), params(request, "s")
    if action not in {"subscribe", "unsubscribe", "edit"}:
        return bad_request("ac must be subscribe, unsubscribe or edit")
    if not stream_ids:
        return bad_request("give the feed as s=feed/<id> or s=feed/<feed URL>")
    sources = [_site_source(stream_id, active=action != "unsubscribe") for stream_id in stream_ids]
    renames = params(request, "a") or params(request, "r") or param(request, "t")
    if action == "edit" and renames:
        return bad_request(
            "subscription titles and folders are the site's; a reader cannot rename or file them"
        )
    for source in sources:
        if action == "subscribe":
            services.follow(request.reader, source)
        elif action == "unsubscribe":
            services.unfollow(request.reader, source)
    return text("OK")


@api_view(write=True)
def quickadd(request: HttpRequest) -> HttpResponse:
    wanted = param(request, "quickadd").strip()
    if not wanted:
        return bad_request("give the feed's URL as quickadd=")
    stream_id = wanted if wanted.startswith("feed/") else f"feed/{wanted}"
    source = _site_source(stream_id)
    services.follow(request.reader, source)
    return JsonResponse(
        {
            "numResults": 1,
            "query": wanted,
            "streamId": feed_stream(source.id),
            "streamName": source.display_name,
        }
    )
