"""`nap1540 report plan PLAN --format docx|pdf -o FILE` and `nap1540 report region GROUP ...`.

PLAN is a plan id, or a State's ISO code for its current plan; GROUP is a group code
such as CENTRAL-ASIA. Reports use a user's visibility with --as; without it the
operator's, which counts every matrix, plan and request.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from nap1540.core.rendering.files import PRINT_FORMATS as REPORT_FORMATS
from nap1540.events.management.commands._common import acting_user, write_output


class Operator:
    """Stands for the operator at the command line: a Committee administrator's view, and
    every State's own records."""

    is_authenticated = True
    pk = None

    def __init__(self) -> None:
        from nap1540.core.visibility import Principal
        from nap1540.registry.models import State

        ids = frozenset(State.objects.values_list("pk", flat=True))
        self._nap1540_principal = Principal(
            user_id=0, state_ids=ids, is_expert=True, is_committee_admin=True
        )

    def __str__(self) -> str:
        return "operator"


class Command(BaseCommand):
    help = "Write a plan status report or a regional status brief as DOCX or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["plan", "region"])
        parser.add_argument("target", help="plan id or State ISO code; or group code")
        parser.add_argument("--format", choices=REPORT_FORMATS, default="pdf")
        parser.add_argument("--lang", choices=["en", "ru"], default="en")
        parser.add_argument("-o", "--output", required=True, help="file to write, or - for stdout")
        parser.add_argument("--as", dest="as_user", default="", help="username whose view applies")

    def handle(self, *args: Any, **options: Any) -> None:
        from nap1540.reports.views import plan_report_file, region_report_file

        user = acting_user(options["as_user"]) or Operator()
        with translation.override(options["lang"]):
            if options["kind"] == "plan":
                plan = self._plan(options["target"], user)
                file = plan_report_file(plan, user, options["format"])
            else:
                group = self._group(options["target"])
                file = region_report_file(group, user, options["format"])
        write_output(self, file.content, options["output"])
        if options["output"] != "-":
            self.stderr.write(f"Wrote {options['output']} ({len(file.content)} bytes).")

    def _plan(self, target: str, user: Any) -> Any:
        from nap1540.plans.models import Plan

        plans = Plan.objects.visible_to(user).select_related("state")
        if target.isdigit():
            plan = plans.filter(pk=int(target)).first()
        else:
            plan = (
                plans.filter(state__iso3=target.upper())
                .exclude(status__in=[Plan.Status.SUPERSEDED])
                .order_by("-period_start")
                .first()
            )
        if plan is None:
            raise CommandError(f"No plan {target!r} (a plan id, or a State's ISO code).")
        return plan

    def _group(self, code: str) -> Any:
        from nap1540.registry.models import Group

        group = (
            Group.objects.filter(code=code).first()
            or Group.objects.filter(code=code.upper()).first()
        )
        if group is None:
            raise CommandError(f"No group with code {code!r}.")
        return group
