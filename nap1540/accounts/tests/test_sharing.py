"""Sharing a record with chosen States and groups; levels changed only by the State, explicitly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from nap1540.accounts import sharing
from nap1540.accounts.models import Membership
from nap1540.core.audit import AuditEvent
from nap1540.core.references import may_quote
from nap1540.core.visibility import Share, forget_cached_access
from nap1540.events.models import Event, Note
from nap1540.plans.models import Plan, Task
from nap1540.registry.models import Group, State

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def plan(personas: Any) -> Plan:
    plan = Plan.objects.create(
        state=personas.uzb,
        title="Draft plan 2017-2021",
        period_start=date(2017, 1, 1),
        period_end=date(2021, 12, 31),
    )
    Task.objects.create(plan=plan, number="1", title="Adopt the export control list")
    return plan


@pytest.fixture
def partner(personas: Any) -> Any:
    return make_user("partner", Membership.Role.COORDINATOR, state=State.objects.get(iso3="TJK"))


def _sees(user: Any, plan: Plan) -> bool:
    forget_cached_access(user)
    return Plan.objects.visible_to(user).filter(pk=plan.pk).exists() and plan.is_visible_to(user)


def test_a_share_opens_the_record_to_that_state_only(personas, plan, partner):
    sharing.share_with(plan, by=personas.coordinator, states=[partner.memberships.get().state])
    assert _sees(partner, plan)
    assert not _sees(personas.outsider, plan)  # Kazakhstan: not shared with it
    assert not _sees(personas.expert, plan) and not _sees(None, plan)
    # Children follow their root: the partner reads the plan's tasks too.
    assert Task.objects.visible_to(partner).filter(plan=plan).count() == 1
    sharing.withdraw(plan, by=personas.coordinator, state=partner.memberships.get().state)
    assert not _sees(partner, plan)
    actions = list(
        AuditEvent.for_target(plan).order_by("id").values_list("action", "actor__username")
    )
    assert actions == [
        ("sharing.shared", "coordinator"),
        ("sharing.withdrawn", "coordinator"),
    ]


def test_a_group_share_is_its_members_of_today(personas, plan):
    group = Group.objects.get(code="PEER-5PLUS1-2018")
    members = set(group.members.values_list("iso3", flat=True))
    assert "UZB" in members and len(members) == 6
    sharing.share_with(plan, by=personas.coordinator, group=group)
    shared = set(Share.objects.filter(object_id=plan.pk).values_list("state__iso3", flat=True))
    assert shared == members - {"UZB"}  # the owner needs no share
    # A State joining later gains nothing without a new act of the owner.
    group.members.add(State.objects.get(iso3="MNG"))
    assert not Share.objects.filter(object_id=plan.pk, state__iso3="MNG").exists()
    [line] = sharing.shares_of(plan)
    assert line.group == group and len(line.states) == 5
    assert sharing.withdraw(plan, by=personas.coordinator, group=group) == 5
    assert not Share.objects.filter(object_id=plan.pk).exists()


@pytest.mark.parametrize("persona", ["focal", "viewer", "outsider", "expert", "admin", "provider"])
def test_only_the_coordinator_decides_who_sees_it(personas, plan, persona):
    user = getattr(personas, persona)
    with pytest.raises(PermissionDenied):
        sharing.share_with(plan, by=user, states=[personas.kaz])
    with pytest.raises(PermissionDenied):
        sharing.set_level(plan, level="public", by=user, confirmed=True)
    plan.refresh_from_db()
    assert plan.visibility == "private" and not Share.objects.exists()


def test_publishing_needs_a_confirmation_naming_everyone(personas, plan):
    with pytest.raises(sharing.ConfirmationNeeded, match="Everyone: any visitor"):
        sharing.set_level(plan, level="public", by=personas.coordinator)
    plan.refresh_from_db()
    assert plan.visibility == "private"
    sharing.set_level(plan, level="public", by=personas.coordinator, confirmed=True)
    plan.refresh_from_db()
    assert plan.visibility == "public" and _sees(None, plan)
    entry = AuditEvent.for_target(plan).get(action="sharing.level_changed")
    assert entry.data == {"from": "private", "to": "public"}
    assert entry.actor == personas.coordinator


def test_narrowing_is_refused_while_the_committee_holds_the_plan(personas, plan):
    plan.submitted_at = plan.updated_at
    plan.visibility = "committee"
    plan.save()
    with pytest.raises(ValidationError, match="submitted to the Committee"):
        sharing.set_level(plan, level="private", by=personas.coordinator)
    plan.refresh_from_db()
    assert plan.visibility == "committee"


def test_an_event_quoted_by_a_wider_note_keeps_its_level(personas):
    uzb = personas.uzb
    roundtable = Event.objects.create(
        state=uzb,
        kind="national_roundtable",
        title="Roundtable",
        slug="rt",
        starts_on=date(2016, 12, 20),
        ends_on=date(2016, 12, 21),
        visibility="public",
        summary="What was said.",
    )
    later = Event.objects.create(
        state=uzb,
        kind="review_meeting",
        title="Review",
        slug="rv",
        starts_on=date(2017, 5, 22),
        ends_on=date(2017, 5, 24),
        visibility="public",
        follow_up_to=roundtable,
    )
    assert may_quote(roundtable, later)
    Note.objects.create(event=later, lang="en", background="What was said.")
    with pytest.raises(ValidationError, match="quotes this event"):
        sharing.set_level(roundtable, level="committee", by=personas.coordinator)
    later.notes.all().delete()
    sharing.set_level(roundtable, level="committee", by=personas.coordinator)
    later.refresh_from_db()
    assert not may_quote(Event.objects.get(pk=roundtable.pk), later)


def test_editing_never_changes_the_level(personas, plan):
    from nap1540.plans import services

    with pytest.raises(ValidationError, match="sharing page"):
        services.update_plan(plan, by=personas.coordinator, visibility="public")


# --- the sharing page -------------------------------------------------------------------------


def test_the_sharing_page_shares_confirms_and_withdraws(personas, plan, partner):
    client = personas.client("coordinator")
    url = f"/sharing/plan/{plan.pk}/"
    page = client.get(url).content.decode()
    assert "Who sees Draft plan 2017-2021" in page
    assert "Only your State&#x27;s users" in page
    tjk = State.objects.get(iso3="TJK")
    client.post(url, {"action": "share", "states": [tjk.pk]})
    assert _sees(partner, plan)
    page = client.get(url).content.decode()
    # The history says who and when, as a sentence.
    assert "Tajikistan" in page and "coordinator shared Draft plan 2017-2021 with TJK." in page
    # Publishing: first the confirmation, styled as a warning, naming who will see it.
    asked = client.post(url, {"action": "level", "level": "public"}).content.decode()
    assert 'class="card callout warning"' in asked and "Everyone: any visitor" in asked
    plan.refresh_from_db()
    assert plan.visibility == "private"
    client.post(url, {"action": "level", "level": "public", "confirm": "on"})
    plan.refresh_from_db()
    assert plan.visibility == "public"
    client.post(url, {"action": "withdraw", "state": "TJK"})
    assert not Share.objects.filter(object_id=plan.pk).exists()


def test_the_record_page_links_to_its_sharing_page_for_its_state(personas, plan, partner):
    link = f'href="/sharing/plan/{plan.pk}/"'
    assert link in personas.client("coordinator").get(f"/plans/{plan.pk}/").content.decode()
    assert "(read only)" in personas.client("viewer").get(f"/plans/{plan.pk}/").content.decode()
    sharing.share_with(plan, by=personas.coordinator, states=[State.objects.get(iso3="TJK")])
    from django.test import Client

    client = Client()
    client.force_login(partner)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Shared with your State" in page and link not in page
    # The sharing page itself is the owner's: others who read the record get 403.
    assert client.get(f"/sharing/plan/{plan.pk}/").status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "expert", "provider", "anonymous"])
def test_the_sharing_page_of_a_hidden_record_is_not_found(personas, plan, persona):
    response = personas.client(persona).get(f"/sharing/plan/{plan.pk}/")
    assert response.status_code in (302, 404)  # anonymous: log in first
    missing = personas.client(persona).get("/sharing/plan/999999/")
    assert missing.status_code == response.status_code
    if response.status_code == 404:
        assert response.content.decode().count(
            "not shared with you"
        ) == missing.content.decode().count("not shared with you")


# --- the API ----------------------------------------------------------------------------------


def test_the_sharing_api_does_what_the_page_does(personas, plan, partner):
    client = personas.client("coordinator")
    base = f"/api/v1/sharing/plan/{plan.pk}"
    shared = client.post(f"{base}/shares", {"states": ["TJK"]}, content_type=JSON)
    assert shared.status_code == 201
    assert shared.json()["shares"][0]["states"] == ["TJK"]
    assert _sees(partner, plan)
    group = client.post(f"{base}/shares", {"group": "CENTRAL-ASIA"}, content_type=JSON).json()
    assert {s["group"] for s in group["shares"]} == {None, "CENTRAL-ASIA"}
    assert client.delete(f"{base}/groups/CENTRAL-ASIA").status_code == 204
    assert client.delete(f"{base}/shares/TJK").status_code == 204
    assert not _sees(partner, plan)
    bad = client.post(f"{base}/shares", {"states": ["XXX"]}, content_type=JSON)
    assert bad.status_code == 422 and "XXX" in bad.json()["detail"]
    assert personas.client("outsider").get(base).status_code == 404
    assert (
        personas.client("viewer")
        .put(f"{base}/level", {"level": "committee"}, content_type=JSON)
        .status_code
        == 403
    )
    history = client.get(base).json()["history"]
    assert len(history) == 4 and all(h["by"] == "coordinator" for h in history)


def test_the_sharing_page_speaks_the_readers_language(personas, plan):
    client = personas.client("coordinator")
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    page = client.get(f"/sharing/plan/{plan.pk}/").content.decode()
    assert "Изменить уровень доступа" in page
    assert "Только пользователи вашего государства" in page
    asked = client.post(f"/sharing/plan/{plan.pk}/", {"action": "level", "level": "public"})
    assert "Подтвердите, кто будет это видеть" in asked.content.decode()
