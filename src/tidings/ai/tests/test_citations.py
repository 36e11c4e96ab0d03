import pytest

from tidings.ai.citations import passes, unsupported

SOURCE = "The council spent 1,200 dollars on the Hawthorne Bridge on Nov. 6, 2016, Mayor Ruiz said."


@pytest.mark.parametrize(
    ("statement", "offending"),
    [
        ("The council spent 1,200 dollars on the Hawthorne Bridge.", []),
        ("The council spent 1200 dollars.", []),  # thousands separators do not matter
        ("the council spent $1,200 on November 6.", []),  # "Nov." is November
        ("Mayor Ruiz's council spent the money in 2016.", []),  # a possessive is the name
        ("The council spent 1,300 dollars.", ["1,300"]),
        ("Mayor Lopez said the council spent 1,200 dollars.", ["Lopez"]),
        ("The council spent the money on Friday, Nov. 7.", ["Friday", "7"]),
        ("The council spent the money in 2015 in Portland.", ["2015", "Portland"]),
        ("Council members spent 12 dollars, then 12 more.", ["12"]),  # a sentence opens "Council"
    ],
)
def test_unsupported_names_the_numbers_names_and_dates_no_cited_sentence_states(
    statement, offending
):
    assert unsupported(statement, [SOURCE]) == offending


def test_a_statement_may_draw_on_several_cited_sentences():
    cited = ["Rescuers reached Amatrice on Thursday.", "At least 120 people died."]
    assert passes("Rescuers reached Amatrice, where at least 120 people died, on Thursday.", cited)
    assert not passes("Rescuers reached Norcia on Thursday.", cited)


def test_nothing_cited_supports_no_name_or_figure():
    assert unsupported("nothing happened.", []) == []
    assert unsupported("Nothing happened in 1999.", []) == ["Nothing", "1999"]
