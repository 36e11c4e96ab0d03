"""One normal shape for an entry, whatever feed format it came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ParsedEntry:
    guid: str  # the feed's id, or the link when it has none
    url: str  # absolute link to the article page
    title: str
    author: str = ""
    summary_html: str = ""  # the short description, as the feed gave it (unsanitised)
    content_html: str = ""  # the full content (content:encoded, atom:content), unsanitised
    published: datetime | None = None  # timezone-aware
    updated: datetime | None = None
    categories: list[str] = field(default_factory=list)
    image_url: str = ""  # media:content / enclosure / JSON Feed image
    image_caption: str = ""
    image_credit: str = ""
    language: str = ""


@dataclass
class ParsedFeed:
    format: str  # "rss20", "rss10", "rss09x", "atom10", "json1"...
    title: str
    site_url: str
    description: str = ""
    language: str = ""
    entries: list[ParsedEntry] = field(default_factory=list)
    # The feed had more entries than the reader takes; those past the cap were not read.
    more_entries: bool = False


class ParseError(Exception):
    """The bytes are not a feed we can read; the message says why."""
