"""fetch() against the loopback feed server: answers, failures as codes, and the guards."""

from __future__ import annotations

import threading
import time
import tracemalloc
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from tidings.fetch import (
    FetchError,
    FetchPolicy,
    PrivateNetworks,
    fetch,
    host_slot,
    parse_private_networks,
)

TESTDATA = Path(__file__).parent.parent / "testdata"


def fetch_error(url, policy, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, **kwargs)
    return caught.value


def test_fetch_returns_body_type_charset_and_validators(feed_server, policy):
    url = feed_server.url("fetch/testdata/feed.rss?type=application/RSS%2Bxml;%20charset=UTF-8")
    result = fetch(url, policy)
    assert result.status == 200
    assert result.body == (TESTDATA / "feed.rss").read_bytes()
    assert (result.content_type, result.charset) == ("application/rss+xml", "utf-8")
    assert result.etag and result.last_modified == "Mon, 09 Jun 2025 23:30:00 GMT"
    assert result.url == url


def test_fetch_sends_honest_user_agent_and_supported_encodings(feed_server, policy):
    fetch(feed_server.url("fetch/testdata/feed.rss?who=ua"), policy)
    (seen,) = [r for r in feed_server.requests_to("fetch/testdata/feed.rss") if "who=ua" in r.path]
    assert seen.headers["User-Agent"] == "tidings-test"
    assert seen.headers["Accept-Encoding"] == "gzip, deflate"
    assert "application/rss+xml" in seen.headers["Accept"]


def test_conditional_get_with_matching_etag_is_not_modified(feed_server, policy):
    url = feed_server.url("fetch/testdata/feed.rss")
    first = fetch(url, policy)
    again = fetch(url, policy, etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.body, again.not_modified) == (304, b"", True)
    assert (again.etag, again.last_modified) == (first.etag, first.last_modified)
    sent = feed_server.requests_to("fetch/testdata/feed.rss")[-1].headers
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == first.last_modified


def test_gzip_body_is_decompressed(feed_server, policy):
    result = fetch(feed_server.url("fetch/testdata/page.html.gz"), policy)
    assert result.body.startswith(b"<!doctype html>")
    assert result.body.count("café".encode()) == 200


@pytest.mark.parametrize(
    "compress",
    [zlib.compress, lambda data: zlib.compress(data)[2:-4]],
    ids=["zlib-wrapped", "raw"],
)
def test_deflate_body_is_decompressed_either_way_servers_send_it(route, policy, compress):
    body = b"<rss>" + b"deflated " * 1000 + b"</rss>"
    url = route("/fetch-deflate", 200, {"Content-Encoding": "deflate"}, compress(body))
    assert fetch(url, policy).body == body


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_statuses_become_http_codes(feed_server, policy, status):
    error = fetch_error(feed_server.url(f"_/status/{status}"), policy)
    assert (error.code, error.status) == (f"http_{status}", status)


def test_429_is_rate_limited_with_retry_after_seconds(feed_server, policy):
    error = fetch_error(feed_server.url("_/status/429?retry_after=120"), policy)
    assert (error.code, error.status, error.retry_after) == ("rate_limited", 429, 120.0)


def test_503_with_retry_after_date_is_rate_limited(route, policy):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=300), usegmt=True)
    url = route("/fetch-busy", 503, {"Retry-After": when}, b"busy")
    error = fetch_error(url, policy)
    assert (error.code, error.status) == ("rate_limited", 503)
    assert 290 <= error.retry_after <= 300


def test_503_without_retry_after_is_a_plain_http_error(feed_server, policy):
    assert fetch_error(feed_server.url("_/status/503"), policy).code == "http_503"


def test_read_timeout_gives_up_quickly(feed_server, policy):
    error = fetch_error(feed_server.url("_/slow?seconds=1.5"), replace(policy, read_timeout=0.2))
    assert error.code == "timeout"  # the answer would have come at 1.5 s


def test_slow_drip_stops_at_the_overall_deadline(drip_server, policy):
    # Each byte comes well within the read timeout; only the overall deadline
    # (0.2 connect + 3 x 0.3 read = 1.1 s) ends it.
    started = time.monotonic()
    error = fetch_error(drip_server, replace(policy, connect_timeout=0.2, read_timeout=0.3))
    assert error.code == "timeout"
    assert time.monotonic() - started > 1.0  # not before the deadline


def test_refused_connection_is_connect(closed_port, policy):
    assert fetch_error(f"http://127.0.0.1:{closed_port}/feed", policy).code == "connect"


def test_https_to_a_plain_http_server_is_tls(feed_server, policy):
    url = feed_server.url("fetch/testdata/feed.rss").replace("http://", "https://")
    assert fetch_error(url, policy).code == "tls"


