"""nap1540 import-matrix FILE.xlsx [--dry-run]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.matrix.services.imports import import_workbook
from nap1540.registry.models import State


class Command(BaseCommand):
    help = (
        "Check a matrix workbook and write it into the State's open draft (started from the "
        "latest approved version if none is open). Every problem is printed with its sheet, "
        "row and column; with any problem nothing is written and the exit status is 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--state", help="refuse the workbook unless it is this State's")
        parser.add_argument("--user", help="record the changes as made by this user")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from None
        expected = None
        if options["state"]:
            expected = State.objects.filter(iso3=options["state"].upper()).first()
            if expected is None:
                raise CommandError(f"No State with code {options['state']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        result = import_workbook(
            content, by=user, dry_run=options["dry_run"], expected_state=expected
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(
                f"{len(result.problems)} problem(s) found; nothing was written.", returncode=1
            )
        fields = ", ".join(result.changed) if result.changed else "none"
        if result.dry_run:
            self.stdout.write(f"No problems. Would change {len(result.changed)} field(s): {fields}")
        else:
            self.stdout.write(
                f"Imported into {result.matrix}: {len(result.changed)} field(s) changed: {fields}"
            )
