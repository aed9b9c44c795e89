from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from nap1540.accounts.sharing import ConfirmationNeeded
from nap1540.core.audit import AuditEvent
from nap1540.plans import services
from nap1540.plans.models import Plan, Task, TaskUpdate
from nap1540.plans.tests.conftest import review


def test_create_plan_records_who_and_what_in_the_audit_trail(personas):
    plan = services.create_plan(
        state=personas.uzb,
        by=personas.coordinator,
        title="NAP 2014",
        period_start=date(2014, 1, 1),
        period_end=date(2016, 12, 31),
        coordinating_agency=personas.agency,
    )
    assert plan.status == Plan.Status.DRAFT
    [event] = AuditEvent.for_target(plan)
    assert event.action == "plan.created"
    assert event.actor == personas.coordinator
    assert event.data["after"]["title"] == "NAP 2014"
    assert event.state_id == personas.uzb.pk


def test_plan_period_must_not_end_before_it_starts(personas):
    with pytest.raises(ValidationError):
        services.create_plan(
            state=personas.uzb,
            by=personas.coordinator,
            title="Backwards",
            period_start=date(2017, 1, 1),
            period_end=date(2016, 1, 1),
        )


def test_coordinating_agency_must_belong_to_the_plans_state(personas):
    from nap1540.registry.models import Agency

    kaz_agency = Agency.objects.create(state=personas.kaz, name="KAZ MFA")
    with pytest.raises(ValidationError, match="not an agency"):
        services.create_plan(
            state=personas.uzb,
            by=personas.coordinator,
            title="NAP",
            period_start=date(2014, 1, 1),
            period_end=date(2016, 1, 1),
            coordinating_agency=kaz_agency,
        )


def test_update_plan_keeps_before_and_after_of_each_changed_field(plan, personas):
    services.update_plan(plan, by=personas.coordinator, title="Renamed")
    event = AuditEvent.for_target(plan).get(action="plan.updated")
    assert event.data["changes"] == {"title": ["National action plan", "Renamed"]}


def test_editing_a_plan_never_changes_who_sees_it(plan, personas):
    with pytest.raises(ValidationError, match="sharing page"):
        services.update_plan(plan, by=personas.coordinator, title="Renamed", visibility="public")
    plan.refresh_from_db()
    assert (plan.title, plan.visibility) == ("National action plan", "private")


def test_workflow_goes_draft_adopted_submitted_closed(make_plan, personas):
    plan = make_plan(status=Plan.Status.DRAFT)
    services.change_plan_status(plan, by=personas.coordinator, status="adopted")
    # Submitting a private plan discloses it to the Committee: not without a confirmation.
    with pytest.raises(ConfirmationNeeded, match="1540 Committee"):
        services.change_plan_status(plan, by=personas.coordinator, status="submitted")
    plan.refresh_from_db()
    assert (plan.status, plan.visibility) == ("adopted", "private")
    services.change_plan_status(plan, by=personas.coordinator, status="submitted", confirmed=True)
    services.change_plan_status(plan, by=personas.coordinator, status="closed")
    plan.refresh_from_db()
    assert (plan.status, plan.visibility) == ("closed", "committee")
    assert plan.submitted_at is not None
    assert plan.is_visible_to(personas.expert)
    actions = list(
        AuditEvent.for_target(plan).order_by("created_at", "id").values_list("action", flat=True)
    )
    assert actions == ["plan.adopted", "sharing.level_changed", "plan.submitted", "plan.closed"]


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("draft", "submitted"),
        ("adopted", "draft"),
        ("closed", "adopted"),
        ("adopted", "superseded"),
    ],
)
def test_workflow_refuses_other_transitions(make_plan, personas, current, target):
    plan = make_plan(status=current)
    with pytest.raises(ValidationError, match="cannot become"):
        services.change_plan_status(plan, by=personas.coordinator, status=target)


def test_only_a_draft_plan_can_be_deleted(make_plan, personas):
    adopted = make_plan(status="adopted")
    with pytest.raises(ValidationError):
        services.delete_plan(adopted, by=personas.coordinator)
    draft = make_plan(status="draft", tasks=2)
    services.delete_plan(draft, by=personas.coordinator)
    assert not Plan.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(action="plan.deleted").exists()


def test_create_task_numbers_it_and_links_matrix_fields_and_agencies(plan, personas):
    task = services.create_task(
        plan,
        by=personas.coordinator,
        title="Adopt a control list",
        fields=["OP3(d)-N-LIST", "OP3(d)-C-LIST"],
        lead_agency=personas.agency,
        supporting_agencies=[personas.other_agency],
        estimated_cost="25000.50",
        funding=Task.Funding.EXTERNAL,
        assistance_needed=True,
        assistance_description="Legal drafting support",
    )
    assert task.number == "4"
    assert task.section_code == "OP3(d)"
    assert sorted(task.fields.values_list("key", flat=True)) == ["OP3(d)-C-LIST", "OP3(d)-N-LIST"]
    assert list(task.supporting_agencies.all()) == [personas.other_agency]
    event = AuditEvent.for_target(task).get()
    assert event.data["after"]["fields"] == ["OP3(d)-C-LIST", "OP3(d)-N-LIST"]


def test_create_task_refuses_unknown_fields_and_other_states_agencies(plan, personas):
    from nap1540.registry.models import Agency

    with pytest.raises(ValidationError, match="Unknown matrix field"):
        services.create_task(plan, by=personas.coordinator, title="x", fields=["NOPE-1"])
    kaz = Agency.objects.create(state=personas.kaz, name="KAZ customs")
    with pytest.raises(ValidationError, match="lead agency"):
        services.create_task(plan, by=personas.coordinator, title="x", lead_agency=kaz)


