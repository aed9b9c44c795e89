"""The in-app inbox: tasks due within 30 days or overdue, for the people responsible.

Reminders are computed from the tasks each time; only whether a user has read or
dismissed one is stored (`ReminderState`). A focal point is reminded of the tasks
their agency leads, a national coordinator of every task of their State's plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from nap1540.core.visibility import principal
from nap1540.plans.models import ReminderState, Task

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    task: Task
    kind: str
    due_date: date
    days: int  # until due; negative when overdue
    read: bool = False
    dismissed: bool = False

    @property
    def key(self) -> str:
        return f"{self.task.pk}:{self.kind}:{self.due_date.isoformat()}"

    @property
    def days_overdue(self) -> int:
        return -self.days


def responsible_tasks(user: Any) -> Any:
    """Open tasks of current plans the user answers for (a Task queryset, maybe empty)."""
    p = principal(user)
    q = Q()
    if p.focal_agency_ids:
        q |= Q(lead_agency_id__in=p.focal_agency_ids, plan__state_id__in=p.state_ids)
    if p.coordinator_state_ids:
        q |= Q(plan__state_id__in=p.coordinator_state_ids)
    if not q:
        return Task.objects.none()
    return Task.objects.current().open().filter(q)


def reminders_for(
    user: Any, *, today: date | None = None, include_dismissed: bool = False
) -> list[Reminder]:
    """The user's reminders, overdue first, then by due date; two queries."""
    today = today or timezone.localdate()
    tasks = list(
        responsible_tasks(user)
        .filter(due_date__isnull=False, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
        .select_related("plan", "lead_agency")
        .order_by("due_date", "plan_id", "order", "id")
    )
    if not tasks:
        return []
    states = {
        (s.task_id, s.kind, s.due_date): s
        for s in ReminderState.objects.filter(user_id=user.pk, task_id__in=[t.pk for t in tasks])
    }
    out = []
    for task in tasks:
        assert task.due_date is not None
        kind = ReminderState.Kind.OVERDUE if task.due_date < today else ReminderState.Kind.DUE_SOON
        state = states.get((task.pk, kind, task.due_date))
        reminder = Reminder(
            task=task,
            kind=kind,
            due_date=task.due_date,
            days=(task.due_date - today).days,
            read=bool(state and state.read_at),
            dismissed=bool(state and state.dismissed_at),
        )
        if include_dismissed or not reminder.dismissed:
            out.append(reminder)
    return out


def parse_key(key: str) -> tuple[int, str, date] | None:
    try:
        task_id, kind, due = key.split(":")
        return int(task_id), kind, date.fromisoformat(due)
    except ValueError:
        return None


@transaction.atomic
def mark(user: Any, keys: list[str], *, read: bool = False, dismissed: bool = False) -> int:
    """Mark the user's reminders read or dismissed; unknown keys are ignored."""
    wanted = {r.key: r for r in reminders_for(user, include_dismissed=True)}
    now = timezone.now()
    count = 0
    for key in keys:
        reminder = wanted.get(key)
        if reminder is None:
            continue
        state, _created = ReminderState.objects.get_or_create(
            user_id=user.pk, task=reminder.task, kind=reminder.kind, due_date=reminder.due_date
        )
        if read and not state.read_at:
            state.read_at = now
        if dismissed and not state.dismissed_at:
            state.dismissed_at = now
            state.read_at = state.read_at or now
        state.save()
        count += 1
    return count
