"""Drafting tasks from matrix gaps and closing the loop back to the matrix."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from nap1540.core.audit import AuditEvent
from nap1540.plans import services
from nap1540.registry.models import Agency


def test_gap_draft_proposes_blank_and_unclear_fields_grouped_with_a_suggested_agency(
    personas, matrix_with_gaps
):
    customs = Agency.objects.create(state=personas.uzb, name="Customs", kind=Agency.Kind.CUSTOMS)
    draft = services.gap_draft(personas.uzb)
    assert draft.matrix == matrix_with_gaps
    subjects = {p.subject: p for p in draft.proposals}
    assert "OP1-01" not in subjects  # marked X
    detection = subjects["OP3(c)-*-DET"]
    assert detection.field_keys == ["OP3(c)-N-DET", "OP3(c)-C-DET", "OP3(c)-B-DET"]
    assert draft.suggested_agency(detection) == customs
    biosafety = subjects["OP3(a)-*-SPEC4"]
    assert draft.suggested_agency(biosafety) == personas.other_agency  # Ministry of Health
    assert [code for code, _ in draft.sections()] == [
        "OP1",
        "OP2",
        "OP3(a)",
        "OP3(b)",
        "OP3(c)",
        "OP3(d)",
    ]


def test_a_state_without_matrix_gets_no_proposals(personas):
    draft = services.gap_draft(personas.kaz)
    assert draft.matrix is None
    assert draft.proposals == []


def test_coordinator_picks_and_edits_proposals_into_tasks(plan, personas, matrix_with_gaps):
    draft = services.gap_draft(personas.uzb)
    [contact] = [p for p in draft.proposals if p.subject == "OP1-R16"]
    [task] = services.create_tasks_from_proposals(
        plan,
        by=personas.coordinator,
        chosen=[
            {
                "title": "Designate the 1540 point of contact",
                "fields": contact.field_keys,
                "section_code": contact.section,
                "lead_agency": personas.agency.pk,
                "due_date": date(2017, 6, 30),
            }
        ],
    )
    assert task.title == "Designate the 1540 point of contact"
    assert task.lead_agency == personas.agency
    assert list(task.fields.values_list("key", flat=True)) == ["OP1-R16"]


def test_completed_task_proposes_matrix_changes_as_a_draft_for_the_committee(
    plan, mes_task, personas, matrix_with_gaps
):
    from nap1540.matrix.models import Entry

    services.update_task(mes_task, by=personas.coordinator, fields=["OP3(d)-N-LEG", "OP3(d)-C-LEG"])
    services.record_task_update(mes_task, by=personas.focal, status="completed", progress=100)
    matrix = services.propose_matrix_changes(
        mes_task,
        by=personas.coordinator,
        legal_reference={
            "instrument": "Law on export control",
            "article": "5",
            "date": "2016-05-01",
            "link": "",
        },
    )
    assert matrix.status == "draft"
    entry = Entry.objects.get(matrix=matrix, field__key="OP3(d)-N-LEG")
    assert entry.mark == "X"
    assert entry.legal_reference["instrument"] == "Law on export control"
    assert "Task 1" in entry.remarks
    mes_task.refresh_from_db()
    assert mes_task.matrix_draft_id == matrix.pk
    assert AuditEvent.objects.filter(action="task.matrix_proposed").exists()


def test_a_proposal_into_a_committee_draft_does_not_quote_a_private_plan(
    plan, mes_task, personas, matrix_with_gaps
):
    from nap1540.matrix import services as matrix_services
    from nap1540.matrix.models import Entry, Matrix

    Matrix.objects.filter(state=personas.uzb).exclude(status="approved").delete()
    draft = matrix_services.start_draft(personas.uzb, by=personas.expert)
    assert draft.visibility == "committee" and plan.visibility == "private"
    services.update_task(mes_task, by=personas.coordinator, fields=["OP3(d)-N-LEG"])
    services.record_task_update(mes_task, by=personas.focal, status="completed", progress=100)
    services.propose_matrix_changes(mes_task, by=personas.coordinator)
    remarks = Entry.objects.get(matrix=draft, field__key="OP3(d)-N-LEG").remarks
    # The experts read the draft, not the plan: neither its title nor the task's reaches them.
    assert plan.title not in remarks and mes_task.title not in remarks
    assert remarks.startswith("A task of the national action plan completed on")


def test_only_completed_tasks_with_matrix_fields_propose_changes(mes_task, personas):
    with pytest.raises(ValidationError, match="completed"):
        services.propose_matrix_changes(mes_task, by=personas.coordinator)
    services.record_task_update(mes_task, by=personas.coordinator, status="completed", progress=100)
    with pytest.raises(ValidationError, match="no matrix field"):
        services.propose_matrix_changes(mes_task, by=personas.coordinator)


def test_a_task_cannot_propose_fields_it_does_not_address(mes_task, personas):
    services.update_task(mes_task, by=personas.coordinator, fields=["OP1-R16"], status="completed")
    with pytest.raises(ValidationError, match="does not address"):
        services.propose_matrix_changes(mes_task, by=personas.coordinator, field_keys=["OP1-01"])
