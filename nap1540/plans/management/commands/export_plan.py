from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.plans import exports
from nap1540.plans.models import Plan


class Command(BaseCommand):
    help = "Export a national action plan as DOCX or XLSX: export-plan PLAN --format docx -o FILE"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", type=int, help="the plan's id (as in /plans/<id>/)")
        parser.add_argument("--format", choices=["docx", "xlsx"], default="docx")
        parser.add_argument("-o", "--output", required=True, help="file to write; - for stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.select_related("state").filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with id {options['plan']}.")
        content = (
            exports.plan_docx(plan) if options["format"] == "docx" else exports.plan_xlsx(plan)
        )
        if options["output"] == "-":
            self.stdout.buffer.write(content)  # type: ignore[attr-defined]
            return
        path = Path(options["output"])
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}.") from None
        self.stdout.write(f"Wrote {path} ({len(content):,} bytes).")
