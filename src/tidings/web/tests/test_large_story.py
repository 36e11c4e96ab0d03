"""A story of thousands of articles: its outlets a page at a time, its facts from the first
articles only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tidings.enrich import facts as facts_stage
from tidings.web import queries
from tidings.web.tests.html import parse, text_of


def test_a_story_lists_thirty_outlets_a_page_in_the_order_they_reported(
    client, make_source, make_article, make_story
):
    start = timezone.now() - timedelta(days=1)
    articles = [
        make_article(
            source=make_source(name=f"Outlet {number:02}"),
            published_at=start + timedelta(minutes=number),
        )
        for number in range(35)
    ]
    story = make_story(*articles)

    def outlets(page: int) -> list[str]:
        html = parse(client.get(f"/stories/{story.pk}/", {"page": page}))
        return [tag.plain for tag in html.find_all("h3", class_="outlet-block-name")]

    assert outlets(1) == [f"Outlet {number:02}" for number in range(30)]
    assert outlets(2) == [f"Outlet {number:02}" for number in range(30, 35)]
    assert "Outlets 31 to 35 of 35" in text_of(client.get(f"/stories/{story.pk}/?page=2"))
    assert client.get(f"/stories/{story.pk}/?page=3").status_code == 404


def test_a_huge_storys_facts_come_from_its_first_articles(
    make_source, make_article, make_story, monkeypatch
):
    monkeypatch.setattr(queries, "FACT_ARTICLES", 2)
    text = "The dam holds 40 million litres of water, officials said."
    start = timezone.now() - timedelta(days=1)
    articles = [
        make_article(source=make_source(), text=text, published_at=start + timedelta(hours=n))
        for n in range(3)
    ]
    facts_stage.process(articles)
    coverage = queries.story_coverage(make_story(*articles))
    assert (len(coverage.articles), coverage.facts_read) == (3, 2)
    assert [group.outlet_count for group in coverage.facts] == [2]
