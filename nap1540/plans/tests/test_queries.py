"""The heavy pages and the review save do not run more queries when a plan has more tasks."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nap1540.plans import services
from nap1540.plans.tests.conftest import review


def _count(func):
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def _plan(make_plan, personas, tasks):
    plan = make_plan(tasks=tasks)
    for number in ("1", "2"):
        services.update_task(
            plan.tasks.get(number=number),
            by=personas.coordinator,
            fields=["OP1-R16", "OP1-R17"],
            supporting_agencies=[personas.other_agency],
        )
    review(plan, personas.coordinator, date(2016, 1, 1), t1=("completed", 100))
    review(plan, personas.coordinator, date(2017, 1, 1), t2=("completed", 100))
    return plan


@pytest.mark.parametrize("persona", ["coordinator", "viewer"])
def test_plan_page_queries_do_not_grow_with_tasks(personas, make_plan, persona):
    small, large = _plan(make_plan, personas, 3), _plan(make_plan, personas, 40)
    client = personas.client(persona)
    client.get(f"/plans/{small.pk}/")  # warm the session and the principal
    counts = [_count(lambda p=p: client.get(f"/plans/{p.pk}/")) for p in (small, large)]
    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_review_save_queries_do_not_grow_with_tasks(personas, make_plan):
    small, large = _plan(make_plan, personas, 3), _plan(make_plan, personas, 40)

    def save(plan):
        tasks = list(plan.tasks.all())
        updates = [{"task": t.pk, "status": "in_progress", "progress": 50} for t in tasks]
        return lambda: services.record_review(
            plan, by=personas.coordinator, held_on=date(2018, 1, 1), title="R", updates=updates
        )

    counts = [_count(save(small)), _count(save(large))]
    assert counts[0] == counts[1]
    assert counts[0] <= 12


def test_review_form_post_queries_do_not_grow_with_tasks(personas, make_plan):
    client = personas.client("coordinator")
    counts = []
    for size in (3, 40):
        plan = _plan(make_plan, personas, size)
        data: dict[str, object] = {"title": "R", "held_on": "2018-01-01"}
        for t in plan.tasks.all():
            data |= {
                f"status-{t.pk}": "completed",
                f"progress-{t.pk}": 100,
                f"version-{t.pk}": t.lock_version,
            }
        counts.append(_count(lambda p=plan, d=data: client.post(f"/plans/{p.pk}/reviews/new/", d)))
    assert counts[0] == counts[1]


def test_my_tasks_queries_do_not_grow_with_tasks(personas, make_plan):
    client = personas.client("focal")
    client.get("/plans/my-tasks/")
    make_plan(tasks=3)
    few = _count(lambda: client.get("/plans/my-tasks/"))
    make_plan(tasks=40)
    many = _count(lambda: client.get("/plans/my-tasks/"))
    assert few == many
    assert few <= 10


def test_inbox_and_task_list_api_queries_do_not_grow_with_tasks(personas, make_plan, bearer):
    from django.test import Client

    client = personas.client("coordinator")
    api = Client(headers=bearer("coordinator"))
    small, large = _plan(make_plan, personas, 3), _plan(make_plan, personas, 40)
    client.get("/plans/inbox/")
    api.get(f"/api/v1/plans/{small.pk}/tasks")
    inbox = [_count(lambda: client.get("/plans/inbox/"))]
    tasks = [_count(lambda p=p: api.get(f"/api/v1/plans/{p.pk}/tasks")) for p in (small, large)]
    assert tasks[0] == tasks[1]
    make_plan(tasks=40)
    inbox.append(_count(lambda: client.get("/plans/inbox/")))
    assert inbox[0] == inbox[1]
