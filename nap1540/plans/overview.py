"""What the plan page shows, computed from tasks and reviews loaded once.

Everything here works on lists already in memory, so the page's query count does
not depend on the number of tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from nap1540.plans import rates
from nap1540.plans.models import Plan, Review, Task, TaskUpdate
from nap1540.plans.reminders import DUE_SOON_DAYS

STATUS_ORDER = {s: i for i, s in enumerate(Task.Status.values)}
SORTS = {
    "number": lambda t: natural_key(t.number),
    "title": lambda t: t.title.lower(),
    "area": lambda t: (t.section_code or "~", natural_key(t.number)),
    "agency": lambda t: (
        t.lead_agency.name.lower() if t.lead_agency else "~",
        natural_key(t.number),
    ),
    "due": lambda t: (t.due_date or date.max, natural_key(t.number)),
    "status": lambda t: (STATUS_ORDER.get(t.status, 9), natural_key(t.number)),
    "progress": lambda t: (t.progress, natural_key(t.number)),
}


def natural_key(text: str) -> tuple[Any, ...]:
    """ "2.10" after "2.9": numbers compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def load_tasks(plan: Plan) -> list[Task]:
    return list(plan.tasks.select_related("lead_agency").order_by("order", "id"))


def task_state(task: Task) -> rates.TaskState:
    return rates.TaskState(
        task.status, task.progress, task.due_date, task.carried_over_from_id is not None
    )


def filter_tasks(
    tasks: Iterable[Task], *, section: str = "", agency: str = "", status: str = ""
) -> list[Task]:
    out = []
    for task in tasks:
        if section and (task.section_code or "-") != section:
            continue
        if agency and str(task.lead_agency_id or "-") != agency:
            continue
        if status and task.status != status:
            continue
        out.append(task)
    return out


def sort_tasks(tasks: list[Task], sort: str) -> tuple[list[Task], str]:
    """Sort by a column name, "-name" for descending; unknown names sort by number."""
    name = sort.lstrip("-")
    if name not in SORTS:
        return sorted(tasks, key=SORTS["number"]), "number"
    return sorted(tasks, key=SORTS[name], reverse=sort.startswith("-")), sort


def due_lists(tasks: Iterable[Task], today: date) -> tuple[list[Task], list[Task]]:
    """(overdue, due within 30 days) among open tasks with a due date."""
    soon_limit = today + timedelta(days=DUE_SOON_DAYS)
    overdue, soon = [], []
    for task in tasks:
        if not task.is_open or task.due_date is None:
            continue
        if task.due_date < today:
            overdue.append(task)
        elif task.due_date <= soon_limit:
            soon.append(task)
    return sorted(overdue, key=lambda t: t.due_date or date.max), sorted(
        soon, key=lambda t: t.due_date or date.max
    )


def _svg(markup: str) -> SafeString:
    # rendering.charts escapes every label and emits no script.
    return mark_safe(markup)


def status_labels() -> dict[str, str]:
    from nap1540.core.rendering.statuses import status_labels

    return status_labels(Task.Status)


def gantt_svg(plan: Plan, tasks: list[Task], today: date) -> SafeString:
    from nap1540.core.rendering.charts import GanttTask, gantt

    rows = []
    for task in tasks:
        start = task.start_date or plan.period_start
        end = task.due_date or plan.period_end
        rows.append(GanttTask(f"{task.number} {task.title}", min(start, end), end, task.status))
    return _svg(
        gantt(
            rows,
            title=_("Timeline"),
            today=today,
            today_label=_("Today"),
            status_labels=status_labels(),
            no_data_label=_("No tasks yet"),
            date_format=lambda d: date_format(d, "YEAR_MONTH_FORMAT"),
            day_format=lambda d: date_format(d, "DATE_FORMAT"),
            max_label_chars=40,
            width=900,
            rtl=get_language_bidi(),
        )
    )


def progress_chart(
    summaries: list[rates.GroupSummary[str]], title: str, *, user_labels: bool = False
) -> SafeString:
    from nap1540.core.rendering.charts import bar_chart

    return _svg(
        bar_chart(
            [(str(s.key), s.mean_progress) for s in summaries],
            title=title,
            no_data_label=_("No data"),
            rtl=get_language_bidi(),
            user_labels=user_labels,
        )
    )


def history_chart(reviews: list[Review]) -> SafeString:
    from nap1540.core.rendering.charts import Series, line_chart

    def pct(value: float | None) -> float | None:
        return None if value is None else round(value * 100, 1)

    return _svg(
        line_chart(
            [date_format(r.held_on, "DATE_FORMAT") for r in reviews],
            [
                Series(_("Implementation rate"), [pct(r.implementation_rate) for r in reviews]),
                Series(_("Progress-weighted"), [pct(r.progress_rate) for r in reviews]),
            ],
            title=_("Implementation rate at each review"),
            no_data_label=_("No reviews yet"),
            rtl=get_language_bidi(),
        )
    )


@dataclass
class Overview:
    plan: Plan
    tasks: list[Task]
    today: date
    rate: rates.Rate = field(default_factory=rates.Rate)
    by_section: list[rates.GroupSummary[str]] = field(default_factory=list)
    by_agency: list[rates.GroupSummary[str]] = field(default_factory=list)
    overdue: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)


def build(plan: Plan, tasks: list[Task], today: date) -> Overview:
    states = [(t, task_state(t)) for t in tasks]
    default_due = plan.period_end
    overview = Overview(plan=plan, tasks=tasks, today=today)
    overview.rate = rates.implementation_rate(
        [s for _t, s in states], as_of=today, default_due=default_due
    )
    by_section = sorted(states, key=lambda pair: pair[0].section_code or "~")
    overview.by_section = rates.breakdown(
        [(t.section_code or _("No area"), s) for t, s in by_section],
        as_of=today,
        default_due=default_due,
    )
    by_agency = sorted(
        states, key=lambda pair: pair[0].lead_agency.name if pair[0].lead_agency else "~"
    )
    overview.by_agency = rates.breakdown(
        [(t.lead_agency.name if t.lead_agency else _("No lead agency"), s) for t, s in by_agency],
        as_of=today,
        default_due=default_due,
    )
    overview.overdue, overview.due_soon = due_lists(tasks, today)
    return overview


@dataclass
class ReviewChange:
    task: Task | None
    number: str
    title: str
    change: rates.Change[int]


def compare_reviews(first: Review, second: Review) -> list[ReviewChange]:
    """Each task's status and progress at two reviews of the same plan (one query)."""
    updates = (
        TaskUpdate.objects.filter(review__in=[first, second])
        .select_related("task")
        .order_by("task__order", "task_id")
    )
    before: dict[int, tuple[str, int]] = {}
    after: dict[int, tuple[str, int]] = {}
    tasks: dict[int, Task] = {}
    for u in updates:
        tasks[u.task_id] = u.task
        (before if u.review_id == first.pk else after)[u.task_id] = (u.status, u.progress)
    out = []
    for change in rates.compare(before, after):
        task = tasks.get(change.key)
        out.append(
            ReviewChange(task, task.number if task else "", task.title if task else "", change)
        )
    return out
