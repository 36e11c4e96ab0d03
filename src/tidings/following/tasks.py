"""The daily digest, sent by the worker: a thin Huey task."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from tidings.following.digest import send_due_digests


# Every hour: a worker that was down at the usual time still sends the day's digests.
@db_periodic_task(crontab(minute="7"))
def send_daily_digests() -> int:
    return send_due_digests()
