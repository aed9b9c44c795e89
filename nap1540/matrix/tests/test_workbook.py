"""Excel round-trip: export -> import gives back the same matrix; bad workbooks are refused."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from nap1540.matrix import exports, services
from nap1540.matrix.loaders import FRAMEWORK_DATA
from nap1540.matrix.models import Entry, EntryChange, Matrix
from nap1540.matrix.services.imports import import_workbook
from nap1540.matrix.values import blank_snapshot, clean_values
from nap1540.matrix.workbook import (
    HEADER_SHEET,
    FrameworkSpec,
    MatrixHeader,
    parse_workbook,
    write_workbook,
)

SPEC = FrameworkSpec.from_json(FRAMEWORK_DATA / "1540-matrix-2013.json")
KEYS = list(SPEC.fields)


def find_spec(library, version):
    return SPEC if (library, version) == (SPEC.library, SPEC.version) else None


# --- property: lossless round-trip (no database) ---------------------------------------

# Any storable text, including formula triggers, apostrophes, quotes, newlines, tabs and
# non-Latin scripts; values are cleaned as the services clean them before storing. The
# control characters the services refuse are left out here (their refusal is pinned in
# test_units), or most examples would be thrown away.
REFUSED = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters=REFUSED), max_size=60)
triggers = st.sampled_from(["=", "+", "-", "@", "'", "=SUM(A1:A2)", "@cmd", "-1", "'quoted"])
tricky = st.one_of(text, st.builds(lambda a, b: a + b, triggers, text))
links = st.one_of(
    st.just(""),
    st.builds(lambda s: f"https://example.org/{s}", st.text("abc/=+-@?&%._~", max_size=20)),
)
reference = st.fixed_dictionaries(
    {"instrument": tricky, "article": tricky, "date": tricky, "link": links}
)
raw_entry = st.fixed_dictionaries(
    {
        "mark": st.sampled_from(["X", "?", "NA", ""]),
        "legal_reference": reference,
        "enforcement_reference": reference,
        "remarks": st.one_of(tricky, st.lists(tricky, max_size=3).map("\n".join)),
        "source_kind": st.sampled_from(
            ["", "national_report", "website", "international_org", "other"]
        ),
        "source_document": tricky,
        "source_page": st.one_of(tricky, st.integers(1, 500).map(str)),
        "source_url": links,
    }
)


def storable(raw):
    """What the services would store for this input, or None when they would refuse it."""
    cleaned, problems = clean_values(raw, partial=False)
    return None if problems else cleaned


entries_strategy = st.dictionaries(
    st.sampled_from(KEYS), raw_entry.map(storable).filter(lambda v: v is not None), max_size=25
)
dates = st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2100, 12, 31)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=entries_strategy,
    report=dates,
    addenda=st.lists(st.dates(date(1990, 1, 1), date(2100, 1, 1)), max_size=3, unique=True),
    approved=dates,
)
def test_workbook_round_trip_is_lossless(entries, report, addenda, approved):
    full = {k: entries.get(k, blank_snapshot()) for k in KEYS}
    header = MatrixHeader("UZB", "Uzbekistan", 2, "Draft", report, sorted(addenda), approved)
    content = write_workbook(SPEC, header, full)
    parsed, spec = parse_workbook(content, find_spec)
    assert parsed.problems == []
    assert spec is SPEC
    assert parsed.header is not None
    assert parsed.entries == full
    assert (parsed.header.report_date, parsed.header.addenda_dates, parsed.header.approved_on) == (
        report,
        sorted(addenda),
        approved,
    )
    assert parsed.header.state_code == "UZB"


def test_formula_like_text_is_escaped_in_cells():
    snap = blank_snapshot() | {
        "remarks": '=HYPERLINK("http://x")',
        "source_page": "-1",
        "source_document": "@SUM(1)",
        "mark": "X",
    }
    content = write_workbook(SPEC, MatrixHeader("UZB", "Uzbekistan"), {"OP1-01": snap})
    wb = load_workbook(io.BytesIO(content))
    row = next(r for r in wb["OP1"].iter_rows(values_only=True) if r[0] == "OP1-01")
    assert all(not (isinstance(v, str) and v[:1] in "=+-@") for v in row)
    assert '\'=HYPERLINK("http://x")' in row
    assert all(c.data_type != "f" for r in wb["OP1"].iter_rows() for c in r)


def test_workbook_prints_in_readable_pages_not_strips():
    content = write_workbook(SPEC, MatrixHeader("UZB", "Uzbekistan"), {})
    wb = load_workbook(io.BytesIO(content))
    header = wb["Matrix"]
    assert header.sheet_properties.pageSetUpPr.fitToPage
    assert (header.page_setup.fitToWidth, header.page_setup.fitToHeight) == (1, 0)
    assert header.print_area  # the notes wrap inside A:B instead of spilling to the right
    assert all(cell.alignment.wrap_text for cell in header["A"][14:18])
    for ws in wb.worksheets[1:]:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 3
        assert (ws.print_title_rows, ws.print_title_cols) == ("$4:$4", "$A:$A")
    parsed, _spec = parse_workbook(content, find_spec)
    assert parsed.problems == []


def test_demo_workbook_says_so_on_every_sheet_and_still_imports():
    snap = blank_snapshot() | {"mark": "X", "remarks": "Law adopted"}
    full = {k: blank_snapshot() for k in KEYS} | {"OP1-01": snap}
    content = write_workbook(SPEC, MatrixHeader("UZB", "Uzbekistan"), full, demo=True)
    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        texts = [c.value for r in ws.iter_rows(max_row=4) for c in r if isinstance(c.value, str)]
        assert any(t.startswith("Demo data:") for t in texts), ws.title
    parsed, _spec = parse_workbook(content, find_spec)
    assert parsed.problems == []
    assert parsed.entries == full

    plain = load_workbook(io.BytesIO(write_workbook(SPEC, MatrixHeader("UZB", "Uzbekistan"), full)))
    assert not any(
        isinstance(c.value, str) and c.value.startswith("Demo data")
        for ws in plain.worksheets
        for r in ws.iter_rows()
        for c in r
    )


# --- through the database --------------------------------------------------------------


def entry_values(matrix):
    return {e.field.key: e.snapshot() for e in matrix.entries.select_related("field")}


def test_export_then_import_gives_back_the_same_matrix(personas, uzb_matrices):
    draft = uzb_matrices["v3"]
    entry = draft.entries.get(field__key="OP2-C-05")
    services.edit_entry(
        entry,
        by=personas.coordinator,
        revision=entry.revision,
        values={
            "mark": "?",
            "legal_reference": {
                "instrument": "=Criminal Code",
                "article": "246-1",
                "date": "2001",
                "link": "https://lex.uz/docs/1",
            },
            "remarks": "Two lines\nof remarks",
            "source_kind": "national_report",
            "source_page": "12",
        },
    )
    services.update_header(
        draft,
        by=personas.coordinator,
        report_date=date(2004, 11, 1),
        addenda_dates=[date(2006, 3, 1), date(2010, 5, 2)],
    )
    draft.refresh_from_db()
    before = entry_values(draft)
    content = exports.matrix_workbook(draft)
    # Wipe the draft, then import the workbook: everything comes back.
    Entry.objects.filter(matrix=draft).update(
        mark="",
        remarks="",
        legal_reference=blank_snapshot()["legal_reference"],
        enforcement_reference=blank_snapshot()["enforcement_reference"],
        source_kind="",
        source_document="",
        source_page="",
        source_url="",
    )
    Matrix.objects.filter(pk=draft.pk).update(report_date=None, addenda_dates=[])
    result = import_workbook(content, by=personas.coordinator)
    assert result.ok, [str(p) for p in result.problems]
    draft.refresh_from_db()
    assert entry_values(draft) == before
    assert (draft.report_date, draft.addenda_dates) == (
        date(2004, 11, 1),
        ["2006-03-01", "2010-05-02"],
    )
    assert EntryChange.objects.filter(matrix=draft, kind=EntryChange.Kind.IMPORTED).exists()


def test_importing_an_approved_export_starts_a_draft_with_the_same_answers(personas, make_matrix):
    v1 = make_matrix(personas.kaz, {"OP1-01": "X", "OP2-B-01": "?"}, approve=True)
    result = import_workbook(exports.matrix_workbook(v1), by=personas.outsider)
    assert result.ok and result.changed == []
    assert result.matrix is not None and result.matrix.version == 2
    assert entry_values(result.matrix) == entry_values(v1)


def _edit_cell(content, sheet, ref, value):
    wb = load_workbook(io.BytesIO(content))
    wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row_of(content, sheet, key):
    wb = load_workbook(io.BytesIO(content))
    return next(c.row for c in wb[sheet]["A"] if c.value == key)


def _database_state():
    return (
        list(Entry.objects.order_by("pk").values_list("pk", "mark", "revision", "remarks")),
        EntryChange.objects.count(),
        list(Matrix.objects.order_by("pk").values_list("pk", "version", "status", "report_date")),
    )


def test_bad_workbook_is_refused_with_sheet_row_and_column_and_nothing_changes(
    personas, uzb_matrices
):
    content = exports.matrix_workbook(uzb_matrices["v3"])
    row_mark = _row_of(content, "OP2", "OP2-N-03")
    row_key = _row_of(content, "OP1", "OP1-05")
    content = _edit_cell(content, "OP2", f"D{row_mark}", "Y")  # bad mark
    content = _edit_cell(content, "OP1", f"A{row_key}", "OP1-99")  # unknown field
    content = _edit_cell(content, "OP1", f"D{row_key}", "X")
    content = _edit_cell(content, "OP3(d)", "H7", "not a link")  # bad legal link
    content = _edit_cell(content, "OP3(d)", "D7", "X")
    before = _database_state()
    result = import_workbook(content, by=personas.coordinator)
    messages = [str(p) for p in result.problems]
    assert f"Sheet OP2, row {row_mark}, column D: mark “Y” is not one of X, ?, NA or blank" in (
        messages
    )
    assert f"Sheet OP1, row {row_key}, column A: unknown field id “OP1-99”" in messages
    assert any(m.startswith("Sheet OP3(d), row 7, column H:") for m in messages)
    assert _database_state() == before


def test_workbook_of_another_state_is_refused(personas, uzb_matrices, make_matrix):
    kaz = make_matrix(personas.kaz, {"OP1-01": "X"}, approve=True)
    before = _database_state()
    result = import_workbook(
        exports.matrix_workbook(kaz), by=personas.coordinator, expected_state=personas.uzb
    )
    assert [str(p) for p in result.problems] == [
        "Sheet Matrix, row 4, column B: this workbook is the matrix of KAZ, not of UZB"
    ]
    assert _database_state() == before


def test_unknown_state_code_is_refused(personas, uzb_matrices):
    content = _edit_cell(exports.matrix_workbook(uzb_matrices["v2"]), HEADER_SHEET, "B4", "XXX")
    result = import_workbook(content, by=personas.coordinator)
    assert "Sheet Matrix, row 4, column B: “XXX” is not a known State code" in [
        str(p) for p in result.problems
    ]


def test_not_a_workbook_is_refused(personas):
    result = import_workbook(b"this is not a zip file", by=personas.coordinator)
    assert len(result.problems) == 1
    assert "The file is not an Excel workbook (.xlsx), or it is damaged." in str(result.problems[0])


def test_formulas_typed_into_a_workbook_are_refused(personas, uzb_matrices):
    content = exports.matrix_workbook(uzb_matrices["v3"])
    row = _row_of(content, "OP1", "OP1-01")
    content = _edit_cell(content, "OP1", f"Q{row}", "=1+1")
    result = import_workbook(content, by=personas.coordinator)
    assert f"Sheet OP1, row {row}, column Q: formulas are not accepted; type the value" in [
        str(p) for p in result.problems
    ]


def test_dry_run_reports_changes_and_writes_nothing(personas, uzb_matrices):
    content = exports.matrix_workbook(uzb_matrices["v3"])
    row = _row_of(content, "OP1", "OP1-09")
    content = _edit_cell(content, "OP1", f"D{row}", "NA")
    before = _database_state()
    result = import_workbook(content, by=personas.coordinator, dry_run=True)
    assert result.ok and result.changed == ["OP1-09"]
    assert _database_state() == before


def test_generated_workbook_is_valid_office_open_xml(personas, uzb_matrices, tmp_path):
    content = exports.matrix_workbook(uzb_matrices["v2"])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"} <= names
        assert archive.testzip() is None
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Matrix", "OP1", "OP2", "OP3(a)", "OP3(b)", "OP3(c)", "OP3(d)"]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed; openpyxl's reading is the check")
    path = tmp_path / "matrix.xlsx"
    path.write_bytes(content)
    profile = tmp_path / "profile"
    completed = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert Path(tmp_path / "matrix.ods").stat().st_size > 1000
