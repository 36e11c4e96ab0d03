"""Real publishers' pages (the extraction benchmark's, not in the repo) served from
loopback behind a feed: feed → fetch → extract must give the publisher's article body."""

import gzip
from html import escape

import pytest

from tidings.extract.benchmark import load_benchmark_pages
from tidings.extract.scoring import score_pages
from tidings.pipeline import refresh_source
from tidings.sources.models import Source

pytestmark = pytest.mark.django_db


def test_feed_fetch_extract_recovers_publishers_article_bodies(
    feed_server, allow_private_networks, shared_data
):
    pages = load_benchmark_pages(shared_data / "extraction")
    items = []
    for page in pages:
        path = f"/benchmark/{page.page_id}.html"
        feed_server.routes[path] = (
            200,
            {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
            gzip.compress(page.html),
        )
        items.append(
            f"<item><title>page {page.page_id}</title><link>{feed_server.url(path)}</link>"
            f'<guid isPermaLink="false">{page.page_id}</guid>'
            f"<description>{escape('A teaser.')}</description></item>"
        )
    feed_server.routes["/benchmark/feed.xml"] = (
        200,
        {"Content-Type": "application/rss+xml"},
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Benchmark</title>'
            f"<link>{feed_server.base}/</link>{''.join(items)}</channel></rss>"
        ).encode(),
    )
    source = Source.objects.create(url=feed_server.url("/benchmark/feed.xml"))

    log = refresh_source(source.pk)

    assert (log.error_code, log.new_articles) == ("", len(pages))
    stored = {article.guid: article.text for article in source.articles.all()}
    score = score_pages((page.truth, stored[page.page_id]) for page in pages)
    assert score.f1 >= 0.90, score
