"""Two experts edit the same field at once: the second save is refused, never silently lost."""

from __future__ import annotations

import re

import pytest

from nap1540.core.visibility import Visibility
from nap1540.matrix.tests.conftest import build_matrix


@pytest.fixture
def draft(personas, framework):
    return build_matrix(personas.uzb, {"OP1-04": "?"}, draft_visibility=Visibility.COMMITTEE)


def _revision(html: str) -> str:
    match = re.search(r'name="revision" value="(\d+)"', html)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("htmx", [True, False])
def test_second_save_through_the_page_is_refused_with_a_clear_message(personas, draft, htmx):
    entry = draft.entries.get(field__key="OP1-04")
    url = f"/matrix/UZB/v{draft.version}/entries/{entry.pk}/edit/"
    headers = {"HX-Request": "true"} if htmx else {}
    first, second = personas.client("expert"), personas.client("admin")
    form_a = first.get(url, headers=headers).content.decode()
    form_b = second.get(url, headers=headers).content.decode()
    assert _revision(form_a) == _revision(form_b) == str(entry.revision)

    saved = first.post(
        url, {"mark": "X", "remarks": "Law adopted", "revision": _revision(form_a)}, headers=headers
    )
    assert saved.status_code == (200 if htmx else 302)

    refused = second.post(
        url,
        {"mark": "NA", "remarks": "Not relevant", "revision": _revision(form_b)},
        headers=headers,
    )
    body = refused.content.decode()
    assert refused.status_code == 409
    assert "Not saved" in body
    assert body.count("Not saved") == 1  # said once, not "Not saved. Not saved: ..."
    assert "was changed by expert" in body
    assert "Law adopted" in body  # the stored value is shown
    assert "Not relevant" in body  # and the second editor's input is kept
    entry.refresh_from_db()
    assert (entry.mark, entry.remarks, entry.updated_by) == ("X", "Law adopted", personas.expert)

    # Having seen the current value, the second expert may save again deliberately.
    again = second.post(
        url, {"mark": "NA", "remarks": "Not relevant", "revision": _revision(body)}, headers=headers
    )
    assert again.status_code == (200 if htmx else 302)
    entry.refresh_from_db()
    assert (entry.mark, entry.updated_by) == ("NA", personas.admin)
    assert list(entry.history.values_list("after__mark", flat=True)) == ["?", "X", "NA"]


def test_second_save_through_the_api_gets_409_with_the_current_value(personas, draft):
    url = f"/api/v1/matrix/matrices/{draft.pk}/entries/OP1-04"
    first, second = personas.client("expert"), personas.client("admin")
    revision = first.get(url).json()["revision"]
    assert second.get(url).json()["revision"] == revision

    ok = first.patch(url, {"mark": "X", "revision": revision}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["revision"] == revision + 1

    refused = second.patch(
        url, {"mark": "NA", "revision": revision}, content_type="application/json"
    )
    assert refused.status_code == 409
    payload = refused.json()
    assert "was changed by expert" in payload["detail"]
    assert "Your change would overwrite theirs" in payload["detail"]
    assert payload["current"]["mark"] == "X"
    assert payload["current"]["revision"] == revision + 1
    assert first.get(url).json()["mark"] == "X"


def test_api_refuses_edits_to_an_approved_version_with_409(personas, framework):
    approved = build_matrix(personas.uzb, {"OP1-01": "X"}, approve=True)
    response = personas.client("coordinator").patch(
        f"/api/v1/matrix/matrices/{approved.pk}/entries/OP1-01",
        {"mark": "?", "revision": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "approved" in response.json()["detail"]


def test_api_rejects_a_bad_mark_with_422(personas, draft):
    response = personas.client("expert").patch(
        f"/api/v1/matrix/matrices/{draft.pk}/entries/OP1-04",
        {"mark": "Y", "revision": 1},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "mark “Y” is not one of X, ?, NA or blank" in response.json()["detail"]


def test_page_refuses_a_bad_link_with_422_and_keeps_the_input(personas, draft):
    entry = draft.entries.get(field__key="OP1-04")
    response = personas.client("expert").post(
        f"/matrix/UZB/v{draft.version}/entries/{entry.pk}/edit/",
        {"mark": "X", "legal_link": "javascript:alert(1)", "revision": entry.revision},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "is not a web address" in response.content.decode()
    entry.refresh_from_db()
    assert entry.mark == "?"
