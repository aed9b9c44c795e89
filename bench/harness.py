"""What every Django benchmark here needs: a SQLite database, timings and query counts."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def setup(db: Path, fresh: bool) -> None:
    """Point Django at the benchmark's own SQLite file (deleted first with `fresh`)."""
    if fresh and db.exists():
        db.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def count_queries(fn: Callable[[], Any]) -> int:
    """Queries `fn` runs (an execute wrapper: Django resets its query log per request)."""
    from django.db import connection

    count = 0

    def counter(execute: Any, sql: Any, params: Any, many: Any, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        fn()
    return count


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, float]:
    """Median, min and max milliseconds of `runs` calls after one warm-up call."""
    fn()  # warm caches (templates, URL resolver, SQLite pages)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def report(
    label: str,
    figures: tuple[float, float, float],
    target: float | None,
    queries: int | None = None,
) -> None:
    median, low, high = figures
    verdict = "" if target is None else ("  OK" if median <= target else "  OVER TARGET")
    goal = "" if target is None else f"  (target <= {target:.0f} ms)"
    extra = "" if queries is None else f", {queries} queries"
    print(
        f"{label:<52} median {median:7.1f} ms  [min {low:6.1f}, max {high:6.1f}]{extra}"
        f"{goal}{verdict}"
    )
