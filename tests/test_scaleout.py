"""Scale-out at small size: PostgreSQL, Redis, a web server and two `tidings worker`
processes, one killed with SIGKILL mid-ingest; every article ends stored, enriched and in
a story exactly once. bench/scaleout.py runs the same at full size and times it."""

import os
from pathlib import Path

import pytest
import redis

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = "redis://127.0.0.1:6379/12"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.ConnectionError:
        return False


pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith(("postgres://", "postgresql://")),
        reason="scale-out needs PostgreSQL (DATABASE_URL)",
    ),
    pytest.mark.skipif(not redis_answers(), reason="scale-out needs Redis on 127.0.0.1:6379"),
]


def test_a_worker_killed_mid_ingest_loses_and_doubles_nothing(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).parents[1] / "bench"))
    from scaleout import exactly_once, run

    # The workers need no model to show that nothing is lost or doubled.
    monkeypatch.setenv("TIDINGS_EMBEDDINGS", "hashed")
    result = run(
        DATABASE_URL,
        REDIS_URL,
        tmp_path,
        feeds=6,
        per_feed=4,
        workers=2,
        kill=True,
        kill_after=0.0,
        page_delay=1.0,  # a fetch in flight for the kill to interrupt
        timeout=900,
    )

    assert result["killed_after_stored"] is not None
    assert result["killed_after_stored"] < result["articles"]
    assert exactly_once(result) == []
    assert result["counts"]["sources_fetched"] == 6
