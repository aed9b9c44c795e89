"""Plans benchmarks on synthetic data, SQLite (targets from issue 4).

    .venv/bin/python bench/plans/bench_plans.py [--states 193] [--tasks 60] [--reviews 4]
                                                [--runs 30] [--db var/bench-plans.sqlite3] [--fresh]

Builds (once) a SQLite database with the reference data and, for each of N UN Member States,
six agencies and two plans (2014-2016, superseded, and its 2017-2021 successor) of T tasks
(one to three matrix fields, up to two supporting agencies each) with R reviews each, every
review recording all T tasks. Then prints the median, min and max of, through the full
Django stack as the national coordinator:

- the plan page `GET /plans/<id>/` of a 60-task plan with 4 reviews: target <= 150 ms;
- the review form `POST /plans/<id>/reviews/new/` saving all 60 tasks: target <= 300 ms;

and, for information, the service `record_review` alone, "my tasks" for a focal point and the
task list of the API. Query counts are printed too.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.harness import count_queries, report, setup, timed  # noqa: E402

STATUSES = ["not_started", "in_progress", "completed", "delayed", "cancelled"]
KINDS = ["foreign_affairs", "customs", "health", "security", "emergency", "trade"]


def build(states: int, tasks: int, reviews: int) -> None:
    """Reference data and the synthetic plans; skipped when the database already has them."""
    from django.core.management import call_command
    from django.db import transaction

    from nap1540.plans import rates
    from nap1540.plans.models import Plan, Review, Task, TaskUpdate

    call_command("migrate", interactive=False, verbosity=0)
    if Plan.objects.filter(title__startswith="Bench plan").exists():
        return
    call_command("load_reference", verbosity=0)
    from nap1540.matrix.models import FieldDef
    from nap1540.registry.models import Agency, State

    started = time.perf_counter()
    rng = random.Random(1540)
    field_ids = list(FieldDef.objects.values_list("pk", flat=True))
    members = list(State.objects.filter(un_status="member").order_by("iso3")[:states])
    if not any(s.iso3 == "UZB" for s in members):
        members[-1] = State.objects.get(iso3="UZB")
    with transaction.atomic():
        Agency.objects.bulk_create(
            Agency(state=s, name=f"Bench agency {k}", acronym=k[:3].upper(), kind=k)
            for s in members
            for k in KINDS
        )
        agencies: dict[int, list[int]] = {}
        for state_id, pk in Agency.objects.filter(name__startswith="Bench agency").values_list(
            "state_id", "pk"
        ):
            agencies.setdefault(state_id, []).append(pk)
        for state in members:
            old = Plan.objects.create(
                state=state,
                title=f"Bench plan {state.iso3} 2014",
                status="superseded",
                period_start=date(2014, 1, 1),
                period_end=date(2016, 12, 31),
                visibility="committee",
            )
            new = Plan.objects.create(
                state=state,
                title=f"Bench plan {state.iso3} 2017",
                status="adopted",
                period_start=date(2017, 1, 1),
                period_end=date(2021, 12, 31),
                replaces=old,
                visibility="committee",
            )
            for plan in (old, new):
                span = (plan.period_end - plan.period_start).days
                made = Task.objects.bulk_create(
                    Task(
                        plan=plan,
                        number=str(i),
                        order=i,
                        title=f"Task {i} of {plan.title}",
                        section_code=rng.choice(
                            ["OP1", "OP2", "OP3(a)", "OP3(b)", "OP3(c)", "OP3(d)"]
                        ),
                        lead_agency_id=rng.choice(agencies[state.pk]),
                        start_date=plan.period_start,
                        due_date=plan.period_start + timedelta(days=rng.randrange(60, span)),
                        status=rng.choice(STATUSES),
                        progress=rng.randrange(0, 101),
                    )
                    for i in range(1, tasks + 1)
                )
                Task.fields.through.objects.bulk_create(
                    Task.fields.through(task_id=t.pk, fielddef_id=f)
                    for t in made
                    for f in rng.sample(field_ids, rng.randint(1, 3))
                )
                Task.supporting_agencies.through.objects.bulk_create(
                    Task.supporting_agencies.through(task_id=t.pk, agency_id=a)
                    for t in made
                    for a in rng.sample(agencies[state.pk], rng.randint(0, 2))
                    if a != t.lead_agency_id
                )
                updates = []
                for r in range(reviews):
                    held_on = plan.period_start + timedelta(days=(r + 1) * span // (reviews + 1))
                    states = [(t, rng.choice(STATUSES), rng.randrange(0, 101)) for t in made]
                    rate = rates.implementation_rate(
                        [rates.TaskState(s, p, t.due_date) for t, s, p in states],
                        as_of=held_on,
                        default_due=plan.period_end,
                    )
                    review = Review.objects.create(
                        plan=plan,
                        title=f"Review {r + 1}",
                        held_on=held_on,
                        tasks_due=rate.counted,
                        tasks_completed=rate.completed,
                        implementation_rate=rate.rate,
                        progress_rate=rate.progress_rate,
                    )
                    updates += [
                        TaskUpdate(task=t, review=review, status=s, progress=p)
                        for t, s, p in states
                    ]
                TaskUpdate.objects.bulk_create(updates, batch_size=2000)
    print(
        f"Built {len(members)} States x 2 plans x {tasks} tasks x {reviews} reviews "
        f"in {time.perf_counter() - started:.0f} s."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--tasks", type=int, default=60)
    parser.add_argument("--reviews", type=int, default=4)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench-plans.sqlite3")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    setup(args.db, args.fresh)
    build(args.states, args.tasks, args.reviews)

    import sqlite3

    from django.test import Client

    from nap1540.accounts.models import Membership, User
    from nap1540.plans import services
    from nap1540.plans.models import Plan, Review, Task, TaskUpdate
    from nap1540.registry.models import State

    uzb = State.objects.get(iso3="UZB")
    coordinator, _ = User.objects.get_or_create(username="bench-coordinator")
    Membership.objects.get_or_create(user=coordinator, role="coordinator", state=uzb)
    plan = Plan.objects.get(title="Bench plan UZB 2017")
    focal, _ = User.objects.get_or_create(username="bench-focal")
    lead = plan.tasks.exclude(lead_agency=None).first()
    assert lead is not None
    Membership.objects.get_or_create(
        user=focal, role="focal_point", state=uzb, agency_id=lead.lead_agency_id
    )
    print(
        f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}; "
        f"{Plan.objects.count()} plans, {Task.objects.count()} tasks, "
        f"{Review.objects.count()} reviews, {TaskUpdate.objects.count()} task updates; "
        f"plan {plan.pk}: {plan.tasks.count()} tasks, {plan.reviews.count()} reviews."
    )
    client = Client()
    client.force_login(coordinator)
    url = f"/plans/{plan.pk}/"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    report("Plan page GET /plans/<id>/", timed(page, args.runs), 150, count_queries(page))

    tasks = list(plan.tasks.order_by("order"))
    rng = random.Random(4)
    day = iter(range(10**6))

    def review_post() -> None:
        # Fresh lock versions each time: the previous run moved every task on.
        versions = dict(Task.objects.filter(plan=plan).values_list("pk", "lock_version"))
        data: dict[str, Any] = {
            "title": "Bench review",
            "held_on": (date(2022, 1, 1) + timedelta(days=next(day))).isoformat(),
        }
        for t in tasks:
            data[f"status-{t.pk}"] = rng.choice(STATUSES)
            data[f"progress-{t.pk}"] = rng.randrange(0, 101)
            data[f"note-{t.pk}"] = "Progress noted."
            data[f"version-{t.pk}"] = versions[t.pk]
        response = client.post(f"/plans/{plan.pk}/reviews/new/", data)
        assert response.status_code == 302, response.content[:500]

    report(
        f"Review form POST with {len(tasks)} tasks",
        timed(review_post, args.runs),
        300,
        count_queries(review_post),
    )

    def review_service() -> None:
        services.record_review(
            plan,
            by=coordinator,
            held_on=date(2030, 1, 1) + timedelta(days=next(day)),
            title="Bench service review",
            updates=[
                {"task": t.pk, "status": rng.choice(STATUSES), "progress": rng.randrange(0, 101)}
                for t in tasks
            ],
        )

    report(
        "record_review service alone",
        timed(review_service, args.runs),
        None,
        count_queries(review_service),
    )

    focal_client = Client()
    focal_client.force_login(focal)

    def my_tasks() -> None:
        assert focal_client.get("/plans/my-tasks/?show=all").status_code == 200

    report("My tasks (focal point)", timed(my_tasks, args.runs), None, count_queries(my_tasks))

    def api_tasks() -> None:
        assert client.get(f"/api/v1/plans/{plan.pk}/tasks").status_code == 200

    report("API task list (60 tasks)", timed(api_tasks, args.runs), None, count_queries(api_tasks))
    # Leave the database as built: drop the reviews the timings added.
    Review.objects.filter(plan=plan, title__startswith="Bench").delete()


if __name__ == "__main__":
    main()
