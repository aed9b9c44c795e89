"""`nap1540 advance-assistance`: silence in an objection window advances.

One job of `nap1540 run-scheduled` (which cron or the systemd timer calls), run alone, under the
same database lock: a run that finds the job already running says so and does nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nap1540.assistance.workflow import ADVANCE_JOB, advance_due
from nap1540.core.jobs import AlreadyRunning, add_today_argument, exclusive, today_from


class Command(BaseCommand):
    help = (
        "Distribute requests and post summaries whose 5-working-day objection windows passed "
        "in silence, and flag one-year follow-ups. Safe to run as often as you like."
    )

    def add_arguments(self, parser: Any) -> None:
        add_today_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = today_from(options)
        try:
            with exclusive(ADVANCE_JOB):
                report = advance_due(today)
        except AlreadyRunning as busy:
            self.stdout.write(f"{today.isoformat()}: already running ({busy.holder}); skipped")
            return
        self.stdout.write(f"{today.isoformat()}: {report.summary()}")
