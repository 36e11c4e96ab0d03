"""RobotsCache: the site's robots.txt, fetched once per host, read as RFC 9309 says."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from tidings.fetch import FetchError, PrivateNetworks, RobotsCache


def robots_fetches(feed_server) -> int:
    return len(feed_server.requests_to("robots.txt"))


def test_robots_txt_allows_and_disallows_by_path(feed_server, policy):
    robots = RobotsCache(policy)
    assert robots.allowed(feed_server.url("fetch/testdata/feed.rss"))
    assert not robots.allowed(feed_server.url("private/secret.html"))


def test_robots_txt_is_fetched_once_per_host_while_fresh(feed_server, policy):
    robots = RobotsCache(policy)
    before = robots_fetches(feed_server)
    for page in ("a.html", "b.html", "private/c.html"):
        robots.allowed(feed_server.url(page))
    assert robots_fetches(feed_server) - before == 1
    assert feed_server.requests_to("robots.txt")[-1].headers["User-Agent"] == "tidings-test"


def test_robots_txt_is_fetched_again_once_expired(feed_server, policy):
    robots = RobotsCache(policy, ttl=0.0)
    before = robots_fetches(feed_server)
    robots.allowed(feed_server.url("a.html"))
    robots.allowed(feed_server.url("b.html"))
    assert robots_fetches(feed_server) - before == 2


def test_rules_for_tidings_win_over_the_wildcard_group(route, feed_server, policy):
    rules = b"User-agent: *\nDisallow: /\n\nUser-agent: tidings\nDisallow: /drafts/\n"
    route("/robots.txt", 200, {"Content-Type": "text/plain"}, rules)
    robots = RobotsCache(policy)
    assert robots.allowed(feed_server.url("news/today.html"))
    assert not robots.allowed(feed_server.url("drafts/tomorrow.html"))


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_missing_robots_txt_allows_everything(route, feed_server, policy, status):
    route("/robots.txt", status, {"Content-Type": "text/plain"}, b"nope")
    assert RobotsCache(policy).allowed(feed_server.url("private/page.html"))


@pytest.mark.parametrize("status", [429, 500, 503])
def test_failing_robots_txt_disallows_everything(route, feed_server, policy, status):
    route("/robots.txt", status, {"Content-Type": "text/plain"}, b"down")
    assert not RobotsCache(policy).allowed(feed_server.url("news/today.html"))


def test_unreachable_host_fails_at_once_the_second_time(closed_port, policy):
    robots = RobotsCache(policy)
    page = f"http://127.0.0.1:{closed_port}/news/today.html"
    with pytest.raises(FetchError) as first:
        robots.allowed(page)
    assert first.value.code == "connect"
    # Something now listens there but never answers: asking it would time out, so a
    # quick "connect" error proves the failure was remembered.
    with socket.create_server(("127.0.0.1", closed_port)):
        with pytest.raises(FetchError) as second:
            robots.allowed(f"http://127.0.0.1:{closed_port}/news/other.html")
        assert second.value.code == "connect"


def test_private_host_is_refused_not_fetched(feed_server, policy):
    robots = RobotsCache(replace(policy, private_networks=PrivateNetworks()))
    before = robots_fetches(feed_server)
    with pytest.raises(FetchError) as caught:
        robots.allowed(feed_server.url("news/today.html"))
    assert caught.value.code == "private_address"
    assert robots_fetches(feed_server) == before


def test_non_http_url_is_refused(policy):
    with pytest.raises(FetchError) as caught:
        RobotsCache(policy).allowed("file:///etc/passwd")
    assert caught.value.code == "bad_scheme"
