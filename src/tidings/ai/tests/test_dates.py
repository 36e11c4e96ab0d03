from datetime import date

import pytest

from tidings.ai.dates import find_dates

SATURDAY = date(2016, 11, 12)


@pytest.mark.parametrize(
    ("text", "phrase", "resolved"),
    [
        ("The vote was held on Thursday.", "Thursday", "2016-11-10"),
        ("It opened Saturday morning.", "Saturday morning", "2016-11-12"),
        ("She left last Saturday.", "last Saturday", "2016-11-05"),
        ("The court sits next Monday.", "next Monday", "2016-11-14"),
        ("He was arrested yesterday.", "yesterday", "2016-11-11"),
        ("Police said last night that", "last night", "2016-11-11"),
        ("WASHINGTON, Nov 6 (Reuters) -", "Nov 6", "2016-11-06"),
        ("The ruling is due on Nov. 20.", "Nov. 20", "2016-11-20"),  # soon after: this year
        ("It began on December 30.", "December 30", "2015-12-30"),  # long after: last year
        ("Born on 6 June 1944, he", "6 June 1944", "1944-06-06"),
        ("Sales fell in March 2015.", "March 2015", "2015-03"),
        ("He was elected in 2012.", "2012", "2012"),
        ("Filed 2016-11-01 in court.", "2016-11-01", "2016-11-01"),
        ("It ends on February 30.", "February 30", None),
    ],
)
def test_date_phrases_resolve_against_the_day_of_publication(text, phrase, resolved):
    [found] = find_dates(text, SATURDAY)
    assert (found.text, found.date) == (phrase, resolved)
    assert text[found.start : found.end] == phrase


def test_lower_case_month_and_weekday_words_are_not_dates():
    assert find_dates("Prices may 5 times rise; march on, said the sunday paper", SATURDAY) == []


def test_relative_dates_stay_unresolved_without_a_day_of_publication():
    [found] = find_dates("The vote was held on Thursday.", None)
    assert found.date is None
