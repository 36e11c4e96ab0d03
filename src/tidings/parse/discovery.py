"""Web pages that point at their feeds, and telling such a page from a feed."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from tidings.parse.text import absolute_http_url

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/json"}
)
# A BOM, space, an XML prolog and comments may come before the first tag; that tag decides.
# A doctype counts as the first tag: HTML's says page, Netscape's (RSS 0.91) says feed.
_LEADING_NOISE = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?[^>]*\?>|<!--.*?-->)*", re.DOTALL)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)


def looks_like_html(body: bytes) -> bool:
    """True when ``body`` is a web page rather than a feed, judged by its first tag."""
    head = body[:4096]
    start = _LEADING_NOISE.match(head)
    rest = head[start.end() if start else 0 :]
    return bool(_HTML_START.match(rest))


def discover_feeds(html: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the feeds a page names with ``<link rel="alternate" type=...>``.

    In document order, each once: sites list their main feed first.
    """
    if not html.strip():
        return []
    try:
        document = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = base_url
    for base_element in document.iter("base"):
        if base_element.get("href"):
            base = absolute_http_url(base_url, base_element.get("href")) or base_url
            break
    found: list[str] = []
    for link in document.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        url = absolute_http_url(base, link.get("href"))
        # WordPress names its REST API as an application/json alternate of every page.
        if kind == "application/json" and "/wp-json/" in url:
            continue
        if url and url not in found:
            found.append(url)
    return found
