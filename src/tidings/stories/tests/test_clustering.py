"""The stream clusterer on small invented streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np

from tidings.stories.clustering import (
    Assignment,
    ClusteringSettings,
    Merge,
    StoryArticle,
    StoryClusterer,
    cluster_stream,
    term_frequencies,
    time_order,
)

MORNING = datetime(2025, 3, 4, 8, tzinfo=UTC)


def hours(count: float) -> datetime:
    return MORNING + timedelta(hours=count)


FLOOD = [
    StoryArticle(
        "River Turia floods Valencia as storm hits eastern Spain",
        "Heavy rain sent the Turia river over its banks in Valencia, flooding streets and "
        "forcing hundreds of residents from their homes. Emergency services in Valencia said "
        "the water rose two metres in an hour.",
    ),
    StoryArticle(
        "Valencia residents evacuated as Turia river bursts its banks",
        "Hundreds of people left their homes in Valencia after the Turia river flooded "
        "low-lying streets during a storm. The regional emergency service said rescuers used "
        "boats to reach families trapped by the water.",
    ),
    StoryArticle(
        "Floods in Valencia: the Turia keeps rising",
        "The Turia river kept rising in Valencia on Wednesday as more rain fell on eastern "
        "Spain, and the regional government asked residents near the river to leave their "
        "homes.",
    ),
]
VOTE = [
    StoryArticle(
        "Portugal votes in snap election after government collapse",
        "Voters in Portugal went to the polls in a snap election called after the collapse of "
        "the Socialist government in Lisbon. Polls close at 8pm and the first results are "
        "expected from Lisbon and Porto later tonight.",
    ),
    StoryArticle(
        "Exit polls in Portugal's snap election show a hung parliament",
        "Exit polls in Portugal's snap election point to a hung parliament, with the "
        "centre-right Democratic Alliance narrowly ahead of the Socialists and the Chega party "
        "in third place, broadcaster RTP said in Lisbon.",
    ),
]
FROG = StoryArticle(
    "Scientists describe a tiny new frog species from Peru's cloud forest",
    "Biologists working in the Andes of Peru have described a new species of frog no bigger "
    "than a fingernail. The frog lives in moss on the cloud forest floor, where its call "
    "sounds like a cricket.",
)
# Two sides of one event that share few words, and an article that tells both.
QUAKE = StoryArticle(
    "Magnitude 6.8 earthquake strikes off Hokkaido, tsunami advisory issued",
    "A strong earthquake shook northern Japan early on Monday. The Japan Meteorological "
    "Agency measured magnitude 6.8 off the coast of Hokkaido and issued a tsunami advisory "
    "for the Pacific coast.",
)
POWER_CUTS = StoryArticle(
    "Sapporo homes without power, roads cracked",
    "Thousands of homes in Sapporo lost power on Monday morning and several roads in the city "
    "cracked, the utility Hokkaido Electric said, as crews checked lines and the city opened "
    "shelters.",
)
QUAKE_AND_POWER_CUTS = StoryArticle(
    "Hokkaido earthquake leaves Sapporo homes without power",
    "The magnitude 6.8 earthquake off Hokkaido cut power to thousands of homes in Sapporo and "
    "cracked roads in the city, Hokkaido Electric said, hours after the Japan Meteorological "
    "Agency issued a tsunami advisory.",
)


def dated(article: StoryArticle, moment: datetime) -> StoryArticle:
    return replace(article, published=moment)


def interleaved_stream() -> list[StoryArticle]:
    return [
        dated(FLOOD[0], hours(0)),
        dated(VOTE[0], hours(1)),
        dated(FLOOD[1], hours(2)),
        dated(VOTE[1], hours(3)),
        dated(FROG, hours(4)),
        dated(FLOOD[2], hours(5)),
    ]


def mixed_stream() -> list[StoryArticle]:
    return [*interleaved_stream(), dated(QUAKE, hours(6)), dated(POWER_CUTS, hours(7))]


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
        "from tidings.stories.tests import test_clustering as t\n"
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


def test_title_and_names_weigh_more_than_other_words():
    weights = term_frequencies(
        "Floods in Spain",
        "Rescuers reached the town. Later the mayor of Alzira thanked the rescuers.",
        ClusteringSettings(),
    )
    # A title word counts as two mentions, like a word said twice in the text.
    assert weights["flood"] == weights["rescuer"] > weights["town"]
    assert weights["alzira"] == 2 * weights["town"]  # a name mid-sentence
    assert "the" not in weights and "later" in weights


def test_a_text_that_repeats_the_title_does_not_count_it_twice():
    settings = ClusteringSettings()
    once = term_frequencies("Floods in Spain", "Rescuers reached the town.", settings)
    repeated = term_frequencies(
        "Floods in Spain", "Floods in Spain\nRescuers reached the town.", settings
    )
    assert once == repeated


def test_time_order_keeps_undated_lines_after_the_line_before_them():
    published = [hours(5), None, hours(1), hours(5), None]
    assert time_order(published) == [2, 0, 1, 3, 4]
    assert time_order([None, None]) == [0, 1]
