import json
from datetime import date

import pytest

from tidings.ai.five_w import QUESTIONS, five_w, spacy_available

TITLE = "Smith wins vote on harbor plan"
TEXT = (
    "LISBON (Reuters) - Mayor Ana Smith won a council vote on Thursday on her plan to rebuild "
    "the harbor after storms destroyed the old quay in January.\n\n"
    "She won the vote by promising to hire local builders, aides said.\n\n"
    "The work starts next spring."
)
SATURDAY = date(2016, 11, 12)


@pytest.fixture(params=["spacy", "rules"])
def use_spacy(request):
    if request.param == "spacy" and not spacy_available():
        pytest.skip("spaCy (the ml extra) is not installed")
    return request.param == "spacy"


def test_five_w_answers_from_the_headline_and_lead_with_offsets(use_spacy):
    answers = five_w(TITLE, TEXT, SATURDAY, use_spacy=use_spacy)
    for answer in answers.values():
        source = TITLE if answer.in_title else TEXT
        assert source[answer.start : answer.end] == answer.text
    assert answers["who"].text == "Smith" and answers["who"].in_title
    assert answers["what"].text == "wins vote on harbor plan"
    assert (answers["when"].text, answers["when"].date) == ("Thursday", "2016-11-10")
    assert answers["where"].text == "LISBON"
    assert answers["why"].text == "after storms destroyed the old quay in January"
    assert answers["how"].text == "by promising to hire local builders"


def test_five_w_says_nothing_the_article_does_not_say(use_spacy):
    answers = five_w(
        "rain expected", "it will rain a lot, forecasters said.", None, use_spacy=use_spacy
    )
    assert [q for q in QUESTIONS if answers[q] is not None] == ["what"]


def test_command_answers_each_article_and_reports_bad_lines(run_jsonl):
    code, results = run_jsonl(
        "five-w",
        [
            json.dumps({"id": 1, "title": TITLE, "text": TEXT, "published": "2016-11-12T09:00Z"}),
            json.dumps({"id": 2, "title": TITLE, "text": TEXT, "published": "last week"}),
            "not json",
            json.dumps({"id": 4, "title": ["a list"]}),
        ],
    )
    assert code == 1
    assert [result["id"] for result in results] == [1, 2, None, 4]
    assert set(results[0]) == {"id", *QUESTIONS}
    assert results[0]["when"] == {"text": "Thursday", "start": 57, "end": 65, "date": "2016-11-10"}
    assert results[0]["what"]["in"] == "title"
    assert "error" in results[1] and "error" in results[2] and "error" in results[3]
