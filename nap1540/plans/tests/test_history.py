"""The plan's history page reads as sentences: who did what, when, in the reader's words."""

from __future__ import annotations

from typing import Any

from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Visibility
from nap1540.plans import services
from nap1540.plans.models import Plan


def _history(client: Any, plan: Plan, **headers: Any) -> str:
    response = client.get(f"/plans/{plan.pk}/history/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_change_made_through_the_form_reads_as_a_sentence(personas, plan):
    client = personas.client("coordinator")
    response = client.post(
        f"/plans/{plan.pk}/edit/",
        {
            "title": "Renamed plan",
            "period_start": "2014-01-01",
            "period_end": "2016-12-31",
            "adoption_act": "",
            "adoption_act_number": "PP-17",
            "coordinating_agency": personas.agency.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = _history(client, plan)
    assert (
        "coordinator changed the plan Renamed plan: title: National action plan → Renamed plan; "
        "act number: — → PP-17; coordinating agency: — → Ministry of Emergency Situations."
    ) in page
    assert "plan.updated" not in page


def test_task_steps_and_reviews_read_as_sentences(personas, plan, mes_task):
    services.record_task_update(
        mes_task, by=personas.focal, status="in_progress", progress=40, note="Drafting started."
    )
    services.delete_task(plan.tasks.get(number="3"), by=personas.coordinator)
    page = _history(personas.client("viewer"), plan)
    assert (
        f"focal recorded the progress of the task {mes_task}: status: Not started → In "
        "progress; progress (%): 0 → 40. Note: Drafting started."
    ) in page
    assert "coordinator removed the task 3 " in page


def test_older_rows_still_render_and_an_unknown_code_stays_neutral(personas, plan, mes_task):
    # The shape the history kept before records were named: bare ids under "<field>_id".
    AuditEvent.objects.create(
        action="task.updated",
        target_type="plans.task",
        target_id=str(mes_task.pk),
        target_repr="1 Task 1",
        data={
            "plan": plan.pk,
            "changes": {"lead_agency_id": [personas.agency.pk, personas.other_agency.pk]},
        },
    )
    AuditEvent.objects.create(
        action="plan.renumbered", target_type="plans.plan", target_id=str(plan.pk)
    )
    page = _history(personas.client("coordinator"), plan)
    assert (
        "The system changed the task 1 Task 1: lead agency: Ministry of Emergency Situations → "
        "Ministry of Health."
    ) in page
    assert "The system made a change to" in page and "plan.renumbered" not in page


def test_a_successor_is_named_only_to_those_who_may_open_it(personas, make_plan):
    plan = make_plan(visibility=Visibility.COMMITTEE)
    successor = make_plan(title="Secret successor 2022-2026")
    AuditEvent.record(
        "plan.superseded", target=plan, by=personas.coordinator, data={"successor": successor.pk}
    )
    expert = _history(personas.client("expert"), plan)
    assert "coordinator replaced the plan National action plan with its update a record not " in (
        expert
    )
    assert "Secret successor" not in expert
    own = _history(personas.client("coordinator"), plan)
    assert "with its update Secret successor 2022-2026." in own


def test_who_the_plan_is_shared_with_is_told_only_to_its_state(personas, make_plan):
    from nap1540.accounts import sharing
    from nap1540.registry.models import State

    plan = make_plan(visibility=Visibility.COMMITTEE)
    sharing.share_with(plan, by=personas.coordinator, states=[State.objects.get(iso3="TJK")])
    assert "with TJK." in _history(personas.client("viewer"), plan)
    assert "TJK" not in _history(personas.client("expert"), plan)


def test_the_history_speaks_russian(personas, plan):
    services.update_plan(plan, by=personas.coordinator, title="Renamed plan")
    page = _history(personas.client("coordinator"), plan, HTTP_ACCEPT_LANGUAGE="ru")
    assert "coordinator изменил" in page
    assert "план «Renamed plan»: заголовок: National action plan → Renamed plan." in page
    assert "changed the plan" not in page and "plan.updated" not in page
