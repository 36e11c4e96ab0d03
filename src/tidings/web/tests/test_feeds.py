"""Our feeds: every kind in RSS, Atom and JSON Feed reads cleanly in a feed reader, with
stable ids, dated entries and absolute links, and answers 304 while nothing changed."""

import json
import re
from datetime import datetime, timedelta

import feedparser
import lxml.html
import pytest
from django.conf import settings
from django.utils import timezone

from tidings.parse.feeds import parse_feed
from tidings.web.tests.html import parse

FORMATS = ["", "atom/", "json/"]
TITLE = "AT&T <b>wins</b> & the <script>alert(1)</script> ruling"
TEXT = "Profits <i>rose</i> by 5% & AT&amp;T cheered."
# RFC 822 zones (RSS) or RFC 3339 offsets (Atom, JSON Feed).
ZONED = re.compile(r"(\+\d{4}|-\d{4}|GMT|UTC|Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def site(make_source, make_article, make_story, make_hashtag):
    """Two outlets telling one story (one article tagged), and a third article."""
    now = timezone.now()
    first, second = make_source(name="First"), make_source(name="Second")
    told = [
        make_article(source=first, title=TITLE, text=TEXT, published_at=now - timedelta(hours=2)),
        make_article(source=second, title="Telecoms ruling", published_at=now - timedelta(hours=1)),
    ]
    make_article(source=first, title="Another matter", published_at=now - timedelta(days=1))
    story = make_story(*told)
    make_hashtag("telecoms", articles=told[:1])
    return {"story": story, "source": first}


def feed_addresses(site, fmt: str) -> list[str]:
    """Every kind of feed, in the format ``fmt`` ("" for RSS, "atom/", "json/")."""
    return [
        "/feed/" + fmt,
        "/stories/feed/" + fmt,
        f"/stories/{site['story'].pk}/feed/{fmt}",
        f"/hashtags/telecoms/feed/{fmt}",
        f"/sources/{site['source'].pk}/feed/{fmt}",
        f"/search/feed/{fmt}?q=telecoms+ruling",
        "/wrap-up/feed/" + fmt,
    ]


def read_feed(client, address: str) -> list[dict]:
    """The feed's entries as ``{"id", "link", "published", "title", "plain_title",
    "summary", "plain_summary"}``, after checking it reads cleanly: RSS and Atom with feedparser (no
    ``bozo``); JSON Feed, which feedparser 6.0 does not read, against the 1.1 specification's
    required fields and with our own reader of JSON feeds."""
    response = client.get(address)
    assert response.status_code == 200, address
    if not response["Content-Type"].startswith("application/feed+json"):
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (address, feed.bozo_exception)
        assert feed.feed.link.startswith(settings.BASE_URL)
        return [
            {
                "id": entry.id,
                "link": entry.link,
                "published": entry.published,
                "title": entry.title,
                "plain_title": entry.title_detail.type == "text/plain",
                "summary": entry.summary,
                "plain_summary": entry.summary_detail.type == "text/plain",
            }
            for entry in feed.entries
        ]
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["home_page_url"].startswith(settings.BASE_URL)
    assert document["feed_url"] == settings.BASE_URL + address
    assert parse_feed(response.content, url=address).entries or not document["items"]
    entries = []
    for item in document["items"]:
        assert isinstance(item["id"], str)
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert datetime.fromisoformat(item["date_published"]).utcoffset() is not None
        entries.append(
            {
                "id": item["id"],
                "link": item["url"],
                "published": item["date_published"],
                "title": item["title"],
                "plain_title": True,
                "summary": item["summary"],
                "plain_summary": True,
            }
        )
    return entries


def shown(value: str) -> str:
    """What a reader shows for a text it renders as HTML."""
    return lxml.html.fragment_fromstring(value, create_parent="div").text_content()


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_feed_reads_cleanly_with_stable_ids_zoned_dates_and_absolute_links(client, site, fmt):
    for address in feed_addresses(site, fmt):
        entries = read_feed(client, address)
        assert entries, address
        for entry in entries:
            assert entry["id"].startswith(settings.BASE_URL), (address, entry["id"])
            assert entry["link"].startswith(settings.BASE_URL)
            assert ZONED.search(entry["published"].strip()), (address, entry["published"])
        again = read_feed(client, address)
        assert [entry["id"] for entry in again] == [entry["id"] for entry in entries]


def test_the_three_formats_carry_the_same_entries(client, site):
    address = f"/stories/{site['story'].pk}/feed/"
    ids = [[entry["id"] for entry in read_feed(client, address + fmt)] for fmt in FORMATS]
    assert ids[0] == ids[1] == ids[2] and len(ids[0]) == 2
    types = [client.get(address + fmt)["Content-Type"] for fmt in FORMATS]
    assert [kind.split(";")[0] for kind in types] == [
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_titles_and_summaries_show_the_publisher_text_not_its_markup(client, site, fmt):
    [entry] = read_feed(client, "/hashtags/telecoms/feed/" + fmt)

    if entry["plain_title"]:
        assert entry["title"] == TITLE
    else:
        assert shown(entry["title"]) == TITLE
        assert "<b>" not in entry["title"] and "<script" not in entry["title"]
    assert (entry["summary"] if entry["plain_summary"] else shown(entry["summary"])) == TEXT


def test_a_feed_answers_304_while_nothing_changed(client, site, make_article):
    address = f"/sources/{site['source'].pk}/feed/atom/"
    first = client.get(address)
    etag, modified = first["ETag"], first["Last-Modified"]

    assert client.get(address, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(address, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    make_article(source=site["source"], title="Breaking", published_at=timezone.now())
    changed = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert client.get(address, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_each_page_names_its_feeds_in_every_format(client, site):
    pages = {
        "/": "/feed/",
        "/stories/": "/stories/feed/",
        f"/stories/{site['story'].pk}/": f"/stories/{site['story'].pk}/feed/",
        "/hashtags/telecoms/": "/hashtags/telecoms/feed/",
        f"/sources/{site['source'].pk}/": f"/sources/{site['source'].pk}/feed/",
        "/wrap-up/": "/wrap-up/feed/",
        "/search/?q=telecoms": "/search/feed/",
    }
    for page_address, feed_address in pages.items():
        page = parse(client.get(page_address))
        links = [link.attrs["href"] for link in page.find_all("link", rel="alternate")]
        paths = {link.split("?")[0] for link in links}
        assert {feed_address + fmt for fmt in FORMATS} <= paths, page_address
        for href in links:
            assert client.get(href).status_code == 200, href


def test_a_merged_storys_feed_moves_to_the_survivors(client, make_article, make_story):
    survivor = make_story(make_article())
    merged = make_story(make_article(), merged_into=survivor)

    response = client.get(f"/stories/{merged.pk}/feed/json/")

    assert response.status_code == 301
    assert response["Location"] == f"/stories/{survivor.pk}/feed/json/"


def test_a_merged_hashtags_feed_moves_to_its_concepts(client, make_article, make_hashtag):
    concept = make_hashtag("floods", articles=[make_article()])
    variant = make_hashtag("flooding")
    variant.merged_into = concept
    variant.save()

    response = client.get("/hashtags/flooding/feed/atom/")

    assert response.status_code == 301
    assert response["Location"] == "/hashtags/floods/feed/atom/"


def test_feeds_of_what_does_not_exist_are_404(client, db):
    for address in ("/stories/999/feed/", "/hashtags/none/feed/atom/", "/sources/999/feed/json/"):
        assert client.get(address).status_code == 404, address


def test_a_search_feed_follows_the_search_and_refuses_what_cannot_be_searched(client, site):
    entries = read_feed(client, "/search/feed/json/?q=ruling")
    assert {entry["title"] for entry in entries} == {"Telecoms ruling", TITLE}
    assert read_feed(client, "/search/feed/?q=matter")[0]["title"] == "Another matter"
    assert client.get("/search/feed/").status_code == 400
    assert client.get("/search/feed/?q=ruling&since=someday").status_code == 400
