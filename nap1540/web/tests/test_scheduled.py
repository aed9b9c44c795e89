"""`nap1540 run-scheduled`: the one entry point cron or a systemd timer calls."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from nap1540.assistance import workflow
from nap1540.assistance.models import Request, Transition
from nap1540.assistance.tests.conftest import make_request
from nap1540.core.jobs import JobLock
from nap1540.core.tests.threads import at_once
from nap1540.plans.models import Plan, Task
from nap1540.web import scheduled

FRIDAY = date(2025, 3, 7)
LATER = date(2025, 3, 17)  # the 5-working-day window ended on Friday 14 March


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def due_work(personas: Any, settings: Any) -> Request:
    """A request whose objection window has passed, and a focal point with an overdue task."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_EMAILS = True
    personas.focal.email = "focal@mes.uz"
    personas.focal.save(update_fields=["email"])
    plan = Plan.objects.create(
        state=personas.uzb,
        title="National action plan",
        period_start=date(2024, 1, 1),
        period_end=date(2026, 12, 31),
        status=Plan.Status.ADOPTED,
    )
    Task.objects.create(
        plan=plan,
        number="1",
        order=1,
        title="Adopt the export control list",
        lead_agency=personas.agency,
        due_date=date(2025, 3, 10),
    )
    with time_machine.travel(_at(FRIDAY), tick=False):
        request = make_request(personas, step=Request.Status.AUTHENTICATED, today=FRIDAY)
        workflow.make_step(request, Request.Status.ACKNOWLEDGED, by=personas.expert)
    return request


def run(day: date, *args: str) -> str:
    out = StringIO()
    with time_machine.travel(_at(day), tick=False):
        call_command("run_scheduled", *args, stdout=out)
    return out.getvalue()


def test_one_run_does_all_the_days_work_and_a_second_changes_nothing(due_work: Request) -> None:
    output = run(LATER)
    assert "2025-03-17 advance-assistance: distributed 1" in output
    assert "2025-03-17 reminder-emails: 1 message sent" in output
    due_work.refresh_from_db()
    assert due_work.status == Request.Status.DISTRIBUTED
    assert [m.to for m in mail.outbox] == [["focal@mes.uz"]]
    assert "Adopt the export control list" in mail.outbox[0].body
    again = run(LATER)
    assert "distributed 0" in again and "0 messages sent" in again
    assert len(mail.outbox) == 1
    assert due_work.transitions.filter(event=Transition.Event.DISTRIBUTED).count() == 1


def test_one_job_alone_and_e_mail_off_by_default(due_work: Request, settings: Any) -> None:
    settings.REMINDER_EMAILS = False
    output = run(LATER, "--job", "reminder-emails")
    assert "reminder-emails: off (set REMINDER_EMAILS=1" in output
    assert "advance-assistance" not in output
    assert mail.outbox == []
    due_work.refresh_from_db()
    assert due_work.status == Request.Status.ACKNOWLEDGED
    # advance-assistance is the same job, under the same lock.
    out = StringIO()
    with time_machine.travel(_at(LATER), tick=False):
        call_command("advance_assistance", stdout=out)
    assert "distributed 1" in out.getvalue()
    assert JobLock.objects.get(name="advance-assistance").finished_at is not None


def test_a_run_that_finds_a_job_running_skips_it(due_work: Request) -> None:
    JobLock.objects.create(
        name="advance-assistance",
        holder="host-b pid 7",
        held_until=timezone.now().replace(year=2999),
    )
    output = run(LATER)
    assert "advance-assistance: skipped: already running (host-b pid 7)" in output
    assert "reminder-emails: 1 message sent" in output
    due_work.refresh_from_db()
    assert due_work.status == Request.Status.ACKNOWLEDGED


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_do_each_job_once(due_work: Request) -> None:
    with time_machine.travel(_at(LATER), tick=False):
        first, second = at_once(lambda: scheduled.run(LATER), lambda: scheduled.run(LATER))
    ran = [o.job for o in first + second if o.ran]
    # Each job ran once in one of the two runs (or twice, one after the other: idempotent).
    assert set(ran) == {"advance-assistance", "reminder-emails"}
    assert len(mail.outbox) == 1
    assert due_work.transitions.filter(event=Transition.Event.DISTRIBUTED).count() == 1
