import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.enrich import facts as facts_stage
from tidings.web.tests.html import parse, text_of

TEXTS = {
    "The Japan Times": (
        "Russia and Ukraine agreed in Istanbul to exchange at least 1,200 prisoners of war "
        "on each side.\n\nA first list of 640 prisoners of war was handed over on Monday, "
        "officials said."
    ),
    "NHK": (
        "Russia and Ukraine began swapping prisoners on Monday. Both sides agreed to exchange "
        "1,000 prisoners of war on each side, officials in Kyiv said."
    ),
    "Kyiv Independent": (
        "The exchange of prisoners of war continued on Tuesday. Ukraine said 1,200 prisoners "
        "of war on each side would come home."
    ),
}


@pytest.fixture
def swap_story(make_source, make_article, make_hashtag, make_story):
    """Three outlets on one prisoner swap, with their facts and hashtags stored."""
    now = timezone.now()
    articles = []
    for minutes, (outlet, text) in zip((300, 240, 30), TEXTS.items(), strict=True):
        source = make_source(name=outlet)
        articles.append(
            make_article(
                source=source,
                title=f"{outlet}: Russia and Ukraine exchange prisoners of war",
                text=text,
                published_at=now - timedelta(minutes=minutes),
            )
        )
    articles.append(
        make_article(
            source=articles[1].source,
            title="Ukraine expects more prisoner exchanges with Russia",
            published_at=now - timedelta(minutes=90),
        )
    )
    facts_stage.process(articles)
    make_hashtag("prisoners of war", articles=articles[:3])
    make_hashtag("Istanbul", articles=articles[:1])
    return make_story(*articles, title=articles[0].title)


def test_story_page_lists_every_outlets_articles_with_their_times(client, swap_story):
    response = client.get(f"/stories/{swap_story.id}/")

    assert response.status_code == 200
    page = parse(response)
    assert page.find("h1").plain == swap_story.title
    outlets = [tag.plain for tag in page.find_all("h3", class_="outlet-block-name")]
    assert outlets == ["The Japan Times", "NHK", "Kyiv Independent"]
    for article in swap_story.articles.all():
        link = page.find("a", href=article.get_absolute_url())
        assert link.plain == article.title
    items = page.find_all("li", class_="outlet-article")
    assert len(items) == 4
    japan_times = swap_story.articles.get(source__name="The Japan Times")
    assert items[0].plain == f"{japan_times.title} {japan_times.published_at:%-d %b %Y, %H:%M}"
    assert "4 articles from 3 outlets" in page.find("p", class_="story-meta").plain


def test_story_page_draws_the_timeline_as_an_accessible_svg(client, swap_story):
    page = parse(client.get(f"/stories/{swap_story.id}/"))

    svg = page.find("svg", class_="timeline-chart")
    assert svg.attrs["role"] == "img"
    assert page.find("desc").plain.startswith("4 articles from 3 outlets between")
    assert len(page.find_all("rect", class_="timeline-bar")) == 4
    assert all("style" not in tag.attrs for tag in page.tags), "the CSP refuses style attributes"
    assert "Articles per hour from each outlet" in page.find("figcaption").plain
    table = [row.plain for row in page.find_all("tr")]
    assert any(row.startswith("NHK 2") for row in table), table


def test_story_page_shows_the_story_hashtags_most_carried_first(client, swap_story):
    page = parse(client.get(f"/stories/{swap_story.id}/"))

    tags = [tag.plain for tag in page.find_all("a", class_="hashtag")]
    assert tags == ["#PrisonersOfWar · 3 articles", "#Istanbul · 1 article"]


def test_story_page_counts_a_lone_surname_as_the_full_name(client, swap_story, make_hashtag):
    articles = list(swap_story.articles.order_by("id"))
    make_hashtag("George Umerov", kind="person", articles=articles[:2])
    make_hashtag("Umerov", kind="person", articles=articles[1:3])
    page = parse(client.get(f"/stories/{swap_story.id}/"))

    tags = [tag.plain for tag in page.find_all("a", class_="hashtag")]
    assert "#GeorgeUmerov · 3 articles" in tags
    assert not any(tag.startswith("#Umerov") for tag in tags)


