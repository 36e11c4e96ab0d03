"""The older Atom stream, ``reader/atom/<stream id>?n=&xt=&c=``, that some clients still
read (newsboat's FeedHQ mode reads each subscription through it). Each entry carries its
state as Google Reader did: a ``category`` with the ``http://www.google.com/reader/``
scheme whose label is ``read``, ``starred``, ``reading-list`` or, for unread entries,
``fresh``."""

from __future__ import annotations

from xml.etree import ElementTree

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tidings.articles.models import Article
from tidings.readers.bodies import body_html
from tidings.readers.greader.auth import api_view
from tidings.readers.greader.ids import feed_stream, long_item_id
from tidings.readers.greader.items import Marks, marks_of
from tidings.readers.greader.stream_views import query_of
from tidings.readers.greader.streams import page, source_of

ATOM = "http://www.w3.org/2005/Atom"
READER = "http://www.google.com/schemas/reader/atom/"
STATE_SCHEME = "http://www.google.com/reader/"
ElementTree.register_namespace("", ATOM)
ElementTree.register_namespace("gr", READER)


def _add(parent: ElementTree.Element, name: str, content: str = "", **attributes: str):
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if content:
        element.text = content
    return element


def _entry(feed: ElementTree.Element, article: Article, marks: Marks, request: HttpRequest) -> None:
    crawled = str(int(article.created_at.timestamp() * 1000))
    entry = _add(feed, "entry", **{f"{{{READER}}}crawl-timestamp-msec": crawled})
    _add(entry, "id", long_item_id(article.id), **{f"{{{READER}}}original-id": article.guid})
    # An unread entry says so ("fresh", as Google Reader marked unread news): clients that
    # keep their own state, as newsboat does, then learn of an item marked unread here.
    states = [tag.rsplit("/", 1)[1] for tag in marks.tags()] + ["fresh"] * (not marks.read)
    for state in states:
        term = f"user/{request.reader.id}/state/com.google/{state}"
        _add(entry, "category", term=term, scheme=STATE_SCHEME, label=state)
    _add(entry, "title", article.title, type="html")
    _add(entry, "published", article.published_at.isoformat())
    _add(entry, "updated", (article.updated_at or article.published_at).isoformat())
    _add(entry, "link", rel="alternate", href=article.url, type="text/html")
    _add(entry, "content", body_html(article, request), type="html")
    if article.author:
        _add(_add(entry, "author"), "name", article.author)
    origin = _add(entry, "source", **{f"{{{READER}}}stream-id": feed_stream(article.source_id)})
    _add(origin, "id", f"tag:google.com,2005:reader/{feed_stream(article.source_id)}")
    _add(origin, "title", article.source.display_name, type="html")
    _add(origin, "link", rel="alternate", href=article.source.site_url, type="text/html")


def _title(reader_name: str, query) -> tuple[str, str]:
    """The feed's title and the page it stands for."""
    if query.stream.kind == "feed":
        source = source_of(query.stream)
        if source is not None:
            return source.display_name, source.site_url
    return f"{query.stream.value} of {reader_name}", ""


@api_view()
def atom_stream(request: HttpRequest, stream_id: str) -> HttpResponse:
    query = query_of(request, stream_id)
    found, continuation = page(request.reader, query)
    reader = request.reader
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    title, site = _title(reader.get_username(), query)
    _add(feed, "generator", "tidings")
    _add(feed, "id", f"tag:google.com,2005:reader/{stream_id}")
    _add(feed, "title", title, type="html")
    if site:
        _add(feed, "link", rel="alternate", href=site, type="text/html")
    _add(feed, "link", rel="self", href=request.build_absolute_uri())
    _add(feed, "updated", timezone.now().isoformat())
    if continuation:
        ElementTree.SubElement(feed, f"{{{READER}}}continuation").text = continuation
    marks = marks_of(reader, found)
    for article in found:
        _entry(feed, article, marks.get(article.id, Marks()), request)
    body = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")
