"""Assistance from plans: a task already in a request, its carried-over copies, which draft."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nap1540.assistance.models import Request, RequestItem
from nap1540.assistance.services.requests import (
    add_item,
    create_request,
    item_from_task,
    update_request,
)
from nap1540.assistance.tests.conftest import make_request
from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Visibility
from nap1540.plans import services as plan_services
from nap1540.plans.models import Plan, Task

S = Request.Status
FROM_TASK = "/assistance/from-task/{}/"


def carry_over(personas: Any, plan: Plan, start: int) -> Plan:
    """The plan's update to the next period, as the coordinator makes it."""
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ADOPTED)
    plan.refresh_from_db()
    return plan_services.create_successor(
        plan,
        by=personas.coordinator,
        title=f"National action plan {start}-{start + 3}",
        period_start=date(start, 1, 1),
        period_end=date(start + 3, 12, 31),
    )


def copy_of(task: Task) -> Task:
    return Task.objects.get(carried_over_from=task)


def draft(personas: Any, title: str) -> Request:
    return create_request(by=personas.coordinator, state=personas.uzb, title=title)


def index(personas: Any, persona: str = "coordinator") -> str:
    return personas.client(persona).get("/assistance/").content.decode()


def test_a_task_in_a_request_is_no_longer_a_need_and_links_its_item(
    personas: Any, plan_task: Task
) -> None:
    assert FROM_TASK.format(plan_task.pk) in index(personas)
    client = personas.client("coordinator")
    response = client.post(FROM_TASK.format(plan_task.pk), {"request": "new"})
    item = RequestItem.objects.get(source_task=plan_task)
    assert response.status_code == 302 and response["Location"] == item.request.get_absolute_url()

    page = index(personas)
    assert FROM_TASK.format(plan_task.pk) not in page
    assert item.get_absolute_url() in page  # listed among the tasks already in a request
    for url in (plan_task.get_absolute_url(), plan_task.plan.get_absolute_url()):
        shown = client.get(url).content.decode()
        assert item.get_absolute_url() in shown and item.request.title in shown
    state_page = client.get("/states/UZB/").content.decode()
    assert FROM_TASK.format(plan_task.pk) not in state_page


def test_the_carried_over_copy_of_a_task_in_a_request_is_not_a_need(
    personas: Any, plan_task: Task
) -> None:
    item = item_from_task(plan_task, by=personas.coordinator)
    carry_over(personas, plan_task.plan, 2021)
    copy = copy_of(plan_task)
    assert copy.assistance_needed

    page = index(personas)
    assert FROM_TASK.format(copy.pk) not in page and FROM_TASK.format(plan_task.pk) not in page
    client = personas.client("coordinator")
    assert item.get_absolute_url() in client.get(copy.get_absolute_url()).content.decode()
    assert item.get_absolute_url() in client.get(copy.plan.get_absolute_url()).content.decode()

    response = client.post(FROM_TASK.format(copy.pk), {"request": "new"})
    assert response.status_code == 422
    assert "already an item of an assistance request" in response.content.decode()
    assert RequestItem.objects.count() == 1 and Request.objects.count() == 1


def test_a_request_made_from_the_copy_also_settles_the_original(
    personas: Any, plan_task: Task
) -> None:
    carry_over(personas, plan_task.plan, 2021)
    copy = copy_of(plan_task)
    item = item_from_task(copy, by=personas.coordinator)
    shown = personas.client("coordinator").get(plan_task.get_absolute_url()).content.decode()
    assert item.get_absolute_url() in shown
    with pytest.raises(ValidationError):
        item_from_task(plan_task, by=personas.coordinator)


def test_a_chain_of_carried_over_tasks_counts_as_one_need(personas: Any, plan_task: Task) -> None:
    second = carry_over(personas, plan_task.plan, 2021)
    carry_over(personas, second, 2025)
    middle = copy_of(plan_task)
    newest = copy_of(middle)

    page = index(personas)
    assert page.count("/assistance/from-task/") == 1
    assert FROM_TASK.format(newest.pk) in page
    state_page = personas.client("coordinator").get("/states/UZB/").content.decode()
    assert state_page.count("/assistance/from-task/") == 1


def test_the_step_lists_the_states_drafts_and_a_new_request(personas: Any, plan_task: Task) -> None:
    first, second = draft(personas, "Border equipment"), draft(personas, "Customs training")
    other = create_request(by=personas.outsider, state=personas.kaz, title="Kazakh draft")
    received = make_request(personas, title="Received by the Committee")
    page = personas.client("coordinator").get(FROM_TASK.format(plan_task.pk)).content.decode()
    for request in (first, second):
        assert f'value="{request.pk}"' in page and request.title in page
    assert 'value="new"' in page
    assert other.title not in page and f'value="{other.pk}"' not in page
    assert f'value="{received.pk}"' not in page  # not a draft any more


def test_choosing_a_draft_adds_the_item_there_and_leaves_the_other_untouched(
    personas: Any, plan_task: Task
) -> None:
    first, second = draft(personas, "Border equipment"), draft(personas, "Customs training")
    add_item(second, by=personas.coordinator, text="Laboratory training.")
    client = personas.client("coordinator")
    response = client.post(FROM_TASK.format(plan_task.pk), {"request": str(first.pk)})
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    assert first.items.get().source_task == plan_task
    assert [i.text for i in second.items.all()] == ["Laboratory training."]
    assert Request.objects.filter(state=personas.uzb).count() == 2
    added = AuditEvent.objects.filter(action="assistance.item_added")
    assert [e.data["item"] for e in added.filter(target_id=str(first.pk))] == [first.items.get().pk]
    assert added.filter(target_id=str(second.pk)).count() == 1  # its own item only


