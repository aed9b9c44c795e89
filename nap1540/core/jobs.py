"""Scheduled jobs that may run only once at a time, across processes and machines.

Cron or a systemd timer calls `nap1540 run-scheduled`; a slow run may still be going when the
next one starts, or an operator may start one by hand. Each job therefore runs inside
`exclusive(name)`, which holds a row of `JobLock` in the database: the row is taken by one
conditional UPDATE ("free, or held past its expiry"), which is atomic on PostgreSQL and SQLite
alike, so of two runs that start together exactly one gets it and the other is told who holds
it. A run that dies without releasing its lock (a killed process) holds it only until
`held_until`; the next run after that takes it over.
"""

from __future__ import annotations

import argparse
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import CommandError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TTL = timedelta(hours=1)


class JobLock(models.Model):
    """Who runs a scheduled job now (if anyone), and when it last ran to the end."""

    name = models.CharField(_("job"), max_length=60, unique=True)
    holder = models.CharField(_("held by"), max_length=200, blank=True)
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)
    started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("job lock")
        verbose_name_plural = _("job locks")

    def __str__(self) -> str:
        return self.name


class AlreadyRunning(Exception):
    """Another run holds the job's lock."""

    def __init__(self, name: str, holder: str, since: datetime | None) -> None:
        self.name, self.holder, self.since = name, holder, since
        super().__init__(f"{name} is already running ({holder}, since {since})")


def _holder() -> str:
    return f"{socket.gethostname()} pid {os.getpid()} {uuid.uuid4().hex[:8]}"


def _row(name: str) -> None:
    if JobLock.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            JobLock.objects.create(name=name)
    except IntegrityError:
        pass  # another run created it first; the conditional update below decides


@contextmanager
def exclusive(name: str, *, ttl: timedelta = DEFAULT_TTL) -> Iterator[str]:
    """Hold the job `name` for the block, or raise `AlreadyRunning` at once.

    The block runs outside any transaction of the lock: its own work commits as it goes, and
    other processes see the lock taken the moment it is.
    """
    _row(name)
    holder = _holder()
    now = timezone.now()
    taken = JobLock.objects.filter(
        Q(held_until__isnull=True) | Q(held_until__lt=now), name=name
    ).update(holder=holder, held_until=now + ttl, started_at=now)
    if not taken:
        row = JobLock.objects.get(name=name)
        raise AlreadyRunning(name, row.holder, row.started_at)
    try:
        yield holder
    except BaseException:
        JobLock.objects.filter(name=name, holder=holder).update(holder="", held_until=None)
        raise
    JobLock.objects.filter(name=name, holder=holder).update(
        holder="", held_until=None, finished_at=timezone.now()
    )


def iso_date(value: str) -> date:
    """An argparse type: a YYYY-MM-DD date, or a message naming what was given."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def today_from(options: dict[str, Any]) -> date:
    """The day a command acts for: `--today` (parsed, or given as text to call_command)."""
    value = options.get("today")
    if not value:
        return timezone.localdate()
    if isinstance(value, date):
        return value
    try:
        return iso_date(value)
    except argparse.ArgumentTypeError as problem:
        raise CommandError(f"--today: {problem}") from None


def add_today_argument(parser: Any) -> None:
    """`--today YYYY-MM-DD`: a job acts as if it were that day (replays, tests)."""
    parser.add_argument(
        "--today", type=iso_date, help="Act as if today were this date (YYYY-MM-DD)."
    )
