"""The demo gives every role its work, through the querysets and pages the site uses."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings

from nap1540.accounts.models import User
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.models import (
    Distribution,
    Feedback,
    Match,
    Proposal,
    Request,
    Transition,
)
from nap1540.assistance.services.matches import feedback_role_for, give_feedback
from nap1540.assistance.services.proposals import confirm_proposal
from nap1540.core.audit import AuditEvent
from nap1540.core.demo import DEMO_PASSWORD, DemoContext
from nap1540.matrix import access as matrix_access
from nap1540.matrix.models import Matrix
from nap1540.plans.models import Task
from nap1540.web.demo import load_demo

S = Request.Status


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
    assert feedback_role_for(match, coordinator) == ["requester"]
    assert feedback_role_for(match, provider) == ["provider"]
    events = set(match.item.request.transitions.values_list("event", flat=True))
    assert {Transition.Event.MATCHED, Transition.Event.DELIVERED} <= events


def test_outsider_sees_none_of_uzbekistans_work(demo: DemoContext) -> None:
    outsider = demo.users["outsider"]
    assert not Request.objects.visible_to(outsider).filter(state__iso3="UZB").exists()
    assert not Match.objects.visible_to(outsider).exists()
    assert not Proposal.objects.visible_to(outsider).exists()


@pytest.fixture
def forget_flushed_ids() -> Any:
    """The flush is rolled back after the test: forget the ids cached in between."""
    yield
    ContentType.objects.clear_cache()
    offer_index.reset()


def _trainee_changes(demo: DemoContext) -> None:
    """What a training session does: the expert approves and confirms, the State gives
    feedback, someone adds an account."""
    from nap1540.matrix import services as matrix_services

    expert = demo.users["expert"]
    matrix_services.approve_matrix(Matrix.objects.get(status=Matrix.Status.SUBMITTED), by=expert)
    proposal = Proposal.objects.visible_to(demo.users["provider"]).get(
        status=Proposal.Status.PROPOSED, item__request__status=S.DISTRIBUTED
    )
    confirm_proposal(proposal, by=expert)
    match = Match.objects.get(status=Match.Status.DELIVERED, feedback__isnull=True)
    give_feedback(
        match, by=demo.users["coordinator"], role="requester", rating=5, activities="Trainee"
    )
    User.objects.create_user("trainee", password="x")


def test_reset_restores_a_clean_demo_after_a_training_session(
    demo: DemoContext, forget_flushed_ids: Any
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("a trainee's account blocks the reset on PostgreSQL (the next test)")
    fresh = _counts()
    _trainee_changes(demo)
    assert _counts() != fresh
    out = StringIO()
    with override_settings(NAP1540_DEMO=True):
        call_command("load_demo", reset=True, stdout=out)
    assert "emptied and loaded afresh" in out.getvalue()
    assert _counts() == fresh
    assert not User.objects.filter(username="trainee").exists()
    assert Matrix.objects.filter(status=Matrix.Status.SUBMITTED, state__iso3="KAZ").exists()
    assert Match.objects.filter(status=Match.Status.DELIVERED, feedback__isnull=True).exists()
    provider = User.objects.get(username="provider")
    assert Proposal.objects.visible_to(provider).filter(
        status=Proposal.Status.PROPOSED, item__request__status=S.DISTRIBUTED
    )
    assert provider.check_password(DEMO_PASSWORD)


def test_reset_refuses_a_database_with_other_accounts_outside_demo_mode(
    demo: DemoContext,
) -> None:
    User.objects.create_user("someone-real", password="x")
    before = _counts()
    with pytest.raises(CommandError, match="Nothing was deleted"):
        call_command("load_demo", reset=True, stdout=StringIO())
    assert _counts() == before
    assert User.objects.filter(username="someone-real").exists()


def test_reset_in_demo_mode_leaves_a_postgresql_database_with_other_accounts(
    demo: DemoContext,
) -> None:
    """`DATABASE_URL` may point the demo at a real database: only SQLite is the demo's own."""
    if connection.vendor == "sqlite":
        pytest.skip("the embedded demo database is SQLite: trainees' accounts go with the reset")
    User.objects.create_user("someone-real", password="x")
    before = _counts()
    with override_settings(NAP1540_DEMO=True), pytest.raises(CommandError, match="Nothing"):
        call_command("load_demo", reset=True, stdout=StringIO())
    assert _counts() == before


def test_nap1540_help_names_the_reset_and_the_demo_runs_in_demo_mode(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nap1540 import cli

    assert cli.main(["--help"]) == 0
    assert "--reset" in capsys.readouterr().out
    environ = {"SECRET_KEY": "x"}
    monkeypatch.setattr(cli.os, "environ", environ)
    cli._demo_environment("127.0.0.1")
    assert environ["NAP1540_DEMO"] == "1"
