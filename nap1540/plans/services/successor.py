"""Updating a plan to the next period: carry over what is unfinished, close the rest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Visibility
from nap1540.plans.models import Plan, Task
from nap1540.plans.services.gaps import GapDraft, create_tasks_from_proposals, gap_draft
from nap1540.plans.services.plans import create_plan

Status = Task.Status

# Copied from an original task to the task that carries it over.
COPIED_FIELDS = (
    "number",
    "order",
    "title",
    "description",
    "section_code",
    "lead_agency_id",
    "priority",
    "progress",
    "expected_outputs",
    "indicators",
    "estimated_cost",
    "currency",
    "funding",
    "assistance_needed",
    "assistance_description",
    "is_demo",
)


@dataclass(frozen=True)
class Decision:
    """What happens to one task of the old plan, and why (a code the pages translate)."""

    task: Task
    carried: bool
    reason: str  # completed | cancelled | not_started | in_progress | delayed
    start: date | None = None
    due: date | None = None
    status: str = ""


@dataclass
class Preview:
    carried: list[Decision] = field(default_factory=list)
    closed: list[Decision] = field(default_factory=list)
    gaps: GapDraft = field(default_factory=GapDraft)


def decide(task: Task, *, period_start: date, period_end: date) -> Decision:
    """Carry over every task not completed and not cancelled, with dates in the new period."""
    if task.status in (Status.COMPLETED, Status.CANCELLED):
        return Decision(task, carried=False, reason=task.status)
    start = max(task.start_date, period_start) if task.start_date else None
    due = task.due_date if task.due_date and task.due_date >= period_start else period_end
    if start and start > due:
        start = period_start
    # "Delayed" was against the old timetable; in the new plan the task is simply under way.
    status = task.status
    if status == Status.DELAYED:
        status = Status.IN_PROGRESS if task.progress > 0 else Status.NOT_STARTED
    return Decision(task, carried=True, reason=task.status, start=start, due=due, status=status)


def _check(plan: Plan, period_start: date, period_end: date) -> None:
    if plan.status not in (Plan.Status.ADOPTED, Plan.Status.SUBMITTED):
        raise ValidationError(
            _("Only an adopted or submitted plan can be updated to a new period.")
        )
    if plan.successors.exists():
        raise ValidationError(_("This plan has already been updated to a new period."))
    if period_start <= plan.period_start:
        raise ValidationError(_("The new period must start after the current plan's start."))
    if period_end < period_start:
        raise ValidationError(_("The new period must end after it starts."))


def successor_preview(plan: Plan, *, period_start: date, period_end: date) -> Preview:
    """What an update to the given period would carry over, close and propose."""
    preview = Preview()
    tasks = plan.tasks.select_related("lead_agency").prefetch_related("fields")
    carried_keys: set[str] = set()
    for task in tasks:
        decision = decide(task, period_start=period_start, period_end=period_end)
        (preview.carried if decision.carried else preview.closed).append(decision)
        if decision.carried:
            carried_keys.update(f.key for f in task.fields.all())
    preview.gaps = gap_draft(plan.state, exclude_keys=carried_keys)
    return preview


@transaction.atomic
def create_successor(
    plan: Plan,
    *,
    by: User | None,
    title: str,
    period_start: date,
    period_end: date,
    proposals: list[dict[str, Any]] | None = None,
    visibility: str | None = None,
) -> Plan:
    """Create the plan for the next period and supersede `plan`.

    Uncompleted tasks are carried over (the new task's `carried_over_from` points at
    the original, whose `carried_over_to` points back); completed and cancelled tasks
    stay closed with the old plan; `proposals` (from the current matrix gaps, as for
    `create_tasks_from_proposals`) become new tasks. The summary is kept on the new plan.
    """
    caller_copy = plan
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check(plan, period_start, period_end)
    successor = create_plan(
        state=plan.state,
        by=by,
        title=title,
        period_start=period_start,
        period_end=period_end,
        coordinating_agency=plan.coordinating_agency,
        introduction=plan.introduction,
        coordination_mechanism=plan.coordination_mechanism,
        # A new draft is the State's own until it shares it, whatever the old plan's level.
        visibility=visibility or Visibility.PRIVATE,
        is_demo=plan.is_demo,
        replaces=plan,
    )
    originals = list(
        plan.tasks.order_by("order", "id").prefetch_related("fields", "supporting_agencies")
    )
    decisions = [decide(t, period_start=period_start, period_end=period_end) for t in originals]
    now = timezone.now()
    actor = by if getattr(by, "is_authenticated", False) else None
    new_tasks = []
    for d in decisions:
        if not d.carried:
            continue
        copy = Task(plan=successor, **{name: getattr(d.task, name) for name in COPIED_FIELDS})
        copy.status = d.status
        copy.start_date, copy.due_date = d.start, d.due
        copy.carried_over_from = d.task
        copy.carry_over_code, copy.carry_over_progress = d.reason, d.task.progress
        copy.updated_at, copy.updated_by = now, actor
        new_tasks.append(copy)
    Task.objects.bulk_create(new_tasks)
    field_links, agency_links = [], []
    by_original = {t.carried_over_from_id: t for t in new_tasks}
    for original in originals:
        carried = by_original.get(original.pk)
        if carried is None:
            continue
        field_links += [
            Task.fields.through(task_id=carried.pk, fielddef_id=f.pk) for f in original.fields.all()
        ]
        agency_links += [
            Task.supporting_agencies.through(task_id=carried.pk, agency_id=a.pk)
            for a in original.supporting_agencies.all()
        ]
    Task.fields.through.objects.bulk_create(field_links)
    Task.supporting_agencies.through.objects.bulk_create(agency_links)
    added = create_tasks_from_proposals(
        successor, by=by, chosen=list(proposals or []), is_demo=plan.is_demo
    )
    status_before = plan.status
    plan.status = Plan.Status.SUPERSEDED
    plan.updated_at = now
    plan.save(update_fields=["status", "updated_at"])
    caller_copy.status, caller_copy.updated_at = plan.status, plan.updated_at
    summary: dict[str, Any] = {
        "from_plan": plan.pk,
        "from_title": plan.title,
        "status_before_update": status_before,
        "created_at": now.isoformat(),
        "carried": [
            {
                "task": d.task.pk,
                "new_task": by_original[d.task.pk].pk,
                "number": d.task.number,
                "title": d.task.title,
                "reason": d.reason,
                "progress": d.task.progress,
                "old_due": d.task.due_date.isoformat() if d.task.due_date else None,
                "new_due": d.due.isoformat() if d.due else None,
            }
            for d in decisions
            if d.carried
        ],
        "closed": [
            {
                "task": d.task.pk,
                "number": d.task.number,
                "title": d.task.title,
                "reason": d.reason,
                "completed_on": d.task.completed_on.isoformat() if d.task.completed_on else None,
            }
            for d in decisions
            if not d.carried
        ],
        "added": [{"new_task": t.pk, "number": t.number, "title": t.title} for t in added],
    }
    successor.update_summary = summary
    successor.save(update_fields=["update_summary"])
    AuditEvent.record(
        "plan.superseded",
        target=plan,
        by=by,
        data={
            "changes": {"status": [status_before, Plan.Status.SUPERSEDED]},
            "successor": successor.pk,
        },
    )
    AuditEvent.record(
        "plan.updated_to_next_period",
        target=successor,
        by=by,
        data={
            "from_plan": plan.pk,
            "carried": len(summary["carried"]),
            "closed": len(summary["closed"]),
            "added": len(summary["added"]),
        },
    )
    return successor
