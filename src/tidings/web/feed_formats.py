"""Our own feeds in three formats: RSS 2.0, Atom 1.0 and JSON Feed 1.1, from one plain shape.

Pages build a ``FeedDocument`` of plain text and absolute addresses; each serialiser then
writes it in its format. Feed readers render an RSS title, an RSS description and an Atom
summary as HTML once the XML is read, so text that holds ``<b>`` or ``&`` would turn into
markup, or be cut short, there: those texts are HTML-escaped (``as_html``) before the XML
writer escapes them again, and a reader shows the publisher's exact characters. Atom titles
and JSON Feed texts are plain text by their specifications, so they go as they are.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedEntry:
    id: str  # stable for as long as the item exists: our page's absolute address
    title: str  # plain text
    link: str  # absolute
    summary: str  # plain text
    published: datetime  # time-zone aware
    updated: datetime | None = None
    author: str = ""
    content_html: str = ""  # our own rendered HTML, when the item is more than text

    def __post_init__(self) -> None:
        for moment in (self.published, self.updated):
            if moment is not None and moment.utcoffset() is None:
                raise ValueError(f"feed entry {self.id} has a time without a time zone")

    @property
    def last_changed(self) -> datetime:
        return max(self.published, self.updated or self.published)


@dataclass(frozen=True)
class FeedDocument:
    title: str  # plain text
    link: str  # the page the feed follows, absolute
    description: str  # plain text
    entries: list[FeedEntry]
    language: str = "en"

    @property
    def updated(self) -> datetime | None:
        """When the newest change among the entries happened; None for an empty feed."""
        return max((entry.last_changed for entry in self.entries), default=None)


def as_html(text: str) -> str:
    """Plain ``text`` as HTML that shows exactly it."""
    return html.escape(text, quote=False)


def _html_body(entry: FeedEntry) -> str:
    return entry.content_html or as_html(entry.summary)


def _xml_feed(
    generator: type[SyndicationFeed], document: FeedDocument, feed_url: str, *, html_titles: bool
) -> bytes:
    def title(text: str) -> str:
        return as_html(text) if html_titles else text

    feed = generator(
        title=title(document.title),
        link=document.link,
        description=as_html(document.description),
        language=document.language,
        feed_url=feed_url,
        feed_guid=feed_url,
    )
    for entry in document.entries:
        feed.add_item(
            title=title(entry.title),
            link=entry.link,
            description=_html_body(entry),
            unique_id=entry.id,
            unique_id_is_permalink=entry.id == entry.link,
            pubdate=entry.published,
            updateddate=entry.last_changed,
            author_name=entry.author or None,
        )
    return feed.writeString("utf-8").encode()


def rss(document: FeedDocument, feed_url: str) -> bytes:
    return _xml_feed(Rss201rev2Feed, document, feed_url, html_titles=True)


def atom(document: FeedDocument, feed_url: str) -> bytes:
    return _xml_feed(Atom1Feed, document, feed_url, html_titles=False)


def json_feed(document: FeedDocument, feed_url: str) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    items = []
    for entry in document.entries:
        item: dict = {
            "id": entry.id,
            "url": entry.link,
            "title": entry.title,
            "summary": entry.summary,
            "date_published": entry.published.isoformat(),
            "date_modified": entry.last_changed.isoformat(),
        }
        if entry.content_html:
            item["content_html"] = entry.content_html
        else:
            item["content_text"] = entry.summary
        if entry.author:
            item["authors"] = [{"name": entry.author}]
        items.append(item)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": document.title,
        "home_page_url": document.link,
        "feed_url": feed_url,
        "description": document.description,
        "language": document.language,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode()


@dataclass(frozen=True)
class FeedFormat:
    name: str  # as in our addresses: feed/, feed/atom/, feed/json/
    label: str  # what readers are shown
    content_type: str
    write: Callable[[FeedDocument, str], bytes]


FORMATS = {
    "rss": FeedFormat("rss", "RSS", "application/rss+xml; charset=utf-8", rss),
    "atom": FeedFormat("atom", "Atom", "application/atom+xml; charset=utf-8", atom),
    "json": FeedFormat("json", "JSON Feed", "application/feed+json; charset=utf-8", json_feed),
}
