"""Assistance fixtures: the seeded offers, requests at a chosen step, plan tasks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from nap1540.assistance import workflow
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.models import Distribution, Request
from nap1540.assistance.services.offers import load_offers
from nap1540.assistance.services.requests import add_item, create_request
from nap1540.core.visibility import Visibility
from nap1540.registry.models import Organisation


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Personas get passwords; Argon2 costs half a second per test for nothing tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_offer_index() -> Iterator[None]:
    """Each test builds its own index: row ids are reused between rolled-back tests."""
    offer_index.reset()
    yield
    offer_index.reset()


@pytest.fixture
def offers(db: Any) -> list[Any]:
    report = load_offers()
    assert not report.problems, report.problems
    from nap1540.assistance.models import Offer

    return list(Offer.objects.all())


ITEM_TEXT = (
    "Training for 25 customs officers of the State Customs Committee on export control of "
    "dual-use chemicals at border crossing points, in Russian, in 2025."
)


def make_request(
    personas: Any,
    *,
    step: str = Request.Status.RECEIVED,
    consent: bool = False,
    visibility: str = Visibility.COMMITTEE,
    today: date | None = None,
    title: str = "Export control training",
    state: Any = None,
    text: str = ITEM_TEXT,
) -> Request:
    """A request by Uzbekistan (or `state`), moved by the expert up to `step`."""
    day = today or date(2025, 3, 3)
    if step == Request.Status.DRAFT:
        request = create_request(
            by=personas.coordinator, state=state or personas.uzb, title=title, date=day
        )
        add_item(request, by=personas.coordinator, text=text)
        return request
    request = create_request(
        by=personas.expert,
        state=state or personas.uzb,
        title=title,
        date=day,
        consent_to_publish=consent,
        visibility=visibility,
        today=day,
    )
    add_item(request, by=personas.expert, text=text)
    order = [Request.Status.AUTHENTICATED, Request.Status.ACKNOWLEDGED]
    for target in order:
        if step == Request.Status.RECEIVED:
            break
        workflow.make_step(request, target, by=personas.expert, today=day)
        if step == target:
            break
    if step in (Request.Status.DISTRIBUTED, Request.Status.SUMMARY_POSTED, Request.Status.MATCHED):
        workflow.make_step(
            request, Request.Status.ACKNOWLEDGED, by=personas.expert, today=day
        ) if request.status == Request.Status.AUTHENTICATED else None
        request.refresh_from_db()
        workflow.distribute(request, automatic=True, today=date(2025, 3, 20))
    request.refresh_from_db()
    return request


def distribute_to(request: Request, organisation_code: str) -> Distribution:
    organisation = Organisation.objects.get(code=organisation_code)
    return Distribution.objects.create(
        request=request, organisation=organisation, sent_at=request.created_at
    )


@pytest.fixture
def plan_task(personas: Any) -> Any:
    from nap1540.plans.models import Plan, Task

    plan = Plan.objects.create(
        state=personas.uzb,
        title="National action plan 2017-2020",
        period_start=date(2017, 1, 1),
        period_end=date(2020, 12, 31),
        visibility=Visibility.COMMITTEE,
    )
    return Task.objects.create(
        plan=plan,
        number="3.2",
        title="Strengthen border control of chemicals",
        section_code="OP3(c)",
        assistance_needed=True,
        assistance_description="Equipment and training for 40 border guards to detect toxic "
        "chemicals at the border with Kazakhstan by 2019.",
        priority="high",
    )
