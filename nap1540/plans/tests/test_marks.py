"""The slot through which higher apps add notes to a plan's tasks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from nap1540.plans import marks
from nap1540.plans.marks import TaskMark
from nap1540.plans.models import Task


@pytest.fixture
def a_marker() -> Iterator[None]:
    def marker(viewer: Any, tasks: Sequence[Task]) -> dict[int, list[TaskMark]]:
        if getattr(viewer, "username", "") != "coordinator":
            return {}
        return {t.pk: [TaskMark("Marked for the coordinator", "/somewhere/")] for t in tasks}

    marks.register(marker)
    yield
    marks._MARKERS.remove(marker)


def test_a_registered_marker_shows_on_the_task_page_and_the_plan(
    a_marker: None, personas: Any, mes_task: Task
) -> None:
    for url in (mes_task.get_absolute_url(), mes_task.plan.get_absolute_url()):
        page = personas.client("coordinator").get(url).content.decode()
        assert '<a href="/somewhere/">Marked for the coordinator</a>' in page
        other = personas.client("expert").get(url).content.decode()
        assert "Marked for the coordinator" not in other
