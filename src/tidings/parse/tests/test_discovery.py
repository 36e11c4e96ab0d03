from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tidings.parse.discovery import discover_feeds, looks_like_html

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"


def test_page_names_its_feeds_in_document_order_each_once():
    html = (TESTDATA / "page.html").read_bytes()
    assert discover_feeds(html, "https://courier.example.com/news/") == [
        "https://courier.example.com/feed.xml",
        "https://courier.example.com/opinion/atom.xml",
        "https://courier.example.com/news/feed.xml",
        "https://courier.example.com/news/feed.json",
    ]


def test_base_element_changes_what_relative_feed_links_resolve_against():
    html = b"""<html><head><base href="https://cdn.example.net/site/">
<link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>"""
    assert discover_feeds(html, "https://example.net/") == ["https://cdn.example.net/site/atom.xml"]


@pytest.mark.parametrize(
    "link",
    [
        '<link rel="stylesheet" type="application/rss+xml" href="/not-alternate.xml">',
        '<link rel="alternate" type="text/html" href="/fr/">',
        '<link rel="alternate" type="application/json+oembed" href="/oembed">',
        '<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/7">',
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
        '<link rel="alternate" type="application/rss+xml">',
    ],
)
def test_links_that_are_not_feeds_are_ignored(link):
    html = f"<!doctype html><html><head>{link}</head><body></body></html>".encode()
    assert discover_feeds(html, "https://example.org/") == []


@pytest.mark.parametrize("html", [b"", b"   ", b"\x00\x01\x02", b"<html><head></head></html>"])
def test_page_without_feeds_or_without_content_gives_none(html):
    assert discover_feeds(html, "https://example.org/") == []


@pytest.mark.parametrize(
    ("body", "is_html"),
    [
        ((TESTDATA / "page.html").read_bytes(), True),
        (b"\xef\xbb\xbf  <!-- cached --><html lang=en><p>x", True),
        (b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">', True),
        (b"<HEAD><TITLE>Old page</TITLE></HEAD>", True),
        ((TESTDATA / "rss20.xml").read_bytes(), False),
        ((TESTDATA / "rss091.xml").read_bytes(), False),  # has a DOCTYPE, Netscape's
        ((TESTDATA / "atom.xml").read_bytes(), False),
        ((TESTDATA / "feed.json").read_bytes(), False),
        (
            b'<rss version="2.0"><channel><description>&lt;html&gt;</description></channel></rss>',
            False,
        ),
        (b"", False),
    ],
)
def test_looks_like_html_judges_by_the_first_tag(body, is_html):
    assert looks_like_html(body) is is_html


def test_page_fetched_over_http_leads_to_a_feed_on_the_same_server(feed_server):
    page = httpx.get(feed_server.url("parse/testdata/page.html"))
    assert looks_like_html(page.content)
    feeds = discover_feeds(page.content, str(page.url))
    assert feeds[0] == feed_server.url("feed.xml")
    assert feeds[-1] == feed_server.url("parse/testdata/feed.json")
    assert httpx.get(feeds[-1]).json()["title"] == "Kitchen Table Podcast Notes"
