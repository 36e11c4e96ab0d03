"""The copy finder's pure core and the readable diff, on small invented texts."""

from __future__ import annotations

import pytest

from tidings.dedupe.copies import (
    MIN_WORDS,
    CopyIndex,
    CopyLink,
    CopyRecord,
    find_copies,
    signature,
    similarity,
)
from tidings.dedupe.diff import Change, Segment, diff_texts, diff_words
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


# The diff.


def test_diff_shows_changed_words_added_and_removed_paragraphs():
    theirs = [
        PARAGRAPHS[0].replace("Tuesday", "Monday"),
        *PARAGRAPHS[1:4],
        "A paragraph of their own.",
        *PARAGRAPHS[5:],
    ]
    changes = diff_texts(STORY, "\n\n".join(theirs))
    kinds = [change.kind for change in changes]
    assert kinds == ["changed", "same", "removed", "added", "same"]
    changed_words = [s for s in changes[0].segments if s.kind in {"added", "removed"}]
    assert changed_words == [Segment("removed", "Tuesday"), Segment("added", "Monday")]
    assert changes[1].count == 3
    assert changes[2].text == PARAGRAPHS[4]
    assert changes[3].text == "A paragraph of their own."


def test_diff_collapses_long_unchanged_runs_of_words():
    segments = diff_words(PARAGRAPHS[0], PARAGRAPHS[0].replace("abandoned", "empty"))
    kinds = [segment.kind for segment in segments]
    assert kinds == ["gap", "same", "removed", "added", "same", "gap"]
    assert [segments[1].text, segments[4].text] == ["broke out in an", "paper mill on the"]


def test_diff_ignores_typographic_quotes_and_dashes():
    curly = "“The wind turned twice” — said the chief, who’d led the response all night long."
    straight = '"The wind turned twice" - said the chief, who\'d led the response all night long.'
    assert diff_texts(curly, straight) == [Change("same", count=1)]


def test_diff_of_identical_texts_is_one_unchanged_run():
    assert diff_texts(STORY, STORY) == [Change("same", count=len(PARAGRAPHS))]
