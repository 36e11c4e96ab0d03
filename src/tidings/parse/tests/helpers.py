"""Test helpers for the parse stage: the testdata files and generated feeds."""

from __future__ import annotations

from pathlib import Path

from tidings.parse.feeds import parse_feed
from tidings.parse.types import ParsedFeed

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
# Where each file "was fetched from", for resolving its relative links.
FEED_URLS = {"feed.json": "https://kitchen.example.com/feed.json"}


def parse_file(name: str, **headers) -> ParsedFeed:
    url = FEED_URLS.get(name, "https://courier.example.com/feed.xml")
    return parse_feed((TESTDATA / name).read_bytes(), url=url, **headers)


def rss_items(count: int) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>https://example.com/{n}</link></item>"
        for n in range(count)
    )
    return f'<rss version="2.0"><channel><title>Many</title>{items}</channel></rss>'.encode()
