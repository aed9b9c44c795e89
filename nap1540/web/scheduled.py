"""The platform's scheduled work, run by `nap1540 run-scheduled` from cron or a systemd timer.

Each job runs under its own database lock (`core.jobs.exclusive`), so two runs at once (a slow
run overlapping the next, or one started by hand) do each job once: the second skips what the
first holds. Every job is idempotent besides: running it again on the same day changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nap1540.assistance.workflow import ADVANCE_JOB, advance_due
from nap1540.core.jobs import AlreadyRunning, exclusive
from nap1540.plans.reminders import email_reminders


@dataclass(frozen=True)
class Outcome:
    job: str
    ran: bool
    summary: str


def advance_assistance(today: date) -> str:
    return advance_due(today).summary()


def reminder_emails(today: date) -> str:
    if not settings.REMINDER_EMAILS:
        return _("off (set REMINDER_EMAILS=1 to send reminders by e-mail)")
    n = email_reminders(today=today)
    return ngettext("%(n)d message sent", "%(n)d messages sent", n) % {"n": n}


JOBS: dict[str, Callable[[date], str]] = {
    ADVANCE_JOB: advance_assistance,
    "reminder-emails": reminder_emails,
}


def run(today: date, names: list[str] | None = None) -> list[Outcome]:
    """Run the named jobs (all by default), each once under its lock; what each did."""
    out = []
    for name in names or list(JOBS):
        try:
            with exclusive(name):
                out.append(Outcome(name, True, JOBS[name](today)))
        except AlreadyRunning as busy:
            out.append(
                Outcome(
                    name,
                    False,
                    _("skipped: already running (%(holder)s)") % {"holder": busy.holder},
                )
            )
    return out
