"""The worker waits out a queue it cannot reach, saying so once instead of in tracebacks."""

import logging

from tidings.queue import PatientScheduler, RedisQueue, SqliteQueue


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
