import socket
from email.utils import format_datetime
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest

from tidings.demo.server import DemoFeedServer, DemoPortInUse
from tidings.demo.site import build_demo_site


@pytest.fixture(scope="module")
def server(seed_dir):
    with DemoFeedServer(port=0, seed_dir=seed_dir) as running:
        yield running


def test_server_serves_index_feeds_and_pages_at_its_own_address(server):
    assert server.site.base_url == server.base_url
    index = httpx.get(server.url("/"))
    assert index.status_code == 200
    assert index.headers["content-type"] == "text/html; charset=utf-8"

    feed = next(feed for feed in server.site.feeds if feed.outlet == "NHK")
    response = httpx.get(feed.url)
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert int(response.headers["content-length"]) == len(response.content)
    parsed = feedparser.parse(response.content)
    assert len(parsed.entries) == feed.items == 2

    page = httpx.get(parsed.entries[0].link)
    assert page.status_code == 200
    assert parsed.entries[0].title.encode() in page.content


def test_conditional_get_answers_304_to_etag_and_date(server):
    first = httpx.get(server.url("/feeds/global-voices.xml"))
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]

    by_etag = httpx.get(first.url, headers={"If-None-Match": etag})
    by_date = httpx.get(first.url, headers={"If-Modified-Since": last_modified})
    changed = httpx.get(first.url, headers={"If-None-Match": '"something-else"'})

    assert (by_etag.status_code, by_etag.content, by_etag.headers["etag"]) == (304, b"", etag)
    assert (by_date.status_code, by_date.content) == (304, b"")
    assert (changed.status_code, changed.content) == (200, first.content)


def test_if_modified_since_before_the_last_change_gets_the_body(server):
    first = httpx.get(server.url("/feeds/global-voices.xml"))
    resource = server.site.resources["/feeds/global-voices.xml"]
    earlier = format_datetime(resource.modified.replace(year=2008), usegmt=True)
    again = httpx.get(first.url, headers={"If-Modified-Since": earlier})
    assert (again.status_code, again.content) == (200, first.content)


def test_unknown_path_is_404_and_head_sends_headers_only(server):
    assert httpx.get(server.url("/feeds/nope.xml")).status_code == 404
    head = httpx.head(server.url("/robots.txt"))
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) == len(server.site.resources["/robots.txt"].body)


def test_taken_port_fails_with_a_message_naming_it():
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(DemoPortInUse) as raised:
            DemoFeedServer(port=port).start()
    assert str(port) in str(raised.value)
    assert "--feeds-port" in str(raised.value)


def test_server_serves_a_site_built_beforehand_for_its_address():
    probe = DemoFeedServer(port=0).start()
    port = probe.port
    probe.stop()
    server = DemoFeedServer(port=port)
    site = build_demo_site(server.base_url)
    server.serve(site)
    try:
        feed = httpx.get(site.feeds[0].url)
        assert feed.status_code == 200
        assert feed.content == site.resources[urlsplit(site.feeds[0].url).path].body
    finally:
        server.stop()


def test_site_built_for_another_address_is_refused():
    with pytest.raises(ValueError):
        DemoFeedServer(port=8765).serve(build_demo_site("http://127.0.0.1:9999"))


def test_stopped_server_frees_its_port_for_the_next_run():
    first = DemoFeedServer(port=0).start()
    port = first.port
    first.stop()
    with DemoFeedServer(port=port) as second:
        assert httpx.get(second.url("/robots.txt")).status_code == 200
        assert second.site.feeds[0].url.startswith(f"http://127.0.0.1:{port}/")
