"""The readable diff of two copies, on small invented texts."""

from tidings.dedupe.diff import Change, Segment, diff_texts, diff_words
from tidings.dedupe.tests.stories import PARAGRAPHS, STORY


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
