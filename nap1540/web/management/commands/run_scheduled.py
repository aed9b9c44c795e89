"""`nap1540 run-scheduled`: the one entry point for cron or a systemd timer (see README)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nap1540.core.jobs import add_today_argument, today_from
from nap1540.web import scheduled


class Command(BaseCommand):
    help = (
        "Run the scheduled work: advance the assistance procedure's silent objection windows "
        "and one-year follow-ups, and e-mail task reminders (REMINDER_EMAILS=1). Each job runs "
        "once at a time under a lock in the database; safe to run as often as you like."
    )

    def add_arguments(self, parser: Any) -> None:
        add_today_argument(parser)
        parser.add_argument(
            "--job",
            action="append",
            choices=sorted(scheduled.JOBS),
            help="Run only this job (repeatable); all by default.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        for outcome in scheduled.run(today, options.get("job")):
            self.stdout.write(f"{today.isoformat()} {outcome.job}: {outcome.summary}")
