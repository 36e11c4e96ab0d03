from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

import feedparser

from tidings.demo.clock import days_to_now
from tidings.demo.site import build_demo_site
from tidings.web.tests.html import parse

from .conftest import BASE

NOW = datetime(2026, 12, 7, 19, 0, tzinfo=UTC)


def test_the_clock_moves_the_newest_article_into_the_last_day_never_past_now():
    assert days_to_now(datetime(2014, 3, 12, 20, 0, tzinfo=UTC), NOW) == 4652
    newest = datetime(2014, 3, 12, 20, 0, tzinfo=UTC) + timedelta(days=4652)
    assert NOW - timedelta(days=1) < newest <= NOW
    assert days_to_now(NOW + timedelta(hours=1), NOW) == 0


def feed_dates(site, outlet):
    feed = next(feed for feed in site.feeds if feed.outlet == outlet)
    parsed = feedparser.parse(site.resources[urlsplit(feed.url).path].body)
    return [datetime(*entry.published_parsed[:6], tzinfo=UTC) for entry in parsed.entries]


def test_each_run_of_news_is_replayed_so_its_newest_article_is_from_today(bundled_site):
    replayed = build_demo_site(BASE, shifts={}, now=NOW)
    days = replayed.shifts
    assert days["uci from 2014-03-10"] == (NOW - datetime(2014, 3, 12, 4, 31, 58, tzinfo=UTC)).days
    # Powell's resignation and its sources, December 2004, apart from the 2012 news.
    assert days["wikinews-usgov from 2004-11-15"] == (NOW.date() - date(2004, 12, 22)).days
    assert days["wikinews-usgov from 2012-05-07"] == (NOW.date() - date(2012, 11, 12)).days
    assert replayed.published == (date(2004, 11, 15), date(2023, 2, 23))
    runs = (("Reuters", "uci from 2014-03-10"), ("Wikinews (fr)", "wikinews-usgov from 2012-05-07"))
    for outlet, run in runs:
        before, after = feed_dates(bundled_site, outlet), feed_dates(replayed, outlet)
        gap = timedelta(days=days[run])
        assert [a - b for a, b in zip(after, before, strict=True)] == [gap] * len(before)
    uci = [when for feed in replayed.feeds[:60] for when in feed_dates(replayed, feed.outlet)]
    assert NOW - timedelta(days=1) < max(uci) <= NOW


def test_a_later_run_keeps_the_days_of_the_first():
    again = build_demo_site(BASE, shifts={"uci from 2014-03-10": 10}, now=NOW)
    assert again.shifts["uci from 2014-03-10"] == 10
    assert feed_dates(again, "Reuters")[0].year == 2014


def test_a_date_without_a_time_stays_a_date_on_the_shifted_page():
    shifted = build_demo_site(BASE, shifts={"wikinews-usgov from 2012-05-07": 10})
    page = next(
        resource.body.decode()
        for path, resource in shifted.resources.items()
        if "wikinews-fr-45722" in path
    )
    assert 'datetime="2012-11-17"' in page


def test_every_page_of_a_demo_says_its_dates_were_shifted_and_when_they_were_published(
    client, settings, make_article
):
    settings.TIDINGS = {
        **settings.TIDINGS,
        "DEMO_PUBLISHED": (date(2004, 11, 15), date(2014, 3, 12)),
    }
    make_article()

    for path in ("/", "/stories/"):
        banner = parse(client.get(path)).find("p", class_="demo-banner")
        assert banner.plain == (
            "Demo: dates shifted to today. The articles were published between 15 November "
            "2004 and 12 March 2014; each run of them is moved forward so that its newest "
            "article is from today, keeping their order and the time between them."
        )


def test_pages_outside_the_demo_have_no_banner(client, make_article):
    make_article()
    assert not parse(client.get("/")).find_all("p", class_="demo-banner")
