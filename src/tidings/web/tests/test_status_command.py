"""`tidings status` prints what /metrics counts; JSON logs carry the request."""

import io
import json
import logging
import sys

import pytest
from django.core.management import call_command

from tidings.logs import JsonFormatter
from tidings.sources.models import FetchLog


def status(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("status", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_status_prints_each_part_in_words(make_source, make_article):
    source = make_source(error_count=1)
    make_article(source=source)
    FetchLog.objects.create(source=source, status=500, error_code="http_500")

    code, text = status()

    assert code == 0
    lines = dict(line.split(None, 1) for line in text.splitlines() if line)
    assert lines["database"].startswith("ok (the ")
    assert lines["queue"] == "0 tasks waiting"
    assert lines["sources"] == "1 active, 1 due, 1 failing"
    assert lines["fetches"] == "last hour: 1 http_500"
    assert lines["articles"].startswith("1 stored, 0 in stories")
    assert "language 1" in lines["waiting"]


def test_status_json_has_the_figures_of_metrics(make_article):
    make_article()

    code, text = status("--json")

    figures = json.loads(text)
    assert code == 0
    assert figures["articles_stored"] == 1
    assert figures["articles_waiting"]["cluster"] == 0
    assert figures["queue"] == figures["database"] == figures["vector_index"] == "ok"


def test_status_exits_1_when_a_part_fails(db, settings):
    settings.TIDINGS = {
        **settings.TIDINGS,
        "VECTOR_INDEX": "pgvector",
        "VECTOR_DATABASE_URL": "postgres://nobody@127.0.0.1:9/nothing",
    }

    code, text = status()

    assert code == 1
    assert "vector index    unavailable (" in text


@pytest.fixture
def json_request_log(settings, caplog):
    settings.TIDINGS = {**settings.TIDINGS, "LOG_FORMAT": "json"}
    caplog.set_level(logging.INFO, logger="tidings.request")
    return caplog


def test_json_logs_have_one_object_per_request_with_its_fields(client, db, json_request_log):
    client.get("/healthz?probe=1")

    [record] = [r for r in json_request_log.records if r.name == "tidings.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO"
    assert line["logger"] == "tidings.request"
    assert line["message"] == "GET /healthz 200"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["view"] == "web:healthz"
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")


def test_json_log_lines_keep_the_exception():
    try:
        raise ValueError("a broken feed")
    except ValueError:
        record = logging.LogRecord(
            "tidings.pipeline", logging.ERROR, __file__, 1, "refresh failed", (), None
        )
        record.exc_info = sys.exc_info()

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "refresh failed"
    assert "ValueError: a broken feed" in line["exception"]
    assert "method" not in line
