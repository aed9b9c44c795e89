"""Synthetic national action plans for benchmarks: agencies, plans, tasks, reviews.

Everything is flagged `is_demo` (shown with a "Demo data" badge) and written with bulk
inserts; the shape matches what the services produce: tasks linked to matrix fields with a
lead agency and supporting agencies, reviews recording every task with the rates frozen as
`record_review` freezes them, and each task left at its last review's status and progress.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from nap1540.core.visibility import Visibility
from nap1540.matrix.models import FieldDef
from nap1540.plans import rates
from nap1540.plans.models import Plan, Review, Task, TaskUpdate
from nap1540.registry.models import Agency, State

AGENCY_KINDS = (
    Agency.Kind.FOREIGN_AFFAIRS,
    Agency.Kind.CUSTOMS,
    Agency.Kind.HEALTH,
    Agency.Kind.SECURITY,
    Agency.Kind.EMERGENCY,
    Agency.Kind.TRADE,
)
SECTIONS = ("OP1", "OP2", "OP3(a)", "OP3(b)", "OP3(c)", "OP3(d)")
STATUSES = tuple(Task.Status.values)
PERIOD_START = date(2022, 1, 1)
PERIOD_END = date(2026, 12, 31)


@dataclass
class PlansReport:
    states: int = 0
    plans: int = 0
    tasks: int = 0
    reviews: int = 0
    updates: int = 0
    skipped: int = 0


def members(states: int) -> list[State]:
    """The first `states` UN Member States by name, as every synthetic generator picks them."""
    return list(State.objects.filter(un_status=State.UNStatus.MEMBER).order_by("name")[:states])


def demo_agencies(chosen: list[State]) -> dict[int, list[int]]:
    """Six demo agencies per State (made once, reused by later runs), by State id."""
    have: dict[int, list[int]] = {}
    for state_id, pk in Agency.objects.filter(state__in=chosen, is_demo=True).values_list(
        "state_id", "pk"
    ):
        have.setdefault(state_id, []).append(pk)
    missing = [s for s in chosen if s.pk not in have]
    made = Agency.objects.bulk_create(
        Agency(
            state=s,
            name=f"{Agency.Kind(kind).label} of {s.name}",
            acronym=f"{s.iso3}-{kind[:3].upper()}",
            kind=kind,
            is_demo=True,
        )
        for s in missing
        for kind in AGENCY_KINDS
    )
    for agency in made:
        have.setdefault(agency.state_id, []).append(agency.pk)
    return have


def _supporting(agencies: list[int], rng: random.Random) -> list[int]:
    # Up to two; a State may have a single demo agency (the demo data gives some only one).
    return rng.sample(agencies, rng.randint(0, min(2, len(agencies))))


def _progress(status: str, rng: random.Random) -> int:
    if status == Task.Status.COMPLETED:
        return 100
    if status == Task.Status.NOT_STARTED:
        return 0
    return rng.randrange(5, 96, 5)


@transaction.atomic
def generate(
    *, states: int, tasks: int = 60, reviews: int = 3, seed: int = 1540, replace: bool = False
) -> PlansReport:
    """One adopted 2022-2026 plan of `tasks` tasks and `reviews` reviews per chosen State."""
    chosen = members(states)
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    report = PlansReport()
    if replace:
        Plan.objects.filter(state__in=chosen, is_demo=True).delete()
    taken = set(Plan.objects.filter(state__in=chosen).values_list("state_id", flat=True))
    todo = [s for s in chosen if s.pk not in taken]
    report.skipped = len(chosen) - len(todo)
    report.states = len(todo)
    if not todo:
        return report
    agencies = demo_agencies(todo)
    field_ids = list(FieldDef.objects.values_list("pk", flat=True))
    created = datetime(2021, 11, 15, 9, tzinfo=UTC)
    plans = Plan.objects.bulk_create(
        Plan(
            state=s,
            title=f"National action plan of {s.name} 2022-2026",
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            status=Plan.Status.ADOPTED,
            adoption_act="Government decree",
            adoption_act_number=str(rng.randint(1, 400)),
            adoption_act_date=date(2021, 12, rng.randint(1, 28)),
            coordinating_agency_id=agencies[s.pk][0],
            introduction=f"The national action plan of {s.name} for resolution 1540 (2004).",
            visibility=Visibility.COMMITTEE,
            is_demo=True,
            created_at=created,
            updated_at=created,
        )
        for s in todo
    )
    span = (PERIOD_END - PERIOD_START).days
    task_rows: list[Task] = []
    for plan in plans:
        for i in range(1, tasks + 1):
            start = PERIOD_START + timedelta(days=rng.randrange(0, span // 2))
            task_rows.append(
                Task(
                    plan=plan,
                    number=str(i),
                    order=i,
                    title=f"Task {i}: strengthen {rng.choice(SECTIONS)} measures",
                    section_code=rng.choice(SECTIONS),
                    lead_agency_id=rng.choice(agencies[plan.state_id]),
                    start_date=start,
                    due_date=start + timedelta(days=rng.randrange(90, span // 2)),
                    priority=rng.choice(Task.Priority.values),
                    funding=rng.choice(Task.Funding.values),
                    assistance_needed=rng.random() < 0.2,
                    is_demo=True,
                    updated_at=created,
                )
            )
    made = Task.objects.bulk_create(task_rows, batch_size=2000)
    report.plans, report.tasks = len(plans), len(made)
    Task.fields.through.objects.bulk_create(
        (
            Task.fields.through(task_id=t.pk, fielddef_id=f)
            for t in made
            for f in rng.sample(field_ids, min(len(field_ids), rng.randint(1, 3)))
        ),
        batch_size=2000,
    )
    Task.supporting_agencies.through.objects.bulk_create(
        (
            Task.supporting_agencies.through(task_id=t.pk, agency_id=a)
            for t in made
            for a in _supporting(agencies[t.plan.state_id], rng)
            if a != t.lead_agency_id
        ),
        batch_size=2000,
    )
    by_plan: dict[int, list[Task]] = {}
    for t in made:
        by_plan.setdefault(t.plan_id, []).append(t)
    review_rows: list[Review] = []
    states_at: list[list[tuple[Task, str, int]]] = []
    for plan in plans:
        for r in range(reviews):
            held_on = PERIOD_START + timedelta(days=(r + 1) * span // (reviews + 1))
            marks = []
            for t in by_plan[plan.pk]:
                started = t.start_date is not None and t.start_date <= held_on
                status = rng.choice(STATUSES) if started else Task.Status.NOT_STARTED
                marks.append((t, status, _progress(status, rng)))
            rate = rates.implementation_rate(
                [rates.TaskState(s, p, t.due_date) for t, s, p in marks],
                as_of=held_on,
                default_due=plan.period_end,
            )
            review_rows.append(
                Review(
                    plan=plan,
                    title=f"Review {r + 1}",
                    held_on=held_on,
                    tasks_due=rate.counted,
                    tasks_completed=rate.completed,
                    implementation_rate=rate.rate,
                    progress_rate=rate.progress_rate,
                    is_demo=True,
                    created_at=datetime.combine(held_on, datetime.min.time(), tzinfo=UTC),
                )
            )
            states_at.append(marks)
    made_reviews = Review.objects.bulk_create(review_rows, batch_size=2000)
    updates: list[TaskUpdate] = []
    last: dict[int, tuple[str, int]] = {}
    for review, marks in zip(made_reviews, states_at, strict=True):
        at = datetime.combine(review.held_on, datetime.min.time(), tzinfo=UTC)
        for t, status, progress in marks:
            before = last.get(t.pk, (Task.Status.NOT_STARTED, 0))
            updates.append(
                TaskUpdate(
                    task=t,
                    review=review,
                    status=status,
                    progress=progress,
                    previous_status=before[0],
                    previous_progress=before[1],
                    recorded_at=at,
                )
            )
            last[t.pk] = (status, progress)
    TaskUpdate.objects.bulk_create(updates, batch_size=2000)
    for t in made:
        t.status, t.progress = last.get(t.pk, (Task.Status.NOT_STARTED, 0))
        if t.status == Task.Status.COMPLETED:
            t.completed_on = t.due_date
    Task.objects.bulk_update(made, ["status", "progress", "completed_on"], batch_size=1000)
    report.reviews, report.updates = len(made_reviews), len(updates)
    return report
