from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nap1540.core.demo import DEMO_PASSWORD
from nap1540.web.demo import demo_is_loaded, load_demo, reset_demo


class Command(BaseCommand):
    help = "Load the demo data (Uzbekistan's 2014 plan and its reviews, demo users per role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete everything in the database, then load the reference and demo data "
            "again (a demo database only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["reset"] and demo_is_loaded():
                ctx = reset_demo()
                self.stdout.write("The demo database was emptied and loaded afresh.")
            else:
                if options["reset"]:
                    self.stdout.write("Nothing to reset: there is no demo data yet.")
                ctx = load_demo()
        except RuntimeError as exc:  # ResetRefused too
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Demo data loaded. Demo logins (password {DEMO_PASSWORD!r}):")
        for username, user in ctx.users.items():
            self.stdout.write(f"  {username:<12} {user.get_full_name()}")
