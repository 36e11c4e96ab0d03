"""`tidings cluster FILE.jsonl` under the JSON Lines contract."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError

from tidings.stories.tests.streams import FLOOD, VOTE


def line(identifier, article, published):
    return json.dumps(
        {"id": identifier, "title": article.title, "text": article.text, "published": published}
    )


def test_cluster_takes_articles_in_time_order_and_answers_in_input_order(tmp_path, run_jsonl):
    lines = [
        line("vote-2", VOTE[1], "2025-03-04T11:00:00+00:00"),  # the latest comes first
        line("flood-1", FLOOD[0], "2025-03-04T08:00:00Z"),
        "{not json",
        line("flood-2", FLOOD[1], "2025-03-04T10:00:00"),  # no zone: UTC
        line("vote-1", VOTE[0], "2025-03-04"),  # a date alone: midnight, before the rest
        json.dumps({"id": "empty", "title": "", "text": " "}),
        line("bad-date", FLOOD[2], "last Tuesday"),
    ]
    code, results = run_jsonl("cluster", lines, "--embeddings", "none")
    assert code == 1
    assert [result["id"] for result in results] == [
        "vote-2",
        "flood-1",
        None,
        "flood-2",
        "vote-1",
        "empty",
        "bad-date",
    ]
    # In time order the vote's first article comes first and starts story 1.
    assert [result.get("story") for result in results] == [1, 2, None, 2, 1, None, None]
    assert "not JSON" in results[2]["error"]
    assert results[5]["error"] == "nothing to cluster: no title and no text"
    assert results[6]["error"] == "published is not an ISO 8601 date: 'last Tuesday'"


@pytest.mark.parametrize("backend", ["hashed", "none"])
def test_cluster_groups_the_same_with_or_without_hashed_vectors(tmp_path, backend, run_jsonl):
    lines = [
        line("flood-1", FLOOD[0], "2025-03-04T08:00:00Z"),
        line("vote-1", VOTE[0], "2025-03-04T09:00:00Z"),
        line("flood-2", FLOOD[1], "2025-03-04T10:00:00Z"),
        line("vote-2", VOTE[1], "2025-03-04T11:00:00Z"),
    ]
    code, results = run_jsonl("cluster", lines, "--embeddings", backend)
    assert code == 0
    assert [result["story"] for result in results] == [1, 2, 1, 2]


def test_cluster_with_the_model_groups_the_same(tmp_path, run_jsonl):
    pytest.importorskip("onnxruntime")
    lines = [
        line("flood-1", FLOOD[0], "2025-03-04T08:00:00Z"),
        line("vote-1", VOTE[0], "2025-03-04T09:00:00Z"),
        line("flood-2", FLOOD[1], "2025-03-04T10:00:00Z"),
    ]
    code, results = run_jsonl("cluster", lines, "--embeddings", "model")
    assert code == 0
    assert [result["story"] for result in results] == [1, 2, 1]


def test_cluster_quiet_and_archive_days_decide_when_a_gap_splits_a_story(tmp_path, run_jsonl):
    lines = [
        line("flood-1", FLOOD[0], "2025-03-04T08:00:00Z"),
        line("vote-1", VOTE[0], "2025-03-05T20:00:00Z"),
        line("flood-2", FLOOD[1], "2025-03-06T08:00:00Z"),
    ]

    def stories(*args):
        _, results = run_jsonl("cluster", lines, "--embeddings", "none", *args)
        return [result["story"] for result in results]

    assert stories() == [1, 2, 1]
    # Quiet after a day, the flood story is reopened by an article that tells the same.
    assert stories("--quiet-days", "1") == [1, 2, 1]
    # Forgotten a day after its article, it cannot be.
    assert stories("--quiet-days", "1", "--archive-days", "1") == [1, 2, 3]


def test_cluster_refuses_a_quiet_period_of_zero(tmp_path, run_jsonl):
    with pytest.raises(CommandError, match="quiet-days"):
        run_jsonl("cluster", [line("a", FLOOD[0], None)], "--quiet-days", "0")


def test_cluster_refuses_a_negative_archive_period(tmp_path, run_jsonl):
    with pytest.raises(CommandError, match="archive-days"):
        run_jsonl("cluster", [line("a", FLOOD[0], None)], "--archive-days", "-1")
