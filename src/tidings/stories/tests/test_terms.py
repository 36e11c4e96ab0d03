"""An article's terms and the stream's document frequencies."""

from __future__ import annotations

import math

from tidings.stories.clustering_settings import ClusteringSettings
from tidings.stories.terms import StreamFrequencies, term_frequencies


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


def test_a_term_the_stream_keeps_using_weighs_less_than_a_new_one():
    frequencies = StreamFrequencies()
    for day in range(5):
        frequencies.tf_idf({"valencia": 1.0, f"day{day}": 1.0})
    vector = frequencies.tf_idf({"valencia": 1.0, "turia": 1.0})
    assert frequencies.documents == 6
    assert vector["turia"] > vector["valencia"] > 0
    assert math.isclose(sum(weight * weight for weight in vector.values()), 1.0)
