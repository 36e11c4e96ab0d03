"""The task queue's Huey classes: a consumer that waits out a queue it cannot reach.

Huey's own consumer logs a traceback each time a worker or the scheduler fails to read
the queue, several a second while Redis is down. These classes catch the errors of an
unreachable queue where Huey reads it, say so once a minute (``tidings.outages``) and
make the workers wait a few seconds between attempts; tasks run again as soon as the
queue answers. ``settings.HUEY`` names them, so ``tidings worker`` and ``tidings run``
use them through Huey's own ``run_huey`` command.
"""

from __future__ import annotations

import sqlite3

import redis
from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer, Scheduler, Worker

from tidings.outages import Outage

# Errors that mean the queue's storage cannot be reached now, not that a task is broken.
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, sqlite3.OperationalError)
RETRY_SECONDS = 5
WAITING = "workers wait and tasks stay queued where they are"


class PatientQueue:
    """Mixed into a Huey class: reading the queue while it is unreachable finds nothing."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.outage = Outage("The task queue", retry_every=RETRY_SECONDS)

    def create_consumer(self, **options) -> Consumer:
        return PatientConsumer(self, **options)

    def dequeue(self):
        try:
            task = super().dequeue()
        except UNREACHABLE as error:
            self.outage.failed(error, WAITING)
            return None
        self.outage.recovered()
        return task

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
