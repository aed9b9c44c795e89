"""Every persona x every visibility level, for matrix pages, exports, the API and edits."""

from __future__ import annotations

import pytest

from conftest import PERSONA_NAMES
from nap1540.core.visibility import Visibility
from nap1540.matrix.tests.conftest import build_matrix

READERS = {
    Visibility.PRIVATE: {"coordinator", "focal", "viewer"},
    Visibility.COMMITTEE: {"coordinator", "focal", "viewer", "expert", "admin"},
    Visibility.PUBLIC: set(PERSONA_NAMES),
}
# Drafts are edited by the State's coordinator and by Committee experts who can see them.
WRITERS = {
    Visibility.PRIVATE: {"coordinator"},
    Visibility.COMMITTEE: {"coordinator", "expert", "admin"},
    Visibility.PUBLIC: {"coordinator", "expert", "admin"},
}


@pytest.fixture(params=Visibility.values)
def draft(request, personas, framework):
    return build_matrix(personas.uzb, {"OP1-01": "X"}, draft_visibility=request.param)


@pytest.fixture(params=Visibility.values)
def approved(request, personas, framework):
    return build_matrix(personas.uzb, {"OP1-01": "X"}, approve=True, visibility=request.param)


def _readable(persona, matrix):
    return persona in READERS[matrix.visibility]


def each_persona(check):
    """Run a read-only check as every persona on one world, reporting every persona that fails.

    Reads change nothing, so the personas share the matrix instead of building one each.
    """
    failures = []
    for persona in PERSONA_NAMES:
        try:
            check(persona)
        except AssertionError as exc:
            failures.append(f"{persona}: {exc}")
    assert not failures, "\n".join(failures)


def test_matrix_page_and_exports_only_for_readers(personas, approved):
    def check(persona):
        client = personas.client(persona)
        expected = 200 if _readable(persona, approved) else 404
        answers = {
            suffix or "page": client.get(f"/matrix/UZB/v{approved.version}/{suffix}").status_code
            for suffix in ("", "export.xlsx", "export.csv")
        }
        assert answers == dict.fromkeys(answers, expected)

    each_persona(check)


def test_private_draft_is_invisible_to_other_states_and_the_public(personas, draft):
    def check(persona):
        client = personas.client(persona)
        response = client.get(f"/matrix/UZB/v{draft.version}/")
        assert response.status_code == (200 if _readable(persona, draft) else 404)
        state_page = client.get("/states/UZB/").content.decode()
        assert (f"Version {draft.version} · Draft" in state_page) == _readable(persona, draft)
        assert (
            f"<td>v{draft.version}</td>" in client.get("/matrix/").content.decode()
        ) == _readable(persona, draft)

    each_persona(check)


def test_api_read_follows_visibility(personas, draft):
    def check(persona):
        client = personas.client(persona)
        expected = 200 if _readable(persona, draft) else 404
        assert client.get(f"/api/v1/matrix/matrices/{draft.pk}").status_code == expected
        assert client.get(f"/api/v1/matrix/matrices/{draft.pk}/entries").status_code == expected
        assert (
            client.get(f"/api/v1/matrix/matrices/{draft.pk}/entries/OP1-01/history").status_code
            == expected
        )
        listed = {m["id"] for m in client.get("/api/v1/matrix/matrices?state=UZB").json()["items"]}
        assert (draft.pk in listed) == _readable(persona, draft)
        versions = {m["id"] for m in client.get("/api/v1/matrix/states/UZB/versions").json()}
        assert (draft.pk in versions) == _readable(persona, draft)
        if expected == 404:
            assert "detail" in client.get(f"/api/v1/matrix/matrices/{draft.pk}").json()

    each_persona(check)


def test_edit_form_access(personas, draft):
    def check(persona):
        entry = draft.entries.get(field__key="OP1-02")
        response = personas.client(persona).get(
            f"/matrix/UZB/v{draft.version}/entries/{entry.pk}/edit/"
        )
        if persona == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        elif persona in WRITERS[draft.visibility]:
            assert response.status_code == 200
        elif _readable(persona, draft):
            assert response.status_code == 403
        else:
            assert response.status_code == 404

    each_persona(check)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_edit_post_changes_only_for_writers(personas, draft, persona):
    entry = draft.entries.get(field__key="OP1-02")
    personas.client(persona).post(
        f"/matrix/UZB/v{draft.version}/entries/{entry.pk}/edit/",
        {"mark": "X", "revision": entry.revision},
    )
    entry.refresh_from_db()
    assert (entry.mark == "X") == (persona in WRITERS[draft.visibility])


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_api_patch_only_for_writers(personas, draft, persona):
    entry = draft.entries.get(field__key="OP1-02")
    response = personas.client(persona).patch(
        f"/api/v1/matrix/matrices/{draft.pk}/entries/OP1-02",
        {"mark": "X", "revision": entry.revision},
        content_type="application/json",
    )
    if persona in WRITERS[draft.visibility]:
        assert response.status_code == 200
        assert response.json()["mark"] == "X"
    elif _readable(persona, draft):
        assert response.status_code == 403
    else:
        assert response.status_code in (401, 404)
    entry.refresh_from_db()
    assert (entry.mark == "X") == (persona in WRITERS[draft.visibility])


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_workflow_steps_by_role(personas, framework, persona):
    """Coordinator and experts submit; only experts approve; outsiders get 404."""
    draft = build_matrix(personas.uzb, {"OP1-01": "X"}, draft_visibility=Visibility.COMMITTEE)
    client = personas.client(persona)
    client.post(f"/matrix/UZB/v{draft.version}/submit/")
    draft.refresh_from_db()
    assert (draft.status == "submitted") == (persona in {"coordinator", "expert", "admin"})
    if draft.status != "submitted":
        return
    client.post(f"/matrix/UZB/v{draft.version}/approve/")
    draft.refresh_from_db()
    assert (draft.status == "approved") == (persona in {"expert", "admin"})


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_only_the_coordinator_changes_sharing(personas, approved, persona):
    before = approved.visibility
    # An approved version stays with the Committee; the coordinator may widen or narrow
    # between committee and public.
    wanted = "public" if before != "public" else "committee"
    personas.client(persona).post(
        f"/sharing/matrix/{approved.pk}/", {"action": "level", "level": wanted, "confirm": "on"}
    )
    approved.refresh_from_db()
    assert (approved.visibility == wanted) == (persona == "coordinator")


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_start_draft_and_import_need_a_coordinator_or_expert(personas, framework, persona):
    response = personas.client(persona).post("/matrix/UZB/drafts/new/")
    started = personas.uzb.matrix_set.exists()
    assert started == (persona in {"coordinator", "expert", "admin"})
    if persona == "anonymous":
        assert response.status_code == 302


def test_field_history_only_shows_visible_versions(personas, draft):
    def check(persona):
        response = personas.client(persona).get("/matrix/UZB/fields/OP1-01/history/")
        assert response.status_code == (200 if _readable(persona, draft) else 404)

    each_persona(check)
