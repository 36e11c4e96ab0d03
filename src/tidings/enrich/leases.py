"""Leases: work that one process at a time may do, held for minutes, never forever.

1. ``lease(name)`` makes sure the lease's row exists, then takes it with a conditional
   UPDATE that matches only a free, expired or own lease: of two processes, exactly one
   sees the row change.
2. The holder calls ``renew()`` between pieces of work. It pushes the expiry on, and says
   False once the lease was lost (it ran out and another process took it): stop then.
3. The lease is released when the ``with`` block ends, however it ends. A killed holder
   releases nothing; its lease runs out by itself, or the next worker started on the
   same machine frees it at once (``release_dead_holders``).

Expiry is compared with each process's own clock: machines sharing a database need their
clocks in step (NTP) to well within ``LEASE_FOR``.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from tidings.enrich.models import Lease

LEASE_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class HeldLease:
    name: str
    holder: str
    duration: timedelta

    def renew(self) -> bool:
        """Keep the lease for another ``duration``; False when it was lost meanwhile."""
        expires = timezone.now() + self.duration
        return (
            Lease.objects.filter(name=self.name, holder=self.holder).update(expires_at=expires) == 1
        )


@contextmanager
def lease(name: str, duration: timedelta = LEASE_FOR) -> Iterator[HeldLease | None]:
    """Hold the lease ``name`` for the block, or give None when another process holds it."""
    held = HeldLease(name, new_holder(), duration)
    Lease.objects.bulk_create([Lease(name=name)], ignore_conflicts=True)
    now = timezone.now()
    free = Q(expires_at__isnull=True) | Q(expires_at__lt=now)
    taken = Lease.objects.filter(free, name=name).update(
        holder=held.holder, expires_at=now + duration
    )
    if not taken:
        yield None
        return
    try:
        yield held
    finally:
        Lease.objects.filter(name=name, holder=held.holder).update(holder="", expires_at=None)


def new_holder() -> str:
    """Who holds a lease: this machine and process (to tell a dead holder), and a token of
    this one holding (two threads of one process are two holders)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def release_dead_holders() -> list[str]:
    """Free the leases whose holder was a process of this machine that has gone, or an
    earlier life of this process's id (containers reuse ids). Call it at start-up, before
    this process takes any lease. Returns the names freed."""
    dead = [
        (row.pk, row.name)
        for row in Lease.objects.filter(expires_at__isnull=False)
        if holder_is_dead(row.holder)
    ]
    Lease.objects.filter(pk__in=[pk for pk, _ in dead]).update(holder="", expires_at=None)
    return [name for _, name in dead]


def holder_is_dead(holder: str) -> bool:
    """Whether ``holder`` ("host:pid" or "host:pid:token") names a process of this machine
    that no longer runs, or this very process's id seen before it started holding."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    return int(pid) == os.getpid() or not process_runs(int(pid))


def process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    return True
