"""Feeds fetched over HTTP parse with what the server said about them."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from tidings.parse.feeds import parse_feed


def test_feed_fetched_over_http_parses_with_the_response_content_type(feed_server):
    response = httpx.get(feed_server.url("parse/testdata/rss20.xml"))
    feed = parse_feed(
        response.content, url=str(response.url), content_type=response.headers["content-type"]
    )
    assert feed.format == "rss20"
    first = feed.entries[0]
    # The relative link now resolves against the loopback server the feed came from.
    assert first.url == feed_server.url("news/2025/06/footbridge-approved")
    assert first.image_credit == "Riverside District Council"


def test_feed_served_with_a_wrong_charset_over_http_still_reads(feed_server):
    content_type = quote("application/rss+xml; charset=iso-8859-1")
    response = httpx.get(
        feed_server.url(f"parse/testdata/mislabeled_charset.xml?type={content_type}")
    )
    assert "iso-8859-1" in response.headers["content-type"]
    feed = parse_feed(
        response.content, url=str(response.url), content_type=response.headers["content-type"]
    )
    assert feed.entries[0].title == "Schöne Grüße: neue Brezeln"


def test_json_feed_fetched_over_http_is_read_as_json(feed_server):
    response = httpx.get(feed_server.url("parse/testdata/feed.json"))
    feed = parse_feed(
        response.content, url=str(response.url), content_type=response.headers["content-type"]
    )
    assert feed.format == "json1"
    assert feed.entries[0].url == feed_server.url("episodes/42-lentils")