def test_a_completed_task_is_at_full_progress_with_a_completion_date(plan, personas):
    with time_machine.travel(date(2016, 3, 1)):
        task = services.create_task(
            plan, by=personas.coordinator, title="Done", status="completed", progress=30
        )
    assert (task.progress, task.completed_on) == (100, date(2016, 3, 1))


def test_update_task_with_a_stale_lock_version_is_refused_and_changes_nothing(mes_task, personas):
    version = mes_task.lock_version
    services.update_task(mes_task, by=personas.coordinator, lock_version=version, title="New")
    stale = Task.objects.get(pk=mes_task.pk)
    with pytest.raises(services.StaleTaskError, match="changed by coordinator"):
        services.update_task(stale, by=personas.coordinator, lock_version=version, title="Old")
    assert Task.objects.get(pk=mes_task.pk).title == "New"
    assert Task.objects.get(pk=mes_task.pk).lock_version == version + 1


def test_update_task_records_status_changes_as_task_updates(mes_task, personas):
    services.update_task(mes_task, by=personas.coordinator, status="in_progress", progress=40)
    [update] = TaskUpdate.objects.filter(task=mes_task)
    assert (update.previous_status, update.status, update.progress) == (
        "not_started",
        "in_progress",
        40,
    )


def test_tasks_of_a_superseded_plan_cannot_be_redefined(make_plan, personas):
    plan = make_plan(status="superseded", tasks=1)
    task = plan.tasks.get()
    with pytest.raises(ValidationError, match="no longer"):
        services.update_task(task, by=personas.coordinator, title="x")
    with pytest.raises(ValidationError):
        services.create_task(plan, by=personas.coordinator, title="x")


def test_record_task_update_bumps_the_version_and_audits(mes_task, personas):
    update = services.record_task_update(
        mes_task, by=personas.focal, status="completed", progress=100, note="Law adopted"
    )
    mes_task.refresh_from_db()
    assert (mes_task.status, mes_task.lock_version) == ("completed", 2)
    assert update.note == "Law adopted"
    event = AuditEvent.for_target(mes_task).get(action="task.progress")
    assert event.actor == personas.focal
    assert event.data["changes"]["status"] == ["not_started", "completed"]


def test_record_review_stores_every_task_and_the_rates(plan, personas):
    # All three tasks are due in January 2015.
    r = review(
        plan,
        personas.coordinator,
        date(2016, 12, 20),
        t1=("completed", 100),
        t2=("in_progress", 50),
    )
    assert r.updates.count() == 3
    assert (r.tasks_due, r.tasks_completed) == (3, 1)
    assert r.implementation_rate == pytest.approx(1 / 3)
    assert r.progress_rate == pytest.approx(150 / 300)
    statuses = dict(plan.tasks.values_list("number", "status"))
    assert statuses == {"1": "completed", "2": "in_progress", "3": "not_started"}
    event = AuditEvent.for_target(r).get()
    assert [c["number"] for c in event.data["changes"]] == ["1", "2"]


def test_a_back_dated_review_adds_history_without_moving_the_tasks(plan, personas):
    review(plan, personas.coordinator, date(2017, 5, 22), t1=("completed", 100))
    earlier = review(plan, personas.coordinator, date(2016, 12, 20), t1=("in_progress", 70))
    assert earlier.tasks_completed == 0
    assert plan.tasks.get(number="1").status == "completed"


def test_record_review_refuses_tasks_of_another_plan(plan, make_plan, personas):
    other = make_plan(tasks=1).tasks.get()
    with pytest.raises(ValidationError, match="not part of this plan"):
        services.record_review(
            plan,
            by=personas.coordinator,
            held_on=date(2017, 1, 1),
            title="R",
            updates=[{"task": other.pk, "status": "completed"}],
        )


def test_record_review_refuses_a_stale_task_and_writes_nothing(plan, mes_task, personas):
    services.record_task_update(mes_task, by=personas.focal, status="in_progress", progress=10)
    with pytest.raises(services.StaleTaskError):
        services.record_review(
            plan,
            by=personas.coordinator,
            held_on=date(2017, 1, 1),
            title="R",
            updates=[{"task": mes_task.pk, "status": "completed", "lock_version": 1}],
        )
    assert not plan.reviews.exists()


def test_record_review_refuses_progress_out_of_range(plan, mes_task, personas):
    with pytest.raises(ValidationError, match="0 to 100"):
        services.record_review(
            plan,
            by=personas.coordinator,
            held_on=date(2017, 1, 1),
            title="R",
            updates=[{"task": mes_task.pk, "status": "in_progress", "progress": 140}],
        )


def test_a_closed_plan_takes_no_review(make_plan, personas):
    plan = make_plan(status="closed", tasks=1)
    with pytest.raises(ValidationError, match="closed"):
        services.record_review(
            plan, by=personas.coordinator, held_on=date(2017, 1, 1), title="R", updates=[]
        )


def test_delete_review_keeps_the_task_status(plan, personas):
    r = review(plan, personas.coordinator, date(2016, 1, 1), t1=("completed", 100))
    services.delete_review(r, by=personas.coordinator)
    assert plan.tasks.get(number="1").status == "completed"
    assert not TaskUpdate.objects.filter(review_id=r.pk).exists()
    assert AuditEvent.objects.filter(action="review.deleted").exists()


def test_create_task_is_callable_by_other_apps_with_plain_values(plan):
    task = services.create_task(
        plan, by=None, title="From an event outcome", due_date=date(2018, 1, 1)
    )
    assert task.plan == plan
    assert AuditEvent.for_target(task).get().actor is None
