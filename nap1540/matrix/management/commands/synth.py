"""nap1540 synth --states 193 --versions 3: synthetic approved matrices for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nap1540.matrix.synth import generate


class Command(BaseCommand):
    help = (
        "Fill full synthetic matrices (flagged as demo data, public) for the first N UN "
        "Member States, with several approved versions each. States that already have a "
        "matrix are skipped unless --replace (which deletes only demo matrices)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--states", type=int, default=193)
        parser.add_argument("--versions", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1540)
        parser.add_argument("--replace", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        report = generate(
            states=options["states"],
            versions=options["versions"],
            seed=options["seed"],
            replace=options["replace"],
        )
        self.stdout.write(
            f"{report.states} States, {report.matrices} matrices, {report.entries} entries "
            f"({report.skipped} States skipped) in {time.perf_counter() - start:.1f} s"
        )
