"""The events API with a bearer token: record an event, add participants, read it back."""

from __future__ import annotations

from typing import Any

from nap1540.accounts.models import APIToken
from nap1540.core.visibility import Visibility


def _bearer(user: Any) -> dict[str, str]:
    _token, raw = APIToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_expert_records_a_committee_event_and_its_participants(personas: Any) -> None:
    client = personas.client("anonymous")
    auth = _bearer(personas.expert)
    response = client.post(
        "/api/v1/events/",
        {
            "kind": "regional_workshop",
            "title": "Central Asia workshop",
            "starts_on": "2018-09-27",
            "ends_on": "2018-09-28",
            "state": "KAZ",
            "venue_city": "Astana",
            "venue_country": "KAZ",
            "states_concerned": ["UZB", "KGZ"],
        },
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    event = response.json()
    # An expert records it for the Committee: it starts at the Committee's level.
    assert event["visibility"] == "committee"
    assert set(event["states_concerned"]) == {"KAZ", "UZB", "KGZ"}
    assert [n["lang"] for n in event["notes"]] == ["ar", "zh-hans", "en", "fr", "ru", "es"]
    slug = event["slug"]
    added = client.post(
        f"/api/v1/events/{slug}/participants",
        {"group": "international", "organisation": "UNODA", "name": "UNODA"},
        content_type="application/json",
        **auth,
    )
    assert added.status_code == 201, added.content
    gov = client.post(
        f"/api/v1/events/{slug}/participants",
        {"group": "government", "state": "KAZ", "name": "Ministry of Foreign Affairs"},
        content_type="application/json",
        **auth,
    )
    assert gov.status_code == 201
    participants = client.get(f"/api/v1/events/{slug}/participants", **auth).json()
    assert [p["group"] for p in participants] == ["government", "international"]
    note = client.get(f"/api/v1/events/{slug}/notes/en", **auth).json()
    assert note["participants"][0] == [
        "Kazakh Governmental officials",
        "Ministry of Foreign Affairs.",
    ]
    # Committee level: the outsider (Kazakhstan's coordinator) owns it, Uzbekistan does not see it.
    assert personas.client("outsider").get(f"/api/v1/events/{slug}").status_code == 200
    assert personas.client("coordinator").get(f"/api/v1/events/{slug}").status_code == 404


def test_bad_input_gets_an_actionable_message(personas: Any, event_factory: Any) -> None:
    client = personas.client("anonymous")
    auth = _bearer(personas.coordinator)
    response = client.post(
        "/api/v1/events/",
        {"kind": "country_visit", "title": "Visit", "starts_on": "2018-01-02",
         "ends_on": "2018-01-01", "state": "UZB"},
        content_type="application/json",
        **auth,
    )  # fmt: skip
    assert response.status_code == 422
    assert "day" in response.json()["detail"].lower() or "ends_on" in response.json()["detail"]
    event = event_factory(Visibility.PRIVATE)
    bad = client.post(
        f"/api/v1/events/{event.slug}/participants",
        {"group": "government", "name": "No State"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    unknown = client.post(
        "/api/v1/events/",
        {"kind": "country_visit", "title": "Visit", "starts_on": "2018-01-01",
         "ends_on": "2018-01-01", "state": "XXX"},
        content_type="application/json",
        **auth,
    )  # fmt: skip
    assert unknown.status_code == 422 and "XXX" in unknown.json()["detail"]


def test_list_filters_and_delete(personas: Any, event_factory: Any) -> None:
    keep = event_factory(Visibility.PUBLIC, title="Keep", kind="peer_review")
    gone = event_factory(Visibility.PUBLIC, title="Gone")
    client = personas.client("anonymous")
    items = client.get("/api/v1/events/", {"kind": "peer_review"}).json()["items"]
    assert [e["slug"] for e in items] == [keep.slug]
    assert client.get("/api/v1/events/", {"state": "KAZ"}).json()["count"] == 0
    assert client.delete(f"/api/v1/events/{gone.slug}").status_code in (401, 403)
    response = client.delete(f"/api/v1/events/{gone.slug}", **_bearer(personas.coordinator))
    assert response.status_code == 204
    assert client.get(f"/api/v1/events/{gone.slug}").status_code == 404


def test_huge_ids_are_not_found_rather_than_errors(personas: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.PUBLIC)
    client = personas.client("coordinator")
    huge = "9" * 30
    assert client.get(f"/api/v1/events/{huge}").status_code == 404
    assert client.get(f"/events/{huge}/").status_code == 404
    response = client.post(f"/api/v1/events/{event.slug}/decisions/{huge}/apply")
    assert response.status_code in (403, 404, 422)
    assert client.get(f"/api/v1/reports/plan/{huge}").status_code == 404
