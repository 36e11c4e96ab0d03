"""The whole pipeline, end to end, against the loopback feed server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.articles.images import make_pending_pictures
from tidings.articles.models import Article, ArticleVersion
from tidings.enrich.models import ArticleHashtag
from tidings.pipeline import refresh_source
from tidings.sources.models import FetchLog, Source

pytestmark = pytest.mark.django_db

FEED = "testdata/site/feed.xml"

CHANGING_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Changing</title><link>https://changing.example/</link>
<item><title>{title}</title><link>https://changing.example/a</link><guid>a-1</guid>
<pubDate>Tue, 03 Jun 2025 09:00:00 +0000</pubDate><description>{text}</description></item>
</channel></rss>"""


def follow(url: str) -> Source:
    return Source.objects.create(url=url, name="test source")


def test_refresh_stores_each_item_once(feed_server, allow_private_networks):
    source = follow(feed_server.url(FEED))
    first = refresh_source(source.pk)
    second = refresh_source(source.pk)
    assert (first.new_articles, first.error_code) == (3, "")
    assert second.new_articles == 0
    assert source.articles.count() == 3


def test_second_fetch_is_conditional_and_answered_304(feed_server, allow_private_networks):
    source = follow(feed_server.url(FEED))
    refresh_source(source.pk)
    log = refresh_source(source.pk)
    assert log.status == 304
    assert feed_server.requests_to(FEED)[-1].headers.get("If-None-Match")


def test_full_text_comes_from_the_feed_when_it_is_the_whole_article(
    feed_server, allow_private_networks
):
    source = follow(feed_server.url(FEED))
    refresh_source(source.pk)
    pier = source.articles.get(guid="gazette-pier-1")
    assert pier.text_origin == "feed"
    assert pier.text.startswith("The harbour authority of the fictional town")
    assert "<script" not in pier.content_html and "alert(1)" not in pier.text
    assert len(pier.paragraphs) == 2
    # Tracking parameters never reach the canonical URL.
    assert "utm_" not in pier.canonical_url and pier.canonical_url.endswith("articles/pier.html")


def test_summary_only_entries_get_their_text_image_and_credit_from_the_page(
    feed_server, allow_private_networks
):
    source = follow(feed_server.url(FEED))
    refresh_source(source.pk)
    article = source.articles.get(guid="gazette-lighthouse-2")
    assert article.text_origin == "page"
    assert article.paragraphs[0].startswith("Tomas Brede climbed the one hundred")
    assert "Subscribe to our newsletter" not in article.text
    assert "Cookie settings" not in article.text
    assert article.image_caption.startswith("Tomas Brede at the top of the Saltmere lighthouse")
    assert article.image_credit == "SALTMERE GAZETTE"
    # The picture itself is downloaded after the refresh, in the background.
    assert article.image_url.endswith("/lead.png") and not article.image
    assert make_pending_pictures() == 1
    article.refresh_from_db()
    assert article.image.name.endswith(".png")
    assert article.image.read().startswith(b"\x89PNG")


def test_pages_that_robots_txt_forbids_are_not_fetched(feed_server, allow_private_networks):
    source = follow(feed_server.url(FEED))
    refresh_source(source.pk)
    minutes = source.articles.get(guid="gazette-minutes-3")
    assert minutes.text_origin == "summary"
    assert minutes.text == "The minutes of the council meeting are available to members."
    assert "robots.txt" in minutes.page_error
    assert not feed_server.requests_to("private/minutes.html")


def test_feed_categories_become_hashtags(feed_server, allow_private_networks):
    source = follow(feed_server.url(FEED))
    refresh_source(source.pk)
    pier = source.articles.get(guid="gazette-pier-1")
    from_feed = ArticleHashtag.objects.filter(article=pier, origin=ArticleHashtag.Origin.FEED)
    tags = [link.hashtag.tag for link in from_feed]
    assert tags == ["#Harbour"]  # "Local News" is the feed's section, not a subject


def test_a_changed_article_is_updated_and_keeps_its_earlier_version(
    feed_server, allow_private_networks
):
    path = "/changing/feed.xml"
    feed_server.routes[path] = (
        200,
        {"Content-Type": "application/rss+xml"},
        CHANGING_FEED.format(title="First headline", text="First text.").encode(),
    )
    source = follow(feed_server.url(path))
    refresh_source(source.pk)
    feed_server.routes[path] = (
        200,
        {"Content-Type": "application/rss+xml"},
        CHANGING_FEED.format(title="Corrected headline", text="Corrected text.").encode(),
    )
    source.refresh_from_db()
    log = refresh_source(source.pk)
    article = Article.objects.get(source=source)
    assert (log.new_articles, log.updated_articles) == (0, 1)
    assert article.title == "Corrected headline"
    assert [version.title for version in ArticleVersion.objects.filter(article=article)] == [
        "First headline"
    ]


def test_refresh_records_404_and_backs_off(feed_server, allow_private_networks):
    source = follow(feed_server.url("_/status/404"))
    log = refresh_source(source.pk)
    source.refresh_from_db()
    assert (source.error_count, source.last_error_code, log.error_code) == (
        1,
        "http_404",
        "http_404",
    )
    assert source.next_fetch_at > timezone.now() + timedelta(minutes=20)
    refresh_source(source.pk)
    source.refresh_from_db()
    assert source.error_count == 2


def test_a_web_page_where_the_feed_should_be_is_a_parse_error(feed_server, allow_private_networks):
    source = follow(feed_server.url("testdata/site/home.html"))
    log = refresh_source(source.pk)
    assert log.error_code == "parse_error"
    assert "HTML" in log.error


def test_loopback_feeds_are_refused_unless_allowed(feed_server):
    source = follow(feed_server.url(FEED))
    log = refresh_source(source.pk)
    assert log.error_code == "private_address"
    assert source.articles.count() == 0


def test_every_fetch_is_logged(feed_server, allow_private_networks):
    source = follow(feed_server.url(FEED))
    refresh_source(source.pk)
    log = FetchLog.objects.get(source=source)
    assert (log.status, log.new_articles) == (200, 3)
    assert log.bytes > 1000


def test_a_source_claimed_by_another_worker_is_skipped(feed_server, allow_private_networks):
    source = follow(feed_server.url(FEED))
    Source.objects.filter(pk=source.pk).update(claimed_until=timezone.now() + timedelta(minutes=5))
    assert refresh_source(source.pk) is None
    assert source.articles.count() == 0
