"""Leases: one holder at a time, and none forever."""

import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tidings.enrich.leases import lease, release_dead_holders
from tidings.enrich.models import Lease

pytestmark = pytest.mark.django_db


def test_a_held_lease_is_refused_to_a_second_holder_until_released():
    with lease("enrich") as first:
        assert first is not None
        with lease("enrich") as second:
            assert second is None
    with lease("enrich") as third:
        assert third is not None


def test_a_stale_lease_is_taken_over_after_it_expires_and_its_holder_loses_it():
    with lease("enrich") as killed:
        # The holder stalls (or was killed) past its expiry...
        Lease.objects.filter(name="enrich").update(expires_at=timezone.now() - timedelta(seconds=1))
        with lease("enrich") as successor:
            assert successor is not None
            # ...and learns that it lost the lease at its next renewal.
            assert not killed.renew()
            assert successor.renew()
        assert Lease.objects.get(name="enrich").expires_at is None


def test_a_lease_left_by_a_dead_process_of_this_machine_is_freed_at_start():
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    host = socket.gethostname()
    far = timezone.now() + timedelta(minutes=5)
    Lease.objects.create(name="enrich", holder=f"{host}:{dead_pid}:abc", expires_at=far)
    Lease.objects.create(name="alive", holder=f"{host}:1:abc", expires_at=far)
    Lease.objects.create(name="elsewhere", holder=f"other-{host}:{dead_pid}:abc", expires_at=far)
    assert release_dead_holders() == ["enrich"]
    with lease("enrich") as held:
        assert held is not None
    with lease("elsewhere") as held:
        assert held is None  # another machine's holder is left to its expiry


@pytest.mark.django_db(transaction=True)
def test_of_many_threads_racing_for_a_lease_exactly_one_holds_it():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database has one writer; PostgreSQL races")
    holders, start, holding = [], threading.Barrier(8), threading.Barrier(9)

    def race():
        start.wait()
        try:
            with lease("enrich") as held:
                holders.append(held is not None)
                holding.wait(timeout=30)  # everyone has tried while the winner holds it
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    holding.wait(timeout=30)
    for thread in threads:
        thread.join()
    assert holders.count(True) == 1


def test_a_new_worker_frees_the_clustering_claim_of_a_dead_worker_of_this_machine():
    from tidings.sources.management.commands.worker import free_what_dead_workers_held
    from tidings.stories.models import ClusteringState

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = f"{socket.gethostname()}:{int(finished.stdout)}"
    far = timezone.now() + timedelta(minutes=10)
    ClusteringState.objects.create(pk=1, claimed_by=dead, claimed_until=far)
    Lease.objects.create(name="enrich", holder=f"{dead}:abc", expires_at=far)
    assert sorted(free_what_dead_workers_held()) == ["clustering", "enrich"]
    assert ClusteringState.objects.get(pk=1).claimed_until is None
