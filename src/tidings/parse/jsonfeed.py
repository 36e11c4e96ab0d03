"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), mapped to ``ParsedEntry``.

The format is small enough that json and a few type checks read it; every field is
optional except ``version`` and ``items``, and publishers put numbers where strings belong
(ids especially), so each value is checked for its type before use.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tidings.parse.text import (
    absolute_http_url,
    feed_name,
    first_words,
    plain_text,
    stable_guid,
    text_to_html,
    unique_categories,
    utc_from_string,
)
from tidings.parse.types import ParsedEntry, ParsedFeed, ParseError

FORMAT = "json1"
_VERSION = re.compile(r"^https?://jsonfeed\.org/version/1(\.\d+)?/?$")


def parse_json_feed(text: str, *, url: str, limit: int) -> ParsedFeed:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ParseError(f"This is not valid JSON: {error.msg} at {where}.") from None
    if not isinstance(document, dict) or not _VERSION.match(_string(document, "version")):
        raise ParseError(
            'This JSON is not a JSON Feed: it has no "version" of https://jsonfeed.org/version/1.'
        )
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError('This JSON Feed has no "items" list.')
    language = _string(document, "language")
    feed_author = _author(document)
    entries = []
    for item in items[:limit]:
        if isinstance(item, dict):
            entry = _entry(item, url=url, language=language, feed_author=feed_author)
            if entry is not None:
                entries.append(entry)
    return ParsedFeed(
        format=FORMAT,
        title=feed_name(plain_text(_string(document, "title"))),
        site_url=absolute_http_url(url, _string(document, "home_page_url")),
        description=plain_text(_string(document, "description")),
        language=language,
        entries=entries,
        more_entries=len(items) > limit,
    )


def _entry(
    item: dict[str, Any], *, url: str, language: str, feed_author: str
) -> ParsedEntry | None:
    link = absolute_http_url(url, _string(item, "url") or _string(item, "external_url"))
    content_html = _string(item, "content_html") or text_to_html(_string(item, "content_text"))
    summary_html = text_to_html(_string(item, "summary"))
    title = plain_text(_string(item, "title")) or first_words(
        plain_text(summary_html or content_html)
    )
    if not (title or link or summary_html or content_html):
        return None
    published = utc_from_string(_string(item, "date_published"))
    updated = utc_from_string(_string(item, "date_modified"))
    tags = item.get("tags")
    return ParsedEntry(
        guid=_id(item) or link or stable_guid(title, published or updated),
        url=link,
        title=title,
        author=_author(item) or feed_author,
        summary_html=summary_html,
        content_html=content_html.strip(),
        published=published or updated,
        updated=updated,
        categories=unique_categories(t for t in tags if isinstance(t, str))
        if isinstance(tags, list)
        else [],
        image_url=absolute_http_url(url, _string(item, "image") or _string(item, "banner_image")),
        language=_string(item, "language") or language,
    )


def _author(node: dict[str, Any]) -> str:
    """The first author's name: 1.1 has an ``authors`` list, 1.0 one ``author``."""
    authors = node.get("authors")
    candidates = authors if isinstance(authors, list) else [node.get("author")]
    for author in candidates:
        if isinstance(author, dict) and _string(author, "name"):
            return plain_text(_string(author, "name"))
    return ""


def _id(item: dict[str, Any]) -> str:
    """The item's id; the spec asks for a string, but numbers are common and mean the same."""
    value = item.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _string(item, "id")


def _string(node: dict[str, Any], key: str) -> str:
    value = node.get(key)
    return value.strip() if isinstance(value, str) else ""
