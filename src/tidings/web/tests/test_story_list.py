from tidings.web.tests.html import parse
from tidings.web.tests.test_stories import story_with_outlets
from tidings.web.views import PAGE_SIZE


def test_story_list_shows_stories_of_two_or_more_outlets_unless_asked_for_all(
    client, make_source, make_article, make_story
):
    story_with_outlets(make_source, make_article, make_story, 2, 1, "Two outlets")
    story_with_outlets(make_source, make_article, make_story, 1, 1, "One outlet")

    filtered = parse(client.get("/stories/"))
    everything = parse(client.get("/stories/?outlets=all"))

    assert [h.plain for h in filtered.find_all("h2", class_="card-title")] == ["Two outlets"]
    assert filtered.find("a", class_="story-filter-link").plain == "Show all stories"
    titles = {h.plain for h in everything.find_all("h2", class_="card-title")}
    assert titles == {"Two outlets", "One outlet"}
    switch = everything.find("a", class_="story-filter-link")
    assert (switch.attrs["href"], switch.plain) == (
        "/stories/",
        "Show only stories covered by 2+ outlets",
    )


def test_every_page_of_all_stories_keeps_the_filter(client, make_source, make_article, make_story):
    for n in range(PAGE_SIZE + 1):
        story_with_outlets(make_source, make_article, make_story, 1, 1, f"Story {n}")

    page = parse(client.get("/stories/?outlets=all"))

    links = {a.attrs["href"] for a in page.find_all("a") if "page=" in a.attrs.get("href", "")}
    assert links == {
        "?outlets=all&page=1",
        "?outlets=all&page=2",
    }
