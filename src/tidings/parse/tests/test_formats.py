"""Each feed format, read into the one ParsedFeed / ParsedEntry shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.parse.feeds import parse_feed
from tidings.parse.tests.helpers import parse_file


@pytest.mark.parametrize(
    ("name", "format", "title", "site_url", "language", "entries"),
    [
        ("rss090.xml", "rss090", "Harbour Town Gazette", "http://gazette.example.org/", "", 2),
        (
            "rss091.xml",
            "rss091",
            "Valley Weather Notes",
            "https://weather.example.net/",
            "en-gb",
            2,
        ),
        (
            "rss092.xml",
            "rss092",
            "Allotment Society Bulletin",
            "https://allotments.example.com/",
            "",
            2,
        ),
        ("rss10.xml", "rss10", "Field Station Journal", "https://science.example.org/", "en", 2),
        ("rss20.xml", "rss20", "The Riverside Courier", "https://courier.example.com/", "en-US", 3),
        (
            "rss20_summary_only.xml",
            "rss20",
            "Northgate Library News",
            "https://library.example.org/",
            "",
            2,
        ),
        ("atom.xml", "atom10", "Werkstattnotizen", "https://blog.example.de/", "de", 2),
        (
            "feed.json",
            "json1",
            "Kitchen Table Podcast Notes",
            "https://kitchen.example.com/",
            "en-AU",
            2,
        ),
        (
            "malformed.xml",
            "rss20",
            "Corner Shop Offers & Notices",
            "https://shop.example.net/",
            "",
            2,
        ),
        ("latin1.xml", "rss20", "Café de la Gare", "https://cafe.example.fr/", "fr", 1),
    ],
)
def test_each_format_is_read_into_one_feed_shape(name, format, title, site_url, language, entries):
    feed = parse_file(name)
    assert (feed.format, feed.title, feed.site_url, feed.language) == (
        format,
        title,
        site_url,
        language,
    )
    assert len(feed.entries) == entries


@pytest.mark.parametrize(
    ("name", "guid", "url", "title", "published", "author", "categories"),
    [
        (
            "rss090.xml",
            "http://gazette.example.org/2025/ferry-timetable",
            "http://gazette.example.org/2025/ferry-timetable",
            "Winter ferry timetable starts on Monday",
            None,
            "",
            [],
        ),
        (
            "rss091.xml",
            "https://weather.example.net/notes/frost-thursday",
            "https://weather.example.net/notes/frost-thursday",
            "Frost likely on Thursday night",
            None,
            "",
            [],
        ),
        (
            "rss10.xml",
            "https://science.example.org/2025/06/curlews",
            "https://science.example.org/2025/06/curlews",
            "Curlew nests counted on the north slope",
            datetime(2025, 6, 2, 5, 30, tzinfo=UTC),
            "Maren Holt",
            ["Birds", "Fieldwork"],
        ),
        (
            "rss20.xml",
            "courier-2025-0611",
            "https://courier.example.com/news/2025/06/footbridge-approved",
            "Council approves new footbridge over the Wend",
            datetime(2025, 6, 10, 6, 0, tzinfo=UTC),
            "Ada Pellegrini",
            ["Local", "Transport"],
        ),
        (
            "atom.xml",
            "tag:blog.example.de,2025:wheel-truing",
            "https://blog.example.de/posts/wheel-truing",
            "Wheel truing, step by step",
            datetime(2025, 6, 7, 7, 0, tzinfo=UTC),
            "Lena Vogt",
            ["Repairs", "wheels"],
        ),
        (
            "feed.json",
            "ep-42",
            "https://kitchen.example.com/episodes/42-lentils",
            "Episode 42: Lentils, three ways",
            datetime(2025, 6, 2, 20, 0, tzinfo=UTC),
            "Tom Reyes",
            ["Pulses", "Budget"],
        ),
    ],
)
def test_first_entry_has_id_absolute_link_plain_title_utc_date_and_categories(
    name, guid, url, title, published, author, categories
):
    entry = parse_file(name).entries[0]
    assert (entry.guid, entry.url, entry.title) == (guid, url, title)
    assert (entry.published, entry.author, entry.categories) == (published, author, categories)


def test_rss20_full_text_goes_to_content_and_description_to_summary():
    entry = parse_file("rss20.xml").entries[0]
    assert entry.summary_html.startswith("The district council voted 9 to 2 for a footbridge")
    assert "<strong>9 to 2</strong>" in entry.content_html
    # Relative links inside the HTML are resolved against the feed's URL.
    assert 'src="https://courier.example.com/media/footbridge-plan.jpg"' in entry.content_html


def test_rss20_description_alone_is_the_summary():
    entry = parse_file("rss20_summary_only.xml").entries[0]
    assert (
        entry.summary_html
        == "<p>From July the library stays open until <b>8 pm</b> on Wednesdays.</p>"
    )
    assert entry.content_html == ""


def test_rss20_takes_the_largest_media_image_with_its_caption_and_credit():
    entry = parse_file("rss20.xml").entries[0]
    assert entry.image_url == "https://courier.example.com/media/footbridge-large.jpg"
    assert entry.image_caption == "An artist's view of the footbridge, seen from the east bank."
    assert entry.image_credit == "Riverside District Council"


def test_rss20_falls_back_to_the_largest_thumbnail():
    entry = parse_file("rss20.xml").entries[1]
    assert entry.image_url == "https://courier.example.com/media/market-hall-600.jpg"
    assert (entry.image_caption, entry.image_credit) == ("", "")


def test_rss20_title_loses_its_markup_and_entities():
    assert parse_file("rss20.xml").entries[1].title == "Market hall reopens & traders return"


@pytest.mark.parametrize(
    "body",
    [
        b'<rss version="2.0"><channel><title>24\\/7 Wall St.</title></channel></rss>',
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [],'
        b' "title": "24\\\\/7 Wall St."}',
    ],
)
def test_a_feed_title_with_escaped_slashes_names_the_source_plainly(body):
    assert parse_feed(body, url="https://example.com/feed").title == "24/7 Wall St."


def test_entry_without_any_date_keeps_none():
    entry = parse_file("rss20.xml").entries[2]
    assert (entry.published, entry.updated) == (None, None)
    assert entry.image_url == ""


def test_entries_take_the_feed_language_when_they_have_none():
    assert {entry.language for entry in parse_file("rss20.xml").entries} == {"en-US"}


def test_image_enclosure_is_the_image():
    entry = parse_file("rss092.xml").entries[1]
    assert entry.image_url == "https://allotments.example.com/media/seed-swap.jpg"


def test_entry_without_title_is_named_by_the_start_of_its_summary():
    entry = parse_file("rss092.xml").entries[0]
    assert entry.title == "The water troughs on the east side will be switched off for…"
    assert entry.summary_html.startswith("The water troughs on the east side will be <em>switched")


def test_rss10_dc_date_is_the_publication_date_and_a_bare_date_is_utc_midnight():
    second = parse_file("rss10.xml").entries[1]
    assert second.published == datetime(2025, 6, 5, tzinfo=UTC)
    assert second.categories == ["Climate"]


def test_atom_links_resolve_against_xml_base_and_content_is_not_summary():
    first, second = parse_file("atom.xml").entries
    assert first.summary_html == "How we true a wheel without a stand."
    assert 'src="https://blog.example.de/posts/images/truing.jpg"' in first.content_html
    assert first.updated == datetime(2025, 6, 8, 8, 30, tzinfo=UTC)
    # An entry with content and no summary has no summary, not a copy of its content.
    assert (second.summary_html, second.content_html) == ("", "<p>Come by on <b>Saturday</b>.</p>")


def test_atom_entry_inherits_feed_author_and_keeps_its_own_language():
    feed = parse_file("atom.xml")
    second = feed.entries[1]
    assert (second.author, second.language, second.title) == (
        "Jonas Weber",
        "en",
        "Open day & spare parts sale",
    )
    assert second.published == second.updated == datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    assert feed.description == "Notes from a small bicycle workshop"


def test_json_feed_items_map_like_xml_entries():
    first, second = parse_file("feed.json").entries
    assert first.content_html == "<p>Red, green and brown lentils, and when to use each.</p>"
    assert first.summary_html == "Red, green and brown lentils."
    assert first.image_url == "https://kitchen.example.com/img/ep42.jpg"
    assert first.updated == datetime(2025, 6, 4, 9, 0, tzinfo=UTC)
    assert second.guid == "41"
    assert second.image_url == "https://kitchen.example.com/img/ep41-wide.jpg"
    assert second.content_html == (
        "<p>No-knead bread in a cold oven.</p><p>Listeners sent in their loaves &amp; results.</p>"
    )
    assert second.title == "No-knead bread in a cold oven"
    assert second.author == "Priya Nair"
    assert second.published == datetime(2025, 5, 27, 6, 0, tzinfo=UTC)


def test_media_description_before_the_description_is_a_caption_not_the_summary():
    body = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
<item>
  <media:group>
    <media:content url="https://a.example/photo.jpg" medium="image" width="800" height="600"/>
    <media:description>Photo caption</media:description>
    <media:title>Photo title</media:title>
    <media:credit>Photo agency</media:credit>
  </media:group>
  <title>Real title</title><description>Real summary</description>
  <link>https://a.example/1</link>
</item></channel></rss>"""
    entry = parse_feed(body, url="https://a.example/feed").entries[0]
    assert (entry.title, entry.summary_html) == ("Real title", "Real summary")
    assert (entry.image_caption, entry.image_credit) == ("Photo caption", "Photo agency")


def test_entry_with_no_id_or_link_gets_a_stable_id():
    body = b"""<rss version="2.0"><channel><title>T</title>
<item><title>Only a title</title></item></channel></rss>"""
    first = parse_feed(body, url="https://a.example/feed").entries[0]
    again = parse_feed(body, url="https://a.example/feed").entries[0]
    assert first.guid == again.guid
    assert first.guid.startswith("sha256:")
    assert first.url == ""


def test_links_that_are_not_http_are_dropped():
    body = b"""<rss version="2.0"><channel><title>T</title>
<item><title>Click</title><link>javascript:alert(1)</link>
<guid isPermaLink="false">x-1</guid></item>
</channel></rss>"""
    entry = parse_feed(body, url="https://a.example/feed").entries[0]
    assert (entry.guid, entry.url) == ("x-1", "")