def test_story_page_sets_outlets_figures_side_by_side_and_marks_disagreement(client, swap_story):
    page = parse(client.get(f"/stories/{swap_story.id}/"))

    group = page.find("li", class_="fact-disagree")
    assert page.find("h3", class_="fact-what").plain == "prisoners of war on each side"
    assert "Outlets give different figures." in group.plain
    figures = [tag.plain for tag in page.find_all("p", class_="fact-figure")]
    # "at least 1,200" and "1,200" state the same amount; NHK's 1,000 stands apart.
    assert figures[:2] == ["at least 1,200", "1,000"]
    values = page.find_all("li", class_="fact-value")
    assert "The Japan Times" in values[0].plain and "Kyiv Independent" in values[0].plain
    assert "NHK: Both sides agreed to exchange 1,000 prisoners" in values[1].plain
    japan_times = swap_story.articles.get(source__name="The Japan Times")
    assert page.find("a", href=f"/articles/{japan_times.id}/#p-0").plain == "The Japan Times"
    # What one outlet alone says is kept apart, folded away while there is something to compare.
    alone = page.find("details", class_="single-outlet-facts")
    assert "open" not in alone.attrs
    assert "640" in alone.plain and "The Japan Times" in alone.plain
    assert "640" not in page.find("ul", class_="fact-groups").plain


def test_a_story_of_one_outlet_shows_its_facts_unfolded(client, make_article, make_story):
    article = make_article(text=TEXTS["The Japan Times"])
    facts_stage.process([article])
    story = make_story(article)

    page = parse(client.get(f"/stories/{story.id}/"))

    alone = page.find("details", class_="single-outlet-facts")
    assert "open" in alone.attrs
    assert "at least 1,200" in alone.plain


def test_story_page_has_comments_open_to_readers(client, swap_story):
    response = client.get(f"/stories/{swap_story.id}/")

    assert "No comments yet..." in text_of(response)
    page = parse(response)
    assert page.find("h2", id="comments-heading")
    levels = [level for level, _ in page.headings()]
    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False))


def test_a_story_over_more_than_three_days_is_drawn_per_day(client, make_article, make_story):
    now = timezone.now()
    story = make_story(
        make_article(published_at=now - timedelta(days=5)), make_article(published_at=now)
    )

    page = parse(client.get(f"/stories/{story.id}/"))

    assert "counted by day because the story runs longer than three days" in (
        page.find("figcaption").plain
    )


def test_merged_story_redirects_for_good_to_the_survivor_through_chains(
    client, make_article, make_story
):
    survivor = make_story(make_article())
    middle = make_story(merged_into=survivor)
    merged = make_story(merged_into=middle)

    response = client.get(f"/stories/{merged.id}/")

    assert response.status_code == 301
    assert response["Location"] == f"/stories/{survivor.id}/"


def test_merges_that_loop_are_not_found_rather_than_followed_forever(client, make_story):
    first = make_story()
    second = make_story(merged_into=first)
    first.merged_into = second
    first.save()

    assert client.get(f"/stories/{first.id}/").status_code == 404


def test_unknown_story_is_404(client, db):
    response = client.get("/stories/424242/")

    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_article_page_links_to_full_coverage(client, swap_story, make_article):
    article = swap_story.articles.first()
    alone = make_article()

    page = parse(client.get(f"/articles/{article.id}/"))
    assert page.find("a", class_="coverage-link").plain == "Full coverage: 3 outlets"
    assert page.find("a", class_="coverage-link").attrs["href"] == f"/stories/{swap_story.id}/"
    assert not parse(client.get(f"/articles/{alone.id}/")).find_all("a", class_="coverage-link")


def story_with_outlets(make_source, make_article, make_story, outlets, hours_ago, title):
    published = timezone.now() - timedelta(hours=hours_ago)
    articles = [
        make_article(source=make_source(), title=title, published_at=published)
        for _ in range(outlets)
    ]
    return make_story(*articles, title=title)


def test_home_ranks_top_stories_by_outlets_halved_every_twelve_hours(
    client, make_source, make_article, make_story
):
    def story(outlets, hours_ago, title):
        return story_with_outlets(make_source, make_article, make_story, outlets, hours_ago, title)

    story(5, 24, "Five outlets yesterday")  # 5 * 0.5 ** 2 = 1.25
    story(2, 1, "Two outlets an hour ago")  # 2 * 0.5 ** (1 / 12) = 1.89
    story(5, 6, "Five outlets this morning")  # 5 * 0.5 ** 0.5 = 3.54
    story(1, 0, "One outlet just now")  # one outlet is no wider than its article
    merged = story(9, 0, "Merged away")  # its articles moved on: it is no story any more
    merged.merged_into = story(3, 30, "Three outlets yesterday morning")  # 0.53
    merged.save()

    page = parse(client.get("/"))

    top = page.find("section", class_="top-stories")
    titles = [tag.plain for tag in page.find_all("h2", class_="card-title")]
    assert titles == [
        "Five outlets this morning",
        "Two outlets an hour ago",
        "Five outlets yesterday",
        "Three outlets yesterday morning",
    ]
    assert "Full coverage: 5 outlets" in top.plain
    assert page.find("h1").plain == "Top stories"
    latest = [tag.plain for tag in page.find_all("h3", class_="card-title")]
    assert "One outlet just now" in latest


