"""/healthz (the process lives) and /readyz (it can serve), part by part."""

import pytest
from django.db import OperationalError, connection

from tidings.queue import RedisQueue
from tidings.web.health import queue_error


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_probes_report_every_part_ok(client, db, probe):
    response = client.get(probe)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "queue": "ok",
        "vector_index": "ok",
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_probes_answer_503_when_the_database_fails(client, db, probe):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(database_down):
        response = client.get(probe)

    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "connection refused"


def test_with_redis_down_healthz_says_degraded_and_readyz_503(client, db, settings, dead_redis_url):
    settings.TIDINGS = {**settings.TIDINGS, "RATE_LIMIT_REDIS_URL": dead_redis_url}

    alive = client.get("/healthz")
    ready = client.get("/readyz")

    assert alive.status_code == 200
    assert alive.json() == {
        "status": "degraded",
        "database": "ok",
        "queue": "ok",
        "vector_index": "ok",
        "redis": "unreachable (ConnectionError)",
    }
    assert ready.status_code == 503
    assert ready.json()["status"] == "error"
    assert ready.json()["redis"] == "unreachable (ConnectionError)"


def test_a_vector_index_that_cannot_open_makes_readyz_503(client, db, settings):
    settings.TIDINGS = {
        **settings.TIDINGS,
        "VECTOR_INDEX": "pgvector",
        "VECTOR_DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
    }

    alive = client.get("/healthz")
    ready = client.get("/readyz")

    assert alive.status_code == 200
    assert alive.json()["status"] == "degraded"
    assert ready.status_code == 503
    assert ready.json()["vector_index"].startswith("unavailable (")


def test_with_redis_up_it_is_reported_ok(client, db, settings):
    settings.TIDINGS = {**settings.TIDINGS, "RATE_LIMIT_REDIS_URL": "redis://127.0.0.1:6379/6"}

    response = client.get("/readyz")

    if response.json()["redis"] != "ok":
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert response.status_code == 200


def test_a_queue_that_does_not_answer_is_reported_by_kind_only(dead_redis_url):
    assert queue_error(RedisQueue("tidings-test", url=dead_redis_url)) == (
        "unreachable (ConnectionError)"
    )
