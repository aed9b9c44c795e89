"""Plans fixtures: a plan of State A with tasks led by the focal point's agency and another."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from nap1540.accounts.models import APIToken
from nap1540.plans import services
from nap1540.plans.models import Plan, Task


@pytest.fixture
def make_plan(personas: Any) -> Callable[..., Plan]:
    """make_plan(visibility="private", state=None, status="adopted", tasks=0) -> Plan."""

    def make(
        *,
        visibility: str = "private",
        state: Any = None,
        status: str = Plan.Status.ADOPTED,
        tasks: int = 0,
        title: str = "National action plan",
        period_start: date = date(2014, 1, 1),
        period_end: date = date(2016, 12, 31),
    ) -> Plan:
        state = state or personas.uzb
        plan = Plan.objects.create(
            state=state,
            title=title,
            period_start=period_start,
            period_end=period_end,
            visibility=visibility,
            status=status,
        )
        agencies = [personas.agency, personas.other_agency] if state == personas.uzb else [None]
        Task.objects.bulk_create(
            Task(
                plan=plan,
                number=str(i),
                order=i,
                title=f"Task {i}",
                section_code=["OP1", "OP2", "OP3(c)"][(i - 1) % 3],
                lead_agency=agencies[(i - 1) % len(agencies)],
                due_date=date(2015, 1, 1 + (i % 28)),
            )
            for i in range(1, tasks + 1)
        )
        return plan

    return make


@pytest.fixture
def plan(make_plan: Callable[..., Plan]) -> Plan:
    """An adopted private plan of Uzbekistan with three tasks.

    Task 1 is led by the focal point's agency (MES), task 2 by the Ministry of Health,
    task 3 by MES again.
    """
    return make_plan(tasks=3)


@pytest.fixture
def mes_task(plan: Plan, personas: Any) -> Task:
    return plan.tasks.get(number="1")


@pytest.fixture
def moh_task(plan: Plan, personas: Any) -> Task:
    return plan.tasks.get(number="2")


@pytest.fixture
def bearer(personas: Any) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a persona's API token (anonymous: no header)."""

    def headers(name: str) -> dict[str, str]:
        user = personas.user(name)
        if user is None:
            return {}
        _token, raw = APIToken.issue(user, "tests")
        return {"Authorization": f"Bearer {raw}"}

    return headers


@pytest.fixture
def matrix_with_gaps(personas: Any) -> Any:
    """A draft matrix of Uzbekistan where every field is blank except OP1-01..OP1-10 (X)."""
    from nap1540.matrix.services import propose_changes, start_draft

    start_draft(personas.uzb, by=personas.coordinator)
    return propose_changes(
        state=personas.uzb,
        by=personas.coordinator,
        changes=[{"field_key": f"OP1-{i:02d}", "mark": "X"} for i in range(1, 11)],
    )


def review(plan: Plan, by: Any, held_on: date, **states: tuple[str, int]) -> Any:
    """record_review with {number: (status, progress)}."""
    tasks = {t.number: t for t in plan.tasks.all()}
    return services.record_review(
        plan,
        by=by,
        held_on=held_on,
        title=f"Review {held_on}",
        updates=[
            {"task": tasks[n.lstrip("t")], "status": s, "progress": p}
            for n, (s, p) in states.items()
        ],
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Personas get passwords; Argon2 would make every test pay for hashing eight of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
