"""Decisions taken at an event change the plan: new tasks with owner and due date, updates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Visibility
from nap1540.events import services
from nap1540.events.models import Outcome


def test_outcome_that_creates_a_task_puts_it_in_the_plan_with_owner_and_due_date(
    personas: Any, plan: Any, event_factory: Any
) -> None:
    event = event_factory(Visibility.COMMITTEE, plan=plan)
    client = personas.client("expert")  # experts record decisions; the coordinator applies them
    response = client.post(
        reverse("events:outcome_add", args=[event.slug]),
        {
            "decision-text": "Train border guards on detecting nuclear material.",
            "decision-action": "create_task",
            "decision-task_title": "Border guard training",
            "decision-section_code": "OP3(c)",
            "decision-lead_agency": personas.agency.pk,
            "decision-due_date": "2018-12-31",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(event=event)
    assert not outcome.is_applied
    # The expert may not change the plan.
    refused = client.post(reverse("events:outcome_apply", args=[event.slug, outcome.pk]))
    assert refused.status_code == 403
    response = personas.client("coordinator").post(
        reverse("events:outcome_apply", args=[event.slug, outcome.pk])
    )
    assert response.status_code == 302
    outcome.refresh_from_db()
    task = plan.tasks.get(title="Border guard training")
    assert outcome.task == task and outcome.is_applied
    assert task.lead_agency == personas.agency
    assert task.due_date == date(2018, 12, 31)
    assert task.section_code == "OP3(c)"
    assert task.description == "Train border guards on detecting nuclear material."
    assert task.number == "6"
    assert AuditEvent.objects.filter(action="event.decision_applied").exists()
    page = personas.client("coordinator").get(event.get_absolute_url()).content.decode()
    assert "Task 6" in page


def test_outcome_that_updates_a_task_changes_owner_due_date_and_status(
    personas: Any, plan: Any, event_factory: Any
) -> None:
    event = event_factory(Visibility.PRIVATE, plan=plan, kind="review_meeting")
    task = plan.tasks.get(number="3")
    outcome = services.record_outcome(
        event,
        by=personas.coordinator,
        text="Move the deadline for securing sources.",
        action=Outcome.Action.UPDATE_TASK,
        task=task,
        lead_agency=personas.other_agency,
        due_date=date(2020, 6, 30),
        task_status="in_progress",
    )
    applied = services.apply_outcome(outcome, by=personas.coordinator)
    task.refresh_from_db()
    assert applied == task
    assert (task.lead_agency, task.due_date, task.status) == (
        personas.other_agency,
        date(2020, 6, 30),
        "in_progress",
    )
    with pytest.raises(ValidationError):
        services.apply_outcome(outcome, by=personas.coordinator)  # only once


def test_decision_into_a_successor_plan(personas: Any, plan: Any, event_factory: Any) -> None:
    from nap1540.plans.models import Plan

    successor = Plan.objects.create(
        state=personas.uzb,
        title="Next plan",
        period_start=date(2022, 1, 1),
        period_end=date(2025, 12, 31),
        status=Plan.Status.DRAFT,
    )
    event = event_factory(Visibility.PRIVATE, plan=plan)
    outcome = services.record_outcome(
        event,
        by=None,
        text="New task for the next plan.",
        action=Outcome.Action.CREATE_TASK,
        plan=successor,
        task_title="Draft control list",
        lead_agency=personas.agency,
        due_date=date(2023, 1, 31),
    )
    task = services.apply_outcome(outcome, by=personas.coordinator)
    assert task.plan == successor and task.lead_agency == personas.agency


def test_decisions_are_checked(personas: Any, plan: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.PRIVATE)  # no plan
    with pytest.raises(ValidationError):
        services.record_outcome(event, by=None, text="x", action="create_task", task_title="t")
    event = event_factory(Visibility.PRIVATE, plan=plan)
    kaz_agency = personas.kaz.agencies.create(name="Kazakh ministry")
    with pytest.raises(ValidationError):
        services.record_outcome(
            event, by=None, text="x", action="create_task", task_title="t", lead_agency=kaz_agency
        )
    with pytest.raises(ValidationError):
        services.record_outcome(event, by=None, text="x", action="create_task")  # no title
    with pytest.raises(ValidationError):
        services.record_outcome(event, by=None, text="x", action="update_task")  # no task
    record = services.record_outcome(event, by=None, text="Noted.")
    with pytest.raises(ValidationError):
        services.apply_outcome(record, by=personas.coordinator)


@pytest.mark.parametrize("persona", ["focal", "viewer", "outsider", "expert"])
def test_only_the_plans_editor_applies_decisions(
    personas: Any, plan: Any, event_factory: Any, persona: str
) -> None:
    event = event_factory(Visibility.PUBLIC, plan=plan)
    outcome = services.record_outcome(
        event,
        by=None,
        text="x",
        action="create_task",
        task_title="New",
        lead_agency=personas.agency,
    )
    with pytest.raises(PermissionDenied):
        services.apply_outcome(outcome, by=personas.user(persona))
    assert not plan.tasks.filter(title="New").exists()


def test_api_applies_a_decision(personas: Any, plan: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.PRIVATE, plan=plan)
    outcome = services.record_outcome(
        event,
        by=None,
        text="x",
        action="create_task",
        task_title="From the API",
        lead_agency=personas.agency,
        due_date=date(2019, 1, 1),
    )
    from nap1540.accounts.models import APIToken

    _token, raw = APIToken.issue(personas.coordinator, "tests")
    response = personas.client("anonymous").post(
        f"/api/v1/events/{event.slug}/decisions/{outcome.pk}/apply",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "From the API" and body["due_date"] == "2019-01-01"
    assert body["lead_agency_id"] == personas.agency.pk
    outsider = personas.client("outsider").post(
        f"/api/v1/events/{event.slug}/decisions/{outcome.pk}/apply"
    )
    assert outsider.status_code in (403, 404)


def test_review_meeting_links_to_the_agenda_and_review_form(
    personas: Any, plan: Any, event_factory: Any
) -> None:
    event = event_factory(Visibility.PRIVATE, plan=plan, kind="review_meeting")
    page = personas.client("coordinator").get(event.get_absolute_url()).content.decode()
    assert reverse("events:agenda", args=[event.slug]) in page
    from nap1540.events.views import review_form_url

    url = review_form_url(event)
    assert url == reverse("events:record_review", args=[event.slug]) and url in page
    viewer_page = personas.client("viewer").get(event.get_absolute_url()).content.decode()
    assert "Open the plan" not in viewer_page
