"""Every role x every visibility level x read/write, through pages and the API.

Points of contact are the first State-owned records; later capabilities add
their own permission tests on the same personas.
"""

from __future__ import annotations

import pytest

from conftest import PERSONA_NAMES
from nap1540.core.visibility import Visibility
from nap1540.registry.models import PointOfContact

# Who reads a Uzbek record shared at each level.
READERS = {
    Visibility.PRIVATE: {"coordinator", "focal", "viewer"},
    Visibility.COMMITTEE: {"coordinator", "focal", "viewer", "expert", "admin"},
    Visibility.PUBLIC: set(PERSONA_NAMES),
}
WRITERS = {"coordinator"}


@pytest.fixture
def contacts(personas):
    return {
        level: PointOfContact.objects.create(
            state=personas.uzb, name=f"Contact {level}", visibility=level, agency=personas.agency
        )
        for level in Visibility.values
    }


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("level", Visibility.values)
def test_state_page_shows_contact_only_to_readers(personas, contacts, persona, level):
    body = personas.client(persona).get("/states/UZB/").content.decode()
    assert (f"Contact {level}" in body) == (persona in READERS[level])


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("level", Visibility.values)
def test_api_contact_read(personas, contacts, persona, level):
    client = personas.client(persona)
    response = client.get(f"/api/v1/contacts/{contacts[level].pk}")
    expected = 200 if persona in READERS[level] else 404
    assert response.status_code == expected
    if expected == 404:
        assert "detail" in response.json()
    listed = {c["name"] for c in client.get("/api/v1/states/UZB/contacts").json()}
    assert (f"Contact {level}" in listed) == (persona in READERS[level])


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("level", Visibility.values)
def test_edit_page_access(personas, contacts, persona, level):
    response = personas.client(persona).get(f"/contacts/{contacts[level].pk}/edit/")
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif persona in WRITERS:
        assert response.status_code == 200
    elif persona in READERS[level]:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("level", Visibility.values)
def test_edit_post_changes_only_for_the_coordinator(personas, contacts, persona, level):
    contact = contacts[level]
    data = {"name": "Changed", "visibility": level, "agency": personas.agency.pk}
    personas.client(persona).post(f"/contacts/{contact.pk}/edit/", data)
    contact.refresh_from_db()
    assert (contact.name == "Changed") == (persona in WRITERS)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_the_coordinator_adds_contacts(personas, persona):
    client = personas.client(persona)
    response = client.post("/states/UZB/contacts/new/", {"name": "New", "visibility": "public"})
    created = PointOfContact.objects.filter(name="New").exists()
    assert created == (persona in WRITERS)
    if persona in {"expert", "admin", "focal", "viewer", "outsider", "provider"}:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_contact_write(personas, contacts, persona):
    contact = contacts[Visibility.COMMITTEE]
    response = personas.client(persona).patch(
        f"/api/v1/contacts/{contact.pk}",
        {"phone": "+998 71 000 00 00"},
        content_type="application/json",
    )
    expected = {"coordinator": 200, "focal": 403, "viewer": 403, "expert": 403, "admin": 403}
    assert response.status_code == expected.get(persona, 404)
    contact.refresh_from_db()
    assert (contact.phone != "") == (persona in WRITERS)
