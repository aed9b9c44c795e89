# ruff: noqa: RUF001 - Russian text: Cyrillic letters are meant, not look-alikes
"""Editing a note before export, its history and regeneration."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from nap1540.core.visibility import Visibility
from nap1540.events import services
from nap1540.events.models import Note, NoteRevision
from nap1540.events.notes import (
    NoteContent,
    format_participants,
    generate_note_content,
    parse_participants,
)
from nap1540.events.tests.helpers import docx_texts


def _form(content: NoteContent, comment: str = "") -> dict[str, str]:
    return {**content.as_fields(), "comment": comment}


def test_coordinator_edits_the_note_and_the_export_uses_the_edit(
    personas: Any, full_event: Any
) -> None:
    client = personas.client("coordinator")
    url = reverse("events:note_edit", args=[full_event.slug, "en"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Full roundtable." in page.content.decode()
    content = generate_note_content(full_event, "en")
    content.overview = "First paragraph.\n\nSecond paragraph."
    response = client.post(url, _form(content, "Tightened the overview"))
    assert response.status_code == 302
    note = Note.objects.get(event=full_event, lang="en")
    assert note.revision == 1 and note.overview == "First paragraph.\n\nSecond paragraph."
    docx = client.get(reverse("events:note_download", args=[full_event.slug, "en", "docx"]))
    texts = docx_texts(docx.content)
    assert "First paragraph." in texts and "Second paragraph." in texts
    history = client.get(reverse("events:note_history", args=[full_event.slug, "en"]))
    assert "Tightened the overview" in history.content.decode()


def test_history_keeps_every_revision_and_restores_one(personas: Any, full_event: Any) -> None:
    first = generate_note_content(full_event, "en")
    services.save_note(full_event, "en", first, by=personas.coordinator, comment="one")
    second = generate_note_content(full_event, "en")
    second.background = "Rewritten."
    note = services.save_note(full_event, "en", second, by=personas.coordinator, comment="two")
    assert note.revision == 2
    assert list(note.revisions.values_list("number", flat=True)) == [2, 1]
    response = personas.client("coordinator").post(
        reverse("events:note_restore", args=[full_event.slug, "en", 1])
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.revision == 3 and note.background == first.background
    assert NoteRevision.objects.filter(note=note).count() == 3


def test_regenerate_takes_in_changes_to_the_event(personas: Any, full_event: Any) -> None:
    content = generate_note_content(full_event, "en")
    services.save_note(full_event, "en", content, by=personas.coordinator)
    services.update_event(full_event, by=personas.coordinator, overview="New overview.")
    page = personas.client("coordinator").get(reverse("events:note", args=[full_event.slug, "en"]))
    assert "changed after this note was edited" in page.content.decode()
    personas.client("coordinator").post(
        reverse("events:note_regenerate", args=[full_event.slug, "en"])
    )
    assert Note.objects.get(event=full_event, lang="en").overview == "New overview."


def test_participants_text_round_trips() -> None:
    groups = [("Uzbek Governmental officials", "A, B and C."), ("", "Loose line")]
    assert parse_participants(format_participants(groups)) == groups
    assert parse_participants("\n  \nHeading: x: y\n") == [("Heading", "x: y")]


def test_api_reads_and_writes_the_note(personas: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.COMMITTEE)
    client = personas.client("expert")
    note = client.get(f"/api/v1/events/{event.slug}/notes/ru").json()
    assert note["edited"] is False and note["revision"] == 0
    assert note["date_venue_text"] == "3-4 июля 2017 г., Tashkent, Узбекистан"
    note["overview"] = "Обзор обсуждения."
    note["participants"] = [["Комитет 1540", "Эксперт Комитета 1540."]]
    payload = {k: v for k, v in note.items() if k not in ("lang", "edited", "revision")}
    response = client.put(
        f"/api/v1/events/{event.slug}/notes/ru", payload, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["revision"] == 1
    links = client.get(f"/api/v1/events/{event.slug}/notes").json()
    ru = next(link for link in links if link["lang"] == "ru")
    assert ru["edited"] is True
    assert client.get(ru["pdf"]).status_code == 200
    download = client.get(ru["api_download"] + "?format=docx")
    assert download.status_code == 200
    assert "Обзор обсуждения." in docx_texts(download.content)
