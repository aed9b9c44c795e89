"""A scheduled job runs once at a time: its lock is a row in the database."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from nap1540.core.jobs import AlreadyRunning, JobLock, exclusive
from nap1540.core.tests.threads import at_once


def test_a_second_run_is_told_who_holds_the_job(db: Any) -> None:
    with exclusive("nightly") as holder:
        with pytest.raises(AlreadyRunning) as busy, exclusive("nightly"):
            pytest.fail("the second run must not start")
        assert busy.value.holder == holder and "pid" in holder
        with exclusive("other job"):  # other jobs are not held up
            pass
    with exclusive("nightly"):  # released at the end of the block
        pass
    row = JobLock.objects.get(name="nightly")
    assert row.holder == "" and row.held_until is None and row.finished_at is not None


def test_a_failed_run_releases_the_job(db: Any) -> None:
    with pytest.raises(ZeroDivisionError), exclusive("nightly"):
        1 / 0  # noqa: B018
    with exclusive("nightly"):
        pass


def test_a_lock_left_by_a_killed_run_expires(db: Any) -> None:
    JobLock.objects.create(
        name="nightly", holder="dead host pid 1", held_until=timezone.now() - timedelta(seconds=1)
    )
    with exclusive("nightly") as holder:
        assert JobLock.objects.get(name="nightly").holder == holder
    JobLock.objects.filter(name="nightly").update(
        holder="live host pid 2", held_until=timezone.now() + timedelta(minutes=5)
    )
    with pytest.raises(AlreadyRunning), exclusive("nightly"):
        pass


class _Round:
    """Three runs of one job; the one that gets it holds it until the other two have tried."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.skipped = 0
        self.others_tried = threading.Event()

    def run(self) -> str:
        try:
            with exclusive("nightly"):
                self.others_tried.wait(timeout=10)
            return "ran"
        except AlreadyRunning:
            with self.lock:
                self.skipped += 1
                if self.skipped == 2:
                    self.others_tried.set()
            return "skipped"


@pytest.mark.django_db(transaction=True)
def test_of_runs_started_at_once_exactly_one_does_the_work() -> None:
    for _ in range(20):
        JobLock.objects.all().delete()  # the first run of a job also creates its row
        round_ = _Round()
        outcomes = at_once(round_.run, round_.run, round_.run)
        assert sorted(outcomes) == ["ran", "skipped", "skipped"]
