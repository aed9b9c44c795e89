import io
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from nap1540.core.rendering.xlsx import (
    FORMULA_TRIGGERS,
    MAX_CELL_CHARS,
    escape_cell_text,
    new_workbook,
    safe_cell_value,
    safe_sheet_title,
    unescape_cell_text,
    workbook_bytes,
    write_table,
)

DANGEROUS = ["=SUM(A1:A9)", "+1", "-2", "@cmd", "\tx", "\rx", "'quoted", '=HYPERLINK("http://x")']
# Characters an XLSX cell can hold (XML 1.0 chars minus the C0 controls openpyxl refuses).
STORABLE = st.characters(
    exclude_categories=["Cs"],
    exclude_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13)) + "\ufffe\uffff",
)


@given(st.text())
def test_escaping_round_trips_any_text(text: str):
    assert unescape_cell_text(escape_cell_text(text)) == text


@given(st.text())
def test_escaped_text_never_starts_with_a_formula_trigger(text: str):
    escaped = escape_cell_text(text)
    assert not escaped.startswith(FORMULA_TRIGGERS)
    value = safe_cell_value(text)
    assert isinstance(value, str) and not value.startswith(FORMULA_TRIGGERS)


def test_escaping_prefixes_one_apostrophe_only_when_needed():
    assert escape_cell_text("Uzbekistan") == "Uzbekistan"
    assert escape_cell_text("a=b") == "a=b"
    assert escape_cell_text("") == ""
    for text in DANGEROUS:
        assert escape_cell_text(text) == "'" + text


def test_safe_cell_value_passes_numbers_and_dates_through():
    assert safe_cell_value(None) is None
    assert safe_cell_value(-5) == -5
    assert safe_cell_value(2.5) == 2.5
    assert safe_cell_value(Decimal("1.10")) == Decimal("1.10")
    assert safe_cell_value(True) is True
    assert safe_cell_value(float("nan")) is None
    assert safe_cell_value(Decimal("-Infinity")) is None
    assert safe_cell_value(date(2017, 5, 22)) == date(2017, 5, 22)
    kabul = timezone(timedelta(hours=5))
    assert safe_cell_value(datetime(2017, 5, 22, 10, tzinfo=kabul)) == datetime(2017, 5, 22, 5)


def test_safe_cell_value_stringifies_other_objects_and_drops_control_characters():
    class Lazy:
        def __str__(self) -> str:
            return "=translated"

    assert safe_cell_value(Lazy()) == "'=translated"
    assert safe_cell_value("a\x00b\x07c") == "abc"
    assert len(str(safe_cell_value("x" * 40_000))) == MAX_CELL_CHARS


def read_back(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_write_table_stores_dangerous_text_as_text_and_importers_recover_it():
    wb = new_workbook(title="Export")
    ws = wb.active
    assert ws is not None
    write_table(ws, ["Name", "Value"], [[text, 1] for text in DANGEROUS])
    sheet = read_back(workbook_bytes(wb)).active
    assert sheet is not None
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
    assert [unescape_cell_text(str(cell.value)) for cell in cells] == DANGEROUS


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=STORABLE, max_size=50), min_size=1, max_size=5))
def test_text_survives_a_real_workbook_round_trip(texts: list[str]):
    wb = new_workbook(title="Round trip")
    ws = wb.active
    assert ws is not None
    write_table(ws, ["Text"], [[text] for text in texts])
    sheet = read_back(workbook_bytes(wb)).active
    assert sheet is not None
    back = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)]
    # openpyxl reads an empty string back as an empty cell.
    assert [unescape_cell_text(v) if v is not None else "" for v in back] == texts


def test_write_table_styles_the_header_freezes_it_and_sizes_columns():
    wb = new_workbook(title="Export")
    ws = wb.active
    assert ws is not None
    written = write_table(ws, ["State", "Notes"], [["Uzbekistan", "x" * 200], ["Kazakhstan", None]])
    assert written == 2
    sheet = read_back(workbook_bytes(wb)).active
    assert sheet is not None
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("DCE6F1")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["B"].width == 60


def test_write_table_below_existing_rows_freezes_at_its_own_header():
    wb = new_workbook(title="Export")
    ws = wb.active
    assert ws is not None
    ws.append(["Report title"])
    write_table(ws, ["A"], [[1], [2]], widths=[20])
    assert ws.freeze_panes == "A3"
    assert ws.auto_filter.ref == "A2:A4"
    assert ws.column_dimensions["A"].width == 20


def test_write_table_streams_rows_into_a_write_only_workbook():
    wb = new_workbook(title="Big export", write_only=True)
    title = safe_sheet_title("States: 1540/2004 [all] matrices and more words")
    assert title == "States 1540 2004 all matrices a"
    ws = wb.create_sheet(title)
    rows = ([f"State {i}", i, "=1+1"] for i in range(2000))
    assert write_table(ws, ["State", "N", "Formula-like"], rows) == 2000
    sheet = read_back(workbook_bytes(wb))[title]
    assert sheet.max_row == 2001
    assert sheet["C2"].value == "'=1+1"
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C2001"


def test_workbook_properties_are_set():
    wb = new_workbook(title="Matrix export", creator="nap1540", subject="1540", language="ru")
    props = read_back(workbook_bytes(wb)).properties
    assert props.title == "Matrix export"
    assert props.creator == "nap1540"
    assert props.subject == "1540"
    assert props.language == "ru"
    assert props.created is not None
    assert props.created <= datetime.now(UTC).replace(tzinfo=None)


def test_safe_sheet_title_respects_excel_rules():
    assert safe_sheet_title("a/b\\c?d*e[f]g:h") == "a b c d e f g h"
    assert len(safe_sheet_title("x" * 40)) == 31
    assert safe_sheet_title("''") == "Sheet"
    assert safe_sheet_title("Узбекистан") == "Узбекистан"


def test_headers_are_escaped_too():
    wb = new_workbook(title="T")
    ws = wb.active
    assert ws is not None
    write_table(ws, ["=cmd"], [])
    assert ws["A1"].value == "'=cmd"


def reopen(wb: openpyxl.Workbook) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb)))


def test_arabic_workbooks_read_from_the_right_in_a_font_with_arabic_letters():
    wb = new_workbook(title="حالة", language="ar")
    ws = wb.active
    assert ws is not None
    write_table(ws, ["المجال", "المعدل"], [["OP1", 50]])
    wb.create_sheet("ب")
    out = reopen(wb)
    assert out.properties.language == "ar"
    assert [sheet.sheet_view.rightToLeft for sheet in out.worksheets] == [True, True]
    sheet = out.worksheets[0]
    assert sheet["A1"].font.name == "Noto Sans Arabic" and sheet["A1"].font.b
    assert sheet["A2"].font.name == "Noto Sans Arabic"  # cells without a font of their own


def test_write_only_arabic_sheets_read_from_the_right_too():
    wb = new_workbook(title="حالة", language="ar", write_only=True)
    write_table(wb.create_sheet(), ["المجال"], [["OP1"]])
    assert reopen(wb).worksheets[0].sheet_view.rightToLeft


def test_chinese_workbooks_default_to_the_cjk_font_and_others_stay_as_they_were():
    wb = new_workbook(title="计划", language="zh-hans")
    assert reopen(wb).worksheets[0]["A1"].font.name == "Noto Sans CJK SC"
    assert reopen(wb).properties.language == "zh-Hans"
    for language in (None, "ru"):
        plain = reopen(new_workbook(title="T", language=language))
        assert plain.worksheets[0]["A1"].font.name == "Calibri"
        assert not plain.worksheets[0].sheet_view.rightToLeft
