from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nap1540.web import status_css


class Command(BaseCommand):
    help = "Rewrite the status badges of app.css from the status colours of core/rendering."

    def handle(self, *args: Any, **options: Any) -> None:
        status_css.write()
        self.stdout.write(f"Status badges written to {status_css.STYLESHEET}.")
