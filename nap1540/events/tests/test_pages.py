"""Event list, calendar, recording an event, and what events add to other pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nap1540.core.visibility import Visibility
from nap1540.events.models import Event
from nap1540.registry.models import Group, Organisation


def test_coordinator_records_an_event_through_the_form(personas: Any, plan: Any) -> None:
    client = personas.client("coordinator")
    assert client.get(reverse("events:create")).status_code == 200
    response = client.post(
        reverse("events:create"),
        {
            "kind": "review_meeting",
            "title": "Annual review",
            "state": personas.uzb.pk,
            "visibility": "private",
            "starts_on": "2018-05-02",
            "ends_on": "2018-05-03",
            "venue_city": "Tashkent",
            "venue_country": personas.uzb.pk,
            "states_concerned": [personas.kaz.pk],
            "plan": plan.pk,
            "overview": "Reviewed the plan.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(title="Annual review")
    assert event.slug == "2018-05-02-annual-review"
    assert set(event.states_concerned.values_list("iso3", flat=True)) == {"UZB", "KAZ"}
    assert event.plan == plan and event.created_by == personas.coordinator


def test_coordinator_cannot_record_events_of_another_state(personas: Any) -> None:
    response = personas.client("outsider").post(
        reverse("events:create"),
        {"kind": "country_visit", "title": "Visit", "state": personas.uzb.pk,
         "visibility": "private", "starts_on": "2018-05-02", "ends_on": "2018-05-02"},
    )  # fmt: skip
    assert response.status_code == 200  # the State is not among the choices
    assert not Event.objects.filter(title="Visit").exists()
    for persona in ("viewer", "focal", "provider"):
        assert personas.client(persona).get(reverse("events:create")).status_code == 403


def test_event_with_last_day_before_first_day_is_refused(personas: Any) -> None:
    response = personas.client("expert").post(
        reverse("events:create"),
        {"kind": "open_briefing", "title": "Briefing", "visibility": "public",
         "starts_on": "2018-05-02", "ends_on": "2018-05-01"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Event.objects.filter(title="Briefing").exists()


def test_editor_adds_organisers_and_participants(personas: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.PRIVATE)
    client = personas.client("coordinator")
    osce = Organisation.objects.get(code="OSCE")
    client.post(
        reverse("events:organiser_add", args=[event.slug]), {"organiser-organisation": osce.pk}
    )
    client.post(
        reverse("events:organiser_add", args=[event.slug]), {"organiser-state": personas.uzb.pk}
    )
    client.post(
        reverse("events:participant_add", args=[event.slug]),
        {"participant-group": "government", "participant-agency": personas.agency.pk},
    )
    client.post(
        reverse("events:participant_add", args=[event.slug]),
        {
            "participant-group": "other",
            "participant-name": "Tashkent State University",
            "participant-count": "3",
        },
    )
    assert event.organisers.count() == 2
    participant = event.participants.get(group="government")
    assert participant.state == personas.uzb
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Tashkent State University" in page and "Ministry of Emergency Situations" in page
    from nap1540.events.notes import generate_note_content

    content = generate_note_content(event, "en")
    assert content.organisers_text == (
        "Organization for Security and Co-operation in Europe (OSCE) and the Government of "
        "Uzbekistan."
    )
    client.post(reverse("events:participant_remove", args=[event.slug, participant.pk]))
    assert not event.participants.filter(group="government").exists()
    viewer = personas.client("viewer").post(
        reverse("events:participant_add", args=[event.slug]),
        {"participant-group": "other", "participant-name": "X"},
    )
    assert viewer.status_code == 403


def test_calendar_lists_upcoming_events_you_can_see(personas: Any, event_factory: Any) -> None:
    today = timezone.localdate()
    soon = event_factory(
        Visibility.PUBLIC, title="Coming soon", starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=11),
    )  # fmt: skip
    hidden = event_factory(
        Visibility.PRIVATE, title="Private soon", starts_on=today + timedelta(days=5),
        ends_on=today + timedelta(days=5),
    )  # fmt: skip
    event_factory(
        Visibility.PUBLIC, title="Long past", starts_on=date(2010, 1, 1), ends_on=date(2010, 1, 2)
    )
    page = personas.client("anonymous").get(reverse("events:calendar")).content.decode()
    assert soon.title in page and hidden.title not in page and "Long past" not in page
    page = personas.client("coordinator").get(reverse("events:calendar")).content.decode()
    assert hidden.title in page
    api = personas.client("anonymous").get("/api/v1/events/calendar").json()
    assert [e["slug"] for e in api] == [soon.slug]
    dashboard = personas.client("anonymous").get("/").content.decode()
    assert soon.title in dashboard


def test_index_filters_by_kind_state_and_time(personas: Any, event_factory: Any) -> None:
    event_factory(Visibility.PUBLIC, title="Roundtable in Tashkent")
    event_factory(Visibility.PUBLIC, title="Kazakh visit", kind="country_visit", state=personas.kaz)
    client = personas.client("anonymous")
    page = client.get(reverse("events:index"), {"kind": "country_visit"}).content.decode()
    assert "Kazakh visit" in page and "Roundtable in Tashkent" not in page
    page = client.get(reverse("events:index"), {"state": "uzb"}).content.decode()
    assert "Roundtable in Tashkent" in page and "Kazakh visit" not in page
    page = client.get(reverse("events:index"), {"when": "past"}, HTTP_HX_REQUEST="true")
    assert "<html" not in page.content.decode() and "Kazakh visit" in page.content.decode()


def test_state_and_region_pages_show_events_and_the_brief(
    personas: Any, event_factory: Any
) -> None:
    public = event_factory(Visibility.PUBLIC, title="Public roundtable")
    private = event_factory(Visibility.PRIVATE, title="Private roundtable")
    page = personas.client("anonymous").get(personas.uzb.get_absolute_url()).content.decode()
    assert public.title in page and private.title not in page
    group = Group.objects.filter(members=personas.uzb).order_by("code").first()
    assert group is not None
    region = personas.client("anonymous").get(group.get_absolute_url()).content.decode()
    assert reverse("reports:report_region", args=[group.code, "pdf"]) in region


def test_event_page_query_count_does_not_grow_with_participants(
    personas: Any, full_event: Any
) -> None:
    from nap1540.events import services

    client = personas.client("coordinator")
    client.get(full_event.get_absolute_url())
    with CaptureQueriesContext(connection) as before:
        assert client.get(full_event.get_absolute_url()).status_code == 200
    for i in range(10):
        services.add_participant(full_event, by=None, group="government", agency=personas.agency)
        services.add_participant(full_event, by=None, group="other", name=f"Guest {i}")
    with CaptureQueriesContext(connection) as after:
        client.get(full_event.get_absolute_url())
    assert len(after) == len(before)
    assert len(after) <= 40


def test_event_page_query_count_does_not_grow_with_decisions_on_tasks(
    personas: Any, event_factory: Any
) -> None:
    """Each decision names its task only where the viewer may see it: no query per decision."""
    from nap1540.events.models import Outcome
    from nap1540.plans.models import Plan, Task

    event = event_factory(Visibility.PUBLIC, title="Public review")
    plan = Plan.objects.create(
        state=personas.uzb,
        title="Private plan",
        period_start=date(2017, 1, 1),
        period_end=date(2021, 12, 31),
    )

    def decide(n: int) -> None:
        task = Task.objects.create(plan=plan, number=str(n), title=f"Secret task {n}")
        Outcome.objects.create(
            event=event, order=n, text=f"Decision {n}", action="update_task", plan=plan, task=task
        )

    decide(1)
    client = personas.client("anonymous")
    client.get(event.get_absolute_url())
    with CaptureQueriesContext(connection) as before:
        page = client.get(event.get_absolute_url()).content.decode()
    assert "Decision 1" in page and "Secret task" not in page
    for n in range(2, 8):
        decide(n)
    with CaptureQueriesContext(connection) as after:
        page = client.get(event.get_absolute_url()).content.decode()
    assert "Decision 7" in page and "Secret task" not in page
    assert len(after) == len(before)


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_api_create_is_refused_to_those_who_may_not_record(personas: Any, persona: str) -> None:
    response = personas.client(persona).post(
        "/api/v1/events/",
        {"kind": "country_visit", "title": "Visit", "starts_on": "2018-01-01",
         "ends_on": "2018-01-02", "state": "UZB"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code in (401, 403)


def test_related_requests_are_shown_only_to_those_who_see_them(
    personas: Any, event_factory: Any
) -> None:
    from nap1540.assistance.models import Request

    private = Request.objects.create(
        state=personas.uzb, title="Private request for detection equipment", status="received"
    )
    public = Request.objects.create(
        state=personas.uzb,
        title="Public request for training",
        status="received",
        visibility=Visibility.PUBLIC,
    )
    event = event_factory(Visibility.PUBLIC)
    response = personas.client("coordinator").post(
        reverse("events:edit", args=[event.slug]),
        {
            "kind": event.kind,
            "title": event.title,
            "state": personas.uzb.pk,
            "visibility": "public",
            "starts_on": "2017-07-03",
            "ends_on": "2017-07-04",
            "requests": [private.pk, public.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert set(event.requests.all()) == {private, public}
    mine = personas.client("viewer").get(event.get_absolute_url()).content.decode()
    assert private.title in mine and public.title in mine
    theirs = personas.client("outsider").get(event.get_absolute_url()).content.decode()
    assert public.title in theirs and private.title not in theirs


def test_russian_event_page_writes_dates_in_the_genitive(personas: Any, event_factory: Any) -> None:
    # The range as documents write it, with the month in the genitive (not "22 Май 2017").
    from django.utils import translation

    event = event_factory(Visibility.PUBLIC, starts_on=date(2017, 5, 22), ends_on=date(2017, 5, 24))
    client = personas.client("coordinator")
    with translation.override("ru"):
        page = client.get(reverse("events:detail", args=[event.slug]), HTTP_ACCEPT_LANGUAGE="ru")
    html = page.content.decode()
    assert '<bdi dir="ltr">22-24 мая 2017 г.</bdi>' in html  # noqa: RUF001 - Cyrillic letters are meant
    assert "Май 2017" not in html
