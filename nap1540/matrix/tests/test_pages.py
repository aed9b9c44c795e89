"""The matrix page: layout, filters, coverage, changes since approved, as-of, workflow."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from openpyxl import load_workbook

from nap1540.core.audit import AuditEvent
from nap1540.matrix import exports, services
from nap1540.matrix.models import Matrix


def test_matrix_page_is_laid_out_like_the_committees(personas, uzb_matrices):
    page = personas.client("anonymous").get("/matrix/UZB/").content.decode()
    # Section codes stay left to right inside Arabic headings (docs/decisions/015).
    for heading in [
        '<bdi dir="ltr">OP1</bdi>: OP 1 and related',
        '<bdi dir="ltr">OP2</bdi>: OP 2',
        '<bdi dir="ltr">OP3(a)</bdi>:',
        '<bdi dir="ltr">OP3(b)</bdi>:',
        '<bdi dir="ltr">OP3(c)</bdi>:',
        '<bdi dir="ltr">OP3(d)</bdi>:',
    ]:
        assert heading in page
    assert "Nuclear (N)" in page and "Chemical (C)" in page and "Biological (B)" in page
    assert "OP2-*-01" in page  # one printed row, three weapon columns
    assert "Date of Report" in page and "Last Revised / Date of Committee Approval" in page
    assert "not a tool for measuring compliance" in page


def test_anonymous_sees_the_latest_public_approved_version(personas, uzb_matrices):
    page = personas.client("anonymous").get("/matrix/UZB/").content.decode()
    assert 'aria-current="page" title="Approved by the Committee">v2' in page
    assert ">v3" not in page and "/v3/" not in page


def test_coordinator_sees_the_draft_with_edit_buttons_and_changes(personas, uzb_matrices):
    page = personas.client("coordinator").get("/matrix/UZB/").content.decode()
    assert 'aria-current="page"' in page and "v3 (draft)" in page
    assert 'hx-get="/matrix/UZB/v3/entries/' in page
    assert "1 change since the last approved version" in page
    changes = personas.client("coordinator").get("/matrix/UZB/?view=changes").content.decode()
    assert "OP1-03" in changes and "OP1-01</span>" not in changes
    assert "changed since approved" in changes


def test_evidence_is_shown_beside_the_mark(personas, uzb_matrices):
    services.propose_changes(
        state=personas.uzb,
        by=personas.coordinator,
        changes=[
            {
                "field_key": "OP1-07",
                "mark": "X",
                "legal_reference": {
                    "instrument": "Law on chemical weapons <b>",
                    "article": "4",
                    "date": "2008",
                    "link": "https://lex.uz/1",
                },
                "enforcement_reference": {"instrument": "Criminal Code", "article": "246"},
                "source_kind": "national_report",
                "source_document": "Report 2017",
                "source_page": "12",
                "remarks": "First line\nsecond line",
            }
        ],
    )
    page = personas.client("coordinator").get("/matrix/UZB/").content.decode()
    assert "<span data-user-content>Law on chemical weapons &lt;b&gt;</span>, art. 4 (2008)" in page
    assert '<a href="https://lex.uz/1" rel="noopener noreferrer">link</a>' in page
    assert "Penalties:</span> <span data-user-content>Criminal Code</span>, art. 246" in page
    assert "<span data-user-content>National report, Report 2017, p. 12</span>" in page
    assert "First line<br>second line" in page


def test_filters_by_section_weapon_mark_and_date(personas, uzb_matrices):
    client = personas.client("coordinator")
    page = client.get("/matrix/UZB/?section=OP2&weapon=N&mark=X").content.decode()
    assert "OP2-*-01" in page and "OP1-01" not in page and "Chemical (C)" not in page
    partial = client.get(
        "/matrix/UZB/?mark=blank&section=OP1",
        headers={"HX-Request": "true", "HX-Target": "matrix-table"},
    )
    body = partial.content.decode()
    assert "<html" not in body and "OP1-05" in body and "OP1-01</span>" not in body
    later = datetime.now(UTC) + timedelta(days=3)
    entry = uzb_matrices["v3"].entries.get(field__key="OP1-08")
    with time_machine.travel(later, tick=False):
        services.edit_entry(
            entry, by=personas.coordinator, values={"mark": "NA"}, revision=entry.revision
        )
    since = (later - timedelta(days=1)).date().isoformat()
    changed = client.get(f"/matrix/UZB/?changed_since={since}").content.decode()
    assert "OP1-08" in changed and "OP1-03</span>" not in changed


def test_coverage_per_section(personas, uzb_matrices):
    page = personas.client("anonymous").get("/matrix/UZB/v2/").content.decode()
    # v2: OP1-01, OP1-02, OP1-07 X of 31 OP1 fields.
    assert f"{100 * 3 / 31:.1f} %" in page


def test_as_of_date_shows_the_version_of_that_day(personas, uzb_matrices):
    Matrix.objects.filter(pk=uzb_matrices["v1"].pk).update(
        created_at=datetime(2015, 1, 1, tzinfo=UTC)
    )
    Matrix.objects.filter(pk=uzb_matrices["v2"].pk).update(
        created_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    uzb_matrices["v1"].changes.update(changed_at=datetime(2015, 2, 1, tzinfo=UTC))
    page = personas.client("anonymous").get("/matrix/UZB/?as_of=2017-06-30").content.decode()
    assert "Version 1 as it stood at the end of" in page
    assert 'hx-get="/matrix/UZB/v' not in page.split("matrix-table")[1]
    early = personas.client("anonymous").get("/matrix/UZB/?as_of=2001-01-01").content.decode()
    assert "No version of this matrix that you can see existed on" in early
    api = personas.client("anonymous").get("/api/v1/matrix/states/UZB/as-of?on=2017-06-30")
    assert api.json()["version"] == 1
    assert api.json()["entries"]["OP2-N-01"]["mark"] == "?"


def test_diff_page_lists_field_differences(personas, uzb_matrices):
    page = personas.client("anonymous").get("/matrix/UZB/diff/?from=1&to=2").content.decode()
    assert "2 fields differ." in page and "OP2-N-01" in page and "OP1-02" in page
    api = (
        personas.client("anonymous")
        .get("/api/v1/matrix/states/UZB/diff?from_version=1&to_version=2")
        .json()
    )
    assert {r["field_key"] for r in api["rows"]} == {"OP2-N-01", "OP1-02"}
    assert personas.client("anonymous").get("/matrix/UZB/diff/?from=1&to=3").status_code == 404


def test_field_history_shows_who_when_before_after(personas, uzb_matrices):
    page = personas.client("coordinator").get("/matrix/UZB/fields/OP2-N-01/history/")
    body = page.content.decode()
    assert "Carried into a new version" in body and "Proposed from a plan or review" in body


def test_workflow_through_the_versions_page(personas, uzb_matrices):
    coordinator, expert = personas.client("coordinator"), personas.client("expert")
    assert "Submit to the Committee" in coordinator.get("/matrix/UZB/versions/").content.decode()
    coordinator.post(
        "/matrix/UZB/v3/header/", {"report_date": "2024-01-31", "addenda": "2024-05-01"}
    )
    coordinator.post("/matrix/UZB/v3/submit/", {"confirm": "1"})
    versions = expert.get("/matrix/UZB/versions/").content.decode()
    assert "Approve (Committee)" in versions
    approved = expert.post("/matrix/UZB/v3/approve/", follow=True).content.decode()
    assert "Who sees it has not changed" in approved
    v3 = Matrix.objects.get(pk=uzb_matrices["v3"].pk)
    # Approval never changes who sees a version: it stays with the Committee.
    assert v3.status == "approved" and v3.visibility == "committee" and v3.summary
    assert (
        v3.report_date is not None
        and v3.report_date.isoformat() == "2024-01-31"
        and v3.addenda_dates == ["2024-05-01"]
    )
    # Approved is immutable: no edit buttons, and a new draft starts from it.
    assert "/edit/" not in coordinator.get("/matrix/UZB/v3/").content.decode()
    response = coordinator.post("/matrix/UZB/drafts/new/")
    assert response.status_code == 302
    latest = services.latest_matrix(personas.uzb)
    assert latest is not None and latest.based_on == v3


def test_import_page_refuses_problems_and_imports_good_workbooks(personas, uzb_matrices):
    client = personas.client("coordinator")
    content = exports.matrix_workbook(uzb_matrices["v3"])
    wb = load_workbook(io.BytesIO(content))
    row = next(c.row for c in wb["OP1"]["A"] if c.value == "OP1-06")
    wb["OP1"][f"D{row}"] = "maybe"
    bad = io.BytesIO()
    wb.save(bad)
    bad.seek(0)
    bad.name = "bad.xlsx"
    response = client.post("/matrix/UZB/import/", {"workbook": bad})
    assert response.status_code == 422
    assert f"Sheet OP1, row {row}, column D: mark “maybe” is not one of" in (
        response.content.decode()
    )
    wb["OP1"][f"D{row}"] = "X"
    good = io.BytesIO()
    wb.save(good)
    good.seek(0)
    good.name = "good.xlsx"
    response = client.post("/matrix/UZB/import/", {"workbook": good})
    assert response.status_code == 302
    assert uzb_matrices["v3"].entries.get(field__key="OP1-06").mark == "X"
    assert personas.client("outsider").get("/matrix/UZB/import/").status_code == 403


def test_state_without_matrix_offers_a_draft_to_its_coordinator(personas, framework):
    page = personas.client("outsider").get("/matrix/KAZ/").content.decode()
    assert "Start a draft" in page
    assert "Start a draft" not in personas.client("viewer").get("/matrix/KAZ/").content.decode()
    state_page = personas.client("anonymous").get("/states/KAZ/").content.decode()
    assert "No matrix of this State that you can see." in state_page


def test_csv_export_escapes_formula_like_cells(personas, uzb_matrices):
    services.propose_changes(
        state=personas.uzb,
        by=personas.coordinator,
        changes=[{"field_key": "OP1-04", "mark": "X", "remarks": "=cmd|' /C calc'!A0"}],
    )
    body = personas.client("coordinator").get("/matrix/UZB/v3/export.csv").content.decode()
    assert "'=cmd|' /C calc'!A0" in body
    assert "\n=cmd" not in body and ",=cmd" not in body


def test_submitting_a_private_draft_shares_it_with_the_committee_after_confirming(
    personas, uzb_matrices
):
    coordinator = personas.client("coordinator")
    v3 = uzb_matrices["v3"]
    Matrix.objects.filter(pk=v3.pk).update(visibility="private")
    before = coordinator.get("/matrix/UZB/versions/").content.decode()
    # Said before submitting, next to the button, as a warning to tick.
    assert 'class="callout warning"' in before
    assert "Submitting shares this record with the 1540 Committee" in before
    assert 'class="data mx-version-table"' in before
    refused = coordinator.post("/matrix/UZB/v3/submit/", follow=True).content.decode()
    assert "Confirm the submission" in refused
    v3.refresh_from_db()
    assert (v3.status, v3.visibility) == ("draft", "private")
    done = coordinator.post("/matrix/UZB/v3/submit/", {"confirm": "1"}, follow=True)
    assert "Version 3 submitted to the Committee, which can now see it." in done.content.decode()
    v3.refresh_from_db()
    assert (v3.status, v3.visibility) == ("submitted", "committee")
    assert v3.is_visible_to(personas.expert)
    entry = AuditEvent.for_target(v3).get(action="sharing.level_changed")
    assert entry.actor == personas.coordinator and entry.data["reason"] == "submitted"


@pytest.mark.parametrize("query", ["from=abc&to=2", "from=1&to=99999999999999999999999"])
def test_diff_page_refuses_a_version_that_is_no_number_with_400(personas, uzb_matrices, query):
    response = personas.client("anonymous").get(f"/matrix/UZB/diff/?{query}")
    assert response.status_code == 400
    assert "must be a whole number from 1 to 9999." in response.content.decode()
