"""Plan tasks and the request items made from them, one need per chain of carried-over tasks.

A plan update copies each unfinished task to the next plan (`Task.carried_over_from`,
docs/decisions/021-plan-workflow-and-updates.md). The original and its copies are one action:
once any of them is the source of a request item, none of them is a need any more, and a task
that was carried over is represented by its copy. Chains never leave their State, so one query
over the State's carried-over tasks is enough to join them, whatever the number of plan updates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from nap1540.assistance.models import RequestItem
from nap1540.core.visibility import principal
from nap1540.plans.marks import TaskMark
from nap1540.plans.models import Plan, Task


class Chains:
    """Which tasks of some States are copies of one another."""

    def __init__(self, state_ids: Iterable[int]) -> None:
        self.state_ids = list(state_ids)
        edges = Task.objects.filter(
            plan__state__in=self.state_ids, carried_over_from__isnull=False
        ).values_list("pk", "carried_over_from_id")
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            while parent.get(x, x) != x:
                x = parent[x]
            return x

        self.carried_over: set[int] = set()
        for copy, origin in edges:
            self.carried_over.add(origin)
            a, b = find(copy), find(origin)
            if a != b:
                parent[max(a, b)] = min(a, b)
        self._root = {x: find(x) for x in parent}

    def of(self, task_id: int) -> int:
        """The chain a task belongs to (the id of its earliest known member)."""
        return self._root.get(task_id, task_id)

    def items(self) -> dict[int, list[int]]:
        """{chain: ids of the request items made from any of its tasks}, for every request."""
        found: dict[int, list[int]] = {}
        rows = RequestItem.objects.filter(source_task__plan__state__in=self.state_ids).values_list(
            "pk", "source_task_id"
        )
        for item_id, task_id in rows:
            found.setdefault(self.of(task_id), []).append(item_id)
        return found


def chain_in_request(task: Task) -> bool:
    """Whether the task, or one carried over from or to it, is already an item of a request."""
    chains = Chains([task.plan.state_id])
    return chains.of(task.pk) in chains.items()


def tasks_needing_assistance(user: Any, state_ids: Iterable[int], limit: int = 50) -> list[Task]:
    """Tasks flagged "assistance needed", one per chain, whose chain is in no request yet."""
    chains = Chains(state_ids)
    requested = chains.items()
    candidates = (
        Task.objects.visible_to(user)
        .filter(plan__state__in=chains.state_ids, assistance_needed=True)
        .select_related("plan")
        .order_by("plan", "order", "id")
    )
    kept: dict[int, Task] = {}
    for task in candidates:
        chain = chains.of(task.pk)
        if chain in requested or task.pk in chains.carried_over:
            continue
        # Two copies of one task (two successors of a plan) still make one need: the newest.
        if chain not in kept or (task.plan.is_current, task.pk) > (
            kept[chain].plan.is_current,
            kept[chain].pk,
        ):
            kept[chain] = task
    chosen = {t.pk for t in kept.values()}
    return [t for t in candidates if t.pk in chosen][:limit]


def items_from_tasks(user: Any, state_ids: Iterable[int], limit: int = 50) -> list[RequestItem]:
    """Request items the user may open that were made from these States' plan tasks."""
    return list(
        RequestItem.objects.visible_to(user)
        .filter(
            source_task__plan__state__in=list(state_ids),
            source_task__in=Task.objects.visible_to(user),
        )
        .select_related("request", "source_task", "source_task__plan")
        .order_by("source_task__plan", "source_task__order", "request", "number")[:limit]
    )


def item_mark(item: RequestItem) -> TaskMark:
    """ "Item 2 of the request “…”", the request's title marked as the State's own words."""
    title = format_html("<span data-user-content>{}</span>", item.request.title)
    text = escape(_("Item %(n)s of the request “%(title)s”")) % {"n": item.number, "title": title}
    return TaskMark(mark_safe(text), item.get_absolute_url())  # both parts escaped above


def task_marks(user: Any, tasks: Sequence[Task]) -> dict[int, list[TaskMark]]:
    """The request items each task's chain is in, linked where the user may open them.

    Items the user may not open are never named; the task's own State hears only that the
    task is already in a request.
    """
    if not tasks:
        return {}
    # The plan's own page loads its tasks through the plan: no query for their State then.
    state_of = {t.plan_id: t.plan.state_id for t in tasks if Task.plan.is_cached(t)}
    missing = {t.plan_id for t in tasks} - state_of.keys()
    if missing:
        state_of.update(Plan.objects.filter(pk__in=missing).values_list("pk", "state_id"))
    chains = Chains(set(state_of.values()))
    requested = chains.items()
    wanted = {i for t in tasks for i in requested.get(chains.of(t.pk), [])}
    if not wanted:
        return {}
    visible = {
        item.pk: item
        for item in RequestItem.objects.visible_to(user)
        .filter(pk__in=wanted)
        .select_related("request")
        .order_by("request", "number")
    }
    p = principal(user)
    marks: dict[int, list[TaskMark]] = {}
    for task in tasks:
        ids = requested.get(chains.of(task.pk), [])
        shown = [item_mark(visible[i]) for i in sorted(ids) if i in visible]
        if shown:
            marks[task.pk] = shown
        elif ids and p.belongs_to(state_of[task.plan_id]):
            marks[task.pk] = [TaskMark(_("Already in an assistance request."))]
    return marks
