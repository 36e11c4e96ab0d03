import pytest

from tidings.stories.models import Story
from tidings.web.tests.conftest import make_story  # noqa: F401  (the story row builder)


@pytest.fixture
def article(make_article):
    return make_article(title="Council approves the new bridge")


@pytest.fixture
def story(db):
    return Story.objects.create(id=7001, title="The bridge vote")