def test_top_story_cards_lead_with_an_article_and_link_to_full_coverage(
    client, make_source, make_article, make_story
):
    now = timezone.now()
    named = make_article(
        source=make_source(name="NHK"),
        title="Russia and Ukraine exchange prisoners of war",
        text="Kyiv said the exchange of prisoners of war would go on.",
        published_at=now - timedelta(hours=2),
    )
    newer = make_article(
        source=make_source(name="AP"),
        title="Prisoner swap continues",
        published_at=now - timedelta(hours=1),
        image="images/2025/06/swap.jpg",
    )
    story = make_story(named, newer, title=named.title)

    page = parse(client.get("/"))

    card = page.find("article", class_="story-card")
    assert "NHK" in card.plain and "Kyiv said the exchange" in card.plain
    assert page.find("h2", class_="card-title").plain == named.title
    assert page.find("a", href=named.get_absolute_url()).plain == named.title
    coverage = page.find("a", class_="coverage-link")
    assert (coverage.plain, coverage.attrs["href"]) == (
        "Full coverage: 2 outlets",
        f"/stories/{story.id}/",
    )
    assert "2 articles" in card.plain


def test_later_pages_of_latest_do_not_repeat_top_stories(
    client, make_source, make_article, make_story
):
    story_with_outlets(make_source, make_article, make_story, 2, 1, "A wide story")
    for number in range(40):
        make_article(published_at=timezone.now() - timedelta(days=1, minutes=number))

    first, second = parse(client.get("/")), parse(client.get("/?page=2"))

    assert first.find_all("section", class_="top-stories")
    assert not second.find_all("section", class_="top-stories")
    assert second.find("h1").plain == "Latest"


def test_stories_page_lists_ranked_stories_with_their_counts(
    client, make_source, make_article, make_story
):
    story_with_outlets(make_source, make_article, make_story, 1, 0, "One outlet")
    story_with_outlets(make_source, make_article, make_story, 3, 2, "Three outlets")

    page = parse(client.get("/stories/?outlets=all"))

    assert page.find("a", href="/stories/", **{"aria-current": "page"})
    titles = [tag.plain for tag in page.find_all("h2", class_="card-title")]
    assert titles == ["Three outlets", "One outlet"]
    coverage = [tag.plain for tag in page.find_all("p", class_="story-card-coverage")]
    assert coverage == ["Full coverage: 3 outlets 3 articles", "Full coverage: 1 outlet 1 article"]
    # One age per card: its lead article's.
    cards = [tag.plain for tag in page.find_all("article", class_="story-card")]
    assert [len(re.findall(r"\bago\b|\bnow\b", card)) for card in cards] == [1, 1]


def test_story_cards_count_the_comments_a_reader_can_read(
    client, make_source, make_article, make_story, django_user_model
):
    from tidings.comments.models import Comment

    story = story_with_outlets(make_source, make_article, make_story, 2, 1, "Discussed")
    reader = django_user_model.objects.create_user("reader", password="x-secret-9")
    for status in ("visible", "visible", "hidden"):
        Comment.objects.create(story=story, author=reader, body="b", body_html="b", status=status)

    link = parse(client.get("/stories/")).find("a", class_="card-comments")

    assert link.plain == "2 comments"
    assert link.attrs["href"] == f"/stories/{story.pk}/#comments"


def test_stories_page_without_stories_says_how_they_form(client, db):
    response = client.get("/stories/")

    assert response.status_code == 200
    assert "No stories yet" in text_of(response)
    assert client.get("/stories/?page=2").status_code == 404


def test_story_page_lists_related_stories_and_says_when_there_are_none(
    client, settings, tmp_path, make_article, make_story
):
    from tidings.enrich import stored_embeddings
    from tidings.stories.tests.test_related import DRONES, FOOTBALL, MORE_SWAPS, SWAP

    settings.TIDINGS = {
        **settings.TIDINGS,
        "EMBEDDINGS": "hashed",
        "VECTOR_FOLDER": tmp_path / "vectors",
    }
    now = timezone.now()

    def story(*reports):
        articles = [
            make_article(title=title, text=text, published_at=now) for title, text in reports
        ]
        stored_embeddings.process(articles)
        return make_story(*articles)

    swap, war, derby = story(SWAP, MORE_SWAPS), story(DRONES), story(FOOTBALL)

    page = parse(client.get(f"/stories/{swap.id}/"))
    section = page.find("section", **{"aria-labelledby": "related-stories-heading"})
    assert war.title in section.plain and derby.title not in section.plain
    assert page.find("a", class_="coverage-link", href=f"/stories/{war.id}/")

    alone = parse(client.get(f"/stories/{derby.id}/"))
    related = alone.find("section", **{"aria-labelledby": "related-stories-heading"})
    assert "No related stories from around the same time yet." in related.plain
