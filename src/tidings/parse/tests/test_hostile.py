"""Feeds written to hurt: entity bombs, lone surrogates, archive dumps. Each is refused with
a reason or read within the cap, and a bad string spoils nothing else."""

from __future__ import annotations

import json

import pytest

from tidings.parse.feeds import MAX_ENTRIES, parse_feed
from tidings.parse.tests.helpers import TESTDATA, rss_items
from tidings.parse.types import ParseError

HOSTILE = TESTDATA / "hostile"
BOMB = (HOSTILE / "billion_laughs.xml").read_bytes()


@pytest.mark.parametrize(
    "body",
    [
        BOMB,
        BOMB.replace(b"xmlns:media", b"xmlns:other"),  # past the Media RSS reader too
        BOMB.replace(b"<channel>", b"<channel><<broken"),  # broken after the DTD
        BOMB.split(b"]>")[0] + b"]><rss",  # nothing but the DTD
        b'<!DOCTYPE rss [<!ENTITY pad "' + b"x" * 100_000 + b'">]><rss><channel/></rss>',
    ],
)
def test_a_feed_that_declares_entities_is_refused_unread(body):
    with pytest.raises(ParseError, match="declares XML entities"):
        parse_feed(body, url="https://bomb.example/feed")


def test_an_external_dtd_without_entities_is_still_read():
    feed = parse_feed((TESTDATA / "rss091.xml").read_bytes(), url="https://a.example/feed")
    assert feed.entries


def test_an_archive_dump_is_read_to_the_cap_and_says_there_was_more():
    feed = parse_feed(rss_items(100_000), url="https://dump.example/feed")
    assert len(feed.entries) == MAX_ENTRIES
    assert (feed.entries[0].title, feed.entries[-1].title) == ("Item 0", f"Item {MAX_ENTRIES - 1}")
    assert feed.title == "Many" and feed.more_entries


def test_a_feed_at_the_cap_is_whole():
    feed = parse_feed(rss_items(MAX_ENTRIES), url="https://dump.example/feed")
    assert len(feed.entries) == MAX_ENTRIES and not feed.more_entries


def test_an_atom_archive_is_cut_too():
    entries = "".join(
        f"<entry><id>urn:e:{n}</id><title>E{n}</title><link href='https://a.example/{n}'/></entry>"
        for n in range(MAX_ENTRIES + 5)
    )
    body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>{entries}</feed>'
    feed = parse_feed(body.encode(), url="https://a.example/atom")
    assert len(feed.entries) == MAX_ENTRIES and feed.more_entries


def test_a_json_feed_over_the_cap_says_there_was_more():
    items = [{"id": str(n), "url": f"https://j.example/{n}"} for n in range(MAX_ENTRIES + 1)]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
    feed = parse_feed(body.encode(), url="https://j.example/feed.json")
    assert len(feed.entries) == MAX_ENTRIES and feed.more_entries


def is_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_a_lone_surrogate_in_a_json_feed_becomes_a_replacement_character():
    feed = parse_feed((HOSTILE / "lone_surrogate.json").read_bytes(), url="https://s.example/")
    bad = feed.entries[1]
    assert len(feed.entries) == 3
    assert bad.title == "Half a smiley \ufffd in the title"
    assert all(is_encodable(text) for text in (bad.title, bad.content_html, *bad.categories))


def test_a_surrogate_character_reference_spoils_nothing_else():
    feed = parse_feed((HOSTILE / "surrogate_reference.xml").read_bytes(), url="https://s.example/")
    assert [entry.url for entry in feed.entries] == [
        "https://surrogate.example/r1",
        "https://surrogate.example/r2",
    ]
    assert feed.entries[0].title == "Half a smiley \ufffd in the title"
    assert feed.entries[1].summary_html == "Fine \U0001f600 whole."
