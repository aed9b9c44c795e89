"""Writes through the API, and its error messages."""

from __future__ import annotations

from typing import Any

from nap1540.assistance.models import Proposal, Request
from nap1540.assistance.tests.conftest import make_request

S = Request.Status
JSON = "application/json"


def test_an_expert_records_a_request_with_items_and_steps(personas: Any, offers: Any) -> None:
    client = personas.client("expert")
    response = client.post(
        "/api/v1/assistance/requests",
        {
            "title": "Via API",
            "requester": "UZB",
            "date": "2025-03-03",
            "consent_to_publish": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    request_id = response.json()["id"]
    response = client.post(
        f"/api/v1/assistance/requests/{request_id}/items",
        {
            "text": "Legislative drafting on chemical weapons, in Russian.",
            "assistance_types": ["legislative_drafting"],
            "weapon_categories": ["C"],
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    item_id = response.json()["id"]
    proposals = client.get(f"/api/v1/assistance/proposals?item_id={item_id}").json()["items"]
    assert proposals and all(p["reasons"] and p["explanation"] for p in proposals)
    response = client.post(
        f"/api/v1/assistance/requests/{request_id}/steps",
        {"action": "authenticate"},
        content_type=JSON,
    )
    assert response.json()["status"] == "authenticated"
    history = client.get(f"/api/v1/assistance/requests/{request_id}/transitions").json()
    assert [t["event"] for t in history] == ["created", "authenticated"]
    assert history[-1]["by"] == "expert"


def test_a_step_out_of_order_is_a_422_with_a_message(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    response = personas.client("expert").post(
        f"/api/v1/assistance/requests/{request.pk}/steps", {"action": "complete"}, content_type=JSON
    )
    assert response.status_code == 422
    assert "cannot be marked" in response.json()["detail"]


def test_bad_vocabulary_and_requesters_are_explained(personas: Any) -> None:
    client = personas.client("expert")
    response = client.post(
        "/api/v1/assistance/requests", {"title": "x", "requester": " "}, content_type=JSON
    )
    assert response.status_code == 422 and "requester" in response.json()["detail"]
    request = make_request(personas, step=S.RECEIVED)
    # An unknown label is a warning on an item that is still recorded (and matched).
    response = client.post(
        f"/api/v1/assistance/requests/{request.pk}/items",
        {"text": "x", "subjects": ["cooking", "Export Controls"], "languages": ["jpn", "xx"]},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["subjects"] == ["export_control"]
    assert item["languages"] == ["ja"]
    assert len(item["warnings"]) == 2
    assert "“cooking” is not in the vocabulary" in item["warnings"][0]
    assert "“xx” is not a language we know" in item["warnings"][1]
    # A wrong type is still refused.
    response = client.post(
        f"/api/v1/assistance/requests/{request.pk}/items",
        {"text": "x", "subjects": "cooking"},
        content_type=JSON,
    )
    assert response.status_code == 422


def test_an_unknown_requester_is_recorded_and_ranked_with_a_warning(
    personas: Any, offers: Any
) -> None:
    """As `nap1540 match` and the request form: a warning on the request and its items, 201."""
    client = personas.client("expert")
    response = client.post(
        "/api/v1/assistance/requests",
        {"title": "Border security", "requester": "Sahel Border Forum", "date": "2025-03-03"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["requester"] == "Sahel Border Forum"
    assert created["requester_type"] == "unknown"
    assert len(created["warnings"]) == 1 and "“Sahel Border Forum”" in created["warnings"][0]
    response = client.post(
        f"/api/v1/assistance/requests/{created['id']}/items",
        {"text": "Training of customs officers in export control and border inspection."},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    item = response.json()
    assert "without a region check" in item["warnings"][0]
    proposals = client.get(f"/api/v1/assistance/proposals?item_id={item['id']}").json()["items"]
    assert proposals, "the item is still ranked"
    codes = {r["code"] for p in proposals for r in p["reasons"]}
    assert "region_unchecked" in codes
    listed = client.get("/api/v1/assistance/requests?requester=Sahel Border Forum").json()
    assert [r["id"] for r in listed["items"]] == [created["id"]]


def test_a_coordinator_cannot_record_a_request_for_an_unknown_requester(personas: Any) -> None:
    response = personas.client("coordinator").post(
        "/api/v1/assistance/requests",
        {"title": "x", "requester": "Sahel Border Forum"},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert not Request.objects.filter(requester_label="Sahel Border Forum").exists()


def test_an_offer_in_korean_for_an_unknown_region_is_added_with_a_warning(
    personas: Any,
) -> None:
    response = personas.client("expert").post(
        "/api/v1/assistance/offers",
        {
            "code": "kor-export-control",
            "provider": "KOR",
            "title": "Export control seminars",
            "languages": ["ko", "Filipino", "yue"],
            "regions": ["Asia", "Atlantis"],
        },
        content_type=JSON,
    )

    assert response.status_code == 201, response.json()
    offer = response.json()
    assert offer["languages"] == ["ko", "fil", "yue"]
    assert offer["regions"] == ["Asia", "Atlantis"]
    assert len(offer["warnings"]) == 1 and "“Atlantis” not recognised" in offer["warnings"][0]
    again = personas.client("expert").get(f"/api/v1/assistance/offers/{offer['id']}").json()
    assert again["warnings"] == []


def test_a_coordinator_cannot_confirm_a_proposal(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    proposal = Proposal.objects.filter(item__request=request).first()
    assert proposal is not None
    response = personas.client("coordinator").post(
        f"/api/v1/assistance/proposals/{proposal.pk}/decision",
        {"decision": "confirm"},
        content_type=JSON,
    )
    assert response.status_code == 403


def test_a_provider_adds_an_offer_through_the_api(personas: Any) -> None:
    client = personas.client("provider")
    data = {
        "code": "osce-api",
        "provider": "OSCE",
        "title": "Border course",
        "subjects": ["border_control"],
        "regions": ["Central Asia"],
    }
    assert client.post("/api/v1/assistance/offers", data, content_type=JSON).status_code == 201
    data = {**data, "code": "iaea-api", "provider": "IAEA"}
    assert client.post("/api/v1/assistance/offers", data, content_type=JSON).status_code == 403
    listed = personas.client("anonymous").get("/api/v1/assistance/offers?provider=OSCE").json()
    assert [o["code"] for o in listed["items"]] == ["osce-api"]
