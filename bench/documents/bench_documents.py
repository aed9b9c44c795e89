"""Document downloads on synthetic data, SQLite: the regional brief at 193 States and a plan report.

    .venv/bin/python bench/documents/bench_documents.py [--states 193] [--tasks 60] [--runs 10]
                                                        [--db var/bench-documents.sqlite3] [--fresh]

Builds (once) a SQLite database with the reference data and, for each of N UN Member States,
one approved public matrix (the `nap1540 synth` generator), one adopted plan shared with the
Committee of T tasks with three reviews, two events and ten assistance requests; and one group
holding all N States. Then prints, through the full Django stack as a Committee expert, for the
regional brief (PDF, DOCX) and a plan status report (PDF, DOCX):

- cold: the first download after the document cache was emptied (renders the file);
- warm: repeated downloads of the unchanged document (median, min and max);
- after a change: the download after one task of the plan (or of one member's plan) moved on.

Target: a warm download costs milliseconds (<= 50 ms) and never re-renders.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.harness import count_queries, setup  # noqa: E402

STATUSES = ["not_started", "in_progress", "completed", "delayed", "cancelled"]
SECTIONS = ["OP1", "OP2", "OP3(a)", "OP3(b)", "OP3(c)", "OP3(d)"]
GROUP = "BENCH-UN"


def build(states: int, tasks: int) -> None:
    """Reference data and the synthetic records; skipped when the database already has them."""
    from django.core.management import call_command
    from django.db import transaction

    from nap1540.assistance.models import Request
    from nap1540.events.models import Event
    from nap1540.matrix import synth
    from nap1540.plans.models import Plan, Review, Task
    from nap1540.registry.models import Agency, Group, State

    call_command("migrate", interactive=False, verbosity=0)
    if Group.objects.filter(code=GROUP).exists():
        return
    call_command("load_reference", verbosity=0)
    started = time.perf_counter()
    synth.generate(states=states, versions=2)
    rng = random.Random(1540)
    members = list(State.objects.filter(un_status="member").order_by("name")[:states])
    today = date.today()
    with transaction.atomic():
        group = Group.objects.create(code=GROUP, name="Benchmark: all Member States", kind="other")
        group.members.set(members)
        for state in members:
            agencies = Agency.objects.bulk_create(
                Agency(state=state, name=f"Bench agency {k}", kind="other") for k in range(4)
            )
            plan = Plan.objects.create(
                state=state,
                title=f"Bench plan {state.iso3}",
                status="adopted",
                period_start=today - timedelta(days=3 * 365),
                period_end=today + timedelta(days=2 * 365),
                visibility="committee",
            )
            Task.objects.bulk_create(
                Task(
                    plan=plan,
                    number=str(i),
                    order=i,
                    title=f"Task {i} of {plan.title}",
                    section_code=rng.choice(SECTIONS),
                    lead_agency=rng.choice(agencies),
                    start_date=plan.period_start,
                    due_date=plan.period_start + timedelta(days=rng.randrange(60, 5 * 365)),
                    status=rng.choice(STATUSES),
                    progress=rng.randrange(0, 101),
                    assistance_needed=rng.random() < 0.2,
                )
                for i in range(1, tasks + 1)
            )
            Review.objects.bulk_create(
                Review(
                    plan=plan,
                    title=f"Review {r}",
                    held_on=plan.period_start + timedelta(days=300 * r),
                    implementation_rate=rng.random(),
                )
                for r in range(1, 4)
            )
            for e in range(2):
                event = Event.objects.create(
                    state=state,
                    plan=plan,
                    kind="national_roundtable",
                    title=f"Bench roundtable {state.iso3} {e}",
                    slug=f"bench-{state.iso3.lower()}-{e}",
                    starts_on=today - timedelta(days=rng.randrange(0, 300)),
                    ends_on=today,
                    visibility="committee",
                )
                event.states_concerned.add(state)
            Request.objects.bulk_create(
                Request(
                    state=state,
                    title=f"Bench request {state.iso3} {r}",
                    status=rng.choice(["received", "acknowledged", "distributed", "matched"]),
                    visibility="committee",
                )
                for r in range(10)
            )
    print(
        f"Built {len(members)} States (matrices, plans, events, requests) in "
        f"{time.perf_counter() - started:.0f} s."
    )


def ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench-documents.sqlite3")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    # The benchmark's own document cache, emptied before each cold download.
    os.environ["DOCUMENT_CACHE_DIR"] = str(args.db.with_suffix(".cache"))
    setup(args.db, args.fresh)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    build(args.states, args.tasks)

    import sqlite3

    from django.core.cache import caches
    from django.test import Client

    from nap1540.accounts.models import Membership, User
    from nap1540.plans import services
    from nap1540.plans.models import Plan, Task
    from nap1540.registry.models import Group

    expert, _ = User.objects.get_or_create(username="bench-expert")
    Membership.objects.get_or_create(user=expert, role="expert")
    group = Group.objects.get(code=GROUP)
    plan = Plan.objects.filter(title__startswith="Bench plan").order_by("pk").first()
    assert plan is not None
    print(
        f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}; group of "
        f"{group.members.count()} States, {Plan.objects.count()} plans, "
        f"{Task.objects.count()} tasks; plan {plan.pk}: {plan.tasks.count()} tasks."
    )
    client = Client()
    client.force_login(expert)
    task = plan.tasks.order_by("pk").first()
    assert task is not None
    cases = [
        ("Regional brief PDF, 193 States", f"/reports/region/{group.code}.pdf"),
        ("Regional brief DOCX, 193 States", f"/reports/region/{group.code}.docx"),
        (f"Plan status report PDF, {args.tasks} tasks", f"/reports/plan/{plan.pk}.pdf"),
        (f"Plan status report DOCX, {args.tasks} tasks", f"/reports/plan/{plan.pk}.docx"),
    ]
    print(
        f"{'Download':<36} {'cold':>9} {'warm median':>12} {'[min, max]':>18} {'queries':>8}"
        f" {'after a change':>15} {'size':>9}"
    )
    for label, url in cases:

        def get(url: str = url) -> bytes:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.content

        caches["documents"].clear()
        cold = ms(get)
        warm = [ms(get) for _ in range(args.runs)]
        queries = count_queries(get)
        # A change the report shows: one task of the plan completed, or reopened.
        status = "in_progress" if task.status == "completed" else "completed"
        services.update_task(
            task, by=None, status=status, progress=100 if status == "completed" else 50
        )
        task.refresh_from_db()
        changed = ms(get)
        size = len(get())
        print(
            f"{label:<36} {cold:7.0f} ms {statistics.median(warm):9.1f} ms "
            f"[{min(warm):6.1f}, {max(warm):6.1f}] {queries:8d} {changed:12.0f} ms "
            f"{size / 1024:6.0f} KB"
        )


if __name__ == "__main__":
    main()
