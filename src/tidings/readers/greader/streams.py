"""From a Google Reader stream request to one page of articles.

A stream (a feed, the reading list, the read or starred state) is an article queryset;
``xt``/``it`` leave out or keep articles with a state, ``ot``/``nt`` bound the time they
arrived, ``r=o`` turns the order to oldest first, and ``c`` continues after the last
article of the previous page. Articles are ordered by when they arrived here (their
"crawl time" in the dialect), so a client that syncs with ``ot`` misses nothing that a
late feed published with an old date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from tidings.api.cursors import BadCursor, decode_time_key, encode_time_key
from tidings.articles.models import Article
from tidings.readers import services
from tidings.readers.greader.ids import (
    BadId,
    NoSuchStream,
    Stream,
    moment,
    parse_stream,
    state_of,
)
from tidings.sources.models import Source

CURSOR_KIND = "greader"
DEFAULT_ITEMS = 20
# Clients ask for up to 1000 ids at once (FreshRSS and Miniflux allow as many).
MAX_ITEMS = 1000


@dataclass
class StreamQuery:
    stream: Stream
    count: int = DEFAULT_ITEMS
    oldest_first: bool = False
    exclude: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    newer_than: datetime | None = None
    older_than: datetime | None = None
    after: tuple[datetime, int] | None = None


def parse_count(value: str, default: int = DEFAULT_ITEMS) -> int:
    if not value:
        return default
    try:
        count = int(value)
    except ValueError:
        raise BadId("n must be a whole number") from None
    if count < 1:
        raise BadId("n must be at least 1")
    return min(count, MAX_ITEMS)


def parse_query(
    stream_id: str,
    *,
    n: str = "",
    r: str = "",
    xt: list[str] | None = None,
    it: list[str] | None = None,
    ot: str = "",
    nt: str = "",
    c: str = "",
) -> StreamQuery:
    """Check a stream request's parameters; BadId says what is wrong."""
    after = None
    if c:
        try:
            after = decode_time_key(CURSOR_KIND, c)
        except BadCursor as error:
            raise BadId(f"the continuation {error}; pass back the one the last page gave") from None
    return StreamQuery(
        stream=parse_stream(stream_id or "user/-/state/com.google/reading-list"),
        count=parse_count(n),
        oldest_first=r == "o",
        exclude=[_state(tag, "xt") for tag in xt or []],
        include=[_state(tag, "it") for tag in it or []],
        newer_than=moment(ot, "ot") if ot else None,
        older_than=moment(nt, "nt") if nt else None,
        after=after,
    )


def _state(tag: str, name: str) -> str:
    state = state_of(tag)
    if state is None:
        raise BadId(f"{name}={tag!r}: filter by user/-/state/com.google/read or …/starred")
    return state


def source_of(stream: Stream) -> Source | None:
    """The site's source a feed stream names, by id or by feed URL."""
    if stream.value.isdigit():
        return Source.objects.filter(id=int(stream.value)).first()
    return Source.objects.filter(url=stream.value).first()


def stream_articles(reader: User, stream: Stream) -> QuerySet[Article]:
    if stream.kind == "feed":
        source = source_of(stream)
        if source is None:
            raise NoSuchStream(f"feed/{stream.value} is none of this site's sources")
        return source.articles.all()
    if stream.kind == "label":
        raise NoSuchStream("this site keeps no labels: read feed/<id> or the reading list")
    if stream.value == "starred":
        return services.starred_articles(reader)
    if stream.value == "read":
        return services.read_articles(reader)
    return services.reading_list(reader)


def _with_state(articles: QuerySet[Article], reader: User, state: str, keep: bool):
    if state == "reading-list":
        return articles if keep else articles.none()
    expression = services.read_by(reader) if state == "read" else services.starred_by(reader)
    return articles.filter(expression) if keep else articles.exclude(expression)


def filtered(reader: User, query: StreamQuery) -> QuerySet[Article]:
    """Every article of the stream that the filters keep, not yet in page order."""
    articles = stream_articles(reader, query.stream)
    for state in query.exclude:
        articles = _with_state(articles, reader, state, keep=False)
    for state in query.include:
        articles = _with_state(articles, reader, state, keep=True)
    if query.newer_than is not None:
        articles = articles.filter(created_at__gte=query.newer_than)
    if query.older_than is not None:
        articles = articles.filter(created_at__lte=query.older_than)
    return articles


def page(reader: User, query: StreamQuery) -> tuple[list[Article], str]:
    """One page of the stream and the continuation for the next ('' on the last)."""
    articles = filtered(reader, query)
    if query.oldest_first:
        ordered = articles.order_by("created_at", "id")
        if query.after:
            since, last = query.after
            ordered = ordered.filter(Q(created_at__gt=since) | Q(created_at=since, id__gt=last))
    else:
        ordered = articles.order_by("-created_at", "-id")
        if query.after:
            since, last = query.after
            ordered = ordered.filter(Q(created_at__lt=since) | Q(created_at=since, id__lt=last))
    found = list(ordered.select_related("source")[: query.count + 1])
    more = len(found) > query.count
    found = found[: query.count]
    continuation = encode_time_key(CURSOR_KIND, found[-1].created_at, found[-1].id) if more else ""
    return found, continuation
