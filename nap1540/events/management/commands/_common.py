"""Helpers shared by the `note` and `report` commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


def acting_user(username: str) -> Any:
    """The user named by --as, or None: the operator, who sees everything."""
    if not username:
        return None
    from nap1540.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user


def write_output(command: BaseCommand, content: bytes, output: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    path = Path(output)
    if not path.parent.exists():
        raise CommandError(f"Directory {path.parent} does not exist.")
    path.write_bytes(content)
