"""Who sees which request, on pages and through the API (STYLE.md: every persona, every level)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import PERSONA_NAMES
from nap1540.assistance import workflow
from nap1540.assistance.models import Distribution, Request
from nap1540.assistance.tests.conftest import distribute_to, make_request
from nap1540.core.visibility import Visibility

S = Request.Status
UZB = {"coordinator", "focal", "viewer"}
COMMITTEE = {"expert", "admin"}

# visibility level -> personas that see the full request
EXPECTED = {
    "private": UZB,
    "committee": UZB | COMMITTEE,
    "public": set(PERSONA_NAMES),
}


def _request_at(personas: Any, level: str) -> Request:
    if level == "private":
        return make_request(personas, step=S.DRAFT)
    return make_request(personas, step=S.RECEIVED, visibility=level)


@pytest.mark.parametrize("level", list(EXPECTED))
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_request_page_and_api_follow_visibility(personas: Any, level: str, persona: str) -> None:
    request = _request_at(personas, level)
    client = personas.client(persona)
    expected = 200 if persona in EXPECTED[level] else 404
    assert client.get(f"/assistance/requests/{request.pk}/").status_code == expected
    response = client.get(f"/api/v1/assistance/requests/{request.pk}")
    assert response.status_code == expected
    listed = client.get("/api/v1/assistance/requests").json()["items"]
    assert (request.pk in [r["id"] for r in listed]) == (expected == 200)
    items = client.get("/api/v1/assistance/items").json()["items"]
    assert bool(items) == (expected == 200)
    transitions = client.get("/api/v1/assistance/transitions").json()["items"]
    assert bool(transitions) == (expected == 200)
    history = client.get(f"/assistance/requests/{request.pk}/history/")
    assert history.status_code == expected


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_a_provider_sees_requests_distributed_to_it(personas: Any, persona: str) -> None:
    request = make_request(personas, step=S.RECEIVED, visibility=Visibility.COMMITTEE)
    distribute_to(request, "OSCE")
    expected = 200 if persona in UZB | COMMITTEE | {"provider"} else 404
    client = personas.client(persona)
    assert client.get(f"/assistance/requests/{request.pk}/").status_code == expected
    assert client.get(f"/api/v1/assistance/requests/{request.pk}").status_code == expected


def test_a_provider_does_not_see_a_request_sent_to_another_provider(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    distribute_to(request, "IAEA")
    assert personas.client("provider").get(f"/assistance/requests/{request.pk}/").status_code == 404


def test_a_provider_does_not_see_a_request_only_chosen_not_yet_sent(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    from nap1540.registry.models import Organisation

    Distribution.objects.create(request=request, organisation=Organisation.objects.get(code="OSCE"))
    assert personas.client("provider").get(f"/assistance/requests/{request.pk}/").status_code == 404


def test_a_provider_never_sees_a_private_request_even_if_distributed(personas: Any) -> None:
    request = make_request(personas, step=S.DRAFT)
    distribute_to(request, "OSCE")  # cannot happen through the workflow; the queryset holds anyway
    client = personas.client("provider")
    assert client.get(f"/assistance/requests/{request.pk}/").status_code == 404
    assert client.get(f"/api/v1/assistance/requests/{request.pk}").status_code == 404
    assert client.get("/api/v1/assistance/requests").json()["items"] == []
    assert client.get("/api/v1/assistance/proposals").json()["items"] == []
    assert not Request.objects.visible_to(personas.provider).exists()


def test_distribution_through_the_workflow_shows_the_request_to_the_provider(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED, today=date(2025, 3, 3))
    from nap1540.assistance.services.distribution import choose_providers
    from nap1540.registry.models import Organisation

    choose_providers(
        request, by=personas.expert, organisations=[Organisation.objects.get(code="OSCE")]
    )
    client = personas.client("provider")
    assert client.get(f"/assistance/requests/{request.pk}/").status_code == 404
    workflow.distribute(request, automatic=True, today=date(2025, 3, 11))
    assert client.get(f"/assistance/requests/{request.pk}/").status_code == 200


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_public_summaries_are_shown_to_everyone_but_not_the_full_request(
    personas: Any, offers: Any, persona: str
) -> None:
    request = make_request(personas, step=S.DISTRIBUTED, consent=True)
    request.public_summary = "Uzbekistan requests export control training for customs."
    request.save()
    workflow.post_summary(request, automatic=True, today=date(2025, 3, 31))
    client = personas.client(persona)
    page = client.get("/assistance/public/")
    assert page.status_code == 200
    assert "export control training for customs" in page.content.decode()
    summaries = client.get("/api/v1/assistance/summaries").json()["items"]
    assert [s["id"] for s in summaries] == [request.pk]
    seen = (
        persona in UZB | COMMITTEE or persona == "provider"
    )  # OSCE is among the default providers
    status = client.get(f"/assistance/requests/{request.pk}/").status_code
    assert status == (200 if seen else 404)


def test_a_request_without_consent_is_never_on_the_public_pages(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED, consent=False)
    request.public_summary = "Secret summary text"
    request.save()
    client = personas.client("anonymous")
    assert "Secret summary text" not in client.get("/assistance/public/").content.decode()
    assert client.get("/api/v1/assistance/summaries").json()["items"] == []


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_offers_are_public(personas: Any, offers: Any, persona: str) -> None:
    client = personas.client(persona)
    offer = offers[0]
    assert client.get("/assistance/offers/").status_code == 200
    assert client.get(f"/assistance/offers/{offer.pk}/").status_code == 200
    listed = client.get("/api/v1/assistance/offers?limit=500").json()
    assert listed["count"] == len(offers)


def test_a_provider_sees_only_the_proposals_for_its_own_offers(personas: Any, offers: Any) -> None:
    from nap1540.assistance.models import Offer, Proposal
    from nap1540.assistance.services.proposals import propose_offer

    request = make_request(personas, step=S.RECEIVED, visibility=Visibility.COMMITTEE)
    distribute_to(request, "OSCE")
    item = request.items.get()
    own = Offer.objects.filter(provider_organisation__code="OSCE").first()
    other = Offer.objects.exclude(provider_organisation__code="OSCE").first()
    assert own is not None and other is not None
    for offer in (own, other):
        propose_offer(item, offer, by=personas.expert)
    seen = {p.offer for p in Proposal.objects.visible_to(personas.provider)}
    assert seen == {own}
    requesting_state = set(Proposal.objects.visible_to(personas.coordinator))
    assert {p.offer for p in requesting_state} >= {own, other}
    body = personas.client("provider").get(f"/assistance/requests/{request.pk}/").content.decode()
    assert own.title in body
    assert other.title not in body
