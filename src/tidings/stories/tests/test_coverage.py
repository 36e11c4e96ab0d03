import pytest

from tidings.stories.coverage import (
    LeadCandidate,
    StatedFact,
    facts_side_by_side,
    figure_kind,
    normal_unit,
    normal_value,
    normal_what,
    pick_lead,
    spell_acronyms,
    top_hashtags,
)

OUTLETS = {1: "The Japan Times", 2: "NHK", 3: "Kyiv Independent", 4: "Reuters"}


def stated(article_id, source_id, value, unit, what, sentence, figure=None):
    return StatedFact(
        article_id=article_id,
        source_id=source_id,
        outlet=OUTLETS[source_id],
        link=f"/articles/{article_id}/#p-0",
        value=value,
        unit=unit,
        what=what,
        figure=figure or value,
        sentence=sentence,
    )


# The facts tidings.enrich.facts finds in three reports of one prisoner swap.
JAPAN_TIMES = [
    stated(
        11,
        1,
        "at least 1,200",
        "",
        "POWs on each side",
        "The talks resulted in an agreement to exchange at least 1,200 POWs on each side.",
    ),
    stated(11, 1, "June 2", "", "talks in Istanbul", "The talks in Istanbul on June 2 agreed."),
    stated(11, 1, "640", "", "POWs", "A first list of 640 POWs had been handed to Ukraine."),
    stated(11, 1, "55", "%", "Russians", "55% of Russians saw Germany as hostile.", "55%"),
]
NHK = [
    stated(
        21,
        2,
        "1,200",
        "",
        "POWs on each side",
        "Both sides agreed to swap 1,200 POWs on each side.",
    ),
    stated(21, 2, "600", "", "POWs", "Russia said it had handed over a list of 600 POWs."),
    stated(
        21,
        2,
        "55",
        "percent",
        "Russians",
        "The survey found 55 percent of Russians view Germany as hostile.",
        "55 percent",
    ),
]
KYIV = [
    stated(31, 3, "1,000", "", "POWs on each side", "Kyiv hoped for 1,000 POWs on each side."),
    stated(31, 3, "400", "", "others", "400 others were injured."),
]


def test_outlets_giving_different_numbers_for_the_same_thing_are_marked():
    groups = facts_side_by_side([*JAPAN_TIMES, *NHK, *KYIV])

    first = groups[0]
    assert (first.what, first.outlet_count, first.disagree) == ("POWs on each side", 3, True)
    assert [(value.figure, [fact.outlet for fact in value.sources]) for value in first.values] == [
        # "at least 1,200" states the same amount as "1,200".
        ("at least 1,200", ["The Japan Times", "NHK"]),
        ("1,000", ["Kyiv Independent"]),
    ]
    handed_over = next(group for group in groups if group.what == "POWs")
    assert handed_over.disagree
    assert [value.figure for value in handed_over.values] == ["640", "600"]


def test_an_acronym_and_its_words_count_the_same_thing():
    spelled_out = stated(
        41,
        4,
        "1,200",
        "",
        "prisoners of war on each side",
        "Ukraine said 1,200 prisoners of war on each side would come home.",
    )

    groups = facts_side_by_side([*JAPAN_TIMES, spelled_out])

    assert groups[0].what == "POWs on each side"
    [value] = groups[0].values
    assert [fact.outlet for fact in value.sources] == ["The Japan Times", "Reuters"]
    # Only acronyms some fact of the story uses are spelled out.
    assert spell_acronyms("prisoners of war", frozenset({"GDP"})) == "prisoners of war"


def test_the_same_figure_written_two_ways_agrees():
    groups = facts_side_by_side([*JAPAN_TIMES, *NHK])

    survey = next(group for group in groups if group.what == "Russians")
    assert survey.unit == "percent"
    assert not survey.disagree
    [value] = survey.values
    assert [fact.figure for fact in value.sources] == ["55%", "55 percent"]
    assert value.outlet_count == 2


