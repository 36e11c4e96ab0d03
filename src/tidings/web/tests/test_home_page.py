"""The home page: the latest articles, a page at a time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.web.tests.html import parse, text_of


def test_home_without_articles_says_how_to_add_sources(client, db):
    response = client.get("/")

    assert response.status_code == 200
    text = text_of(response)
    assert "No articles yet" in text
    assert "tidings sources add URL" in text
    assert "tidings demo" in text


def test_home_lists_thirty_newest_articles_per_page(client, make_source, make_article):
    source = make_source(name="Daily Example")
    start = timezone.now()
    for number in range(65):
        make_article(
            source=source, title=f"Story {number}", published_at=start - timedelta(minutes=number)
        )

    first = parse(client.get("/"))
    titles = [tag.plain for tag in first.find_all("h2", class_="card-title")]
    assert titles == [f"Story {number}" for number in range(30)]
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    assert [tag.plain for tag in first.find_all("a", href="?page=3")] == ["3"]

    last = parse(client.get("/?page=3"))
    titles = [tag.plain for tag in last.find_all("h2", class_="card-title")]
    assert titles == [f"Story {number}" for number in range(60, 65)]
    assert last.find("a", rel="prev").attrs["href"] == "?page=2"
    assert not last.find_all("a", rel="next")


@pytest.mark.parametrize("page", ["4", "0", "last-but-one", "-1"])
def test_home_page_that_does_not_exist_is_404_in_site_style(client, make_article, page):
    make_article()

    response = client.get(f"/?page={page}")

    assert response.status_code == 404
    assert "Page not found" in text_of(response)
    assert parse(response).find("a", class_="brand").plain == "tidings"


def test_home_card_shows_outlet_relative_time_headline_and_first_forty_words(
    client, make_source, make_article
):
    words = [f"word{n}" for n in range(100)]
    article = make_article(
        source=make_source(name="NHK"),
        title="Japan and Lithuania agree to work for peace",
        text=" ".join(words),
        published_at=timezone.now() - timedelta(hours=3, minutes=5),
    )

    page = parse(client.get("/"))

    card = page.find("article", class_="card")
    assert "NHK" in card.plain
    assert "3 hours ago" in card.plain
    link = page.find("a", href=f"/articles/{article.id}/")
    assert link.plain == "Japan and Lithuania agree to work for peace"
    excerpt = page.find("p", class_="card-text").plain
    assert excerpt.split() == [*words[:40], "…"]


def test_latest_shows_a_story_once_with_how_many_more(
    client, make_source, make_article, make_story
):

    wire = make_source(name="Wire")
    now = timezone.now()
    updates = [
        make_article(source=wire, title=f"Flood update {n}", published_at=now - timedelta(hours=n))
        for n in range(3)
    ]
    make_story(*updates, title="Floods in the north")
    make_article(source=wire, title="A story of its own", published_at=now - timedelta(hours=1))
    top = [
        make_article(source=make_source(), title=f"Summit, outlet {n}", published_at=now)
        for n in range(2)
    ]
    make_story(*top, title="Summit")

    page = parse(client.get("/"))

    latest = [tag.plain for tag in page.find_all("h3", class_="card-title")]
    assert latest == ["Flood update 0", "A story of its own"]
    more = page.find("p", class_="card-more")
    assert more.plain == "and 2 more from 1 outlet"
    # The top story is above, so Latest leaves its articles out.
    assert [tag.plain for tag in page.find_all("h2", class_="card-title")] == ["Summit, outlet 1"]


def test_cards_without_a_picture_show_the_outlets_initials(client, make_source, make_article):
    make_article(source=make_source(name="The Japan Times"), title="A headline")

    badge = parse(client.get("/")).find("span", class_="outlet-badge")

    assert badge.plain == "JT"
    assert badge.attrs["aria-hidden"] == "true"
