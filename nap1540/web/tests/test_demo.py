"""The demo gives every role its work, through the querysets and pages the site uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from nap1540.assistance import services as assistance_services
from nap1540.assistance.models import (
    Distribution,
    Feedback,
    Match,
    Proposal,
    Request,
    Transition,
)
from nap1540.core.audit import AuditEvent
from nap1540.core.demo import DemoContext
from nap1540.matrix import access as matrix_access
from nap1540.matrix.models import Matrix
from nap1540.plans.models import Task
from nap1540.web.demo import load_demo

S = Request.Status


@pytest.fixture
def demo(db: Any) -> DemoContext:
    return load_demo()


def _counts() -> tuple[int, ...]:
    models = [Request, Proposal, Match, Feedback, Distribution, Transition, Task, Matrix]
    return (*(m._default_manager.count() for m in models), AuditEvent.objects.count())


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_loading_the_demo_twice_changes_nothing(demo: DemoContext) -> None:
    before = _counts()
    load_demo()
    assert _counts() == before


def test_provider_has_a_distributed_request_with_its_offer_awaiting_an_answer(
    demo: DemoContext,
) -> None:
    provider = demo.users["provider"]
    distributed = Request.objects.visible_to(provider).filter(status=S.DISTRIBUTED)
    assert [r.title for r in distributed] == [
        "Demo: export control training for licensing and customs officers"
    ]
    request = distributed.get()
    assert request.distributions.filter(organisation__code="OSCE", sent_at__isnull=False).exists()
    pending = Proposal.objects.visible_to(provider).filter(
        item__request=request, status=Proposal.Status.PROPOSED
    )
    assert [p.offer.code for p in pending] == ["osce-export-control-training"]
    steps = list(request.transitions.order_by("at", "id").values_list("event", flat=True))
    assert steps[-1] == Transition.Event.DISTRIBUTED
    page = _client(provider).get(f"/assistance/requests/{request.pk}/").content.decode()
    assert "Export control training in Central Asia" in page


def test_expert_has_a_submitted_matrix_awaiting_approval(demo: DemoContext) -> None:
    expert = demo.users["expert"]
    waiting = matrix_access.matrices_for_user(expert).filter(status=Matrix.Status.SUBMITTED)
    assert [(m.state.iso3, m.version) for m in waiting] == [("KAZ", 3)]
    assert waiting.get().submitted_by == demo.users["outsider"]
    page = _client(expert).get("/matrix/").content.decode()
    assert "Submitted to the Committee" in page
    # Kazakhstan's submission is not Uzbekistan's to see.
    viewer = demo.users["coordinator"]
    assert not matrix_access.matrices_for_user(viewer).filter(status=Matrix.Status.SUBMITTED)


def test_focal_point_is_reminded_of_tasks_due_soon_and_overdue(demo: DemoContext) -> None:
    page = _client(demo.users["focal"]).get("/").content.decode()
    assert "Brief the regional emergency departments on reporting chemical incidents" in page
    assert "Update the register of storage sites of hazardous chemicals" in page


def test_delivered_match_awaits_both_sides_feedback(demo: DemoContext) -> None:
    coordinator, provider = demo.users["coordinator"], demo.users["provider"]
    waiting = Match.objects.visible_to(coordinator).filter(
        status=Match.Status.DELIVERED, feedback__isnull=True
    )
    match = waiting.get()
    assert match.offer.code == "osce-nap-roundtables"
    assert Match.objects.visible_to(provider).filter(pk=match.pk).exists()
    assert assistance_services.feedback_role_for(match, coordinator) == ["requester"]
    assert assistance_services.feedback_role_for(match, provider) == ["provider"]
    events = set(match.item.request.transitions.values_list("event", flat=True))
    assert {Transition.Event.MATCHED, Transition.Event.DELIVERED} <= events


def test_outsider_sees_none_of_uzbekistans_work(demo: DemoContext) -> None:
    outsider = demo.users["outsider"]
    assert not Request.objects.visible_to(outsider).filter(state__iso3="UZB").exists()
    assert not Match.objects.visible_to(outsider).exists()
    assert not Proposal.objects.visible_to(outsider).exists()