def test_facts_whose_words_name_nothing_are_left_out_and_dates_stay_apart():
    groups = facts_side_by_side([*JAPAN_TIMES, *KYIV])

    assert "others" not in [group.what for group in groups]
    talks = next(group for group in groups if group.what == "talks in Istanbul")
    assert [value.figure for value in talks.values] == ["June 2"]


def test_an_article_giving_two_figures_for_the_same_words_is_not_a_disagreement():
    killed = stated(41, 4, "131", "", "people", "The quake killed 131 people.")
    injured = stated(41, 4, "More than 400", "", "people", "More than 400 people were injured.")
    other = stated(11, 1, "at least 120", "", "people", "It killed at least 120 people.")

    [group] = facts_side_by_side([other, killed, injured])

    assert group.mixed and not group.disagree
    assert [value.figure for value in group.values] == ["at least 120", "131", "More than 400"]


def test_an_article_stating_a_value_twice_counts_once():
    again = stated(21, 2, "1,200", "", "POWs on each side", "The 1,200 POWs on each side wait.")

    groups = facts_side_by_side([*NHK, again])

    assert [len(value.sources) for value in groups[0].values] == [1]
    assert not groups[0].disagree


def test_widely_reported_facts_come_first_and_the_list_is_capped():
    groups = facts_side_by_side([*JAPAN_TIMES, *NHK, *KYIV], limit=2)

    assert [group.what for group in groups] == ["POWs on each side", "POWs"]


@pytest.mark.parametrize(
    ("value", "unit", "normal"),
    [
        ("at least 1,200", "", ("amount", "", 1200.0)),
        ("More than 400", "", ("amount", "", 400.0)),
        ("$2 million", "$", ("amount", "", 2_000_000.0)),
        ("US$4.5bn", "US$", ("amount", "", 4_500_000_000.0)),
        ("About 55", "percent", ("amount", "", 55.0)),
        ("down 36", "", ("amount", "down", 36.0)),
        ("a dozen", "", ("amount", "", 12.0)),
        ("thousands", "", ("words", "thousands")),
        ("1,200-1,500", "", ("words", "1,200-1,500")),
        ("June 2", "", ("words", "june 2")),
    ],
)
def test_values_are_compared_by_amount_when_they_read_as_one(value, unit, normal):
    assert normal_value(value, unit) == normal


def test_what_units_and_kinds_fold_to_one_spelling():
    assert normal_what("POWs on each side") == normal_what("the POWs on both sides")
    assert normal_what("prisoners") == normal_what("prisoner")
    assert normal_what("others") == ""
    assert normal_unit("%") == normal_unit("per cent") == normal_unit("percent") == "percent"
    assert normal_unit("US$") == normal_unit("dollars") == "$"
    assert figure_kind("September 2024", "") == "date"
    assert figure_kind("2024", "") == "year"
    assert figure_kind("2,024", "") == "amount"


def test_hashtags_carried_by_more_articles_come_first_then_by_score():
    links = [
        ("#Ukraine", 11, 0.9),
        ("#PrisonersOfWar", 11, 0.8),
        ("#Istanbul", 11, 0.95),
        ("#Ukraine", 21, 0.7),
        ("#PrisonersOfWar", 21, 0.9),
        ("#Russia", 21, 0.2),
        ("#Russia", 31, 0.3),
    ]

    ranked = top_hashtags(links, limit=3)

    assert [(item.hashtag, item.articles) for item in ranked] == [
        ("#PrisonersOfWar", 2),
        ("#Ukraine", 2),
        ("#Russia", 2),
    ]
    assert ranked[0].score == pytest.approx(1.7)


def test_the_lead_is_the_article_named_like_the_story_else_the_newest_with_a_picture():
    newest_first = [
        LeadCandidate(3, "Ukraine expects more swaps", has_image=False),
        LeadCandidate(2, "Prisoner swap begins", has_image=True),
        LeadCandidate(1, "Russia and Ukraine exchange prisoners of war", has_image=False),
    ]

    assert pick_lead("Russia and Ukraine exchange prisoners of war", newest_first) == 1
    assert pick_lead("A headline no article has", newest_first) == 2
    assert pick_lead("A headline no article has", [newest_first[0]]) == 3
    assert pick_lead("Anything", []) is None
