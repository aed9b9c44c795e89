"""nap1540 region-stats --group OSCE --format csv|json"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.matrix import exports, services
from nap1540.registry.models import Group


class Command(BaseCommand):
    help = (
        "Print a group's matrix status: coverage by section and weapon category, States x "
        "sections and the trend by approval year. Counts approved matrices that are public, "
        "or that --as-user may see. Aggregates over fewer than 3 States are suppressed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", required=True, help="group code, e.g. OSCE or CENTRAL-ASIA")
        parser.add_argument("--format", choices=["csv", "json"], default="json")
        parser.add_argument("--as-user", help="count what this user may see (default: public)")

    def handle(self, *args: Any, **options: Any) -> None:
        group = Group.objects.filter(code=options["group"]).first()
        if group is None:
            raise CommandError(f"No group with code {options['group']!r}.")
        user: Any = AnonymousUser()
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"]).first()
            if user is None:
                raise CommandError(f"No user {options['as_user']!r}.")
        data = services.group_coverage(group, user)
        if options["format"] == "csv":
            self.stdout.write(exports.region_csv(data), ending="")
        else:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