def test_posting_without_a_choice_adds_nothing(personas: Any, plan_task: Task) -> None:
    first = draft(personas, "Border equipment")
    response = personas.client("coordinator").post(FROM_TASK.format(plan_task.pk))
    assert response.status_code == 422
    assert "Choose the request the task goes into." in response.content.decode()
    assert not first.items.exists() and Request.objects.count() == 1


def test_another_states_draft_cannot_be_chosen(personas: Any, plan_task: Task) -> None:
    other = create_request(by=personas.outsider, state=personas.kaz, title="Kazakh draft")
    response = personas.client("coordinator").post(
        FROM_TASK.format(plan_task.pk), {"request": str(other.pk)}
    )
    assert response.status_code == 422
    assert not RequestItem.objects.exists()


def test_without_a_draft_the_step_says_so_and_starts_one(personas: Any, plan_task: Task) -> None:
    client = personas.client("coordinator")
    page = client.get(FROM_TASK.format(plan_task.pk)).content.decode()
    assert "Your State has no draft request." in page
    assert 'name="request" value="new"' in page
    response = client.post(FROM_TASK.format(plan_task.pk), {"request": "new"})
    created = Request.objects.get()
    assert response["Location"] == created.get_absolute_url()
    assert created.status == S.DRAFT and created.items.get().source_task == plan_task


def test_the_focal_point_may_edit_the_task_but_not_request_for_the_state(
    personas: Any, plan_task: Task
) -> None:
    Task.objects.filter(pk=plan_task.pk).update(lead_agency=personas.agency)
    draft(personas, "Secret draft title")
    client = personas.client("focal")
    assert client.get(plan_task.get_absolute_url()).status_code == 200
    for response in (
        client.get(FROM_TASK.format(plan_task.pk)),
        client.post(FROM_TASK.format(plan_task.pk), {"request": "new"}),
    ):
        assert response.status_code == 403
        assert "Secret draft title" not in response.content.decode()
    assert not RequestItem.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "provider", "anonymous"])
def test_others_never_reach_the_step(personas: Any, plan_task: Task, persona: str) -> None:
    draft(personas, "Secret draft title")
    response = personas.client(persona).get(FROM_TASK.format(plan_task.pk))
    assert response.status_code in (302, 404)
    assert "Secret draft title" not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "expert", "provider", "anonymous"])
def test_a_request_the_reader_may_not_open_is_never_named_on_the_plan(
    personas: Any, plan_task: Task, persona: str
) -> None:
    Plan.objects.filter(pk=plan_task.plan_id).update(visibility=Visibility.PUBLIC)
    item = item_from_task(plan_task, by=personas.coordinator)
    update_request(item.request, by=personas.coordinator, title="Secret draft title")
    client = personas.client(persona)
    for url in (plan_task.get_absolute_url(), plan_task.plan.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Secret draft title" not in page
        assert item.get_absolute_url() not in page
        assert "Already in an assistance request." not in page


def test_the_states_own_readers_see_the_link_where_they_may_open_the_request(
    personas: Any, plan_task: Task
) -> None:
    item = item_from_task(plan_task, by=personas.coordinator)
    for persona in ("focal", "viewer"):
        page = personas.client(persona).get(plan_task.get_absolute_url()).content.decode()
        assert item.get_absolute_url() in page


def test_a_request_the_states_reader_may_not_open_is_only_said_to_exist(
    personas: Any, plan_task: Task
) -> None:
    # An item recorded against the task in a request the State does not see (another
    # State's private draft, as older data can hold): never named, never linked.
    other = create_request(by=personas.outsider, state=personas.kaz, title="Kazakh draft")
    item = RequestItem.objects.create(request=other, text="Need.", source_task=plan_task)
    page = personas.client("coordinator").get(plan_task.get_absolute_url()).content.decode()
    assert "Kazakh draft" not in page and item.get_absolute_url() not in page
    assert "Already in an assistance request." in page
    assert FROM_TASK.format(plan_task.pk) not in index(personas)
    Plan.objects.filter(pk=plan_task.plan_id).update(visibility=Visibility.PUBLIC)
    for persona in ("expert", "provider"):
        shown = personas.client(persona).get(plan_task.get_absolute_url()).content.decode()
        assert "Already in an assistance request." not in shown and "Kazakh draft" not in shown


def _world(personas: Any, size: int) -> None:
    plan = Plan.objects.create(
        state=personas.uzb,
        title="Plan 2017-2020",
        period_start=date(2017, 1, 1),
        period_end=date(2020, 12, 31),
        visibility=Visibility.COMMITTEE,
    )
    tasks = [
        Task.objects.create(
            plan=plan, number=f"{n}", order=n, title=f"Task {n}", assistance_needed=True
        )
        for n in range(1, size + 1)
    ]
    request = draft(personas, "Border equipment")
    for task in tasks[: size // 2]:
        item_from_task(task, by=personas.coordinator, request=request)
    carry_over(personas, plan, 2021)


@pytest.mark.parametrize("size", [4, 16])
def test_the_assistance_index_costs_the_same_queries_at_any_size(personas: Any, size: int) -> None:
    _world(personas, size)
    client = personas.client("coordinator")
    client.get("/assistance/")  # warm the per-process caches (content types, vocabulary)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/assistance/").content.decode()
    assert page.count("/assistance/from-task/") == size - size // 2
    assert len(queries) == INDEX_QUERIES, [q["sql"] for q in queries]


INDEX_QUERIES = 13  # ten for the page, three for the menu's counts (nap1540/web/tests/test_home.py)
