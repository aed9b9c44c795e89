"""nap1540 export-matrix --state UZB [--version N] -o FILE.xlsx"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.matrix import access, exports
from nap1540.matrix.models import Matrix


class Command(BaseCommand):
    help = (
        "Write a State's matrix as an Excel workbook laid out like the Committee's. Without "
        "--as-user the command acts as the operator and can export any version."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # `--version N` is the matrix version here, not Django's version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--state", required=True, help="ISO 3166 alpha-3 code, e.g. UZB")
        parser.add_argument("--version", type=int, help="matrix version (default: the newest)")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--as-user", help="export only what this user may see")

    def handle(self, *args: Any, **options: Any) -> None:
        iso3 = options["state"].upper()
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user {options['as_user']!r}.")
            matrices = access.matrices_for_user(user)
        else:
            matrices = Matrix.objects.select_related("state", "framework")
        matrices = matrices.filter(state__iso3=iso3)
        if options["version"] is not None:
            matrices = matrices.filter(version=options["version"])
        matrix = matrices.order_by("-version").first()
        if matrix is None:
            which = f"version {options['version']}" if options["version"] else "any version"
            raise CommandError(f"No matrix of {iso3} ({which}) to export.")
        path = Path(options["output"])
        if options["format"] == "csv":
            path.write_text(exports.matrix_csv(matrix), encoding="utf-8")
        else:
            path.write_bytes(exports.matrix_workbook(matrix))
        self.stdout.write(f"Wrote {matrix} ({matrix.get_status_display()}) to {path}")
