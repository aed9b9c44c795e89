"""`nap1540 advance-assistance`: run daily by cron; silence in an objection window advances."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from nap1540.assistance.workflow import advance_due


class Command(BaseCommand):
    help = (
        "Distribute requests and post summaries whose 5-working-day objection windows passed "
        "in silence, and flag one-year follow-ups. Safe to run as often as you like."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today {options['today']!r} is not a YYYY-MM-DD date."
                ) from None
        report = advance_due(today)
        self.stdout.write(
            f"{today.isoformat()}: distributed {len(report.distributed)}, "
            f"summaries posted {len(report.posted)}, follow-ups due {len(report.follow_ups)}"
        )
