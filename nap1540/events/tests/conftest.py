"""Fixtures for the events tests: a plan with tasks, events at each visibility, the demo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from nap1540.core.visibility import Visibility
from nap1540.events import services
from nap1540.events.models import Event
from nap1540.registry.models import Organisation


@pytest.fixture
def plan(personas: Any) -> Any:
    return make_plan(personas)


def make_plan(personas: Any) -> Any:
    """Uzbekistan's private plan: five tasks, two overdue on 15 January 2018, one delayed."""
    from nap1540.plans.models import Plan, Task

    plan = Plan.objects.create(
        state=personas.uzb,
        title="National Action Plan of Uzbekistan 2017-2021",
        period_start=date(2017, 1, 1),
        period_end=date(2021, 12, 31),
        status=Plan.Status.ADOPTED,
        visibility=Visibility.PRIVATE,
    )
    rows = [
        ("1", "Adopt export control law", "OP3(d)", Task.Status.COMPLETED, 100, date(2017, 12, 31)),
        ("2", "Train customs officers", "OP3(c)", Task.Status.IN_PROGRESS, 40, date(2018, 3, 31)),
        ("3", "Secure radioactive sources", "OP3(a)", Task.Status.DELAYED, 10, date(2019, 6, 30)),
        ("4", "Biosafety regulation", "OP3(b)", Task.Status.NOT_STARTED, 0, date(2017, 9, 30)),
        ("5", "Outreach to industry", "", Task.Status.NOT_STARTED, 0, date(2017, 8, 15)),
    ]
    for order, (number, title, section, status, progress, due) in enumerate(rows):
        Task.objects.create(
            plan=plan,
            number=number,
            order=order,
            title=title,
            section_code=section,
            status=status,
            progress=progress,
            due_date=due,
            lead_agency=personas.agency if order % 2 else personas.other_agency,
            completed_on=date(2017, 11, 1) if status == Task.Status.COMPLETED else None,
        )
    return plan


def make_event(personas: Any, visibility: str = Visibility.PRIVATE, **values: Any) -> Event:
    defaults: dict[str, Any] = {
        "kind": Event.Kind.NATIONAL_ROUNDTABLE,
        "title": f"Roundtable ({visibility})",
        "starts_on": date(2017, 7, 3),
        "ends_on": date(2017, 7, 4),
        "venue_city": "Tashkent",
        "venue_country": personas.uzb,
        "state": personas.uzb,
        "visibility": visibility,
        "background": "Background paragraph.",
        "overview": "Overview paragraph.",
    }
    defaults.update(values)
    return services.create_event(by=None, **defaults)


@pytest.fixture
def event_factory(personas: Any) -> Any:
    def factory(visibility: str = Visibility.PRIVATE, **values: Any) -> Event:
        return make_event(personas, visibility, **values)

    return factory


@pytest.fixture
def full_event(personas: Any) -> Event:
    return make_full_event(personas)


def make_full_event(personas: Any, **values: Any) -> Event:
    """An event with organisers and a participant in every group."""
    event = make_event(personas, Visibility.PRIVATE, **{"title": "Full roundtable", **values})
    services.add_organiser(event, by=None, organisation=Organisation.objects.get(code="UNRCPD"))
    services.add_organiser(event, by=None, organisation=Organisation.objects.get(code="OSCE"))
    services.add_participant(event, by=None, group="government", agency=personas.agency)
    services.add_participant(event, by=None, group="government", agency=personas.other_agency)
    services.add_participant(
        event,
        by=None,
        group="international",
        organisation=Organisation.objects.get(code="OSCE-CPC"),
    )
    services.add_participant(
        event, by=None, group="committee", name="1540 Committee Expert", count=2
    )
    services.add_participant(event, by=None, group="other", name="VERTIC")
    return event


@pytest.fixture
def demo(db: Any) -> Any:
    """The registry's and the events' demo content (Uzbekistan agencies, the two meetings)."""
    from nap1540.core.demo import DemoContext
    from nap1540.events import demo as events_demo
    from nap1540.registry import demo as registry_demo

    ctx = DemoContext()
    registry_demo.load(ctx)
    events_demo.load(ctx)
    return ctx
