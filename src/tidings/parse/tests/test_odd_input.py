"""Odd and unreadable input: refusals in words, broken XML, wrong charsets, huge feeds."""

from __future__ import annotations

import pytest

from tidings.parse.feeds import MAX_ENTRIES, parse_feed
from tidings.parse.tests.helpers import TESTDATA, parse_file, rss_items
from tidings.parse.types import ParseError


def test_malformed_xml_is_accepted_when_entries_can_be_recovered():
    feed = parse_file("malformed.xml")
    assert [entry.title for entry in feed.entries] == [
        "Fresh bread every morning",
        "Closed on the bank holiday",
    ]


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        ((TESTDATA / "empty.xml").read_bytes(), None, "empty"),
        (b"  \r\n\t ", None, "empty"),
        ((TESTDATA / "page.html").read_bytes(), None, "This is an HTML page, not a feed"),
        (b"<!-- generated -->\n<HTML><body>Moved</body></HTML>", None, "This is an HTML page"),
        ((TESTDATA / "broken.xml").read_bytes(), None, "broken XML and nothing could be read"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", None, "neither XML nor JSON"),
        (b"<\x00\xff\xfe\x01garbage", None, "nothing could be read"),
        (
            b'<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
            None,
            "not a feed",
        ),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', None, "not valid JSON"),
        (b'{"title": "An API answer"}', None, "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', None, 'no "items" list'),
        (b"[1, 2, 3]", "application/json", "not a JSON Feed"),
        (
            b'<rss version="2.0"><channel><item><category>a<entry>b</entry></category></item>'
            b"</channel></rss>",
            None,
            "nested in a way no feed format allows",
        ),
        # The body names a file that exists: it must be read as text, never opened.
        (str(TESTDATA / "rss20.xml").encode(), None, "neither XML nor JSON"),
    ],
)
def test_what_is_not_a_feed_is_refused_with_a_reason(body, content_type, reason):
    with pytest.raises(ParseError, match=reason):
        parse_feed(body, url="https://example.com/feed", content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content_type", "charset"),
    [
        ("latin1.xml", None, None),
        ("latin1.xml", "text/xml", None),  # RFC 3023 would say US-ASCII here
        ("latin1.xml", "application/rss+xml; charset=ISO-8859-1", None),
        ("latin1.xml", "application/rss+xml", "utf-8"),  # the header lies the other way
    ],
)
def test_latin1_feed_reads_its_accents(name, content_type, charset):
    feed = parse_file(name, content_type=content_type, charset=charset)
    assert feed.title == "Café de la Gare"
    assert feed.entries[0].title == "Crêpes à volonté le mercredi"


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        (None, None),  # the XML prolog says ISO-8859-1
        ("application/rss+xml; charset=iso-8859-1", None),
        ("application/xml", "ISO-8859-1"),
        ("text/xml", "windows-1252"),
    ],
)
def test_utf8_bytes_declared_as_something_else_read_as_utf8(content_type, charset):
    feed = parse_file("mislabeled_charset.xml", content_type=content_type, charset=charset)
    assert feed.title == "Bäckerei Müller – Neuigkeiten"
    assert feed.entries[0].title == "Schöne Grüße: neue Brezeln"
    assert "für 1,20 €" in feed.entries[0].summary_html


def test_utf16_feed_with_byte_order_mark_is_read():
    text = (TESTDATA / "mislabeled_charset.xml").read_text("utf-8").replace("ISO-8859-1", "UTF-16")
    feed = parse_feed(text.encode("utf-16"), url="https://baeckerei.example.de/feed")
    assert feed.entries[0].title == "Schöne Grüße: neue Brezeln"


def test_feed_with_many_entries_is_cut_at_the_cap():
    feed = parse_feed(rss_items(MAX_ENTRIES * 4), url="https://example.com/feed")
    assert len(feed.entries) == MAX_ENTRIES
    assert feed.entries[0].title == "Item 0"
