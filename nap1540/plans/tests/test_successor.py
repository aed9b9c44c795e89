from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nap1540.plans import services
from nap1540.plans.models import Plan, Task
from nap1540.plans.tests.conftest import review


@pytest.fixture
def reviewed(make_plan, personas):
    """A plan of six tasks: 2 completed, 1 cancelled, 1 delayed, 1 in progress, 1 not started."""
    plan = make_plan(tasks=6)
    services.update_task(
        plan.tasks.get(number="4"),
        by=personas.coordinator,
        fields=["OP3(c)-N-DET"],
        supporting_agencies=[personas.other_agency],
    )
    review(
        plan,
        personas.coordinator,
        date(2016, 12, 20),
        t1=("completed", 100),
        t2=("completed", 100),
        t3=("cancelled", 0),
        t4=("delayed", 30),
        t5=("in_progress", 60),
    )
    return plan


def _successor(plan, personas, **kwargs):
    return services.create_successor(
        plan,
        by=personas.coordinator,
        title="NAP 2017-2021",
        period_start=date(2017, 1, 1),
        period_end=date(2021, 12, 31),
        **kwargs,
    )


def test_update_carries_over_exactly_the_uncompleted_tasks_with_links_both_ways(reviewed, personas):
    successor = _successor(reviewed, personas)
    carried = {t.carried_over_from.number: t for t in successor.tasks.all()}
    assert sorted(carried) == ["4", "5", "6"]
    for number, task in carried.items():
        original = reviewed.tasks.get(number=number)
        assert task.carried_over_from == original
        assert list(original.carried_over_to.all()) == [task]
        assert task.title == original.title
        assert task.lead_agency_id == original.lead_agency_id
    for number in ("1", "2", "3"):
        assert not reviewed.tasks.get(number=number).carried_over_to.exists()


def test_update_supersedes_the_old_plan_and_links_the_plans(reviewed, personas):
    successor = _successor(reviewed, personas)
    reviewed.refresh_from_db()
    assert reviewed.status == Plan.Status.SUPERSEDED
    assert successor.replaces == reviewed
    assert list(reviewed.successors.all()) == [successor]
    assert successor.status == Plan.Status.DRAFT
    assert successor.visibility == reviewed.visibility


def test_carried_tasks_keep_progress_fields_and_agencies_and_get_dates_in_the_new_period(
    reviewed, personas
):
    successor = _successor(reviewed, personas)
    delayed = successor.tasks.get(carried_over_from__number="4")
    assert delayed.status == Task.Status.IN_PROGRESS  # the delay was against the old timetable
    assert delayed.progress == 30
    assert list(delayed.fields.values_list("key", flat=True)) == ["OP3(c)-N-DET"]
    assert list(delayed.supporting_agencies.all()) == [personas.other_agency]
    assert delayed.due_date == date(2021, 12, 31)
    assert (delayed.carry_over_code, delayed.carry_over_progress) == ("delayed", 30)
    assert delayed.carry_over_text() == "Delayed (30 %) at the end of the previous plan."
    not_started = successor.tasks.get(carried_over_from__number="6")
    assert not_started.status == Task.Status.NOT_STARTED


def test_the_summary_says_what_carried_over_what_closed_and_why(reviewed, personas):
    successor = _successor(reviewed, personas)
    summary = successor.update_summary
    assert [row["number"] for row in summary["carried"]] == ["4", "5", "6"]
    assert [(row["number"], row["reason"]) for row in summary["closed"]] == [
        ("1", "completed"),
        ("2", "completed"),
        ("3", "cancelled"),
    ]
    assert summary["from_plan"] == reviewed.pk


def test_the_old_plans_rate_history_is_unchanged_by_the_update(reviewed, personas):
    before = list(reviewed.reviews.values_list("implementation_rate", flat=True))
    _successor(reviewed, personas)
    assert list(reviewed.reviews.values_list("implementation_rate", flat=True)) == before
    assert reviewed.tasks.count() == 6


def test_a_plan_can_be_updated_only_once_and_only_when_adopted_or_submitted(
    reviewed, make_plan, personas
):
    _successor(reviewed, personas)
    reviewed.refresh_from_db()
    with pytest.raises(ValidationError):
        _successor(reviewed, personas)
    with pytest.raises(ValidationError, match="adopted or submitted"):
        _successor(make_plan(status="draft"), personas)


def test_the_new_period_must_start_after_the_old_one(reviewed, personas):
    with pytest.raises(ValidationError, match="start after"):
        services.create_successor(
            reviewed,
            by=personas.coordinator,
            title="x",
            period_start=date(2013, 1, 1),
            period_end=date(2018, 1, 1),
        )


def test_deleting_the_draft_successor_puts_the_old_plan_back_in_force(reviewed, personas):
    successor = _successor(reviewed, personas)
    services.delete_plan(successor, by=personas.coordinator)
    reviewed.refresh_from_db()
    assert reviewed.status == Plan.Status.ADOPTED
    assert not Task.objects.filter(carried_over_from__plan=reviewed).exists()


def test_update_proposes_new_tasks_from_current_gaps_not_covered_by_carried_tasks(
    reviewed, personas, matrix_with_gaps
):
    preview = services.successor_preview(
        reviewed, period_start=date(2017, 1, 1), period_end=date(2021, 12, 31)
    )
    keys = {k for p in preview.gaps.proposals for k in p.field_keys}
    assert "OP3(c)-N-DET" not in keys  # carried task 4 addresses it
    assert "OP1-01" not in keys  # marked X
    assert "OP1-R16" in keys
    [contact] = [p for p in preview.gaps.proposals if p.subject == "OP1-R16"]
    successor = _successor(
        reviewed,
        personas,
        proposals=[{"title": "Notify the point of contact", "fields": contact.field_keys}],
    )
    new = successor.tasks.get(carried_over_from__isnull=True)
    assert new.number == "7"
    assert list(new.fields.values_list("key", flat=True)) == ["OP1-R16"]
    assert successor.update_summary["added"] == [
        {"new_task": new.pk, "number": "7", "title": "Notify the point of contact"}
    ]
