"""The failure classes of key facts on fresh news: casualties and votes in coordinated
phrases, number words, units and currencies, ages, years and dates that are no counts,
the lead and the headline ranked first, and quotations wrapped once."""

import pytest

from tidings.enrich.facts import quote
from tidings.enrich.facts_figures import extract_facts


def figures(text: str) -> list[tuple[str, str, str]]:
    return [(fact.value, fact.unit, fact.what) for fact in extract_facts(text, limit=50)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The blast tore through a market, killing 43 and injuring 160, police said.",
            [("43", "", "killing"), ("160", "", "injuring")],
        ),
        (
            "Gunmen stormed the hotel, killing at least 12 or more and wounding 30.",
            [("at least 12 or more", "", "killing"), ("30", "", "wounding")],
        ),
        ("The storm left 9 dead and 30 injured.", [("9", "", "dead"), ("30", "", "injured")]),
        (
            "Four people die, 17 are hurt as a bus overturns.",
            [("Four", "", "people"), ("17", "", "are hurt")],
        ),
        (
            "The council approved the budget, 27 for and 12 against.",
            [("27", "", "for"), ("12", "", "against")],
        ),
        ("The death toll in the floods rose to 64, the ministry said.", [("64", "", "rose to")]),
        ("Rescuers pulled 40 from the rubble and saved 15 more.", [("15", "", "more")]),
    ],
)
def test_every_number_of_a_coordinated_phrase_says_what_it_counts(sentence, expected):
    found = figures(sentence)
    for fact in expected:
        assert fact in found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Nearly two-thirds of nurses backed the strike.", ("Nearly two-thirds", "", "nurses")),
        ("A dozen homes were flooded overnight.", ("A dozen", "", "homes")),
        ("Officials said five schools would close.", ("five", "", "schools")),
    ],
)
def test_number_words_count_what_follows(sentence, expected):
    assert expected in figures(sentence)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Rainfall reached 12.5 millimetres overnight.", "12.5", "millimetres"),
        ("The lorry carried 18 tonnes of grain.", "18", "tonnes"),
        ("Temperatures hit 41°C in Seville on Monday.", "41", "°C"),
        ("The glacier lost 3 square kilometres of ice.", "3", "square kilometres"),
        ("The wind reached 140 km/h at the coast.", "140", "km/h"),
        ("The startup raised €40m from investors.", "€40m", "€"),
        ("Exports grew to CHF 3.2 billion in the quarter.", "CHF 3.2 billion", "CHF"),
        ("The fine came to 250,000 NOK in the end.", "250,000", "NOK"),
        ("Turnout fell by 4 per cent on the last vote.", "4", "per cent"),
        ("They built a 12-storey tower near the port.", "12", "storey"),
    ],
)
def test_units_and_currencies_are_read_with_their_figure(sentence, value, unit):
    assert (value, unit) in [fact[:2] for fact in figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The pilot, 58, survived the landing.", ("58", "", "The pilot")),
        ("Police arrested a woman aged 34 at the station.", ("34", "aged", "")),
        ("The 29 year old striker scored twice.", ("29", "year old", "striker")),
        ("Ruth Okafor, 71 of Leeds, won the prize.", ("71", "", "Ruth Okafor")),
    ],
)
def test_a_persons_age_is_a_fact(sentence, expected):
    found = figures(sentence)
    assert expected[:2] in [fact[:2] for fact in found]
    if expected[2]:
        assert expected in found


@pytest.mark.parametrize(
    "sentence",
    [
        "The bridge opened to traffic in 1932.",
        "1954 — Founded in Leeds by the Hall family.",
        "Updated 2019-03-04 10:15 by the desk.",
        "The report, dated 04/03/2019, was leaked.",
    ],
)
def test_years_and_numeric_dates_are_not_facts(sentence):
    assert figures(sentence) == []


def test_the_lead_and_the_headline_figures_come_before_later_numbers():
    text = (
        "A fire swept through a textile factory on Tuesday, killing 31 workers and "
        "injuring 70 others, officials said.\n\n"
        "Firefighters needed five hours to put out the blaze.\n\n"
        "The factory employed 2,000 people and exported $40 million of shirts a year.\n\n"
        "Inspectors had visited ten days earlier, and millions of garments burned."
    )
    facts = extract_facts(text, limit=3, title="31 dead as fire sweeps through factory")
    assert [fact.value for fact in facts[:2]] == ["31", "70"]
    assert (facts[0].value, facts[0].what) == ("31", "workers")


def test_a_figure_the_headline_repeats_outranks_an_equal_one():
    text = "Voters backed the plan by 58 percent.\n\nTurnout reached 46 percent in the city."
    plain = [fact.value for fact in extract_facts(text)]
    headed = [fact.value for fact in extract_facts(text, title="Turnout hits 46% as city votes")]
    assert plain[0] == "58" and headed[0] == "46"


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ('"We lost everything in an hour."', "We lost everything in an hour."),
        ("“We lost everything,” she said.", "‘We lost everything,’ she said."),
        ('"We lost everything.', "We lost everything."),
        ("Officials said 12 died.", "Officials said 12 died."),
        ("“It was ‘a miracle’.”", "It was ‘a miracle’."),
    ],
)
def test_a_quoted_sentence_is_wrapped_once(sentence, shown):
    assert quote(sentence) == shown
