"""What is never a tag on its own."""

import pytest

from tidings.enrich.tagging_words import is_junk


@pytest.mark.parametrize(
    "surface",
    ["Monday", "June 2", "1,200", "$5 billion", "officials", "people", "they", "A", "Reuters"],
)
def test_dates_numbers_pronouns_generic_words_and_credits_are_junk(surface):
    assert is_junk(surface, name=True)
