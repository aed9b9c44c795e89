from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from nap1540.core.demo import DEMO_PASSWORD
from nap1540.web.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data (Uzbekistan's 2014 plan and its reviews, demo users per role)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            ctx = load_demo()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Demo data loaded. Demo logins (password {DEMO_PASSWORD!r}):")
        for username, user in ctx.users.items():
            self.stdout.write(f"  {username:<12} {user.get_full_name()}")
