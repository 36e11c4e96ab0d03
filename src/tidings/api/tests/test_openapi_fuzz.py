"""schemathesis calls every operation of /api/v1/openapi.json with generated queries, paths
and bodies, and checks that no answer is a server error and that each answer is one the
schema documents, in the documented shape."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Few examples per operation keep the run short; the generated values differ each run.
EXAMPLES = 5


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def news(db, make_article, make_story, make_hashtag):
    """Some news for the operations to answer from, in the test's transaction: as Django's
    test client does, requests must not close the connection that holds it (on PostgreSQL
    they would, since it is not in autocommit)."""
    told = [make_article(title="Quake hits the coast"), make_article(title="Coast quake")]
    make_story(*told)
    make_hashtag("quake", articles=told)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    database=None,  # nothing kept between runs: each run is its own sample
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(news, case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
