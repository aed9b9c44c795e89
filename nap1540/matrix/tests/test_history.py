"""The versions page tells each version's history as sentences, for those who see the versions."""

from __future__ import annotations

from typing import Any

from nap1540.core.audit import AuditEvent
from nap1540.matrix.models import Matrix


def _versions(client: Any, **headers: Any) -> str:
    response = client.get("/matrix/UZB/versions/", **headers)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.find('id="matrix-history"') :]


def test_submitting_and_approving_read_as_sentences(personas, uzb_matrices):
    coordinator, expert = personas.client("coordinator"), personas.client("expert")
    coordinator.post("/matrix/UZB/v3/submit/", {"confirm": "1"})
    expert.post("/matrix/UZB/v3/approve/")
    assert Matrix.objects.get(pk=uzb_matrices["v3"].pk).status == "approved"
    history = _versions(expert)
    assert "expert approved version 3." in history
    assert "coordinator submitted version 3 to the Committee." in history
    assert "coordinator proposed a change to 1 field of version 3 from a plan." in history
    assert "matrix.approved" not in history and "matrix.submitted" not in history


def test_an_edit_names_the_field_and_the_marks(personas, uzb_matrices):
    from nap1540.matrix import services

    entry = uzb_matrices["v3"].entries.get(field__key="OP1-04")
    services.edit_entry(entry, by=personas.coordinator, values={"mark": "?"}, revision=1)
    history = _versions(personas.client("coordinator"))
    assert "coordinator changed the field OP1-04 in version 3: mark blank → ?." in history


def test_older_rows_without_a_version_take_it_from_the_matrix(personas, uzb_matrices):
    v2 = uzb_matrices["v2"]
    AuditEvent.objects.create(
        action="matrix.returned", target_type="matrix.matrix", target_id=str(v2.pk)
    )
    assert "The system returned version 2 to draft." in _versions(personas.client("viewer"))


def test_the_public_sees_public_versions_only_and_not_who_they_are_shared_with(
    personas, uzb_matrices
):
    from nap1540.accounts import sharing
    from nap1540.registry.models import State

    sharing.share_with(
        uzb_matrices["v3"], by=personas.coordinator, states=[State.objects.get(iso3="TJK")]
    )
    assert "with TJK." in _versions(personas.client("coordinator"))
    public = _versions(personas.client("anonymous"))
    assert "version 2" in public and "version 3" not in public and "TJK" not in public


def test_the_history_speaks_russian(personas, uzb_matrices):
    personas.client("coordinator").post("/matrix/UZB/v3/submit/", {"confirm": "1"})
    history = _versions(personas.client("coordinator"), HTTP_ACCEPT_LANGUAGE="ru")
    assert "coordinator направил" in history and "версию 3 в Комитет." in history
    assert "submitted version" not in history and "matrix.submitted" not in history
