"""The copy index on small invented texts, and on a real story's wire copies."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tidings.dedupe.copy_index import CopyIndex, CopyLink, CopyRecord, find_copies
from tidings.dedupe.signatures import MIN_WORDS, signature, similarity
from tidings.dedupe.tests.stories import PARAGRAPHS, SAME_EVENT, STORY, at


def test_exact_copy_points_to_the_earlier_article():
    links = find_copies([CopyRecord(2, at(3), STORY), CopyRecord(1, at(0), STORY)])
    assert links[1] == CopyLink(1, None, None)
    assert links[2] == CopyLink(2, 1, 1.0)


def test_copy_without_its_first_paragraph_is_found():
    trimmed = "\n\n".join(PARAGRAPHS[1:])
    links = find_copies([CopyRecord(1, at(0), STORY), CopyRecord(2, at(1), trimmed)])
    assert links[2].copy_of == 1
    assert links[2].similarity == 1.0  # every shingle of the shorter text is in the longer


def test_copy_with_a_paragraph_of_its_own_is_found():
    local = (
        "Valdoro's own volunteer brigade, founded in 1921, sent two engines and a water "
        "tanker, and the parish opened its hall to anyone who preferred not to sleep in "
        "the gym."
    )
    added = "\n\n".join([*PARAGRAPHS[:3], local, *PARAGRAPHS[3:]])
    links = find_copies([CopyRecord(1, at(0), STORY), CopyRecord(2, at(1), added)])
    assert links[2].copy_of == 1
    # Only the shingles that spanned the place of the insertion are lost.
    assert links[2].similarity > 0.95


def test_copy_that_drops_the_last_paragraphs_counts_though_jaccard_would_not():
    kept_half = "\n\n".join(PARAGRAPHS[:3])
    assert similarity(STORY, kept_half) == 1.0


def test_copy_with_a_few_words_changed_is_still_a_copy():
    edited = STORY.replace("Tuesday", "Monday").replace("two hundred", "200")
    assert 0.7 <= similarity(STORY, edited) < 1.0
    links = find_copies([CopyRecord(1, at(0), STORY), CopyRecord(2, at(1), edited)])
    assert links[2].copy_of == 1


def test_another_report_of_the_same_event_is_not_a_copy():
    # It shares a quotation and the facts, not the text.
    assert similarity(STORY, SAME_EVENT) < 0.1
    links = find_copies([CopyRecord(1, at(0), STORY), CopyRecord(2, at(1), SAME_EVENT)])
    assert links[2].copy_of is None


def test_short_texts_are_never_copies():
    teaser = "Fire destroys the old paper mill in Valdoro; residents moved to a sports hall."
    assert len(teaser.split()) < MIN_WORDS
    assert signature(teaser) == b""
    assert similarity(teaser, teaser) == 0.0
    links = find_copies([CopyRecord(1, at(0), teaser), CopyRecord(2, at(1), teaser)])
    assert links[2] == CopyLink(2, None, None)


def test_every_copy_points_to_the_earliest_not_to_the_one_before_it():
    records = [CopyRecord(key, at(key), STORY) for key in (1, 2, 3)]
    links = find_copies(records)
    assert [links[key].copy_of for key in (1, 2, 3)] == [None, 1, 1]


def test_same_time_goes_to_the_lower_key():
    links = find_copies([CopyRecord(9, at(0), STORY), CopyRecord(4, at(0), STORY)])
    assert (links[4].copy_of, links[9].copy_of) == (None, 4)


def test_earlier_copy_that_arrives_late_takes_over_the_group():
    index = CopyIndex()
    index.add(CopyRecord(10, at(2), STORY))
    index.add(CopyRecord(11, at(3), STORY))
    changed = index.add(CopyRecord(12, at(1), STORY))
    assert changed[0] == CopyLink(12, None, None)  # never points to a later article
    assert set(changed[1:]) == {CopyLink(10, 12, 1.0), CopyLink(11, 12, 1.0)}
    assert index.link(11).copy_of == 12


def test_stored_articles_are_matched_by_their_signature_and_loaded_text():
    asked = []

    def load_texts(keys):
        asked.extend(keys)
        return {key: STORY for key in keys}

    index = CopyIndex(load_texts=load_texts)
    index.remember(1, at(0), signature(STORY))
    index.remember(2, at(0.5), signature(SAME_EVENT))
    changed = index.add(CopyRecord(3, at(1), STORY.replace("Tuesday", "Monday")))
    assert changed[0].copy_of == 1
    assert 1 in asked


def test_index_refuses_the_same_article_twice():
    index = CopyIndex()
    index.add(CopyRecord(1, at(0), STORY))
    with pytest.raises(ValueError, match="already"):
        index.add(CopyRecord(1, at(1), STORY))


def test_real_wire_copies_are_linked_and_other_reports_are_not(shared_data):
    """The Giveme5W1H story about American Airlines: three outlets ran the AP text (one cut
    it in half), two wrote their own."""
    path = shared_data / "clustering-news" / "g5w1h_news_cluster.dev.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    story = [row for row in rows if row["story"].startswith("american_airlines")]
    records = [
        CopyRecord(
            number, datetime.fromisoformat(row["published"]).replace(tzinfo=UTC), row["text"]
        )
        for number, row in enumerate(story)
    ]
    result = find_copies(records)
    outlets = {number: row["source"] for number, row in enumerate(story)}
    groups = {}
    for number, link in result.items():
        groups.setdefault(link.copy_of if link.copy_of is not None else number, []).append(
            outlets[number]
        )
    ap = sorted(next(group for group in groups.values() if len(group) > 1))
    assert ap == ["www.dailymail.co.uk", "www.nytimes.com", "www.washingtonpost.com"]
    assert sum(len(group) == 1 for group in groups.values()) == len(story) - 3
