"""Reviews: every task's status, progress and note recorded in one go, with the rates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent
from nap1540.core.text import quoted
from nap1540.plans import rates
from nap1540.plans.models import Plan, Review, Task, TaskUpdate
from nap1540.plans.services.tasks import StaleTaskError, apply_progress, normalise_progress


def _task_id(value: Any) -> int:
    if isinstance(value, Task):
        return int(value.pk)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("%(value)s is not a task id.") % {"value": quoted(value)}) from None


@transaction.atomic
def record_review(
    plan: Plan,
    *,
    by: User | None,
    held_on: date,
    title: str,
    updates: list[dict[str, Any]],
    notes: str = "",
    is_demo: bool = False,
) -> Review:
    """Record a review of `plan`: each task's status, progress and note, and the rates.

    `updates` holds one dict per task: {"task": Task or id, "status", "progress",
    "note", "lock_version" (optional: refused with StaleTaskError if the task moved on)}.
    Tasks left out are recorded as they stand. The tasks' current status follows the
    review unless a later review is already recorded (a back-dated review only adds history).
    """
    if not plan.accepts_reviews:
        raise ValidationError(_("This plan is closed: no more reviews can be recorded."))
    if not title.strip():
        raise ValidationError(_("Give the review a title, for example the meeting's name."))
    tasks = list(Task.objects.select_for_update().filter(plan=plan).order_by("order", "id"))
    by_id = {t.pk: t for t in tasks}
    given: dict[int, dict[str, Any]] = {}
    for item in updates:
        task_id = _task_id(item.get("task"))
        if task_id not in by_id:
            raise ValidationError(_("Task %(id)s is not part of this plan.") % {"id": task_id})
        given[task_id] = item
    stale = [
        by_id[task_id]
        for task_id, item in given.items()
        if item.get("lock_version") not in (None, "")
        and int(item["lock_version"]) != by_id[task_id].lock_version
    ]
    if stale:
        raise StaleTaskError(stale)
    latest = plan.reviews.aggregate(latest=Max("held_on"))["latest"]
    moves_tasks = latest is None or held_on >= latest
    now = timezone.now()
    actor = by if getattr(by, "is_authenticated", False) else None
    rows: list[TaskUpdate] = []
    states: list[rates.TaskState] = []
    changed: list[Task] = []
    audit_changes = []
    for task in tasks:
        item = given.get(task.pk, {})
        status, progress = normalise_progress(
            item.get("status") or task.status,
            item.get("progress", task.progress),
            label=_("Task %(number)s") % {"number": task.number},
        )
        rows.append(
            TaskUpdate(
                task=task,
                status=status,
                progress=progress,
                previous_status=task.status,
                previous_progress=task.progress,
                note=str(item.get("note") or "").strip(),
                recorded_by=actor,
                recorded_at=now,
            )
        )
        states.append(
            rates.TaskState(status, progress, task.due_date, task.carried_over_from_id is not None)
        )
        if (status, progress) != (task.status, task.progress):
            audit_changes.append(
                {
                    "task": task.pk,
                    "number": task.number,
                    "before": [task.status, task.progress],
                    "after": [status, progress],
                }
            )
            if moves_tasks:
                apply_progress(task, status, progress, on=held_on)
                task.lock_version += 1
                task.updated_at, task.updated_by = now, actor
                changed.append(task)
    rate = rates.implementation_rate(states, as_of=held_on, default_due=plan.period_end)
    review = Review.objects.create(
        plan=plan,
        title=title.strip(),
        held_on=held_on,
        notes=notes,
        tasks_due=rate.counted,
        tasks_completed=rate.completed,
        implementation_rate=rate.rate,
        progress_rate=rate.progress_rate,
        created_by=actor,
        created_at=now,
        is_demo=is_demo,
    )
    for row in rows:
        row.review = review
    TaskUpdate.objects.bulk_create(rows)
    if changed:
        Task.objects.bulk_update(
            changed,
            ["status", "progress", "completed_on", "lock_version", "updated_at", "updated_by"],
        )
    AuditEvent.record(
        "review.recorded",
        target=review,
        by=by,
        data={
            "plan": plan.pk,
            "held_on": held_on.isoformat(),
            "implementation_rate": rate.rate,
            "progress_rate": rate.progress_rate,
            "tasks_moved": moves_tasks,
            "changes": audit_changes,
        },
    )
    return review


@transaction.atomic
def delete_review(review: Review, *, by: User | None) -> None:
    """Delete a review and the updates it recorded; tasks keep their current status."""
    AuditEvent.record(
        "review.deleted",
        target=review,
        by=by,
        data={
            "plan": review.plan_id,
            "before": {
                "title": review.title,
                "held_on": review.held_on.isoformat(),
                "implementation_rate": review.implementation_rate,
                "updates": list(
                    review.updates.values_list("task_id", "status", "progress", "note")
                ),
            },
        },
    )
    review.delete()
