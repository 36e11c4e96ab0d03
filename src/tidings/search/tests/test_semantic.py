"""Matches by meaning, from the stored embeddings of the ml extra's model."""

import pytest

from tidings.enrich import stored_embeddings
from tidings.enrich.embeddings import model_available
from tidings.search.service import search


@pytest.fixture
def the_model(settings):
    if not model_available():
        pytest.skip("the ml extra is not installed")
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "model"}


def test_jobless_rate_finds_unemployment(client, make_article, the_model):
    jobs = make_article(
        title="Unemployment falls to its lowest level in a decade",
        text="The share of people out of work dropped to 3.5 percent last month.",
    )
    football = make_article(
        title="Late goal gives Arsenal derby win", text="Saka scored in stoppage time."
    )
    stored_embeddings.process([jobs, football])

    results = search("jobless rate")
    assert results.by_meaning
    assert [(result.id, result.by_meaning_only) for result in results.ranked] == [(jobs.id, True)]
    html = client.get("/search/", {"q": "jobless rate"}).content.decode()
    assert "close in meaning" in html and "Arsenal" not in html


def test_a_word_match_ranks_above_a_match_by_meaning(make_article, the_model):
    jobs = make_article(title="Unemployment falls", text="Fewer people are out of work.")
    jobless = make_article(title="Jobless rate falls", text="The jobless rate fell again.")
    stored_embeddings.process([jobs, jobless])
    assert [result.id for result in search("jobless rate").ranked][:2] == [jobless.id, jobs.id]


def test_without_the_model_searches_are_by_words_alone(make_article):
    jobs = make_article(title="Unemployment falls", text="Fewer people are out of work.")
    stored_embeddings.process([jobs])
    results = search("jobless rate")
    assert not results.by_meaning and results.ranked == []
