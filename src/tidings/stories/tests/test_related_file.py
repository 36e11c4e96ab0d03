"""Related articles within a file: the floor, the story left out, and `tidings related`."""

from __future__ import annotations

import json

import numpy as np
import pytest
from django.core.management import CommandError

from tidings.stories.related_file import at_floor, choose_floor, related_among, section_scores


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


# Two budget reports (one story), a budget-adjacent tax report, a film and a song.
VECTORS = np.array(
    [
        unit(1.0, 0.0, 0.0),  # 0 budget, story 1
        unit(0.98, 0.2, 0.0),  # 1 budget, story 1
        unit(0.8, 0.6, 0.0),  # 2 tax rise
        unit(0.0, 0.3, 1.0),  # 3 film
        unit(0.0, 0.0, 1.0),  # 4 song
    ]
)
STORIES = [1, 1, 2, 3, 4]
SECTIONS = ["b", "b", "b", "e", "e"]


def test_related_are_above_the_floor_and_never_of_the_same_story():
    related = related_among(VECTORS, STORIES, floor=0.5)
    assert [[other for other, _ in items] for items in related] == [[2], [2], [1, 0], [4], [3]]
    assert related[2][0][1] == pytest.approx(0.904, abs=1e-3)


def test_nothing_clears_a_high_floor_and_top_caps_the_list():
    assert related_among(VECTORS, STORIES, floor=0.99) == [[], [], [], [], []]
    assert [len(items) for items in related_among(VECTORS, STORIES, -1.0, top=2)] == [2] * 5


def test_a_columns_name_gets_no_related_articles_and_is_nobodys():
    generic = [False, False, False, True, False]  # the film's row is "Arts briefs"
    related = related_among(VECTORS, STORIES, floor=0.5, generic=generic)
    assert [[other for other, _ in items] for items in related] == [[2], [2], [1, 0], [], []]


def test_section_scores_count_items_and_articles():
    related = related_among(VECTORS, STORIES, floor=-1.0, top=1)
    assert section_scores(related, SECTIONS, range(5)) == (1.0, 1.0)
    assert section_scores(at_floor(related, 0.99), SECTIONS, range(5)) == (0.0, 0.0)


def test_the_floor_is_the_strictest_that_still_covers_most_articles():
    # Every nearest neighbour is of the article's section; at 0.95 only the film and the
    # song still have theirs: fewer than 60 % of the articles.
    assert choose_floor(VECTORS, STORIES, SECTIONS, range(5), [0.5, 0.9, 0.95]) == 0.9


def test_a_floor_that_covers_but_mixes_sections_gives_way_to_a_precise_one():
    sections = ["b", "b", "e", "e", "e"]  # the tax report filed under entertainment
    assert choose_floor(VECTORS, STORIES, sections, range(5), [0.5, 0.9, 0.95]) == 0.95


def record(identifier, title, published="2025-03-04T08:00:00Z"):
    return json.dumps({"id": identifier, "title": title, "text": "", "published": published})


def test_related_command_lists_other_stories_on_the_subject(run_jsonl):
    lines = [
        record("port-1", "Dockworkers strike shuts the port of Rotterdam"),
        record("port-2", "Rotterdam port shut as dockworkers strike", "2025-03-04T09:00:00Z"),
        # Three months on the port is shut again: a story of its own, on the same subject.
        record("again", "Dockworkers strike shuts Rotterdam port for a second time", "2025-06-04"),
        record("goal", "Late goal gives Arsenal derby win over Chelsea"),
        "{not json",
    ]
    code, results = run_jsonl("related", lines, "--embeddings", "hashed", "--top", "2")
    assert code == 1
    by_id = {result["id"]: result for result in results if result["id"]}
    related_ids = {key: [item["id"] for item in value["related"]] for key, value in by_id.items()}
    assert related_ids["port-1"] == related_ids["port-2"] == ["again"]
    assert related_ids["again"] == ["port-1", "port-2"]
    assert related_ids["goal"] == []
    assert all(0 < item["score"] <= 1 for value in by_id.values() for item in value["related"])


def test_related_command_wants_a_positive_top(run_jsonl):
    with pytest.raises(CommandError, match="--top"):
        run_jsonl("related", [record("one", "Port strike")], "--top", "0")
