"""Notes that higher apps add to a plan's tasks where the plan shows them.

Plans sits below assistance (docs/decisions/003-layers.md): it offers this slot and assistance
fills it from its AppConfig.ready() ("item 2 of the request ..." on the tasks already in one).
A marker sees the viewer and must mention only records the viewer may open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nap1540.plans.models import Task


@dataclass(frozen=True)
class TaskMark:
    text: str
    url: str = ""


TaskMarker = Callable[[Any, Sequence[Task]], dict[int, list[TaskMark]]]
_MARKERS: list[TaskMarker] = []


def register(func: TaskMarker) -> TaskMarker:
    """Register a function `(viewer, tasks) -> {task id: [TaskMark]}`."""
    _MARKERS.append(func)
    return func


def mark_tasks(viewer: Any, tasks: Sequence[Task]) -> None:
    """Set `task.marks` on each task: what the registered markers say about it to `viewer`."""
    found: dict[int, list[TaskMark]] = {}
    for marker in _MARKERS:
        for task_id, marks in marker(viewer, tasks).items():
            found.setdefault(task_id, []).extend(marks)
    for task in tasks:
        task.marks = found.get(task.pk, [])  # type: ignore[attr-defined]
