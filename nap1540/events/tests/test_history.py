"""An event's history, on its page and its history page: sentences, for whoever sees the event,
naming no record the reader may not open."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from nap1540.core.visibility import Visibility
from nap1540.events import services
from nap1540.events.models import Event


def _history(client: Any, event: Event, **headers: Any) -> str:
    response = client.get(reverse("events:history", args=[event.slug]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_participant_added_through_the_page_reads_as_a_sentence(personas, event_factory):
    event = event_factory(Visibility.PRIVATE, title="Roundtable on export control")
    client = personas.client("coordinator")
    client.post(
        reverse("events:participant_add", args=[event.slug]),
        {"participant-group": "government", "participant-agency": personas.agency.pk},
    )
    expected = (
        "coordinator added Ministry of Emergency Situations to the participants "
        "(Governmental officials)."
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert expected in page and "The system recorded the event Roundtable on export control." in (
        page
    )
    assert expected in _history(client, event)
    assert "event.participant_added" not in page


def test_the_history_is_read_by_exactly_those_who_see_the_event(personas, event_factory):
    private = event_factory(Visibility.PRIVATE)
    public = event_factory(Visibility.PUBLIC)
    assert personas.client("outsider").get(f"/events/{private.slug}/history/").status_code == 404
    assert personas.client("anonymous").get(f"/events/{private.slug}/history/").status_code == 404
    assert "recorded the event" in _history(personas.client("anonymous"), public)
    assert "recorded the event" in _history(personas.client("viewer"), private)


def test_a_plan_the_reader_may_not_open_is_not_named(personas, event_factory, plan):
    event = event_factory(Visibility.PUBLIC, title="Public review meeting")
    services.update_event(event, by=personas.coordinator, plan=plan)
    public = _history(personas.client("anonymous"), event)
    assert plan.title not in public
    assert "plan: — → a record not shared with you." in public
    own = _history(personas.client("coordinator"), event)
    assert f"plan: — → {plan.title}." in own


@pytest.mark.parametrize("persona", ["anonymous", "coordinator"])
def test_a_decision_applied_to_a_hidden_task_names_no_task(personas, event_factory, plan, persona):
    event = event_factory(Visibility.PUBLIC, title="Public review", plan=plan)
    outcome = services.record_outcome(
        event,
        by=personas.coordinator,
        text="Adopt the law",
        action="update_task",
        plan=plan,
        task=plan.tasks.get(number="1"),
        task_status="completed",
    )
    services.apply_outcome(outcome, by=personas.coordinator)
    page = _history(personas.client(persona), event)
    named = "Adopt export control law" in page
    assert named == (persona == "coordinator")
    assert "applied the decision “Adopt the law” to the plan:" in page


def test_the_history_speaks_russian(personas, event_factory):
    event = event_factory(Visibility.PUBLIC, title="Roundtable")
    services.add_participant(event, by=personas.coordinator, group="other", name="University")
    page = _history(personas.client("anonymous"), event, HTTP_ACCEPT_LANGUAGE="ru")
    assert "coordinator добавил" in page and "в участники: University (" in page
    assert "to the participants" not in page and "event.participant_added" not in page