def test_redirect_is_followed_and_final_url_reported(feed_server, policy):
    target = feed_server.url("fetch/testdata/feed.rss")
    result = fetch(feed_server.url(f"_/redirect?to={target}"), policy)
    assert (result.status, result.url) == (200, target)


def test_redirect_loop_is_detected(route, policy):
    route("/fetch-loop-b", 302, {"Location": "/fetch-loop-a"})
    url = route("/fetch-loop-a", 301, {"Location": "/fetch-loop-b"})
    assert fetch_error(url, policy).code == "redirect_loop"


def test_too_many_redirects_stops_after_the_limit(feed_server, policy):
    before = len(feed_server.requests_to("_/loop"))
    error = fetch_error(feed_server.url("_/loop"), replace(policy, max_redirects=3))
    assert error.code == "too_many_redirects"
    assert len(feed_server.requests_to("_/loop")) - before == 4  # the first and three hops


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/feed", "data:text/plain,hello"]
)
def test_only_http_and_https_are_fetched(policy, url):
    assert fetch_error(url, policy).code == "bad_scheme"


def test_redirect_to_a_local_file_is_refused(feed_server, policy):
    error = fetch_error(feed_server.url("_/redirect?to=file:///etc/passwd"), policy)
    assert error.code == "bad_scheme"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "0.0.0.0"])
def test_loopback_is_refused_before_any_request_is_sent(feed_server, policy, host):
    port = feed_server.base.rsplit(":", 1)[1]
    seen_before = len(feed_server.requests)
    strict = replace(policy, private_networks=PrivateNetworks())
    error = fetch_error(f"http://{host}:{port}/fetch/testdata/feed.rss", strict)
    assert error.code == "private_address"
    assert len(feed_server.requests) == seen_before


def test_redirect_to_loopback_is_refused_without_allow_private(feed_server, policy):
    # Only loopback servers exist in tests, so the first hop is refused too; what this
    # shows is that the refusal happens before the loopback server sees a request.
    seen_before = len(feed_server.requests)
    target = feed_server.url("fetch/testdata/feed.rss")
    url = feed_server.url(f"_/redirect?to={target}")
    error = fetch_error(url, replace(policy, private_networks=PrivateNetworks()))
    assert error.code == "private_address"
    assert len(feed_server.requests) == seen_before


def test_announced_oversized_body_is_refused(feed_server, policy):
    error = fetch_error(feed_server.url("_/big?bytes=2000000"), replace(policy, max_bytes=1000))
    assert error.code == "too_large"


def test_gzip_bomb_fails_fast(feed_server, policy):
    error = fetch_error(feed_server.url("_/bomb"), replace(policy, max_bytes=1_000_000))
    assert error.code == "too_large"


def test_gzip_bomb_never_holds_much_more_than_the_limit(route, policy):
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1_000_000)
    bomb = b"".join(packer.compress(zeros) for _ in range(200)) + packer.flush()  # 200 MB
    url = route("/fetch-bomb", 200, {"Content-Encoding": "gzip"}, bomb)
    tracemalloc.start()
    try:
        error = fetch_error(url, replace(policy, max_bytes=1_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.code == "too_large"
    assert peak < 8_000_000


def test_host_slot_lets_at_most_limit_in_per_host():
    inside, most, lock = {"a": 0, "b": 0}, {"a": 0, "b": 0}, threading.Lock()

    def visit(host: str) -> None:
        with host_slot(f"https://{host}.example/page", 2):
            with lock:
                inside[host] += 1
                most[host] = max(most[host], inside[host])
            time.sleep(0.05)
            with lock:
                inside[host] -= 1

    threads = [threading.Thread(target=visit, args=(host,)) for host in "ab" * 6]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"a": 2, "b": 2}


def test_fetches_to_one_host_wait_for_a_slot(feed_server, policy):
    def elapsed_for_six(limit: int) -> float:
        started = time.monotonic()
        url = feed_server.url("_/slow?seconds=0.25")
        throttled = replace(policy, host_concurrency=limit)
        threads = [threading.Thread(target=fetch, args=(url, throttled)) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started

    assert elapsed_for_six(2) >= 0.75  # three rounds of two
    assert elapsed_for_six(6) < 0.6  # one round


def test_offline_policy_fetches_only_this_machine(feed_server):
    offline = FetchPolicy(
        user_agent="tidings-test", private_networks=parse_private_networks("1"), offline=True
    )
    assert fetch(feed_server.url("fetch/testdata/feed.rss"), offline).status == 200
    with pytest.raises(FetchError) as refused:
        fetch("https://publisher.example/article", offline)
    assert refused.value.code == "offline"  # refused before any lookup or connection
