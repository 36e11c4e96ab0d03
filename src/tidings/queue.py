"""The task queue's Huey classes: a consumer that waits out a queue it cannot reach.

Huey's own consumer logs a traceback each time a worker or the scheduler fails to read
the queue, several a second while Redis is down. These classes catch the errors of an
unreachable queue where Huey reads it, say so once a minute (``tidings.outages``) and
make the workers wait a few seconds between attempts; tasks run again as soon as the
queue answers. ``settings.HUEY`` names them, so ``tidings worker`` and ``tidings run``
use them through Huey's own ``run_huey`` command.

Huey's messages carry no time of their own, so each task's enqueueing time is kept beside
it in the queue's storage (SQLite or Redis alike) until a worker takes it: how long the
oldest task has waited is what says the workers are falling behind (``oldest_task_age``).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time

import redis
from huey import RedisHuey, SqliteHuey
from huey.constants import EmptyData
from huey.consumer import Consumer, Scheduler, Worker

from tidings.outages import Outage

# Errors that mean the queue's storage cannot be reached now, not that a task is broken.
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, sqlite3.OperationalError)
RETRY_SECONDS = 5
WAITING = "workers wait and tasks stay queued where they are"
ENQUEUED_AT = "tidings:enqueued-at:"  # + task id -> when it was queued, in Unix seconds


class PatientQueue:
    """Mixed into a Huey class: reading the queue while it is unreachable finds nothing."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outage = Outage("The task queue", retry_every=RETRY_SECONDS)

    def create_consumer(self, **options) -> Consumer:
        return PatientConsumer(self, **options)

    def enqueue(self, task):
        if not self.immediate:  # an immediate queue runs the task now: it never waits
            self.storage.put_data(ENQUEUED_AT + task.id, repr(time.time()).encode())
        return super().enqueue(task)

    def dequeue(self):
        try:
            task = super().dequeue()
        except UNREACHABLE as error:
            self.outage.failed(error, WAITING)
            return None
        self.outage.recovered()
        if task is not None:
            # The task is ours now: losing its note to a failing queue only leaves a key.
            with contextlib.suppress(*UNREACHABLE):
                self.storage.pop_data(ENQUEUED_AT + task.id)
        return task

    def oldest_task_age(self) -> float | None:
        """Seconds the next task to run has waited; None when the queue is empty or that
        task was queued by a version of tidings that did not note the time."""
        oldest = self.storage.enqueued_items(limit=1)
        if not oldest:
            return None
        queued_at = self.storage.peek_data(ENQUEUED_AT + self.deserialize_task(oldest[0]).id)
        if queued_at is EmptyData:
            return None
        return max(0.0, time.time() - float(queued_at))

    def read_schedule(self, timestamp=None):
        try:
            tasks = super().read_schedule(timestamp)
        except UNREACHABLE as error:
            self.outage.failed(error, WAITING)
            return []
        self.outage.recovered()
        return tasks


class PatientWorker(Worker):
    def loop(self, now=None) -> None:
        super().loop(now)
        if self.huey.outage.down:
            # Waiting on the stop flag, so that a shutdown does not wait for the pause.
            self.stop_flag.wait(RETRY_SECONDS)


class PatientScheduler(Scheduler):
    def enqueue_periodic_tasks(self, now) -> None:
        # Enqueueing would only fail again; the next minute's round queues what is due.
        if not self.huey.outage.down:
            super().enqueue_periodic_tasks(now)


class PatientConsumer(Consumer):
    worker_class = PatientWorker
    scheduler_class = PatientScheduler


class RedisQueue(PatientQueue, RedisHuey):
    pass


class SqliteQueue(PatientQueue, SqliteHuey):
    pass
