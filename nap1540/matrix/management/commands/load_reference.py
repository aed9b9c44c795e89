from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.matrix.loaders import ReferenceDataError, default_framework_files, load_reference


class Command(BaseCommand):
    help = "Load States, groups, organisations and framework libraries from the shipped data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, help="Folder with states.json, groups.json, organisations.json"
        )
        parser.add_argument(
            "--framework",
            type=Path,
            action="append",
            help="Framework library file to load (repeatable; default: the shipped ones)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra = options["framework"] or []
        files = [*default_framework_files(), *extra] if extra else None
        try:
            report = load_reference(data_dir=options["data_dir"], framework_files=files)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(report.summary())
            self.stdout.write("Reference data loaded." if report.changed else "Nothing changed.")
