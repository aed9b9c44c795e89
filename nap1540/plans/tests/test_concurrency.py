"""Two people change the same task at the same moment through two different endpoints.

Each round starts both requests behind a barrier. A write without a version merges field by
field (both values stay); two writes of the same field with the version they read: one
wins, the other gets 409 with a message. The history always matches what the task shows.
Pages post the version they showed: the second of two saves is refused with 409, naming
who saved first.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django.test import Client

from nap1540.core.audit import AuditEvent
from nap1540.core.tests.threads import at_once
from nap1540.matrix.loaders import load_reference
from nap1540.plans.models import Task, TaskUpdate
from tests.walk.walker import post_forms

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 20


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: Any) -> None:
    # A transactional test empties every table when it ends; pytest-django runs these tests
    # after all others, so each loads the reference data (States, the template) again.
    if not Task._meta.apps.get_model("registry", "State").objects.exists():
        load_reference()


def _client(personas: Any, name: str) -> Client:
    return personas.client(name)  # logged in here: the threads only send requests


def _history_matches(task: Task) -> None:
    last = TaskUpdate.objects.filter(task=task).order_by("-recorded_at", "-id").first()
    if last is None:  # no update recorded yet: the task is as it was created
        assert (task.status, task.progress) == (Task.Status.NOT_STARTED, 0)
    else:
        assert (last.status, last.progress) == (task.status, task.progress)


def test_a_patch_and_a_progress_update_without_versions_both_stay(personas, mes_task):
    coordinator, focal = _client(personas, "coordinator"), _client(personas, "focal")
    url = f"/api/v1/plans/tasks/{mes_task.pk}"
    for i in range(ROUNDS):
        title, progress = f"Adopt the law, step {i}", 10 + i
        events = AuditEvent.objects.count()
        patched, updated = at_once(
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
        a, b = at_once(
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
        patched, updated = at_once(
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
        winner_name = "coordinator" if patched.status_code == 200 else "focal"
        assert f"Task 1 was changed by {winner_name} since" in loser.json()["detail"]
        assert loser.json()["current_lock_version"] == version + 1
        mes_task.refresh_from_db()
        winner = 40 if patched.status_code == 200 else 60 + i
        assert mes_task.progress == winner
        assert mes_task.lock_version == version + 1
        _history_matches(mes_task)


def test_a_review_and_a_patch_at_once_keep_both_changes(personas, plan, mes_task):
    coordinator, other = _client(personas, "coordinator"), _client(personas, "coordinator")
    for i in range(ROUNDS):
        reviewed, patched = at_once(
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


def _page_form(client: Client, url: str, action: str = "") -> dict[str, list[str]]:
    """The form of a page (posting to `action`, or to the page) as the browser would post it."""
    page = client.get(url)
    assert page.status_code == 200
    (form,) = [f for f in post_forms(url, page.content.decode()) if f.action == (action or url)]
    values: dict[str, list[str]] = {}
    for name, value in form.fields:
        values.setdefault(name, []).append(value)
    return values


def test_the_task_page_and_a_progress_update_at_once_keep_one_and_tell_the_other(
    personas, mes_task
):
    coordinator, focal = _client(personas, "coordinator"), _client(personas, "focal")
    edit, task_page = f"/plans/tasks/{mes_task.pk}/edit/", f"/plans/tasks/{mes_task.pk}/"
    for i in range(ROUNDS):
        form = _page_form(coordinator, edit)
        progress = _page_form(focal, task_page, f"{task_page}progress/")
        before = mes_task.progress
        edited, updated = at_once(
            partial(coordinator.post, edit, {**form, "title": f"Adopt the law, step {i}"}),
            partial(
                focal.post,
                f"{task_page}progress/",
                {**progress, "status": "in_progress", "progress": str(10 + i)},
                headers={"HX-Request": "true"},  # the row answers 409 itself
            ),
        )
        codes = sorted([edited.status_code, updated.status_code])
        assert codes in ([200, 409], [302, 409]), codes
        mes_task.refresh_from_db()
        if edited.status_code == 302:
            assert "Task 1 was changed by coordinator since" in updated.content.decode()
            assert (mes_task.title, mes_task.progress) == (f"Adopt the law, step {i}", before)
        else:
            body = edited.content.decode()
            assert "Task 1 was changed by focal since you opened it" in body
            assert f"Adopt the law, step {i}" in body  # the input is kept
            assert mes_task.progress == 10 + i
        _history_matches(mes_task)


def test_a_review_and_the_task_page_at_once_keep_one_and_tell_the_other(personas, plan, mes_task):
    first, second = _client(personas, "coordinator"), _client(personas, "coordinator")
    edit = f"/plans/tasks/{mes_task.pk}/edit/"
    new_review = f"/plans/{plan.pk}/reviews/new/"
    for i in range(ROUNDS):
        form = _page_form(second, edit)
        review = _page_form(first, new_review)
        reviewed, edited = at_once(
            partial(
                first.post,
                new_review,
                {
                    **review,
                    "title": f"Review {i}",
                    "held_on": f"2015-01-{i + 1:02d}",
                    f"status-{mes_task.pk}": "in_progress",
                    f"progress-{mes_task.pk}": str(50 + i),
                },
            ),
            partial(second.post, edit, {**form, "indicators": f"indicator {i}"}),
        )
        codes = sorted([reviewed.status_code, edited.status_code])
        assert codes == [302, 409], codes
        loser = reviewed if reviewed.status_code == 409 else edited
        assert "Task 1 was changed by coordinator since you opened it" in loser.content.decode()
        mes_task.refresh_from_db()
        if reviewed.status_code == 302:
            assert mes_task.progress == 50 + i
            assert plan.reviews.filter(title=f"Review {i}").exists()
        else:
            assert mes_task.indicators == f"indicator {i}"
            assert not plan.reviews.filter(title=f"Review {i}").exists()
        _history_matches(mes_task)


def test_twenty_tasks_created_at_once_are_all_kept(personas, plan):
    clients = [_client(personas, "coordinator") for _ in range(20)]
    responses = at_once(
        *(
            partial(
                c.post,
                f"/api/v1/plans/{plan.pk}/tasks",
                {"title": f"Parallel task {n}"},
                content_type="application/json",
            )
            for n, c in enumerate(clients)
        )
    )
    assert [r.status_code for r in responses] == [201] * 20
    tasks = plan.tasks.all()
    assert {f"Parallel task {n}" for n in range(20)} <= set(tasks.values_list("title", flat=True))
    numbers = sorted(int(n) for n in tasks.values_list("number", flat=True))
    assert numbers == list(range(1, 24))  # the plan's three tasks, then ours, none twice
