import pytest
from django.test import Client

from tidings.web.tests.conftest import make_story  # noqa: F401  (the story row builder)


@pytest.fixture
def reader(make_reader):
    return make_reader()


@pytest.fixture
def signed_in(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client
