"""The active stories: how many the clusterer keeps."""

from __future__ import annotations

from tidings.stories.clustering import StoryClusterer
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.tests.streams import FLOOD, FROG, VOTE


def test_active_stories_are_capped_by_making_the_least_recent_quiet():
    settings = ClusteringSettings(max_active_stories=2)
    clusterer = StoryClusterer(settings)
    flood = clusterer.add(FLOOD[0])
    vote = clusterer.add(VOTE[0])
    frog = clusterer.add(FROG)
    assert clusterer.active_stories == 1
    assert clusterer.is_active(frog.story)
    assert not clusterer.is_active(flood.story) and not clusterer.is_active(vote.story)
    assert clusterer.is_quiet(flood.story) and clusterer.is_quiet(vote.story)
