"""Tasks: create, change (with optimistic concurrency), record progress, delete."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent, changes_between, snapshot
from nap1540.core.text import join_list, quoted
from nap1540.matrix.models import FieldDef
from nap1540.plans.models import Plan, Task, TaskUpdate
from nap1540.registry.models import Agency

Status = Task.Status

# What a task is; only the national coordinator changes these.
DEFINITION_FIELDS = (
    "number",
    "order",
    "title",
    "description",
    "section_code",
    "fields",
    "lead_agency",
    "supporting_agencies",
    "start_date",
    "due_date",
    "priority",
    "expected_outputs",
    "indicators",
    "estimated_cost",
    "currency",
    "funding",
    "assistance_needed",
    "assistance_description",
)
# How far it has got; the lead agency's focal point changes these too.
PROGRESS_FIELDS = ("status", "progress", "completed_on")
TASK_FIELDS = (*DEFINITION_FIELDS, *PROGRESS_FIELDS, "carried_over_from", "carry_over_reason")
CREATE_ONLY_FIELDS = ("is_demo",)
# What the history keeps of a task, before and after each change ("fields" by their keys).
AUDIT_FIELDS = tuple(
    f for f in (*DEFINITION_FIELDS, *PROGRESS_FIELDS) if f not in {"order", "fields"}
)


def audit_snapshot(task: Task) -> dict[str, Any]:
    """The task as the history keeps it; matrix fields by their stable keys."""
    return {
        **snapshot(task, AUDIT_FIELDS),
        "fields": sorted(task.fields.values_list("key", flat=True)),
    }


class StaleTaskError(Exception):
    """A task changed since the caller read it (its lock_version moved on)."""

    def __init__(self, tasks: list[Task]) -> None:
        self.tasks = tasks
        numbers = join_list(t.number for t in tasks)
        # Who saved last, so the person refused can ask them. Read by id, not through a join
        # made with the lock: after waiting for the lock, PostgreSQL re-reads the locked row
        # but keeps the joined rows it had, so a join would name the previous writer.
        ids = {t.updated_by_id for t in tasks if t.updated_by_id is not None}
        users = sorted(u.get_username() for u in User.objects.filter(pk__in=ids))
        super().__init__(
            ngettext(
                "Task %(numbers)s was changed by %(users)s since you opened it. "
                "Reload to see the current values, then make your change again.",
                "Tasks %(numbers)s were changed by %(users)s since you opened them. "
                "Reload to see the current values, then make your change again.",
                len(tasks),
            )
            % {"numbers": numbers, "users": join_list(users) if users else _("someone else")}
        )


def normalise_progress(status: str, progress: Any, *, label: str = "") -> tuple[str, int]:
    """Check a status and progress pair; a completed task is at 100 %."""

    def refuse(message: str) -> ValidationError:
        if not label:
            return ValidationError(message)
        # Translators: where the problem is (a task, a row) and what it is.
        return ValidationError(
            pgettext("where and what", "%(label)s: %(message)s")
            % {"label": label, "message": message}
        )

    if status not in Status.values:
        raise refuse(_("Unknown status %(status)s.") % {"status": quoted(status)})
    try:
        value = int(progress)
    except (TypeError, ValueError):
        raise refuse(_("Progress must be a whole number from 0 to 100.")) from None
    if not 0 <= value <= 100:
        raise refuse(_("Progress must be a whole number from 0 to 100."))
    if status == Status.COMPLETED:
        value = 100
    return status, value


def apply_progress(
    task: Task, status: str, progress: int, *, on: date, completed_on: date | None = None
) -> None:
    """Set status and progress on the instance, keeping completed_on consistent."""
    if status == Status.COMPLETED:
        if task.status != Status.COMPLETED or completed_on is not None or not task.completed_on:
            task.completed_on = completed_on or task.completed_on or on
    else:
        task.completed_on = None
    task.status, task.progress = status, progress


def resolve_fields(keys: Iterable[Any]) -> list[FieldDef]:
    """Matrix fields from FieldDefs or field ids ("OP1-01"); the newest template wins."""
    out: dict[str, FieldDef] = {}
    wanted: list[str] = []
    for item in keys:
        if isinstance(item, FieldDef):
            out[item.key] = item
        else:
            wanted.append(str(item).strip())
    wanted = [k for k in wanted if k and k not in out]
    if wanted:
        rows = FieldDef.objects.filter(key__in=wanted).order_by("key", "-framework__version")
        for field in rows:
            out.setdefault(field.key, field)
        missing = [k for k in wanted if k not in out]
        if missing:
            raise ValidationError(
                ngettext(
                    "Unknown matrix field: %(keys)s.",
                    "Unknown matrix fields: %(keys)s.",
                    len(missing),
                )
                % {"keys": join_list(missing)}
            )
    return list(out.values())


def _resolve_agencies(plan: Plan, items: Iterable[Any]) -> list[Agency]:
    ids = [a.pk if isinstance(a, Agency) else int(a) for a in items]
    agencies = list(Agency.objects.filter(pk__in=ids, state_id=plan.state_id))
    if len(agencies) != len(set(ids)):
        raise ValidationError(_("Supporting agencies must be agencies of the plan's State."))
    return agencies


def _agency(plan: Plan, value: Any) -> Agency | None:
    if value is None or value == "":
        return None
    agency = value if isinstance(value, Agency) else Agency.objects.filter(pk=value).first()
    if agency is None or agency.state_id != plan.state_id:
        raise ValidationError(_("The lead agency must be an agency of the plan's State."))
    return agency


_NUMBER = re.compile(r"^\d+$")


def next_number(plan: Plan, taken: Iterable[str] = ()) -> str:
    """The next whole number not yet used as a task number in the plan."""
    used = set(plan.tasks.values_list("number", flat=True)) | set(taken)
    highest = max((int(n) for n in used if _NUMBER.match(n)), default=0)
    return str(highest + 1)


def _require_current(plan: Plan) -> None:
    if not plan.is_current:
        raise ValidationError(
            _("This plan is %(status)s: its tasks can no longer be added, changed or removed.")
            % {"status": plan.get_status_display().lower()}
        )


def _lock(task: Task, lock_version: int | None) -> Task:
    """The task re-read under a row lock; refused if the caller saw another version.

    Changes are applied to this fresh copy, never to the caller's (possibly old) one, so a
    write without a version merges field by field with what others saved meanwhile.
    """
    locked = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if lock_version is not None and int(lock_version) != locked.lock_version:
        raise StaleTaskError([locked])
    return locked


BOOKKEEPING = ["lock_version", "updated_at", "updated_by"]


def _show_to_caller(caller: Task, saved: Task) -> None:
    """Give the caller's instance what was saved, so code holding it sees the new task."""
    if caller is saved:
        return
    for field in Task._meta.concrete_fields:
        setattr(caller, field.attname, getattr(saved, field.attname))
    caller._state.fields_cache.clear()
    getattr(caller, "_prefetched_objects_cache", {}).clear()


