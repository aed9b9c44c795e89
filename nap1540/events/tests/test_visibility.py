"""Every persona against every visibility: event pages, note pages, downloads and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import PERSONA_NAMES
from nap1540.core.visibility import Visibility
from nap1540.events.models import Event

# Which personas see an event of Uzbekistan (State A) at each level, and a Committee event.
SEES = {
    Visibility.PRIVATE: {"coordinator", "focal", "viewer"},
    Visibility.COMMITTEE: {"coordinator", "focal", "viewer", "expert", "admin"},
    Visibility.PUBLIC: set(PERSONA_NAMES),
    "committee_owned": {"expert", "admin"},
}
EDITS = {
    Visibility.PRIVATE: {"coordinator"},
    Visibility.COMMITTEE: {"coordinator", "expert", "admin"},
    Visibility.PUBLIC: {"coordinator", "expert", "admin"},
    "committee_owned": {"expert", "admin"},
}


def _event(event_factory: Any, level: str) -> Event:
    if level == "committee_owned":
        return event_factory(
            Visibility.PRIVATE, state=None, kind=Event.Kind.COMMITTEE_MEETING, title="Committee"
        )
    return event_factory(level)


def read_urls(event: Event) -> list[str]:
    slug = event.slug
    return [
        reverse("events:detail", args=[slug]),
        reverse("events:detail", args=[str(event.pk)]),
        reverse("events:note", args=[slug, "en"]),
        reverse("events:note", args=[slug, "ru"]),
        reverse("events:note_history", args=[slug, "en"]),
        reverse("events:note_download", args=[slug, "en", "docx"]),
        reverse("events:note_download", args=[slug, "ru", "html"]),
        reverse("events:agenda", args=[slug]),
        f"/api/v1/events/{slug}",
        f"/api/v1/events/{event.pk}",
        f"/api/v1/events/{slug}/participants",
        f"/api/v1/events/{slug}/notes",
        f"/api/v1/events/{slug}/notes/ru",
        f"/api/v1/events/{slug}/notes/en/download?format=docx",
    ]


@pytest.mark.parametrize("level", list(SEES))
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_event_pages_downloads_and_api_follow_visibility(
    personas: Any, event_factory: Any, persona: str, level: str
) -> None:
    event = _event(event_factory, level)
    client = personas.client(persona)
    expected = 200 if persona in SEES[level] else 404
    for url in read_urls(event):
        response = client.get(url)
        assert response.status_code == expected, (persona, level, url, response.status_code)
        if expected == 404 and url.startswith("/api/"):
            assert response.json()["detail"]
    listed = client.get(reverse("events:index")).content.decode()
    assert (event.get_absolute_url() in listed) == (persona in SEES[level])
    api_list = client.get("/api/v1/events/").json()["items"]
    assert (event.slug in {e["slug"] for e in api_list}) == (persona in SEES[level])


@pytest.mark.parametrize("level", list(SEES))
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_event_edit_pages_follow_edit_rights(
    personas: Any, event_factory: Any, persona: str, level: str
) -> None:
    event = _event(event_factory, level)
    client = personas.client(persona)
    response = client.get(reverse("events:edit", args=[event.slug]))
    note_edit = client.get(reverse("events:note_edit", args=[event.slug, "en"]))
    if persona == "anonymous":
        assert response.status_code == 302 and note_edit.status_code == 302
        return
    if persona in EDITS[level]:
        expected = 200
    elif persona in SEES[level]:
        expected = 403
    else:
        expected = 404
    assert response.status_code == expected, (persona, level)
    assert note_edit.status_code == expected, (persona, level)


@pytest.mark.parametrize("persona", ["outsider", "anonymous", "provider", "expert"])
def test_private_event_note_pdf_is_refused_to_other_states_and_the_public(
    personas: Any, event_factory: Any, persona: str
) -> None:
    event = event_factory(Visibility.PRIVATE)
    client = personas.client(persona)
    for url in (
        reverse("events:note_download", args=[event.slug, "en", "pdf"]),
        reverse("events:note_download", args=[event.slug, "ru", "docx"]),
        f"/api/v1/events/{event.slug}/notes/ru/download?format=pdf",
        f"/api/v1/events/{event.slug}/agenda",
    ):
        assert client.get(url).status_code == 404, url


def test_pdf_download_of_a_visible_note_is_a_private_attachment(
    personas: Any, event_factory: Any
) -> None:
    event = event_factory(Visibility.PRIVATE)
    response = personas.client("viewer").get(
        reverse("events:note_download", args=[event.slug, "en", "pdf"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_unknown_note_language_and_format_are_404(personas: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.PUBLIC)
    client = personas.client("anonymous")
    assert client.get(f"/events/{event.slug}/note/de/").status_code == 404
    assert client.get(f"/events/{event.slug}/note/zh/").status_code == 404
    assert client.get(f"/events/{event.slug}/note/zh-Hans/").status_code == 404
    assert client.get(f"/events/{event.slug}/note/en.odt").status_code == 404
    assert client.get(f"/api/v1/events/{event.slug}/notes/de").status_code == 422


@pytest.mark.parametrize("persona", ["outsider", "focal", "viewer", "provider"])
def test_other_personas_cannot_write_through_the_api(
    personas: Any, event_factory: Any, persona: str
) -> None:
    event = event_factory(Visibility.PUBLIC)
    client = personas.client(persona)
    note = client.get(f"/api/v1/events/{event.slug}/notes/en").json()
    payload = {
        k: note[k] for k in ("event_text", "organisers_text", "date_venue_text", "participants")
    }
    response = client.put(
        f"/api/v1/events/{event.slug}/notes/en", payload, content_type="application/json"
    )
    assert response.status_code in (401, 403), response.content
