"""The archive of quiet stories, through the clusterer: going quiet, reopening only on
strong evidence, and being forgotten when its time is up or the archive is full."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tidings.stories.clustering import Assignment, StoryArticle, StoryClusterer
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.tests.streams import FLOOD, FROG, VOTE, dated, hours


def flood_then_five_quiet_days(settings: ClusteringSettings | None = None):
    """A clusterer whose flood story (two articles on day 0) went quiet while other news
    came in, five days on; and the flood story's number."""
    clusterer = StoryClusterer(settings)
    first = clusterer.add(dated(FLOOD[0], hours(0)))
    clusterer.add(dated(FLOOD[1], hours(6)))
    clusterer.add(dated(FROG, hours(24 * 5)))
    return clusterer, first.story


def test_a_story_goes_quiet_and_a_much_later_strongly_matching_article_reopens_it():
    clusterer, flood = flood_then_five_quiet_days()
    assert clusterer.is_quiet(flood) and not clusterer.is_active(flood)
    later = clusterer.add(dated(FLOOD[2], hours(24 * 5 + 1)))
    assert later == Assignment(flood, new=False, score=later.score, reopened=True)
    assert later.score >= ClusteringSettings().reopen_threshold
    assert clusterer.is_active(flood) and not clusterer.is_quiet(flood)
    # Active again, the story takes the next article as an ordinary join.
    next_hour = clusterer.add(dated(FLOOD[1], hours(24 * 5 + 2)))
    assert next_hour == Assignment(flood, new=False, score=next_hour.score)


def test_a_much_later_weakly_similar_article_starts_a_new_story():
    echo = dated(StoryArticle("Valencia opens an exhibition on the river"), hours(24 * 5 + 1))
    clusterer, flood = flood_then_five_quiet_days()
    later = clusterer.add(echo)
    assert later.new and later.story != flood
    assert clusterer.is_quiet(flood)
    # The same headline clears the bar of an ordinary join: only the quiet story's
    # higher bar keeps it out.
    defaults = ClusteringSettings()
    lenient = replace(defaults, headline_reopen_threshold=defaults.headline_threshold)
    clusterer, flood = flood_then_five_quiet_days(lenient)
    reopening = clusterer.add(echo)
    assert (reopening.story, reopening.reopened) == (flood, True)
    assert defaults.headline_threshold <= reopening.score < defaults.headline_reopen_threshold


def test_a_quiet_story_is_forgotten_when_the_archive_period_ends():
    clusterer, flood = flood_then_five_quiet_days()
    clusterer.add(dated(VOTE[0], hours(24 * 89)))
    assert clusterer.is_quiet(flood)
    clusterer.add(dated(VOTE[1], hours(24 * 91)))  # 91 days after the flood's last article
    assert not clusterer.is_quiet(flood) and not clusterer.is_active(flood)
    later = clusterer.add(dated(FLOOD[2], hours(24 * 91 + 1)))
    assert later.new and later.story != flood


def test_a_shorter_archive_period_forgets_sooner():
    clusterer, flood = flood_then_five_quiet_days(ClusteringSettings(archive_for=timedelta(days=4)))
    assert not clusterer.is_quiet(flood)
    assert clusterer.add(dated(FLOOD[2], hours(24 * 5 + 1))).new


def test_the_archive_forgets_the_first_story_to_go_quiet_when_full():
    clusterer = StoryClusterer(ClusteringSettings(max_archived_stories=1))
    flood = clusterer.add(dated(FLOOD[0], hours(0)))
    vote = clusterer.add(dated(VOTE[0], hours(1)))
    clusterer.add(dated(FROG, hours(24 * 5)))
    assert clusterer.quiet_stories == 1
    assert clusterer.is_quiet(vote.story) and not clusterer.is_quiet(flood.story)
