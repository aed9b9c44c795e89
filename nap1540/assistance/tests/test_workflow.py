"""The Committee's procedure: timers on working days, consent, and a complete history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from nap1540.assistance import workflow
from nap1540.assistance.models import Request, Transition
from nap1540.assistance.services.matches import mark_delivered, start_delivery
from nap1540.assistance.services.proposals import confirm_proposal, refresh_proposals
from nap1540.assistance.tests.conftest import make_request

S = Request.Status
E = Transition.Event
FRIDAY = date(2025, 3, 7)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.get_current_timezone())


def advance(day: date) -> str:
    out = StringIO()
    with time_machine.travel(_at(day), tick=False):
        call_command("advance_assistance", stdout=out)
    return out.getvalue()


def acknowledged_on(personas: Any, day: date, **kwargs: Any) -> Request:
    with time_machine.travel(_at(day), tick=False):
        request = make_request(personas, step=S.AUTHENTICATED, today=day, **kwargs)
        workflow.make_step(request, S.ACKNOWLEDGED, by=personas.expert)
    request.refresh_from_db()
    return request


def test_silence_distributes_after_five_working_days_across_a_weekend(
    personas: Any, offers: Any
) -> None:
    request = acknowledged_on(personas, FRIDAY)
    assert request.distribution_deadline == date(2025, 3, 14)  # Mon-Fri of the next week
    for day in (date(2025, 3, 8), date(2025, 3, 9), date(2025, 3, 10), date(2025, 3, 14)):
        advance(day)
        request.refresh_from_db()
        assert request.status == S.ACKNOWLEDGED, day
    output = advance(date(2025, 3, 15))
    request.refresh_from_db()
    assert request.status == S.DISTRIBUTED
    assert request.distributed_on == date(2025, 3, 15)
    assert "distributed 1" in output
    assert request.distributions.filter(sent_at__isnull=False).exists()
    step = request.transitions.get(event=E.DISTRIBUTED)
    assert step.automatic and step.by is None
    assert (step.from_status, step.to_status) == (S.ACKNOWLEDGED, S.DISTRIBUTED)
    assert step.at == _at(date(2025, 3, 15))


def test_holidays_from_settings_lengthen_the_window(
    personas: Any, offers: Any, settings: Any
) -> None:
    settings.ASSISTANCE_HOLIDAYS = ["2025-03-10"]
    request = acknowledged_on(personas, FRIDAY)
    assert request.distribution_deadline == date(2025, 3, 17)


def test_an_objection_holds_distribution_until_withdrawn(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY)
    workflow.object_to(request, "distribution", by=personas.coordinator, note="Not yet")
    advance(date(2025, 3, 20))
    request.refresh_from_db()
    assert request.status == S.ACKNOWLEDGED
    workflow.withdraw_objection(request, "distribution", by=personas.coordinator)
    advance(date(2025, 3, 21))
    request.refresh_from_db()
    assert request.status == S.DISTRIBUTED
    events = list(request.transitions.order_by("id").values_list("event", flat=True))
    assert events[-3:] == [E.OBJECTED_DISTRIBUTION, E.OBJECTION_WITHDRAWN, E.DISTRIBUTED]


def test_the_outsider_cannot_object_for_another_state(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY)
    with pytest.raises(PermissionDenied):
        workflow.object_to(request, "distribution", by=personas.outsider)


def test_summary_is_posted_after_its_own_window_with_consent(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY, consent=True)
    advance(date(2025, 3, 15))  # Saturday: distributed; posting window runs to Friday 21
    request.refresh_from_db()
    assert request.posting_deadline == date(2025, 3, 21)
    advance(date(2025, 3, 21))
    request.refresh_from_db()
    assert request.summary_posted_on is None
    advance(date(2025, 3, 24))
    request.refresh_from_db()
    assert request.status == S.SUMMARY_POSTED
    assert request.summary_posted_on == date(2025, 3, 24)
    assert request.public_summary  # composed from the items when the experts wrote none
    assert Request.objects.posted().filter(pk=request.pk).exists()


def test_posting_never_happens_without_consent(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY, consent=False)
    for offset in range(0, 60, 3):
        advance(date(2025, 3, 15) + timedelta(days=offset))
    request.refresh_from_db()
    assert request.status == S.DISTRIBUTED
    assert request.summary_posted_on is None
    assert not request.transitions.filter(event=E.SUMMARY_POSTED).exists()
    with pytest.raises(ValidationError):
        workflow.post_summary(request, by=personas.expert)
    with pytest.raises(IntegrityError), transaction.atomic():
        Request.objects.filter(pk=request.pk).update(summary_posted_on=date(2025, 4, 1))


def test_objecting_to_posting_keeps_the_summary_off(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY, consent=True)
    advance(date(2025, 3, 15))
    request.refresh_from_db()
    workflow.object_to(request, "posting", by=personas.coordinator)
    advance(date(2025, 4, 30))
    request.refresh_from_db()
    assert request.summary_posted_on is None


def test_withdrawing_consent_takes_a_posted_summary_down(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY, consent=True)
    advance(date(2025, 3, 15))
    advance(date(2025, 3, 24))
    request.refresh_from_db()
    assert request.is_posted
    workflow.set_consent(request, False, by=personas.coordinator)
    request.refresh_from_db()
    assert request.summary_posted_on is None and request.status == S.DISTRIBUTED
    assert not Request.objects.posted().filter(pk=request.pk).exists()
    assert request.transitions.filter(event=E.SUMMARY_REMOVED).exists()


def test_the_state_withdraws_consent_even_after_the_request_is_closed(
    personas: Any, offers: Any
) -> None:
    request = acknowledged_on(personas, FRIDAY, consent=True)
    advance(date(2025, 3, 15))
    advance(date(2025, 3, 24))
    workflow.PROCEDURE.perform(
        "close", Request.objects.get(pk=request.pk), by=personas.expert, note="Done."
    )
    request.refresh_from_db()
    assert request.status == S.CLOSED and request.is_posted
    buttons = [step.name for step in workflow.PROCEDURE.available(request, personas.coordinator)]
    assert "consent_off" in buttons
    response = personas.client("coordinator").post(
        reverse("assistance:request_step", args=[request.pk]), {"action": "consent_off"}
    )
    assert response.status_code in (200, 302)
    request.refresh_from_db()
    assert not request.consent_to_publish and request.summary_posted_on is None
    assert not Request.objects.posted().filter(pk=request.pk).exists()


def test_follow_up_falls_due_one_year_after_the_request(personas: Any, offers: Any) -> None:
    request = acknowledged_on(personas, FRIDAY)
    assert request.follow_up_due == date(2026, 3, 7)
    advance(date(2026, 3, 6))
    request.refresh_from_db()
    assert request.follow_up_flagged_on is None
    advance(date(2026, 3, 7))
    advance(date(2026, 3, 8))  # once only
    request.refresh_from_db()
    assert request.follow_up_flagged_on == date(2026, 3, 7)
    assert request.transitions.filter(event=E.FOLLOW_UP_DUE).count() == 1


def test_every_transition_is_logged_with_who_when_from_and_to(personas: Any, offers: Any) -> None:
    day = FRIDAY
    with time_machine.travel(_at(day), tick=False):
        request = make_request(personas, step=S.DRAFT)
        workflow.submit_request(request, by=personas.coordinator, confirmed=True)
        workflow.make_step(request, S.AUTHENTICATED, by=personas.expert)
        workflow.make_step(request, S.ACKNOWLEDGED, by=personas.expert)
        workflow.set_consent(request, True, by=personas.coordinator)
    advance(date(2025, 3, 15))
    advance(date(2025, 3, 24))
    request.refresh_from_db()
    proposal = request.items.get().proposals.order_by("rank").first()
    assert proposal is not None
    match = confirm_proposal(proposal, by=personas.expert)
    start_delivery(match, by=personas.expert)
    mark_delivered(match, by=personas.expert)
    request.refresh_from_db()
    workflow.make_step(request, S.COMPLETED, by=personas.expert)

    statuses = [
        S.DRAFT,
        S.RECEIVED,
        S.AUTHENTICATED,
        S.ACKNOWLEDGED,
        S.DISTRIBUTED,
        S.SUMMARY_POSTED,
        S.MATCHED,
        S.IN_DELIVERY,
        S.COMPLETED,
    ]
    transitions = list(request.transitions.order_by("id"))
    changes = [(t.from_status, t.to_status) for t in transitions if t.from_status != t.to_status]
    assert changes == [("", S.DRAFT), *pairwise(statuses)]
    for t in transitions:
        assert t.at is not None
        assert t.automatic or t.by is not None, t.event
    by_event = {t.event: t for t in transitions}
    assert by_event[E.SUBMITTED].by == personas.coordinator
    assert by_event[E.AUTHENTICATED].by == personas.expert
    assert by_event[E.DISTRIBUTED].automatic and by_event[E.SUMMARY_POSTED].automatic
    assert by_event[E.MATCHED].match == match


def test_only_experts_make_the_committee_steps(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    for user in (personas.coordinator, personas.provider, personas.outsider):
        with pytest.raises(PermissionDenied):
            workflow.make_step(request, S.AUTHENTICATED, by=user)
    with pytest.raises(ValidationError):
        workflow.make_step(request, S.ACKNOWLEDGED, by=personas.expert)  # skips a step


def test_a_match_needs_a_distributed_request(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    proposal = refresh_proposals(request.items.get())[0]
    with pytest.raises(ValidationError):
        confirm_proposal(proposal, by=personas.expert)


def test_the_command_rejects_a_bad_date(db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("advance_assistance", today="07/03/2025", stdout=StringIO())
