"""Rate limits: the database and Redis stores, and the fall-back to the database while
Redis does not answer."""

import logging
import threading
import time
import uuid

import pytest
import redis
from django.db import connection

from tidings.comments import ratelimit
from tidings.comments.models import RateCounter
from tidings.comments.ratelimit import DatabaseStore, RedisStore, Slot, slot
from tidings.comments.tests.test_ratelimit import REDIS_URL, limits
from tidings.config import Rate


def test_database_store_counts_each_window_and_reads_the_previous(db):
    store = DatabaseStore()
    # Windows of today: the store now and then prunes windows too old to matter.
    minute = slot("comment:account:1", Rate(5, 60), time.time())
    earlier = Slot(minute.key, 60, minute.previous_start)
    hour = slot("comment:account:1", Rate(30, 3600), time.time())
    store.hit([earlier])
    store.hit([earlier])
    assert store.hit([minute, hour]) == [(1, 2), (1, 0)]
    assert store.hit([minute, hour]) == [(2, 2), (2, 0)]
    assert RateCounter.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_database_store_loses_no_hit_under_concurrent_requests():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The test database is then shared-cache memory, whose table locks fail at once
        # instead of waiting; a real SQLite file serialises writers and waits its timeout.
        pytest.skip("concurrent writers need PostgreSQL or an SQLite file")
    threads, hits_each = 8, 25
    counter = slot("login:address:198.51.100.7", Rate(10, 300), time.time())
    seen: list[int] = []
    errors: list[BaseException] = []

    def hammer():
        try:
            for _ in range(hits_each):
                seen.append(DatabaseStore().hit([counter])[0][0])
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=hammer) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert RateCounter.objects.get(key=counter.key).hits == threads * hits_each
    # Every request saw a different count: none read a stale one.
    assert sorted(seen) == list(range(1, threads * hits_each + 1))


def test_old_counters_are_pruned_and_current_ones_kept(db, settings):
    limits(settings, comment={"account": "5/60,30/3600"})
    now = 100_000.0
    RateCounter.objects.create(key="comment:account:1:3600", window_start=now - 3 * 3600)
    RateCounter.objects.create(key="comment:account:1:3600", window_start=now - 3600)
    RateCounter.objects.create(key="comment:account:1:60", window_start=now - 60)
    assert ratelimit.prune(now) == 1
    assert sorted(RateCounter.objects.values_list("window_start", flat=True)) == [
        now - 3600,
        now - 60,
    ]


@pytest.fixture
def redis_client():
    """The local Redis, with keys under a prefix of this test's own, removed afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"tidings-test:{uuid.uuid4().hex}:"
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def test_redis_store_counts_windows_and_expires_them(redis_client):
    client, prefix = redis_client
    store = RedisStore(client, prefix)
    minute = Slot("comment:account:1:60", 60, 120)
    earlier = Slot("comment:account:1:60", 60, 60)
    store.hit([earlier])
    store.hit([earlier])
    assert store.hit([minute]) == [(1, 2)]
    assert store.hit([minute]) == [(2, 2)]
    assert 0 < client.ttl(f"{prefix}comment:account:1:60:120") <= 120


def test_redis_store_loses_no_hit_under_concurrent_requests(redis_client):
    client, prefix = redis_client
    store = RedisStore(client, prefix)
    counter = Slot("login:address:198.51.100.7:300", 300, 0)
    threads = [
        threading.Thread(target=lambda: [store.hit([counter]) for _ in range(50)]) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert int(client.get(f"{prefix}{counter.key}:0")) == 400


def test_with_redis_configured_the_login_limit_counts_in_redis(client, db, settings, redis_client):
    redis_conn, _prefix = redis_client
    limits(settings, login={"address": "2/3600"})
    settings.TIDINGS = {**settings.TIDINGS, "RATE_LIMIT_REDIS_URL": REDIS_URL}
    # An address of this test's own, so counts of earlier runs cannot be in the way.
    address = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    try:
        answers = [
            client.post(
                "/accounts/login/", {"username": "x", "password": "y"}, REMOTE_ADDR=address
            ).status_code
            for _ in range(3)
        ]
        assert answers == [200, 200, 429]
        assert not RateCounter.objects.exists()
    finally:
        keys = list(redis_conn.scan_iter(f"{ratelimit.REDIS_PREFIX}login:address:{address}:*"))
        assert keys
        redis_conn.delete(*keys)


# Redis down.


def outage_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "tidings.outages" and r.levelname == "WARNING"]


def test_with_redis_down_logins_are_limited_in_the_database_with_one_warning(
    client, db, settings, dead_redis_url, caplog
):
    limits(settings, login={"address": "2/3600"})
    settings.TIDINGS = {**settings.TIDINGS, "RATE_LIMIT_REDIS_URL": dead_redis_url}

    answers = [
        client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code
        for _ in range(3)
    ]

    assert answers == [200, 200, 429]
    assert RateCounter.objects.filter(key__startswith="login:address:").exists()
    [warning] = outage_warnings(caplog)
    assert "Redis for rate limits is unreachable" in warning.getMessage()
    assert "in the database meanwhile" in warning.getMessage()
    assert warning.exc_info is None  # one line, no traceback


def test_with_redis_down_sign_ups_still_work(client, db, settings, dead_redis_url):
    limits(settings, signup={"address": "5/3600"})
    settings.TIDINGS = {**settings.TIDINGS, "RATE_LIMIT_REDIS_URL": dead_redis_url}

    response = client.post(
        "/accounts/signup/",
        {
            "username": "ada",
            "display_name": "Ada",
            "email": "ada@example.org",
            "password1": "a-long-enough-secret-9",
            "password2": "a-long-enough-secret-9",
        },
    )

    assert response.status_code == 302
    assert RateCounter.objects.filter(key__startswith="signup:address:").exists()
