"""`/healthz`, for load balancers and monitors."""

from django.db import OperationalError, connection


def test_healthz_reports_the_database_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, db):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(database_down):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "connection refused"}
