from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from nap1540.core.audit import AuditEvent
from nap1540.matrix import services
from nap1540.matrix.models import Entry, EntryChange, Matrix


def test_new_draft_carries_over_the_latest_approved_answers(personas, uzb_matrices):
    v3 = uzb_matrices["v3"]
    marks = dict(v3.entries.values_list("field__key", "mark"))
    assert marks["OP1-01"] == "X"  # from v1
    assert marks["OP2-N-01"] == "X"  # v2 changed "?" to X
    assert marks["OP1-03"] == "X"  # the draft's own change
    assert v3.based_on == uzb_matrices["v2"]
    assert v3.entries.count() == v3.framework.fields.count()


def test_only_one_open_version_per_state(personas, uzb_matrices):
    with pytest.raises(services.MatrixConflict):
        services.start_draft(personas.uzb, by=personas.coordinator)


def test_approved_version_cannot_be_edited(personas, uzb_matrices):
    entry = uzb_matrices["v2"].entries.get(field__key="OP1-01")
    with pytest.raises(services.MatrixLocked, match="approved"):
        services.edit_entry(
            entry, by=personas.expert, values={"mark": "?"}, revision=entry.revision
        )
    entry.refresh_from_db()
    assert entry.mark == "X"


def test_edit_with_an_old_revision_is_refused_and_keeps_the_first_save(personas, uzb_matrices):
    entry = uzb_matrices["v3"].entries.get(field__key="OP1-04")
    seen = entry.revision
    services.edit_entry(entry, by=personas.coordinator, values={"mark": "X"}, revision=seen)
    with pytest.raises(services.StaleEntry) as refused:
        services.edit_entry(entry, by=personas.expert, values={"mark": "NA"}, revision=seen)
    assert "coordinator" in str(refused.value)
    entry.refresh_from_db()
    assert (entry.mark, entry.revision) == ("X", seen + 1)


def test_every_edit_is_kept_with_who_when_before_after(personas, uzb_matrices):
    entry = uzb_matrices["v3"].entries.get(field__key="OP1-05")
    with time_machine.travel(datetime(2030, 1, 2, 3, 4, tzinfo=UTC), tick=False):
        services.edit_entry(
            entry,
            by=personas.coordinator,
            revision=entry.revision,
            values={"mark": "X", "legal_reference": {"instrument": "Law 1", "article": "5"}},
        )
    change = EntryChange.objects.filter(entry=entry).latest("changed_at")
    assert change.before is not None and change.after is not None
    assert change.changed_by == personas.coordinator
    assert change.changed_at == datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    assert change.before["mark"] == "" and change.after["mark"] == "X"
    assert change.after["legal_reference"]["instrument"] == "Law 1"
    assert AuditEvent.objects.filter(action="matrix.entry_changed").exists()


def test_propose_changes_validates_everything_first(personas, uzb_matrices):
    v3 = uzb_matrices["v3"]
    with pytest.raises(ValidationError) as refused:
        services.propose_changes(
            state=personas.uzb,
            by=personas.coordinator,
            changes=[
                {"field_key": "OP1-06", "mark": "X"},
                {"field_key": "NOPE", "mark": "X"},
                {"field_key": "OP1-08", "mark": "Y"},
            ],
        )
    text = " ".join(refused.value.messages)
    assert "NOPE" in text and "\u201cY\u201d" in text
    assert v3.entries.get(field__key="OP1-06").mark == ""


def test_propose_changes_starts_a_draft_from_the_latest_approved(personas, make_matrix):
    v1 = make_matrix(personas.kaz, {"OP1-01": "X"}, approve=True)
    draft = services.propose_changes(
        state=personas.kaz,
        by=personas.outsider,
        changes=[
            {
                "field_key": "OP1-02",
                "mark": "X",
                "legal_reference": {"instrument": "Treaty"},
                "remarks": "From the action plan",
            },
        ],
    )
    assert draft.version == 2 and draft.status == Matrix.Status.DRAFT
    assert draft.based_on == v1
    e = draft.entries.get(field__key="OP1-02")
    assert (e.mark, e.legal_reference["instrument"], e.remarks) == (
        "X",
        "Treaty",
        "From the action plan",
    )
    assert e.history.get().kind == EntryChange.Kind.PROPOSED


def test_latest_matrix_and_gap_entries(personas, uzb_matrices):
    assert services.latest_matrix(personas.uzb) == uzb_matrices["v3"]
    assert services.latest_matrix(personas.uzb, approved_only=True) == uzb_matrices["v2"]
    gaps = services.gap_entries(uzb_matrices["v2"])
    keys = [e.field.key for e in gaps]
    assert "OP1-01" not in keys and "OP1-03" in keys
    assert all(e.mark in ("", "?") for e in gaps)


def test_changes_since_lists_net_changes(personas, uzb_matrices):
    since = datetime.now(UTC)
    v3 = uzb_matrices["v3"]
    a = v3.entries.get(field__key="OP1-09")
    b = v3.entries.get(field__key="OP1-10")
    a = services.edit_entry(a, by=personas.coordinator, values={"mark": "X"}, revision=a.revision)
    b = services.edit_entry(b, by=personas.coordinator, values={"mark": "X"}, revision=b.revision)
    services.edit_entry(b, by=personas.coordinator, values={"mark": ""}, revision=b.revision)
    changes = services.changes_since(personas.uzb, since)
    assert [c.field_key for c in changes] == ["OP1-09"]
    assert (changes[0].mark_before, changes[0].mark_after) == ("", "X")


def test_diff_of_two_versions(personas, uzb_matrices):
    rows = services.diff_matrices(uzb_matrices["v1"], uzb_matrices["v2"])
    by_key = {r.key: r for r in rows}
    assert set(by_key) == {"OP2-N-01", "OP1-02"}
    row = by_key["OP2-N-01"]
    assert row.before is not None and row.after is not None
    assert (row.before["mark"], row.after["mark"]) == ("?", "X")


def test_as_of_shows_the_matrix_as_it_stood(personas, uzb_matrices):
    v3 = uzb_matrices["v3"]
    entry = v3.entries.get(field__key="OP1-06")
    before = datetime.now(UTC)
    with time_machine.travel(before + timedelta(days=2), tick=False):
        services.edit_entry(
            entry, by=personas.coordinator, values={"mark": "X"}, revision=entry.revision
        )
    then: dict = services.snapshots_as_of(v3, before + timedelta(days=1))
    now = services.snapshots_as_of(v3, before + timedelta(days=3))
    assert "OP1-06" not in then or then["OP1-06"]["mark"] == ""
    assert now["OP1-06"]["mark"] == "X"
    assert then["OP1-01"]["mark"] == "X"


def test_approval_freezes_counts(personas, uzb_matrices):
    v2 = uzb_matrices["v2"]
    assert v2.approved_at is not None
    assert v2.summary["OP1"]["-"] == [3, 0, 0, 28]
    assert v2.approved_at.year == 2021


def test_entry_mark_is_checked_in_the_database(personas, uzb_matrices):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(matrix=uzb_matrices["v3"]).update(mark="Y")
