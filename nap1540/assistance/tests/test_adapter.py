"""The bridge to the engine: one index per process, kept current, proposals stored with reasons."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from nap1540.assistance.matching import MatchingEngine
from nap1540.assistance.matching import RequestItem as EngineItem
from nap1540.assistance.matching_adapter import engine_item, offer_index
from nap1540.assistance.models import Offer, Proposal, Request
from nap1540.assistance.services.matches import give_feedback, mark_delivered, start_delivery
from nap1540.assistance.services.offers import create_offer, update_offer
from nap1540.assistance.services.proposals import (
    confirm_proposal,
    decline_proposal,
    propose_offer,
    refresh_proposals,
)
from nap1540.assistance.services.requests import add_item
from nap1540.assistance.tests.conftest import make_request
from nap1540.registry.models import Organisation

S = Request.Status


def test_the_index_is_built_once_and_updated_offer_by_offer(
    personas: Any, offers: Any, monkeypatch: Any
) -> None:
    engine = offer_index.engine()
    assert len(engine) == len(offers)
    added: list[str] = []
    original = MatchingEngine.add_offers

    def spy(self: MatchingEngine, batch: Any) -> None:
        batch = list(batch)
        added.extend(o.id for o in batch)
        original(self, batch)

    monkeypatch.setattr(MatchingEngine, "add_offers", spy)
    new = create_offer(
        by=personas.expert,
        code="osce-cbrn-lab",
        title="Chemical laboratory mentoring",
        description="Mentoring for chemical laboratories of customs services.",
        provider_organisation=Organisation.objects.get(code="OSCE"),
        regions=["Central Asia"],
        languages=["ru"],
        assistance_types=["laboratory_support"],
        subjects=["chemical"],
    )
    assert offer_index.engine() is engine
    assert added == [str(new.pk)]  # only the new offer was indexed, nothing rebuilt
    update_offer(new, by=personas.expert, title="Chemical laboratory twinning")
    assert offer_index.engine().indexed(str(new.pk)).offer.title == "Chemical laboratory twinning"
    assert added == [str(new.pk), str(new.pk)]
    update_offer(new, by=personas.expert, is_withdrawn=True)
    assert str(new.pk) not in offer_index.engine()
    assert len(offer_index.engine()) == len(offers)


def test_changes_made_by_another_process_are_picked_up(personas: Any, offers: Any) -> None:
    offer_index.engine()
    offer = offers[0]
    Offer.objects.filter(pk=offer.pk).update(is_withdrawn=True)  # as another worker would
    assert str(offer.pk) not in offer_index.engine()


def test_item_declared_weapons_become_subjects(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    item = request.items.get()
    item.weapon_categories = ["C", "B"]
    assert engine_item(item).subjects == ("chemical", "biological")
    assert engine_item(item).requester == "UZB"


def test_every_stored_proposal_has_reasons_naming_the_criteria(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    add_item(
        request,
        by=personas.expert,
        text="Legislative drafting of the law on biological weapons, in Russian.",
    )
    for item in request.items.all():
        refresh_proposals(item)
    proposals = list(Proposal.objects.filter(item__request=request))
    assert proposals
    for proposal in proposals:
        assert proposal.explanation
        assert proposal.reasons
        criteria = {r["criterion"] for r in proposal.reasons}
        assert criteria <= {
            "assistance_type",
            "subject",
            "region",
            "language",
            "text",
            "meaning",
            "period",
        }
        assert any(r["points"] > 0 for r in proposal.reasons)
        # Stored as codes and values; the sentence is written when it is read.
        assert all(r["code"] and "text" not in r for r in proposal.reasons)


def test_refreshing_keeps_the_experts_decisions(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    item = request.items.get()
    first, second = refresh_proposals(item)[:2]
    confirm_proposal(first, by=personas.expert)
    decline_proposal(second, by=personas.expert, note="Not in Russian")
    refresh_proposals(item)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Proposal.Status.CONFIRMED
    assert second.status == Proposal.Status.DECLINED
    assert item.proposals.count() == 5


def test_an_expert_can_add_an_offer_the_engine_did_not_rank(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    item = request.items.get()
    ranked = {p.offer_id for p in refresh_proposals(item)}
    other = Offer.objects.exclude(pk__in=ranked).get(code="jpn-mongolia-nap-roundtable-2022")
    proposal = propose_offer(item, other, by=personas.expert)
    assert proposal.reasons and proposal.explanation
    with pytest.raises(PermissionDenied):
        propose_offer(item, other, by=personas.coordinator)


def test_confirmed_matches_are_tracked_to_delivery_with_feedback(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    proposal = refresh_proposals(request.items.get())[0]
    match = confirm_proposal(proposal, by=personas.expert)
    request.refresh_from_db()
    assert request.status == S.MATCHED
    start_delivery(match, by=personas.expert)
    request.refresh_from_db()
    assert request.status == S.IN_DELIVERY
    mark_delivered(match, by=personas.expert)
    feedback = give_feedback(
        match, by=personas.coordinator, role="requester", rating=5, achievements="Officers trained"
    )
    assert feedback.match == match
    with pytest.raises(PermissionDenied):  # the outsider is neither side
        give_feedback(match, by=personas.outsider, role="requester")


def test_asking_for_embeddings_without_the_extra_keeps_lexical_matching(
    personas: Any, offers: Any, settings: Any, monkeypatch: Any
) -> None:
    from nap1540.assistance.matching import engine as engine_module
    from nap1540.assistance.matching.semantic import SemanticStatus

    unavailable = SemanticStatus(True, False, "sentence-transformers is not installed")
    monkeypatch.setattr(engine_module, "load_embedder", lambda *a, **k: (None, unavailable))
    settings.MATCHING_SEMANTIC = True
    offer_index.reset()
    try:
        request = make_request(personas, step=S.RECEIVED)
        add_item(request, by=personas.expert, text="Training on export control.")
        for item in request.items.all():
            refresh_proposals(item)
        assert offer_index.engine().semantic_status == unavailable
        assert Proposal.objects.filter(item__request=request).exists()
    finally:
        offer_index.reset()


def test_an_organisation_added_in_the_admin_is_matched_as_its_members(
    personas: Any, offers: Any, monkeypatch: Any
) -> None:
    from nap1540.assistance import matching_adapter
    from nap1540.registry.models import Group, State

    assert offer_index.engine().resolver.requester("IORA") is None
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    members = State.objects.filter(iso3__in=["AUS", "IND", "KEN", "ZAF"])
    response = personas.client("admin").post(
        "/admin/registry/group/add/",
        {
            "code": "IORA",
            "name": "IORA member States",
            "kind": Group.Kind.ORGANISATION,
            "aliases": '["Indian Ocean Rim Association", "IORA"]',
            "translations": '{"fr": {"name": "États membres de l\'IORA"}}',
            "members": [s.pk for s in members],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    iora = Group.objects.get(code="IORA")
    assert set(iora.members.values_list("iso3", flat=True)) == {"AUS", "IND", "KEN", "ZAF"}
    monkeypatch.setattr(matching_adapter, "REFERENCE_CHECK_SECONDS", 0.0)
    requester = offer_index.engine().resolver.requester("Indian Ocean Rim Association")
    assert requester is not None
    assert requester.states == {"AUS", "IND", "KEN", "ZAF"}
    # Its regions are its members' regions: an offer for Africa serves two of its four.
    africa = create_offer(
        by=personas.expert,
        code="africa-export-control",
        title="Export control training",
        description="Training on export licensing.",
        provider_organisation=Organisation.objects.get(code="OSCE"),
        regions=["Africa"],
    )
    item = EngineItem(id="x", requester="IORA", text="export control training")
    proposal = offer_index.engine().assess(item, str(africa.pk))
    region = next(r for r in proposal.reasons if r.criterion == "region")
    assert region.code == "region_serves_part"
    assert (region.params["served"], region.params["total"]) == (2, 4)


def _admin_post(personas: Any, url: str, obj: Any, **changes: Any) -> Any:
    """Save `obj` through its Django admin change form, with `changes` made."""
    import json

    from django.forms.models import model_to_dict

    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    data = {k: v for k, v in model_to_dict(obj).items() if v is not None}
    for key in ("aliases", "translations"):
        data[key] = json.dumps(data[key])
    data["members"] = [s.pk for s in data.get("members", [])]
    data.update(changes)
    if not data.get("is_reference"):
        data.pop("is_reference", None)
    return personas.client("admin").post(url, data)


def test_a_group_edited_in_the_admin_is_used_at_once_by_matching_and_the_stored_regions(
    personas: Any, offers: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """No restart and no waiting for the index's periodic check: the save invalidates it."""
    from nap1540.registry.models import Group, State

    central_asia = Group.objects.get(code="CENTRAL-ASIA")
    weog = Group.objects.get(code="UN-WEOG")
    offer = create_offer(
        by=personas.expert,
        code="central-asia-export-control",
        title="Export control training",
        description="Training on export licensing.",
        provider_organisation=Organisation.objects.get(code="OSCE"),
        regions=["Central Asia"],
    )
    item = EngineItem(id="x", requester="FRA", text="export control training")

    def region_code() -> str:
        proposal = offer_index.engine().assess(item, str(offer.pk))
        return next(r.code for r in proposal.reasons if r.criterion == "region")

    assert region_code() == "region_not_served"
    assert weog not in offer.served_regions.all()

    members = [*central_asia.members.all(), State.objects.get(iso3="FRA")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _admin_post(
            personas,
            f"/admin/registry/group/{central_asia.pk}/change/",
            central_asia,
            members=[s.pk for s in members],
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert region_code() == "region_serves"
    assert weog in Offer.objects.get(pk=offer.pk).served_regions.all()


def test_a_state_alias_added_in_the_admin_names_it_for_matching(personas: Any, offers: Any) -> None:
    from nap1540.registry.models import State

    assert offer_index.engine().resolver.requester("Republic of Ouzbekia") is None
    uzb = State.objects.get(iso3="UZB")
    response = _admin_post(
        personas,
        f"/admin/registry/state/{uzb.pk}/change/",
        uzb,
        aliases='["Republic of Ouzbekia"]',
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    found = offer_index.engine().resolver.requester("Republic of Ouzbekia")
    assert found is not None and found.states == {"UZB"}


def test_members_added_in_code_stamp_the_group_for_the_other_processes(personas: Any) -> None:
    from nap1540.assistance.matching_adapter import reference_version
    from nap1540.registry.models import Group, State

    group = Group.objects.get(code="CENTRAL-ASIA")
    Group.objects.filter(pk=group.pk).update(updated_at=group.updated_at.replace(year=2020))
    before = reference_version()
    group.members.add(State.objects.get(iso3="MNG"))
    assert reference_version() != before
