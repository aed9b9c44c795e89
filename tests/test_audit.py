"""The audit log says each event as a sentence: every code recorded anywhere is declared by
an app, every action says its sentence whatever its data, a code nobody declares reads as a
neutral sentence, never as itself, and before/after data keeps related records by id and name.
See docs/decisions/004-audit.md."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from nap1540.core import audit
from nap1540.core.audit import (
    ActionType,
    AuditEvent,
    Entry,
    changes_between,
    history_lines,
    registered_codes,
    snapshot,
)
from nap1540.registry.models import PointOfContact

ROOT = Path(__file__).resolve().parent.parent
AT = datetime(2025, 3, 3, 10, 30, tzinfo=UTC)
CONTACT = "registry.PointOfContact"


class Named:
    """An actor as a history line names it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Sentences in English unless a test asks for another language (a page may switch it)."""
    with translation.override("en"):
        yield


@pytest.fixture
def contact_updated(monkeypatch: pytest.MonkeyPatch) -> None:
    """An action type for these tests alone."""
    action = ActionType(
        "test.contact_updated",
        "%(actor)s changed %(contact)s: %(changes)s.",
        lambda r: {"contact": r.subject, "changes": r.changes(CONTACT)},
    )
    monkeypatch.setitem(audit._ACTIONS, action.code, action)


def _record_calls() -> list[tuple[str, int, ast.expr | None]]:
    """Every `AuditEvent.record(code, ...)` and `AuditEvent.objects.create(action=code)`."""
    found = []
    for path in sorted(ROOT.joinpath("nap1540").rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            where = str(path.relative_to(ROOT))
            owner = node.func.value
            if node.func.attr == "record" and isinstance(owner, ast.Name):
                if owner.id == "AuditEvent":
                    found.append((where, node.lineno, node.args[0] if node.args else None))
            elif (
                node.func.attr == "create"
                and isinstance(owner, ast.Attribute)
                and isinstance(owner.value, ast.Name)
                and owner.value.id == "AuditEvent"
            ):
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                found.append((where, node.lineno, action))
    return found


def test_every_recorded_code_is_declared() -> None:
    calls = _record_calls()
    assert len(calls) > 40
    literal = [
        (where, line, code.value)
        for where, line, code in calls
        if isinstance(code, ast.Constant) and isinstance(code.value, str)
    ]
    undeclared = [f"{w}:{n} {c}" for w, n, c in literal if c not in registered_codes()]
    assert not undeclared, "recorded but declared by no app:\n" + "\n".join(undeclared)
    # Codes built at run time are checked one by one below; a new one must join them.
    built = sorted({where for where, _line, code in calls if not isinstance(code, ast.Constant)})
    assert built == [
        "nap1540/assistance/services/history.py",
        "nap1540/assistance/views/requests.py",
        "nap1540/plans/services/plans.py",
        "nap1540/registry/services.py",
    ]


def test_every_code_built_at_run_time_is_declared() -> None:
    from nap1540.assistance.models import Transition
    from nap1540.plans.services.plans import ALLOWED_TRANSITIONS

    codes = {
        *(f"plan.{status}" for targets in ALLOWED_TRANSITIONS.values() for status in targets),
        *(f"assistance.{event}" for event in Transition.Event.values),
        "assistance.letter_acknowledgement",
        "assistance.letter_distribution",
        "agency.created",
        "agency.updated",
    }
    assert codes - registered_codes() == set()


def _line(code: str, data: dict[str, Any] | None = None, **entry: Any) -> audit.HistoryLine:
    values = {"by": Named("Aziz"), "subject": "Ms A", **entry}
    [line] = history_lines([Entry(action=code, data=data or {}, at=AT, **values)], None)
    return line


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(registered_codes()))
def test_every_action_says_a_sentence_even_without_data(code: str) -> None:
    line = _line(code)
    assert line.action == code, f"{code} fell back to the neutral sentence"
    assert code not in line.text and "%(" not in line.text and line.text.endswith((".", "—"))


def test_a_code_nobody_declares_reads_as_a_neutral_sentence() -> None:
    line = _line("plans.frobbed", {"changes": {"title": ["a", "b"]}})
    assert line.action == ""
    assert line.text == "Aziz made a change to Ms A."
    assert _line("plans.frobbed", by=None).text == "The system made a change to Ms A."


def test_data_of_an_unknown_shape_reads_as_the_neutral_sentence() -> None:
    line = _line("review.recorded", {"changes": [{"number": "1"}]})  # moves without before/after
    assert line.text == "Aziz made a change to Ms A."


@pytest.mark.django_db
def test_a_change_names_fields_by_their_label_and_values_in_the_readers_format() -> None:
    line = _line(
        "plan.updated",
        {
            "changes": {
                "period_end": ["2016-12-31", "2017-06-30"],
                "status": ["draft", "adopted"],
                "adoption_act_number": ["", "PP-17"],
            }
        },
    )
    assert line.text == (
        "Aziz changed the plan Ms A: period end: 31 December 2016 → "
        "30 June 2017; status: Draft → Adopted; act number: — → PP-17."
    )


def test_counts_choose_the_plural() -> None:
    assert "its 1 task." in _line("plan.deleted", {"tasks": 1}).text
    assert "its 3 tasks." in _line("plan.deleted", {"tasks": 3}).text


def test_a_step_the_timer_made_says_so() -> None:
    line = _line("assistance.distributed", {"automatic": True}, by=None)
    assert line.text == (
        "The request was distributed to potential providers after the objection period "
        "passed in silence."
    )
    assert _line("assistance.closed", {"automatic": True}).text == "The timer closed the request."


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


class Filler(dict[str, Any]):
    """Any placeholder a sentence asks for: 2 (a count or a name alike)."""

    def __missing__(self, key: str) -> int:
        return 2


@pytest.mark.parametrize("code", sorted(registered_codes()))
def test_every_sentence_has_a_russian_translation(code: str) -> None:
    action = audit.action_type(code)
    assert action is not None
    for sentence in (action.sentence, *action.variants.values()):
        with translation.override("en"):
            english = str(sentence % Filler())
        with translation.override("ru"):
            russian = str(sentence % Filler())
        assert russian != english, f"{code}: no Russian for {english!r}"


def test_the_neutral_sentence_speaks_russian() -> None:
    with translation.override("ru"):
        assert _line("plans.frobbed").text == "Aziz внёс(ла) изменение в «Ms A»."


@pytest.mark.django_db
def test_record_refuses_a_code_nobody_declares(personas: Any) -> None:
    with pytest.raises(audit.UnknownAction, match=r"plan\.udpated"):
        AuditEvent.record("plan.udpated", target=personas.uzb)
    assert not AuditEvent.objects.filter(action="plan.udpated").exists()
