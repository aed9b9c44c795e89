"""Resetting a database that holds no demo yet (the demo tests share one loaded demo)."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from nap1540.accounts.models import User


def test_reset_without_demo_data_says_so_and_loads_the_demo(db: Any) -> None:
    out = StringIO()
    call_command("load_demo", reset=True, stdout=out)
    assert "Nothing to reset" in out.getvalue()
    assert User.objects.filter(username="provider").exists()
