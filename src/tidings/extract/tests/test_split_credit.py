import pytest

from tidings.extract.figure import split_credit

CASES = [
    # (caption as published, caption we show, credit we show)
    (
        "People hold paper lanterns on the river on Monday. | AFP-JIJI",
        "People hold paper lanterns on the river on Monday.",
        "AFP-JIJI",
    ),
    (
        "Protesters march in the capital (Photo: Reuters)",
        "Protesters march in the capital",
        "Reuters",
    ),
    ("Firefighters at the scene (AP)", "Firefighters at the scene", "AP"),
    (
        "The senator speaks to reporters. Credit: Jane Doe/AP",
        "The senator speaks to reporters.",
        "Jane Doe/AP",
    ),
    ("A heron waits by the weir. Photo by Sam Reyes", "A heron waits by the weir.", "Sam Reyes"),
    ("Image: NASA", "", "NASA"),
    (
        "Workers clear the debris. Photograph: Dan Kitwood/Getty Images",
        "Workers clear the debris.",
        "Dan Kitwood/Getty Images",
    ),
    (
        "The blast site at dawn. (AP Photo/Hassan Ammar)",
        "The blast site at dawn.",
        "AP Photo/Hassan Ammar",
    ),
    ("Crowds at the final. Jane Doe/Getty Images", "Crowds at the final.", "Jane Doe/Getty Images"),
    (
        "The band on stage in 2019 (Joshua Gunter, cleveland.com)",
        "The band on stage in 2019",
        "Joshua Gunter, cleveland.com",
    ),
    ("© Jane Doe", "", "Jane Doe"),
    ("Courtesy of the artist", "", "the artist"),
    # Captions without a credit stay whole, even when they mention photos or parentheses.
    ("Boris Johnson (left) meets Angela Merkel", "Boris Johnson (left) meets Angela Merkel", ""),
    (
        "The photo exhibition opens on Monday in Paris.",
        "The photo exhibition opens on Monday in Paris.",
        "",
    ),
    (
        "Image: The new bridge is expected to carry twelve thousand cars a day when it opens",
        "Image: The new bridge is expected to carry twelve thousand cars a day when it opens",
        "",
    ),
    ("", "", ""),
    ("   spaced   out   caption  ", "spaced out caption", ""),
]


@pytest.mark.parametrize(("published", "caption", "credit"), CASES)
def test_split_credit_separates_the_credit_from_the_caption(published, caption, credit):
    assert split_credit(published) == (caption, credit)
