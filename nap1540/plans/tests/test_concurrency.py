"""Two people change the same task at the same moment through two different endpoints.

Each round starts both requests behind a barrier. A write without a version merges field by
field (both values stay); two writes of the same field with the version they read: one
wins, the other gets 409 with a message. The history always matches what the task shows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from nap1540.core.audit import AuditEvent
from nap1540.matrix.loaders import load_reference
from nap1540.plans.models import Task, TaskUpdate

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 10


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: Any) -> None:
    # A transactional test empties every table when it ends; pytest-django runs these tests
    # after all others, so each loads the reference data (States, the template) again.
    if not Task._meta.apps.get_model("registry", "State").objects.exists():
        load_reference()


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except BaseException as exc:  # reported to the test below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def _client(personas: Any, name: str) -> Client:
    return personas.client(name)  # logged in here: the threads only send requests


def _history_matches(task: Task) -> None:
    last = TaskUpdate.objects.filter(task=task).order_by("-recorded_at", "-id").first()
    assert last is not None
    assert (last.status, last.progress) == (task.status, task.progress)


def test_a_patch_and_a_progress_update_without_versions_both_stay(personas, mes_task):
    coordinator, focal = _client(personas, "coordinator"), _client(personas, "focal")
    url = f"/api/v1/plans/tasks/{mes_task.pk}"
    for i in range(ROUNDS):
        title, progress = f"Adopt the law, step {i}", 10 + i
        events = AuditEvent.objects.count()
        patched, updated = _at_once(
            partial(coordinator.patch, url, {"title": title}, content_type="application/json"),
            partial(
                focal.post,
                f"{url}/updates",
                {"status": "in_progress", "progress": progress},
                content_type="application/json",
            ),
        )
        assert (patched.status_code, updated.status_code) == (200, 201)
        mes_task.refresh_from_db()
        assert (mes_task.title, mes_task.progress) == (title, progress)
        _history_matches(mes_task)
        assert AuditEvent.objects.count() == events + 2


def test_two_patches_of_different_fields_without_versions_both_stay(personas, mes_task):
    first, second = _client(personas, "coordinator"), _client(personas, "coordinator")
    url = f"/api/v1/plans/tasks/{mes_task.pk}"
    for i in range(ROUNDS):
        a, b = _at_once(
            partial(first.patch, url, {"description": f"why {i}"}, content_type="application/json"),
            partial(second.patch, url, {"indicators": f"how {i}"}, content_type="application/json"),
        )
        assert (a.status_code, b.status_code) == (200, 200)
        mes_task.refresh_from_db()
        assert (mes_task.description, mes_task.indicators) == (f"why {i}", f"how {i}")


def test_the_same_field_with_versions_keeps_one_and_tells_the_other(personas, mes_task):
    coordinator, focal = _client(personas, "coordinator"), _client(personas, "focal")
    url = f"/api/v1/plans/tasks/{mes_task.pk}"
    for i in range(ROUNDS):
        mes_task.refresh_from_db()
        version = mes_task.lock_version
        patched, updated = _at_once(
            partial(
                coordinator.patch,
                url,
                {"progress": 40, "status": "in_progress", "lock_version": version},
                content_type="application/json",
            ),
            partial(
                focal.post,
                f"{url}/updates",
                {"status": "in_progress", "progress": 60 + i, "lock_version": version},
                content_type="application/json",
            ),
        )
        codes = sorted([patched.status_code, updated.status_code])
        assert codes in ([200, 409], [201, 409]), codes
        loser = patched if patched.status_code == 409 else updated
        assert "was changed by someone else" in loser.json()["detail"]
        assert loser.json()["current_lock_version"] == version + 1
        mes_task.refresh_from_db()
        winner = 40 if patched.status_code == 200 else 60 + i
        assert mes_task.progress == winner
        assert mes_task.lock_version == version + 1
        _history_matches(mes_task)


def test_a_review_and_a_patch_at_once_keep_both_changes(personas, plan, mes_task):
    coordinator, other = _client(personas, "coordinator"), _client(personas, "coordinator")
    for i in range(ROUNDS):
        reviewed, patched = _at_once(
            partial(
                coordinator.post,
                f"/api/v1/plans/{plan.pk}/reviews",
                {
                    "title": f"Review {i}",
                    "held_on": f"2015-01-{i + 1:02d}",
                    "updates": [{"task": mes_task.pk, "status": "in_progress", "progress": i}],
                },
                content_type="application/json",
            ),
            partial(
                other.patch,
                f"/api/v1/plans/tasks/{mes_task.pk}",
                {"expected_outputs": f"output {i}"},
                content_type="application/json",
            ),
        )
        assert (reviewed.status_code, patched.status_code) == (201, 200)
        mes_task.refresh_from_db()
        assert (mes_task.progress, mes_task.expected_outputs) == (i, f"output {i}")
        _history_matches(mes_task)
