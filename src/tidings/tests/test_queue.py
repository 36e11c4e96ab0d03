"""The worker waits out a queue it cannot reach, saying so once instead of in tracebacks;
the queue knows how long its oldest task has waited."""

import logging
import time

import pytest
import redis
from huey.constants import EmptyData

from tidings.queue import ENQUEUED_AT, PatientScheduler, RedisQueue, SqliteQueue


def test_workers_and_scheduler_wait_out_an_unreachable_redis_quietly(dead_redis_url, caplog):
    caplog.set_level(logging.DEBUG)
    queue = RedisQueue("tidings-test", url=dead_redis_url)
    consumer = queue.create_consumer(workers=2, periodic=True, worker_type="thread")
    # Set, the stop flag ends each pause at once: the test need not wait out the backoff.
    consumer.stop_flag.set()
    scheduler = PatientScheduler(queue, consumer.stop_flag, 1, True)

    for _ in range(5):
        for worker, _thread in consumer.worker_threads:
            worker.loop()
        scheduler.loop()

    assert [r for r in caplog.records if r.exc_info] == []
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warning.getMessage().startswith("The task queue is unreachable (ConnectionError:")
    assert queue.outage.down


def test_a_reachable_queue_runs_its_tasks_and_ends_the_outage(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    queue = SqliteQueue("tidings-test", filename=str(tmp_path / "queue.sqlite3"))
    done = []

    @queue.task()
    def remember(value):
        done.append(value)

    remember(1)
    consumer = queue.create_consumer(workers=1, periodic=False, worker_type="thread")
    consumer.stop_flag.set()
    worker = consumer.worker_threads[0][0]
    queue.outage.failed(OSError("was down"), "waiting")

    worker.loop()

    assert done == [1]
    assert not queue.outage.down
    assert caplog.records[-1].getMessage().startswith("The task queue answers again")


def sqlite_queue(tmp_path):
    return SqliteQueue("tidings-test", filename=str(tmp_path / "queue.sqlite3"))


def redis_queue(tmp_path):
    queue = RedisQueue("tidings-test-age", url="redis://127.0.0.1:6379/7")
    try:
        queue.storage.flush_all()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return queue


@pytest.mark.parametrize("make_queue", [sqlite_queue, redis_queue])
def test_the_oldest_tasks_wait_is_known_until_a_worker_takes_it(tmp_path, make_queue):
    queue = make_queue(tmp_path)

    @queue.task()
    def remember(value):
        return value

    assert queue.oldest_task_age() is None
    remember(1)
    time.sleep(0.05)
    remember(2)

    first_waited = queue.oldest_task_age()
    assert 0.05 <= first_waited < 60
    first = queue.dequeue()
    assert first.args == (1,)
    assert queue.oldest_task_age() < first_waited  # now the second task's wait
    queue.dequeue()
    assert queue.oldest_task_age() is None
    assert queue.storage.peek_data(ENQUEUED_AT + first.id) is EmptyData
