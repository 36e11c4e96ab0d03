"""The daily wrap-up (page, RSS, API) and the AI panel's API shapes."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tidings.ai.models import WrapUp
from tidings.web.tests.conftest import QUAKE, REWRITE
from tidings.web.tests.html import parse, text_of


@pytest.fixture
def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def news_of(make_source, make_article, make_story):
    def make(day: date, title: str, outlets: int):
        noon = datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())
        articles = [
            make_article(
                source=make_source(),
                title=title,
                text=QUAKE if n == 0 else REWRITE,
                published_at=noon + timedelta(minutes=n),
            )
            for n in range(outlets)
        ]
        return make_story(*articles)

    return make


def test_wrap_up_ranks_the_days_stories_and_tells_each_with_citations(client, news_of, yesterday):
    wide = news_of(yesterday, "Earthquake kills 12 in Italy", outlets=3)
    narrow = news_of(yesterday, "Quake aftershock", outlets=1)
    news_of(yesterday - timedelta(days=1), "Older quake", outlets=4)

    page = parse(client.get(f"/wrap-up/{yesterday.isoformat()}/"))
    titles = [tag.plain for tag in page.find_all("h2", class_="card-title")]
    assert titles == [wide.title, narrow.title]
    citations = page.find_all("a", class_="ai-citation")
    assert citations and all("#s-" in a.attrs["href"] for a in citations)
    statements = page.find_all("li", class_="ai-statement")
    assert 2 <= len(statements) <= 4


def test_a_past_days_wrap_up_is_stored_and_does_not_change(client, news_of, yesterday):
    news_of(yesterday, "Earthquake kills 12 in Italy", outlets=2)
    first = client.get(f"/api/v1/wrap-up/{yesterday.isoformat()}").json()
    assert WrapUp.objects.get(date=yesterday).final
    news_of(yesterday, "A late story of yesterday", outlets=5)
    assert client.get(f"/api/v1/wrap-up/{yesterday.isoformat()}").json() == first


def test_a_day_without_news_says_so(client, db, yesterday):
    assert "No news that day" in text_of(client.get(f"/wrap-up/{yesterday.isoformat()}/"))
    assert client.get(f"/api/v1/wrap-up/{yesterday.isoformat()}").json() == {
        "date": yesterday.isoformat(),
        "stories": [],
    }


def test_today_future_and_nonsense_days(client, db):
    today = timezone.localdate()
    assert client.get("/wrap-up/").status_code == 200
    assert client.get(f"/wrap-up/{today.isoformat()}/").status_code == 302
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert client.get(f"/wrap-up/{tomorrow}/").status_code == 404
    assert client.get(f"/api/v1/wrap-up/{tomorrow}").status_code == 404
    assert client.get("/wrap-up/someday/").status_code == 404


def test_wrap_up_feed_has_one_item_per_day_linking_to_its_page(client, news_of, yesterday):
    news_of(yesterday, "Earthquake kills 12 in Italy", outlets=2)
    response = client.get("/wrap-up/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    body = response.content.decode()
    assert body.count("<item>") == 7
    assert f"/wrap-up/{yesterday.isoformat()}/</link>" in body
    assert "Earthquake kills 12 in Italy" in body


def test_story_api_shapes_carry_article_ids_and_page_urls(client, news_of, yesterday):
    story = news_of(yesterday, "Earthquake kills 12 in Italy", outlets=2)
    summary = client.get(f"/api/v1/stories/{story.id}/summary").json()
    citation = summary["statements"][0]["citations"][0]
    assert set(citation) == {"article_id", "outlet", "sentence", "quote", "page_url"}
    assert citation["page_url"].endswith(
        f"/articles/{citation['article_id']}/#s-{citation['sentence']}"
    )
    assert citation["page_url"].startswith("http")
    five_w = client.get(f"/api/v1/stories/{story.id}/five-w").json()
    assert [item["question"] for item in five_w["answers"]] == [
        "who",
        "what",
        "when",
        "where",
        "why",
        "how",
    ]
    coverage = client.get(f"/api/v1/stories/{story.id}/coverage").json()
    assert coverage["compared"] and len(coverage["outlets"]) == 2
    assert client.get(f"/api/v1/stories/{story.id}/timeline").json()["entries"]
    assert client.get("/api/v1/stories/999999/summary").status_code == 404
