"""`nap1540 load-offers [FILE]`: create or update offers from a JSON file (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nap1540.assistance.services.offers import OFFERS_FILE, load_offers


class Command(BaseCommand):
    help = "Load offers of assistance from offers.json (the shipped seed file by default)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(OFFERS_FILE))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = load_offers(path)
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        for problem in report.problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"offers: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.problems)} skipped"
        )
        if report.problems:
            raise CommandError("Some offers were skipped; see the messages above.")
