"""Hostile feeds through the real fetcher, the loopback server and refresh_source: each is
refused with a reason, or read within its budget, and what was left out is recorded."""

from __future__ import annotations

import pytest

from tidings.fetch import parse_private_networks
from tidings.parse.feeds import MAX_ENTRIES
from tidings.pipeline import refresh_source
from tidings.sources.models import FetchLog, Source

pytestmark = pytest.mark.django_db
HOSTILE = "parse/testdata/hostile"
RSS = {"Content-Type": "application/rss+xml"}


def follow(url: str, *, fetch_pages: bool = False) -> Source:
    return Source.objects.create(url=url, name="hostile", fetch_pages=fetch_pages)


def rss(items: str) -> bytes:
    return f'<rss version="2.0"><channel><title>H</title>{items}</channel></rss>'.encode()


def test_an_entity_bomb_is_refused_and_the_reason_recorded(feed_server, allow_private_networks):
    source = follow(feed_server.url(f"{HOSTILE}/billion_laughs.xml"))
    log = refresh_source(source.pk)
    source.refresh_from_db()
    assert (log.error_code, source.last_error_code, source.error_count) == (
        "parse_error",
        "parse_error",
        1,
    )
    assert "declares XML entities" in source.last_error
    assert "billion laughs" in FetchLog.objects.get(source=source).error
    assert not source.articles.exists()


def test_a_lone_surrogate_spoils_only_its_own_title(feed_server, allow_private_networks):
    source = follow(feed_server.url(f"{HOSTILE}/lone_surrogate.json"))
    log = refresh_source(source.pk)
    assert (log.error_code, log.new_articles) == ("", 3)
    titles = dict(source.articles.values_list("guid", "title"))
    assert titles == {
        "good-1": "A good first item",
        "bad-2": "Half a smiley \ufffd in the title",
        "good-3": "A good third item",
    }


def test_an_archive_dump_is_stored_up_to_the_cap_and_the_cut_recorded(
    feed_server, allow_private_networks, route
):
    items = "".join(f"<item><guid>d-{n}</guid><title>T{n}</title></item>" for n in range(100_000))
    source = follow(route("/hostile/dump.xml", 200, RSS, rss(items)))
    log = refresh_source(source.pk)
    source.refresh_from_db()
    assert (log.error_code, log.new_articles) == ("", MAX_ENTRIES)
    assert f"more than {MAX_ENTRIES} items" in log.note
    assert source.health.startswith("ok, but the feed has more than")


def test_a_guid_flood_keeps_one_and_says_how_many_it_dropped(
    feed_server, allow_private_networks, route
):
    items = "".join(f"<item><guid>same</guid><title>Copy {n}</title></item>" for n in range(1000))
    source = follow(route("/hostile/flood.xml", 200, RSS, rss(items)))
    log = refresh_source(source.pk)
    source.refresh_from_db()
    # The cap reads the first 500; of those, 499 repeat the first one's GUID.
    assert (log.new_articles, log.duplicate_guids) == (1, MAX_ENTRIES - 1)
    assert source.articles.get().title == "Copy 0"
    assert f"{MAX_ENTRIES - 1} items repeated another item's GUID, dropped" in source.last_note
    assert source.health.startswith("ok, but")


def test_pages_past_the_refresh_budget_are_left_for_the_next_fetch(
    feed_server, allow_private_networks, route, settings
):
    settings.TIDINGS = {**settings.TIDINGS, "REFRESH_SECONDS": 1, "HOST_CONCURRENCY": 8}
    drip = feed_server.url("_/drip?seconds=3")
    items = "".join(
        f"<item><guid>slow-{n}</guid><title>Slow {n}</title><link>{drip}&amp;n={n}</link>"
        "<description>A teaser…</description></item>"
        for n in range(20)
    )
    headers = {**RSS, "ETag": '"slow-feed"'}
    source = follow(route("/hostile/slow.xml", 200, headers, rss(items)), fetch_pages=True)
    first = refresh_source(source.pk)
    source.refresh_from_db()
    assert (first.error_code, first.new_articles, first.entries_left) == ("", 0, 20)
    assert "time ran out (1 s): 20 items left" in source.last_note
    assert source.etag == ""  # so that the next fetch reads the feed again, not a 304

    settings.TIDINGS = {**settings.TIDINGS, "REFRESH_SECONDS": 300}
    route("/_/drip", 200, {"Content-Type": "text/html"}, b"<html><body>quick</body></html>")
    second = refresh_source(source.pk)
    source.refresh_from_db()
    assert (second.new_articles, second.entries_left) == (20, 0)
    assert source.articles.count() == 20 and source.health == "ok"


def test_with_1_item_links_to_metadata_addresses_are_still_refused(
    feed_server, allow_private_networks, route
):
    item = (
        "<item><guid>m-1</guid><title>Metadata</title>"
        "<link>http://169.254.169.254/latest/meta-data/</link><description>x</description></item>"
    )
    source = follow(route("/hostile/metadata.xml", 200, RSS, rss(item)), fetch_pages=True)
    refresh_source(source.pk)
    article = source.articles.get()
    assert "TIDINGS_ALLOW_PRIVATE_NETWORKS" in article.page_error
    assert article.text_origin == "summary"


def test_a_network_named_in_the_setting_is_reached_and_others_are_not(feed_server, route, settings):
    feed = route("/hostile/named.xml", 200, RSS, rss("<item><guid>n</guid><title>N</title></item>"))
    settings.TIDINGS = {
        **settings.TIDINGS,
        "ALLOW_PRIVATE_NETWORKS": parse_private_networks("10.0.0.0/8"),
    }
    refused = refresh_source(follow(feed).pk)
    assert refused.error_code == "private_address"
    settings.TIDINGS = {
        **settings.TIDINGS,
        "ALLOW_PRIVATE_NETWORKS": parse_private_networks("127.0.0.1"),
    }
    assert refresh_source(Source.objects.get(url=feed).pk).new_articles == 1
