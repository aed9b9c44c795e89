"""The main menu's counts (core.queues.counts): one statement per panel, compiled once per
reader and day, and run against the data as they are on every page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from nap1540.accounts.sharing import share_with, withdraw
from nap1540.core.queues import BuilderReadData, counts
from nap1540.core.visibility import forget_cached_access
from nap1540.plans.models import Task

DAY = date(2026, 12, 7)


class Builder:
    """The panel's querysets for `user`, and how often the statement had to be built."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.calls = 0

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        visible = Task.objects.visible_to(self.user)
        return {
            "visible": visible,
            "overdue": visible.filter(due_date__lt=DAY),
            "none": Task.objects.none(),
        }


def test_counts_are_each_querysets_count_in_one_statement(
    personas, make_plan, django_assert_num_queries
):
    make_plan(tasks=5)
    make_plan(tasks=2, state=personas.kaz)
    user = personas.coordinator
    # Each queryset counted alone (this also reads the roles and the content types, which
    # a request reads once, before any panel).
    alone = {label: qs.count() for label, qs in Builder(user)().items()}
    assert alone == {"visible": 5, "overdue": 5, "none": 0}
    build = Builder(user)
    with django_assert_num_queries(1):
        found = counts(user, "test.tasks", DAY, build)
    assert found == alone
    with django_assert_num_queries(1):
        assert counts(user, "test.tasks", DAY, build) == found
    assert build.calls == 1, "the second page compiled the statement again"


def test_a_kept_statement_counts_what_was_shared_or_withdrawn_since(personas, make_plan):
    plan = make_plan(tasks=3)
    reader = personas.outsider
    build = Builder(reader)
    assert counts(reader, "test.tasks", DAY, build)["visible"] == 0
    share_with(plan, by=personas.coordinator, states=[personas.kaz])
    forget_cached_access(reader)
    assert counts(reader, "test.tasks", DAY, build)["visible"] == 3
    withdraw(plan, by=personas.coordinator, state=personas.kaz)
    forget_cached_access(reader)
    assert counts(reader, "test.tasks", DAY, build)["visible"] == 0, "a withdrawn share counted"
    assert build.calls == 1


def test_another_role_or_day_gets_its_own_statement(personas, make_plan):
    make_plan(tasks=4)
    focal = personas.focal
    build = Builder(focal)
    assert counts(focal, "test.tasks", DAY, build)["visible"] == 4
    assert counts(focal, "test.tasks", date(2026, 12, 8), build)["visible"] == 4
    assert build.calls == 2, "the next day reused the statement of the day before"
    focal.memberships.update(is_active=False)
    forget_cached_access(focal)
    assert counts(focal, "test.tasks", DAY, build)["visible"] == 0, "a former member counted"
    assert build.calls == 3


def test_a_builder_that_reads_data_is_refused(personas, make_plan):
    """Ids read into the SQL would be counted as they were when it was compiled."""
    plan = make_plan(tasks=2)
    user = personas.coordinator

    def reads_ids() -> dict[str, Any]:
        ids = list(Task.objects.filter(plan=plan).values_list("pk", flat=True))
        return {"tasks": Task.objects.filter(pk__in=ids)}

    with pytest.raises(BuilderReadData):
        counts(user, "test.reads", DAY, reads_ids)
    assert counts(user, "test.lazy", DAY, lambda: {"tasks": Task.objects.filter(plan=plan)}) == {
        "tasks": 2
    }
