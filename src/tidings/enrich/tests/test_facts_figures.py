"""Finding facts in text: each figure with what it counts, what is not a fact, their order,
and that nothing is stated that is not in the text."""

import json

import pytest

from tidings.enrich.facts_figures import extract_facts


def seed(shared_data):
    return json.loads((shared_data.parent / "seed" / "articles.json").read_text())


def figures(text: str) -> list[tuple[str, str, str]]:
    return [(fact.value, fact.unit, fact.what) for fact in extract_facts(text, limit=50)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The deal covers at least 1,200 POWs on each side.",
            ("at least 1,200", "", "POWs on each side"),
        ),
        ("The firm paid $2 million in fines.", ("$2 million", "$", "fines")),
        (
            "Investors put 4.2 million euros into the startup.",
            ("4.2 million", "euros", "Investors put"),
        ),
        ("Nearly 40% of voters stayed home.", ("Nearly 40", "%", "voters")),
        ("Sales fell 3.5 percent last year.", ("3.5", "percent", "Sales fell")),
        ("A 5 km stretch of road was closed.", ("5", "km", "stretch of road")),
        ("Thousands of people marched through the capital.", ("Thousands", "", "people")),
        ("The 37-year-old actor has two children.", ("37", "year-old", "actor")),
        ("Anna Berg, 52, runs the bakery.", ("52", "", "Anna Berg")),
        ("The home side won 4-1 on Sunday.", ("4-1", "", "The home side won")),
        ("More than 2000 protesters gathered outside.", ("More than 2000", "", "protesters")),
    ],
)
def test_a_figure_comes_with_what_it_counts(sentence, expected):
    assert expected in figures(sentence)


def test_dates_carry_what_happened_then():
    facts = figures("The talks in Istanbul on June 2 ended without a deal.")
    assert ("June 2", "", "The talks in Istanbul") in facts
    assert figures("The survey ran between May 22 and 28.")[0][0] == "May 22 and 28"
    assert figures("Her son went missing in September 2024.")[0][:2] == ("September 2024", "")


@pytest.mark.parametrize(
    "sentence",
    [
        "Call 555-123-4567 for details.",
        "The meeting starts at 10:30 a.m. sharp.",
        "Cases of COVID-19 fell sharply.",
        "The Boeing 737 landed safely.",
        "It was their No. 1 priority.",
        "The two sides met again.",
        "Resolution 1973 allows all necessary measures.",
        "Flight 447 left Rio on Sunday.",
        "He said Two Rivers is a nice town.",
        "Photo: 3 people at the scene (Reuters)",
    ],
)
def test_phone_numbers_times_codes_and_bare_numbers_are_not_facts(sentence):
    assert figures(sentence) == []


def test_years_are_not_facts_but_the_counts_beside_them_are():
    text = (
        "The company was founded in 1998 in a garage.\n\n"
        "It now employs 4,500 people and earned $3 billion last year, up 12 percent."
    )
    values = [fact.value for fact in extract_facts(text)]
    assert "1998" not in values
    assert {"4,500", "$3 billion", "up 12"} <= set(values)


def test_seed_article_facts_are_the_prisoners_counted(shared_data):
    main = seed(shared_data)["main"]
    facts = figures("\n\n".join(main["paragraphs"]))
    assert ("at least 1,200", "", "POWs on each side") in facts
    assert ("640", "", "POWs") in facts


def test_seed_survey_facts_count_people_and_percentages(shared_data):
    survey = next(a for a in seed(shared_data)["related"] if "Levada" in a["text"])
    facts = figures(survey["text"])
    assert ("over 1,600", "", "people") in facts
    fifty_five = next(fact for fact in facts if fact[:2] == ("55", "percent"))
    assert "respondents" in fifty_five[2] and "Germany" in fifty_five[2]
    assert ("down by 36", "percentage points") in [fact[:2] for fact in facts]


def real_texts(shared_data) -> list[str]:
    g5w1h = shared_data / "clustering-news" / "g5w1h_news_cluster.dev.jsonl"
    demo = shared_data / "demo-corpus" / "articles.jsonl"
    kpcrowd = shared_data / "keyphrases" / "500N-KPCrowd.dev.jsonl"
    texts = [json.loads(line)["text"] for line in g5w1h.read_text().splitlines()]
    texts += [json.loads(line)["body"] for line in demo.read_text().splitlines()]
    texts += [json.loads(line)["text"] for line in kpcrowd.read_text().splitlines()[:30]]
    return texts


def test_nothing_is_stated_that_is_not_in_the_text(shared_data):
    texts = real_texts(shared_data)
    assert len(texts) >= 200
    seen = 0
    for text in texts:
        for fact in extract_facts(text, limit=1000):
            assert text[fact.start : fact.end] == fact.sentence
            assert fact.value and fact.value in fact.sentence
            assert fact.unit in fact.sentence
            assert fact.what in fact.sentence
            seen += 1
    assert seen > 1000
