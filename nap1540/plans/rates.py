"""Implementation-rate arithmetic for national action plans. Plain Python, no Django.

Definitions (see docs/decisions/020-implementation-rates.md):

* A task is *counted* at a date when it is not cancelled and either it is completed
  (whenever it was due: a task delivered early counts, so the rate never exceeds 1)
  or its due date has passed. A task without a due date is due at the end of the
  plan's period (`default_due`).
* The implementation rate is completed tasks over counted tasks. With no counted
  task the rate is `None`: "not measurable yet", never 0 % or 100 %.
* The progress-weighted rate is the mean progress of the counted tasks, a completed
  task counting as 100 %.
* A task carried over into a successor plan counts in the successor against its new
  due date; in the plan it came from it stays what it was (due and not completed),
  so carrying over never rewrites the old plan's history.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

COMPLETED = "completed"
CANCELLED = "cancelled"

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class TaskState:
    """What the rate needs to know about one task at one moment."""

    status: str
    progress: int = 0
    due: date | None = None
    carried_over: bool = False  # came from the plan this one replaces

    @classmethod
    def of(cls, task: Any) -> TaskState:
        """The state of a task row (a `plans.Task` or anything with its attributes)."""
        return cls(
            status=task.status,
            progress=task.progress,
            due=task.due_date,
            carried_over=task.carried_over_from_id is not None,
        )

    @property
    def effective_progress(self) -> int:
        if self.status == COMPLETED:
            return 100
        return min(max(int(self.progress), 0), 100)


def is_counted(task: TaskState, *, as_of: date, default_due: date | None = None) -> bool:
    """Whether the task is in the denominator of the rate at `as_of`."""
    if task.status == CANCELLED:
        return False
    if task.status == COMPLETED:
        return True
    due = task.due or default_due
    return due is not None and due <= as_of


@dataclass(frozen=True)
class Rate:
    """Counts behind an implementation rate; the ratios are derived."""

    counted: int = 0
    completed: int = 0
    progress_total: int = 0
    carried_over: int = 0  # counted tasks that came from the replaced plan
    cancelled: int = 0
    total: int = 0  # all tasks, cancelled included

    @property
    def rate(self) -> float | None:
        return self.completed / self.counted if self.counted else None

    @property
    def progress_rate(self) -> float | None:
        return self.progress_total / (100 * self.counted) if self.counted else None

    @property
    def not_yet_due(self) -> int:
        return self.total - self.cancelled - self.counted


def implementation_rate(
    tasks: Iterable[TaskState], *, as_of: date, default_due: date | None = None
) -> Rate:
    """The rate of a set of tasks at `as_of`."""
    counted = completed = progress = carried = cancelled = total = 0
    for task in tasks:
        total += 1
        if task.status == CANCELLED:
            cancelled += 1
            continue
        if not is_counted(task, as_of=as_of, default_due=default_due):
            continue
        counted += 1
        progress += task.effective_progress
        completed += task.status == COMPLETED
        carried += task.carried_over
    return Rate(counted, completed, progress, carried, cancelled, total)


@dataclass(frozen=True)
class GroupSummary(Generic[K]):
    """Progress of one section or agency."""

    key: K
    rate: Rate
    mean_progress: float | None  # over every task not cancelled, due or not


def breakdown(
    items: Iterable[tuple[K, TaskState]], *, as_of: date, default_due: date | None = None
) -> list[GroupSummary[K]]:
    """Rate and mean progress per key (section, agency), in first-seen order."""
    groups: dict[K, list[TaskState]] = {}
    for key, task in items:
        groups.setdefault(key, []).append(task)
    out = []
    for key, tasks in groups.items():
        live = [t.effective_progress for t in tasks if t.status != CANCELLED]
        mean = sum(live) / len(live) if live else None
        out.append(
            GroupSummary(
                key, implementation_rate(tasks, as_of=as_of, default_due=default_due), mean
            )
        )
    return out


# --- what changed between two reviews ---------------------------------------------------


@dataclass(frozen=True)
class Change(Generic[K]):
    """How one task moved between two reviews; `before`/`after` are (status, progress)."""

    key: K
    before: tuple[str, int] | None
    after: tuple[str, int] | None

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        if self.before[0] != self.after[0]:
            return "status"
        if self.before[1] != self.after[1]:
            return "progress"
        return "unchanged"

    @property
    def progress_delta(self) -> int:
        before = self.before[1] if self.before else 0
        after = self.after[1] if self.after else 0
        return after - before

    @property
    def newly_completed(self) -> bool:
        return (
            self.after is not None
            and self.after[0] == COMPLETED
            and (self.before is None or self.before[0] != COMPLETED)
        )


def compare(
    before: Mapping[K, tuple[str, int]], after: Mapping[K, tuple[str, int]]
) -> list[Change[K]]:
    """Every task of either review with its two states, in `after`'s order then removals."""
    changes = [Change(key, before.get(key), state) for key, state in after.items()]
    changes += [Change(key, state, None) for key, state in before.items() if key not in after]
    return changes


def format_rate(value: float | None, empty: str = "\u2014") -> str:
    """0.7 -> "70 %"; None -> an em dash (not measurable)."""
    return empty if value is None else f"{round(value * 100)}\u00a0%"
