"""Related articles of a bare headline: only those on its subject, above the measured floor."""

from datetime import UTC, datetime

import pytest

from tidings.enrich import stored_embeddings
from tidings.enrich.embeddings import model_available
from tidings.stories.related import related_articles, related_stories

NOON = datetime(2014, 3, 11, 12, 0, tzinfo=UTC)
HEADLINES = {
    "pot": "Colorado collects millions in first month of marijuana taxes",
    "rules": "Washington state sets rules for marijuana tax collection",
    "snow": "Colorado ski resorts report record snow season",  # a shared place, not a subject
    "store": "Department store chief executive steps down",
    "cars": "Car sales rise in February as buyers return",
    "brief": "Business in Brief",  # a column's name: no subject to share
}


@pytest.fixture
def headlines(settings, tmp_path, make_article, make_source):
    if not model_available():
        pytest.skip("the model backend needs the ml extra")
    settings.TIDINGS = {
        **settings.TIDINGS,
        "EMBEDDINGS": "model",
        "VECTOR_FOLDER": tmp_path / "vectors",
    }
    made = {
        key: make_article(source=make_source(), title=title, text="", published_at=NOON)
        for key, title in HEADLINES.items()
    }
    stored_embeddings.process(list(made.values()))
    return made


def test_a_headline_gets_only_the_headlines_on_its_subject(headlines):
    assert related_articles(headlines["pot"]) == [headlines["rules"]]
    assert related_articles(headlines["store"]) == []
    assert related_articles(headlines["brief"]) == []


def test_a_story_of_headlines_gets_only_stories_on_its_subject(headlines):
    from tidings.stories.models import Story

    stories = {
        key: Story.objects.create(id=number, title=HEADLINES[key])
        for number, key in enumerate(HEADLINES, start=1)
    }
    for key, article in headlines.items():
        article.story = stories[key]
        article.save(update_fields=["story"])

    assert related_stories(stories["pot"]) == [stories["rules"]]
