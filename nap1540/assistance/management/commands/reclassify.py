"""`nap1540 reclassify [--all]`: store the vocabulary terms of items and offers again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nap1540.assistance.classifications import current_version, reclassify


class Command(BaseCommand):
    help = (
        "Classify the request items and offers whose stored terms come from another version of "
        "the vocabulary (after data/vocabulary.json changed), or all of them with --all (after "
        "reference groups changed)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="Re-classify every row.")

    def handle(self, *args: Any, **options: Any) -> None:
        items, offers = reclassify(everything=options["all"])
        self.stdout.write(
            f"vocabulary {current_version()}: {items} request items and {offers} offers classified"
        )
