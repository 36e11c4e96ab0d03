"""Which headlines may speak for a story: no column names, no headlines cut short."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tidings.stories import assign
from tidings.stories.clustering import StoryArticle, StoryClusterer, cluster_stream
from tidings.stories.headlines import is_complete_headline, is_generic_headline
from tidings.stories.tests.streams import FLOOD, hours


@pytest.mark.parametrize(
    "title",
    [
        "Sports in Brief",
        "Pacific Business in brief",
        "Arts briefs",
        "Police Briefs",
        "Tuesday Evening Markets Briefing",
        "Top Technology Stories",
        "Top stories",
        "Top headlines",
        "Morning Digest: December 7",
        "Weekend news round-up",
        "Markets wrap-up",
        "The Week in Review",
        "Year in pictures",
        "Letters to the Editor",
        "Letters",
        "Opinion",
        "World News",
        "Arts & Culture",
        "Local news, Friday 5th",
        "The Evening Links for June 3, 2031",
        "Weekend reads",
    ],
)
def test_column_digest_and_section_headlines_are_generic(title):
    assert is_generic_headline(title)


@pytest.mark.parametrize(
    "title",
    [
        "Dockworkers strike shuts Rotterdam port",
        "Brief power cut halts Berlin trams",
        "Top court strikes down gerrymandered map",
        "Letters reveal poet's last months",
        "Review round-up: critics split on new Zelda",
        "Top 10 stories of the decade",
        "Business confidence falls in Japan",
        "Police find links between two fires",
        "",
    ],
)
def test_headlines_about_an_event_are_not_generic(title):
    assert not is_generic_headline(title)


@pytest.mark.parametrize(
    "title, complete",
    [
        ("Volcano erupts near Reykjavik", True),
        ("Volcano erupts near Reykjavik:", False),
        ("Volcano erupts near Reykjavik...", False),
        ("Volcano erupts near Reykjavik\u2026", False),
        ("Volcano erupts near Reykjavik -", False),
        ("Volcano erupts near Reykjavik |", False),
        ("Volcano erupts near", False),  # cut mid-phrase
        ("Volcano erupts and", False),
        ("Iceland: volcano erupts near Reykjavik", True),
        ("", False),
    ],
)
def test_headlines_cut_short_are_not_complete(title, complete):
    assert is_complete_headline(title) is complete


def test_generic_headlines_from_many_outlets_stay_apart_and_join_nothing():
    brief = [StoryArticle("Business in Brief", "", hours(n)) for n in range(4)]
    flood = [FLOOD[0], StoryArticle("Business briefs", FLOOD[1].text), FLOOD[2]]
    stream = [*brief, *(StoryArticle(a.title, a.text, hours(5 + n)) for n, a in enumerate(flood))]

    stories = cluster_stream(stream)

    assert len(set(stories[:4])) == 4  # four outlets' columns: four stories of one each
    assert stories[4] == stories[6] != stories[5]  # the flood's column copy stays out


def test_a_restored_generic_headline_is_joined_by_nothing():
    clusterer = StoryClusterer()
    clusterer.restore(StoryArticle("Top Entertainment Stories", "", hours(0)), 7)
    assignment = clusterer.add(StoryArticle("Top Entertainment Stories", "", hours(1)))
    assert assignment.new and assignment.story == 8


def test_the_story_title_is_a_complete_headline_near_the_centre():
    titles = [
        "Volcano erupts near Reykjavik, flights halted:",
        "Volcano erupts near Reykjavik, flights halted...",
        "Volcano near Reykjavik erupts, flights halted",
        "Iceland declares emergency as lava nears town",
    ]
    assert assign.representative_title(titles) == 2
    assert assign.representative_title(["Only a cut one:", "Another cut one..."]) == 0


def test_stored_stories_are_named_by_a_complete_headline(make_source, make_article):
    from django.utils import timezone

    from tidings.enrich.models import ArticleAnalysis
    from tidings.stories.models import Story

    titles = [
        "Valencia floods as Turia river bursts its banks:",
        "Valencia floods as Turia river bursts its banks",
        "Valencia floods as Turia river bursts its banks...",
    ]
    for minutes, title in enumerate(titles):
        article = make_article(
            source=make_source(),
            title=title,
            text=FLOOD[0].text,
            published_at=timezone.now() - timedelta(minutes=10 - minutes),
        )
        ArticleAnalysis.objects.create(article=article, stages={"embed": 1})
    assign.forget_memory()
    assert sum(assign.cluster_pending()) == 3
    assign.forget_memory()

    assert [story.title for story in Story.objects.all()] == [titles[1]]
