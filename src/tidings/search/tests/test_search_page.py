"""The search page and the header's search box."""

from datetime import UTC, datetime

from tidings.stories.models import Story
from tidings.web.tests.html import parse

MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_every_page_has_a_search_box_that_works_without_javascript(client, db):
    page = parse(client.get("/"))
    form = page.find("form", role="search")
    assert (form.attrs["method"], form.attrs["action"]) == ("get", "/search/")
    field = page.find("input", id="site-search-q")
    assert (field.attrs["name"], field.attrs["type"]) == ("q", "search")
    assert page.find("label", **{"for": field.attrs["id"]}).plain == "Search articles"


def test_results_show_highlighted_titles_and_snippets(client, make_article):
    article = make_article(
        title="Floods close the <b>harbour</b>",
        text="Heavy rain flooded the harbour district overnight.",
    )
    make_article(title="Election results", text="Votes were counted.")
    response = client.get("/search/", {"q": "harbour flood"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Floods close the &lt;b&gt;<mark>harbour</mark>&lt;/b&gt;" in html.replace(
        "<mark>Floods</mark>", "Floods"
    )
    assert "<mark>flooded</mark> the <mark>harbour</mark> district" in html
    assert f'href="/articles/{article.id}/"' in html
    assert "Election results" not in html


def test_an_empty_or_unsearchable_query_is_explained(client, db):
    for words in ["", "   ", "-storm", '"" !!']:
        response = client.get("/search/", {"q": words})
        assert response.status_code == 400
        assert "Nothing to search for yet" in response.content.decode()


def test_no_results_says_so(client, make_article):
    make_article(title="Election results")
    response = client.get("/search/", {"q": "volcano"})
    assert response.status_code == 200
    assert "No articles match" in response.content.decode()


def test_the_page_without_a_query_is_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "No articles match" not in response.content.decode()


def test_filters_narrow_the_results(client, make_article, make_source, make_hashtag):
    wire, paper = make_source(name="Wire"), make_source(name="Paper")
    first = make_article(source=wire, title="Storm warning", published_at=MONDAY)
    second = make_article(source=paper, title="Storm damage", published_at=MONDAY)
    make_hashtag("weather", articles=[second])
    titles = {"Storm warning", "Storm damage"}

    def shown(**filters):
        html = client.get("/search/", {"q": "storm", **filters}).content.decode()
        return {title for title in titles if title.replace("Storm", "<mark>Storm</mark>") in html}

    assert shown() == titles
    assert shown(source=str(wire.id)) == {"Storm warning"}
    assert shown(hashtag="weather") == {"Storm damage"}
    assert shown(since="2026-03-03") == set()
    assert shown(until="2026-03-02") == titles  # the whole last day
    assert shown(until="2026-03-01") == set()
    first.language = "fr"
    first.save()
    assert shown(language="fr") == {"Storm warning"}


def test_a_bad_filter_is_explained(client, db):
    response = client.get("/search/", {"q": "storm", "since": "yesterday"})
    assert response.status_code == 400
    assert "is not a date" in response.content.decode()


def test_stories_only_shows_the_best_article_of_each_story(client, make_article):
    story = Story.objects.create(id=1, title="Storm")
    best = make_article(title="Storm storm storm", text="storm", story=story)
    make_article(title="Storm later", story=story)
    make_article(title="Storm alone")
    html = client.get("/search/", {"q": "storm", "stories": "1"}).content.decode()
    assert f'href="/articles/{best.id}/"' in html
    assert "Storm later" not in html.replace("<mark>", "").replace("</mark>", "")
    assert "Storm alone" not in html.replace("<mark>", "").replace("</mark>", "")


def test_results_are_paginated_with_the_query_kept(client, make_article):
    for number in range(35):
        make_article(title=f"Budget vote {number}")
    page = parse(client.get("/search/", {"q": "budget"}))
    assert len(page.find_all("article")) == 30
    link = page.find("a", rel="next")
    assert link.attrs["href"] == "?q=budget&page=2"
    second = parse(client.get("/search/" + link.attrs["href"]))
    assert len(second.find_all("article")) == 5


def test_the_page_says_whether_it_matches_by_meaning(client, db):
    html = client.get("/search/", {"q": "storm"}).content.decode()
    assert "matching by meaning needs the <code>ml</code> extra" in html
