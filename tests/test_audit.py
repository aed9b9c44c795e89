"""The audit log says each event as a sentence: a code nobody declares reads as a neutral
sentence, never as itself, and before/after data keeps related records by id and name.
See docs/decisions/004-audit.md."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.utils import translation

from nap1540.core import audit
from nap1540.core.audit import ActionType, Entry, changes_between, history_lines, snapshot
from nap1540.registry.models import PointOfContact

AT = datetime(2025, 3, 3, 10, 30, tzinfo=UTC)
CONTACT = "registry.PointOfContact"


class Named:
    """An actor as a history line names it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


@pytest.fixture
def contact_updated(monkeypatch: pytest.MonkeyPatch) -> None:
    """An action type for these tests alone."""
    action = ActionType(
        "test.contact_updated",
        "%(actor)s changed %(contact)s: %(changes)s.",
        lambda r: {"contact": r.subject, "changes": r.changes(CONTACT)},
    )
    monkeypatch.setitem(audit._ACTIONS, action.code, action)


def _line(code: str, data: dict[str, Any] | None = None, **entry: Any) -> audit.HistoryLine:
    values = {"by": Named("Aziz"), "subject": "Ms A", **entry}
    [line] = history_lines([Entry(action=code, data=data or {}, at=AT, **values)], None)
    return line


def test_a_code_nobody_declares_reads_as_a_neutral_sentence() -> None:
    line = _line("plans.frobbed", {"changes": {"title": ["a", "b"]}})
    assert line.action == ""
    assert line.text == "Aziz made a change to Ms A."
    assert _line("plans.frobbed", by=None).text == "The system made a change to Ms A."


@pytest.mark.django_db
def test_snapshot_keeps_related_records_by_id_and_name(personas: Any, contact_updated: Any) -> None:
    contact = PointOfContact.objects.create(
        state=personas.uzb, name="Ms A", agency=personas.agency, visibility="private"
    )
    before = snapshot(contact, ("name", "agency", "updated_at"))
    assert before["agency"] == {"id": personas.agency.pk, "name": personas.agency.name}
    assert isinstance(before["updated_at"], str)  # JSON-ready
    contact.agency = personas.other_agency
    after = snapshot(contact, ("name", "agency", "updated_at"))
    assert changes_between(before, after) == {
        "agency": [before["agency"], {"id": personas.other_agency.pk, "name": "Ministry of Health"}]
    }
    # The name kept at the time is the one shown, whatever the agency is called now.
    personas.other_agency.name = "Ministry of Public Health"
    personas.other_agency.save()
    text = _line("test.contact_updated", {"changes": changes_between(before, after)}).text
    assert (
        text == "Aziz changed Ms A: agency: Ministry of Emergency Situations → Ministry of Health."
    )


@pytest.mark.django_db
def test_older_rows_with_bare_ids_name_the_record_as_it_is_now(
    personas: Any, contact_updated: Any
) -> None:
    data = {"changes": {"agency_id": [personas.agency.pk, None], "email": ["", "a@example.org"]}}
    assert _line("test.contact_updated", data).text == (
        "Aziz changed Ms A: agency: Ministry of Emergency Situations → —; "
        "e-mail: — → a@example.org."
    )


@pytest.mark.django_db
def test_a_record_the_reader_may_not_open_is_not_named(personas: Any) -> None:
    hidden = PointOfContact.objects.create(state=personas.kaz, name="Secret", visibility="private")
    action = ActionType(
        "test.mention", "%(actor)s met %(who)s.", lambda r: {"who": r.mention(CONTACT, hidden.pk)}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(audit._ACTIONS, action.code, action)
        assert _line("test.mention").text == "Aziz met a record not shared with you."
        [line] = history_lines(
            [Entry(action="test.mention", data={}, at=AT, by=Named("Aziz"))], personas.outsider
        )
    assert line.text == "Aziz met Secret."


def test_dates_follow_the_readers_language() -> None:
    with translation.override("en"):
        assert audit.show_date("2017-06-30") == "30 June 2017"
    assert audit.show_date(date(2017, 6, 30)) == "30 June 2017"
    assert audit.show_date("not a date") == "not a date"