@transaction.atomic
def create_task(plan: Plan, *, by: User | None, **values: Any) -> Task:
    """Add a task to a plan; `fields` are matrix field ids or FieldDefs."""
    unknown = set(values) - {*TASK_FIELDS, *CREATE_ONLY_FIELDS}
    if unknown:
        raise TypeError(f"create_task() got unexpected fields: {sorted(unknown)}")
    _require_current(plan)
    # The plan's row lock makes parallel additions take numbers one after the other.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    fields = resolve_fields(values.pop("fields", None) or [])
    supporting = _resolve_agencies(plan, values.pop("supporting_agencies", None) or [])
    task = Task(plan=plan, updated_by=by if getattr(by, "is_authenticated", False) else None)
    task.lead_agency = _agency(plan, values.pop("lead_agency", None))
    status, progress = normalise_progress(
        values.pop("status", Status.NOT_STARTED), values.pop("progress", 0)
    )
    completed_on = values.pop("completed_on", None)
    for name, value in values.items():
        setattr(task, name, value)
    apply_progress(task, status, progress, on=timezone.localdate(), completed_on=completed_on)
    if not task.number:
        task.number = next_number(plan)
    if "order" not in values:
        task.order = (plan.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    if not task.section_code and fields:
        task.section_code = fields[0].section.code
    task.full_clean(exclude=["fields", "supporting_agencies"])
    task.save()
    if fields:
        task.fields.set(fields)
    if supporting:
        task.supporting_agencies.set(supporting)
    AuditEvent.record(
        "task.created",
        target=task,
        by=by,
        data={"plan": plan.pk, "after": audit_snapshot(task)},
    )
    return task


@transaction.atomic
def update_task(
    task: Task, *, by: User | None, lock_version: int | None = None, **values: Any
) -> Task:
    """Change a task; refused with StaleTaskError if `lock_version` is not the current one."""
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"update_task() got unexpected fields: {sorted(unknown)}")
    plan = task.plan
    if set(values) - set(PROGRESS_FIELDS):
        _require_current(plan)
    elif not plan.accepts_reviews:
        raise ValidationError(_("This plan is closed: its tasks can no longer be updated."))
    caller, task = task, _lock(task, lock_version)
    before = audit_snapshot(task)
    old_state = (task.status, task.progress, task.completed_on)
    fields = resolve_fields(values.pop("fields")) if "fields" in values else None
    supporting = (
        _resolve_agencies(plan, values.pop("supporting_agencies"))
        if "supporting_agencies" in values
        else None
    )
    written = [name for name in values if name not in PROGRESS_FIELDS]
    if "lead_agency" in values:
        task.lead_agency = _agency(plan, values.pop("lead_agency"))
    status, progress = normalise_progress(
        values.pop("status", task.status), values.pop("progress", task.progress)
    )
    completed_on = values.pop("completed_on", None)
    for name, value in values.items():
        setattr(task, name, value)
    apply_progress(task, status, progress, on=timezone.localdate(), completed_on=completed_on)
    if (task.status, task.progress, task.completed_on) != old_state:
        written += list(PROGRESS_FIELDS)
    task.lock_version += 1
    task.updated_at = timezone.now()
    task.updated_by = by if getattr(by, "is_authenticated", False) else None
    task.full_clean(exclude=["fields", "supporting_agencies"])
    # Only what this call changes: a concurrent write to other fields stays.
    task.save(update_fields=[*written, *BOOKKEEPING])
    if fields is not None:
        task.fields.set(fields)
    if supporting is not None:
        task.supporting_agencies.set(supporting)
    if (task.status, task.progress) != old_state[:2]:
        TaskUpdate.objects.create(
            task=task,
            status=task.status,
            progress=task.progress,
            previous_status=old_state[0],
            previous_progress=old_state[1],
            recorded_by=task.updated_by,
        )
    changes = changes_between(before, audit_snapshot(task))
    if changes:
        AuditEvent.record(
            "task.updated", target=task, by=by, data={"plan": plan.pk, "changes": changes}
        )
    _show_to_caller(caller, task)
    return task


