"""The stream clusterer on small invented streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import numpy as np

from tidings.stories.clustering import (
    Assignment,
    Merge,
    StoryArticle,
    StoryClusterer,
    cluster_stream,
    time_order,
)
from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.tests.streams import (
    FLOOD,
    FROG,
    POWER_CUTS,
    QUAKE,
    QUAKE_AND_POWER_CUTS,
    VOTE,
    dated,
    hours,
    interleaved_stream,
    mixed_stream,
)


def test_two_interleaved_events_become_two_stories_and_an_unrelated_article_its_own():
    clusterer = StoryClusterer()
    assignments = [clusterer.add(article) for article in interleaved_stream()]
    flood, vote, frog = (assignments[n].story for n in (0, 1, 4))
    assert [assignment.story for assignment in assignments] == [
        flood,
        vote,
        flood,
        vote,
        frog,
        flood,
    ]
    assert len({flood, vote, frog}) == 3
    assert [assignment.new for assignment in assignments] == [
        True,
        True,
        False,
        False,
        True,
        False,
    ]
    assert all(assignment.score > 0.15 for assignment in assignments if not assignment.new)


def test_a_story_is_still_a_candidate_just_before_it_goes_quiet():
    clusterer = StoryClusterer()
    first = clusterer.add(dated(FLOOD[0], hours(0)))
    two_days_on = clusterer.add(dated(FLOOD[1], hours(48)))
    assert two_days_on.story == first.story


def test_an_article_close_to_two_stories_of_one_event_merges_them():
    clusterer = StoryClusterer()
    quake = clusterer.add(dated(QUAKE, hours(0)))
    power = clusterer.add(dated(POWER_CUTS, hours(1)))
    both = clusterer.add(dated(QUAKE_AND_POWER_CUTS, hours(2)))
    assert power.new and power.story != quake.story
    # The larger story survives (the bridging article made power cuts the larger).
    assert both == Assignment(
        power.story, new=False, score=both.score, merged=(Merge(power.story, quake.story),)
    )
    assert not clusterer.is_active(quake.story)
    stream = [QUAKE, POWER_CUTS, QUAKE_AND_POWER_CUTS]
    labels = cluster_stream([dated(article, hours(n)) for n, article in enumerate(stream)])
    assert labels == [power.story] * 3


def test_the_same_stream_gives_the_same_stories_every_time():
    first = [StoryClusterer().add(article) for article in mixed_stream()]
    again = [StoryClusterer().add(article) for article in mixed_stream()]
    assert first == again


def test_stories_do_not_depend_on_the_process_string_hashing():
    """Python salts str hashes per process; set and dict orders of words must not matter."""
    script = (
        "import json\n"
        "from tidings.stories.clustering import cluster_stream\n"
        "from tidings.stories.tests import streams as t\n"
        "print(json.dumps(cluster_stream(t.mixed_stream())))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert len(set(json.loads(outputs.pop()))) == 5  # flood, vote, frog, quake, power cuts


def test_restoring_stored_assignments_continues_as_if_never_stopped():
    stream = interleaved_stream() + [dated(FLOOD[2], hours(7)), dated(VOTE[1], hours(8))]
    running = StoryClusterer()
    earlier = [running.add(article) for article in stream[:5]]
    restarted = StoryClusterer()
    for article, assignment in zip(stream[:5], earlier, strict=True):
        restarted.restore(article, assignment.story)
    assert [restarted.add(article) for article in stream[5:]] == [
        running.add(article) for article in stream[5:]
    ]
    assert restarted.next_story_id == running.next_story_id


def test_restoring_across_quiet_days_continues_as_if_never_stopped():
    stream = [
        dated(FLOOD[0], hours(0)),
        dated(VOTE[0], hours(1)),
        dated(FROG, hours(24 * 5)),  # the flood and the vote go quiet
        dated(FLOOD[2], hours(24 * 5 + 1)),  # reopens the flood
        dated(VOTE[1], hours(24 * 5 + 2)),  # reopens the vote
        dated(FLOOD[1], hours(24 * 5 + 3)),
    ]
    running = StoryClusterer()
    earlier = [running.add(article) for article in stream[:4]]
    assert earlier[3].reopened
    restarted = StoryClusterer()
    for article, assignment in zip(stream[:4], earlier, strict=True):
        restarted.restore(article, assignment.story)
    later = [running.add(article) for article in stream[4:]]
    assert [restarted.add(article) for article in stream[4:]] == later
    assert later[0].reopened and later[0].story == earlier[1].story


def test_embeddings_that_agree_raise_the_score_and_ones_that_disagree_lower_it():
    stocks = StoryArticle("Wall Street stocks fall after weak China data")
    shares = StoryArticle("Dow slides as Wall Street shares retreat")
    one, other = np.eye(4, dtype=np.float32)[:2]

    def second_score(first_vector, second_vector, settings=None):
        clusterer = StoryClusterer(settings)
        clusterer.add(replace(stocks, embedding=first_vector))
        return clusterer.add(replace(shares, embedding=second_vector))

    words_only = second_score(None, None)
    agreeing = second_score(one, one)
    disagreeing = second_score(one, other)
    assert disagreeing.score < words_only.score < agreeing.score
    # Where the words alone just clear the threshold, vectors that disagree keep them apart.
    settings = ClusteringSettings(headline_threshold=words_only.score - 0.01)
    assert not second_score(None, None, settings).new
    assert second_score(one, other, settings).new


def test_undated_articles_are_taken_in_order_and_never_fade():
    stream = [FLOOD[0], VOTE[0], FLOOD[1], VOTE[1], FLOOD[2]]
    flood, vote = 1, 2
    assert cluster_stream(stream) == [flood, vote, flood, vote, flood]


def test_time_order_keeps_undated_lines_after_the_line_before_them():
    published = [hours(5), None, hours(1), hours(5), None]
    assert time_order(published) == [2, 0, 1, 3, 4]
    assert time_order([None, None]) == [0, 1]
