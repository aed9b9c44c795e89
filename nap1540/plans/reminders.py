"""The in-app inbox: tasks due within 30 days or overdue, for the people responsible.

Reminders are computed from the tasks each time; only whether a user has read or
dismissed one is stored (`ReminderState`). A focal point is reminded of the tasks
their agency leads, a national coordinator of every task of their State's plans.

`email_reminders` sends the same reminders by e-mail (Django's mail settings: on an
air-gapped network, the internal relay), one message per person in their language, each
reminder once: `ReminderState.emailed_at` records that it went out, and a reminder already
read or dismissed in the inbox is not sent. It runs from `nap1540 run-scheduled`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from nap1540.accounts.models import Membership, User
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
    emailed: bool = False

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
        .visible_to(user)  # a plan not shared with this person is not theirs to be reminded of
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
            emailed=bool(state and state.emailed_at),
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


def recipients() -> Any:
    """Active people with an e-mail address who answer for tasks (coordinators, focal points)."""
    holders = Membership.objects.filter(
        is_active=True, role__in=(Membership.Role.COORDINATOR, Membership.Role.FOCAL_POINT)
    ).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).exclude(email="").order_by("pk")


def _absolute(path: str) -> str:
    base = settings.SITE_URL.rstrip("/")
    return f"{base}{path}" if base else ""


def email_reminders(*, today: date | None = None, connection: Any = None) -> int:
    """E-mail each person their unread reminders not yet e-mailed; the number of messages sent.

    A message is marked sent only after the mail server took it, so a failure sends it again
    on the next run rather than never.
    """
    today = today or timezone.localdate()
    sent = 0
    for user in recipients().iterator():
        due = [r for r in reminders_for(user, today=today) if not r.read and not r.emailed]
        if not due:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = ngettext(
                "nap1540: %(n)d task needs your attention",
                "nap1540: %(n)d tasks need your attention",
                len(due),
            ) % {"n": len(due)}
            body = render_to_string(
                "plans/email/reminders.txt",
                {
                    "user": user,
                    "items": [(r, _absolute(r.task.get_absolute_url())) for r in due],
                    "inbox_url": _absolute(reverse("plans:inbox")),
                },
            )
        EmailMessage(subject, body, to=[user.email], connection=connection).send()
        now = timezone.now()
        with transaction.atomic():
            for r in due:
                state, _created = ReminderState.objects.get_or_create(
                    user_id=user.pk, task=r.task, kind=r.kind, due_date=r.due_date
                )
                state.emailed_at = now
                state.save(update_fields=["emailed_at"])
        sent += 1
    return sent