@transaction.atomic
def record_task_update(
    task: Task,
    *,
    by: User | None,
    status: str,
    progress: Any,
    note: str = "",
    lock_version: int | None = None,
    completed_on: date | None = None,
) -> TaskUpdate:
    """Record a task's status and progress outside a review (e.g. from "my tasks")."""
    if not task.plan.accepts_reviews:
        raise ValidationError(_("This plan is closed: its tasks can no longer be updated."))
    caller, task = task, _lock(task, lock_version)
    status, progress = normalise_progress(status, progress)
    before = (task.status, task.progress, str(task.completed_on or ""))
    previous_status, previous_progress = task.status, task.progress
    apply_progress(task, status, progress, on=timezone.localdate(), completed_on=completed_on)
    task.lock_version += 1
    task.updated_at = timezone.now()
    task.updated_by = by if getattr(by, "is_authenticated", False) else None
    task.save(update_fields=[*PROGRESS_FIELDS, *BOOKKEEPING])
    update = TaskUpdate.objects.create(
        task=task,
        status=status,
        progress=progress,
        previous_status=previous_status,
        previous_progress=previous_progress,
        note=note,
        recorded_by=task.updated_by,
    )
    after = (task.status, task.progress, str(task.completed_on or ""))
    AuditEvent.record(
        "task.progress",
        target=task,
        by=by,
        data={
            "plan": task.plan_id,
            "changes": {
                name: [b, a]
                for name, b, a in zip(
                    ("status", "progress", "completed_on"), before, after, strict=True
                )
                if b != a
            },
            "note": note,
        },
    )
    _show_to_caller(caller, task)
    return update


@transaction.atomic
def delete_task(task: Task, *, by: User | None) -> None:
    """Remove a task from a current plan; the audit trail keeps what it held."""
    _require_current(task.plan)
    AuditEvent.record(
        "task.deleted",
        target=task,
        by=by,
        data={"plan": task.plan_id, "before": audit_snapshot(task)},
    )
    task.delete()
