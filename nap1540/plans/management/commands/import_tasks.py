from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.accounts.models import User
from nap1540.plans import services
from nap1540.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Add tasks to a plan from an XLSX workbook (the layout of the plan's XLSX export). "
        "Every row is checked first; if any has a problem, nothing is added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", type=int, help="the plan's id (as in /plans/<id>/)")
        parser.add_argument("file", help="the workbook (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="check only; add nothing")
        parser.add_argument("--by", default="", help="username recorded in the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.select_related("state").filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with id {options['plan']}.")
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"No user {options['by']!r}.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        try:
            result = services.import_tasks(plan, data, by=by, dry_run=options["dry_run"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{path} refused: {len(result.errors)} problem(s); nothing was added."
            )
        if result.dry_run:
            self.stdout.write(f"{path} is valid: {len(result.rows)} task(s) would be added.")
        else:
            self.stdout.write(f"Added {len(result.created)} task(s) to plan {plan.pk}.")
