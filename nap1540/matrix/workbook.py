"""The matrix workbook: a header sheet plus one sheet per section, written and read back.

Plain data in, plain data out (no database), so the round-trip can be tested with
hypothesis. Rows are keyed by field id (column A); labels are for people and are not
read back. Text goes through the shared escaping rule (`web.rendering.xlsx`): a value
that a spreadsheet could take for a formula is stored with a leading apostrophe, which
the reader removes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from nap1540.core.http.uploads import READ_ERRORS, UnreadableUpload, damaged_workbook, open_workbook
from nap1540.core.i18n import marked
from nap1540.core.rendering.formats import document_language
from nap1540.core.rendering.xlsx import (
    new_workbook,
    safe_cell_value,
    safe_sheet_title,
    unescape_cell_text,
    workbook_bytes,
    write_table,
)
from nap1540.core.text import quoted
from nap1540.matrix.models import REFERENCE_KEYS, SourceKind
from nap1540.matrix.values import EVIDENCE_KEYS, blank_snapshot, clean_values

HEADER_SHEET = "Matrix"
# Header block rows (column A label, column B value); positions are the format.
ROW_STATE, ROW_CODE, ROW_REPORT, ROW_ADDENDA, ROW_APPROVED = 3, 4, 5, 6, 7
ROW_VERSION, ROW_STATUS, ROW_LIBRARY, ROW_FW_VERSION, ROW_EXPORTED = 8, 9, 10, 11, 12
TABLE_HEADER_ROW = 4
# (snapshot key, reference part or "") for columns D onwards; A-C are id, label, weapon.
VALUE_COLUMNS: list[tuple[str, str]] = [
    ("mark", ""),
    *[("legal_reference", k) for k in REFERENCE_KEYS],
    *[("enforcement_reference", k) for k in REFERENCE_KEYS],
    ("source_kind", ""),
    ("source_document", ""),
    ("source_page", ""),
    ("source_url", ""),
    ("remarks", ""),
]
FIRST_VALUE_COLUMN = 4


def column_headers() -> list[str]:
    return [
        _("Field id"),
        _("Field"),
        _("Weapon"),
        _("Mark (X, ?, NA or blank)"),
        _("Legal instrument"),
        _("Article"),
        _("Date"),
        _("Link"),
        _("Enforcement / penalties: instrument"),
        _("Enforcement: article"),
        _("Enforcement: date"),
        _("Enforcement: link"),
        _("Source (%(kinds)s)") % {"kinds": ", ".join(v for v in SourceKind.values if v)},
        _("Source document"),
        _("Page"),
        _("Source link"),
        _("Remarks"),
    ]


def field_id_headers() -> set[str]:
    """The "Field id" header in every interface language, to find the table's header row."""
    out = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out.add(_("Field id").casefold())
    return out


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    section: str
    order: int
    weapon_category: str = ""


@dataclass
class SectionSpec:
    code: str
    title: str
    order: int
    fields: list[FieldSpec] = field(default_factory=list)


@dataclass
class FrameworkSpec:
    library: str
    version: int
    name: str
    sections: list[SectionSpec]
    disclaimers: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, FieldSpec]:
        return {f.key: f for s in self.sections for f in s.fields}

    @classmethod
    def from_framework(cls, framework: Any) -> FrameworkSpec:
        sections = {
            s.code: SectionSpec(s.code, marked(s.tr("title")), s.order)
            for s in framework.sections.all()
        }
        for f in framework.fields.select_related("section").order_by("section__order", "order"):
            sections[f.section.code].fields.append(
                FieldSpec(f.key, marked(f.tr("label")), f.section.code, f.order, f.weapon_category)
            )
        return cls(
            framework.library,
            framework.version,
            framework.name,
            sorted(sections.values(), key=lambda s: s.order),
            list(framework.disclaimers),
        )

    @classmethod
    def from_json(cls, path: Path) -> FrameworkSpec:
        doc = json.loads(path.read_text(encoding="utf-8"))
        sections = {
            s["code"]: SectionSpec(s["code"], s["title"], s["order"]) for s in doc["sections"]
        }
        for f in sorted(doc["fields"], key=lambda f: f["order"]):
            sections[f["section"]].fields.append(
                FieldSpec(f["id"], f["label"], f["section"], f["order"], f["weapon_category"] or "")
            )
        return cls(
            doc["library"],
            doc["version"],
            doc["name"],
            sorted(sections.values(), key=lambda s: s.order),
            doc.get("disclaimers", []),
        )


@dataclass
class MatrixHeader:
    state_code: str
    state_name: str = ""
    version: int | None = None
    status: str = ""
    report_date: date | None = None
    addenda_dates: list[date] = field(default_factory=list)
    approved_on: date | None = None


@dataclass(frozen=True)
class Problem:
    """One reason a workbook is refused, located by sheet, row and column."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        place = ", ".join(where) or _("workbook")
        return f"{place[:1].upper()}{place[1:]}: {self.message}"


@dataclass
class ParsedWorkbook:
    header: MatrixHeader | None
    library: str
    framework_version: int | None
    entries: dict[str, dict[str, Any]]
    problems: list[Problem]


# --- writing ---------------------------------------------------------------------------


def _row_values(f: FieldSpec, snap: dict[str, Any]) -> list[Any]:
    values: list[Any] = [f.key, f.label, f.weapon_category]
    for key, part in VALUE_COLUMNS:
        value = snap.get(key, "")
        values.append((value or {}).get(part, "") if part else value)
    return [v if v != "" else None for v in values]


def write_workbook(
    spec: FrameworkSpec,
    header: MatrixHeader,
    entries: dict[str, dict[str, Any]],
    *,
    exported_at: datetime | None = None,
    demo: bool = False,
) -> bytes:
    """The State's matrix as XLSX bytes, laid out like the Committee's matrix.

    `demo` marks illustrative content on every sheet (in cells the import does not read),
    so a demo workbook passed around outside the platform still says what it is.
    """
    demo_label = _("Demo data")
    demo_text = _(
        "Illustrative content for trying the platform; it is not the 1540 "
        "Committee's assessment of this State."
    )
    demo_note = f"{demo_label}: {demo_text}" if demo else ""
    wb = new_workbook(
        title=_("1540 Committee matrix: %(state)s") % {"state": header.state_name},
        subject=spec.name,
        keywords=["1540", header.state_code],
        language=document_language(),
    )
    ws = wb.active
    ws.title = HEADER_SHEET
    ws["A1"] = safe_cell_value(_("1540 COMMITTEE MATRIX"))
    ws["A1"].font = Font(bold=True, size=14)
    if demo_note:
        ws["A2"] = safe_cell_value(demo_note)
        ws["A2"].font = Font(bold=True, color="9C5700")
        ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells("A2:B2")
        ws.row_dimensions[2].height = 30
    rows = [
        (ROW_STATE, _("State"), header.state_name),
        (ROW_CODE, _("State code (ISO 3166 alpha-3)"), header.state_code),
        (ROW_REPORT, _("Date of Report"), header.report_date),
        (
            ROW_ADDENDA,
            _("Date(s) of Addendum / Additional Reports"),
            "; ".join(d.isoformat() for d in header.addenda_dates),
        ),
        (ROW_APPROVED, _("Last Revised / Date of Committee Approval"), header.approved_on),
        (ROW_VERSION, _("Matrix version"), header.version),
        (ROW_STATUS, _("Status"), header.status),
        (ROW_LIBRARY, _("Template"), spec.library),
        (ROW_FW_VERSION, _("Template version"), spec.version),
        (ROW_EXPORTED, _("Exported"), exported_at),
    ]
    for row, label, value in rows:
        ws.cell(row=row, column=1, value=safe_cell_value(label)).font = Font(bold=True)
        cell = ws.cell(row=row, column=2, value=safe_cell_value(value if value != "" else None))
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
    row = ROW_EXPORTED + 2
    ws.cell(row=row, column=1, value=safe_cell_value(_("Notes"))).font = Font(bold=True)
    notes = [
        *spec.disclaimers,
        _(
            "Edit the section sheets and import the workbook back; the field id in column A "
            "identifies each row. Rows, sheets and the header positions must stay where they are."
        ),
    ]
    for i, note in enumerate(notes, start=row + 1):
        # Across A:B and wrapped, so the notes print inside the page, not in strips beside it.
        ws.cell(row=i, column=1, value=safe_cell_value(note)).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=2)
        ws.row_dimensions[i].height = 15 * (1 + len(note) // 80)
    ws.column_dimensions["A"].width = 45
    ws.column_dimensions["B"].width = 40
    headers = column_headers()
    for section in spec.sections:
        sheet = wb.create_sheet(safe_sheet_title(section.code))
        sheet["A1"] = safe_cell_value(f"{section.code}: {section.title}")
        sheet["A1"].font = Font(bold=True)
        sheet["A2"] = safe_cell_value(_("State"))
        sheet["B2"] = safe_cell_value(f"{header.state_name} ({header.state_code})")
        sheet.append([])
        count = write_table(
            sheet,
            headers,
            (_row_values(f, entries.get(f.key, blank_snapshot())) for f in section.fields),
            widths=[18, 50, 8, 10, 30, 12, 12, 30, 30, 12, 12, 30, 18, 30, 8, 30, 50],
        )
        last = TABLE_HEADER_ROW + max(count, 1)
        marks = DataValidation(type="list", formula1='"X,?,NA"', allow_blank=True)
        marks.error = _("Use X, ?, NA or leave the cell empty.")
        marks.add(f"D{TABLE_HEADER_ROW + 1}:D{last}")
        kinds = ",".join(v for v in SourceKind.values if v)
        sources = DataValidation(type="list", formula1=f'"{kinds}"', allow_blank=True)
        sources.add(f"M{TABLE_HEADER_ROW + 1}:M{last}")
        sheet.add_data_validation(marks)
        sheet.add_data_validation(sources)
        if demo_note:
            sheet["A3"] = safe_cell_value(demo_note)
            sheet["A3"].font = Font(bold=True, color="9C5700")
        # 17 wide columns: three landscape pages across, each repeating the field id and
        # the column titles, so every printed strip can be read on its own.
        _fit_to_page_width(sheet, landscape=True, pages_wide=3)
        sheet.print_title_rows = f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW}"
        sheet.print_title_cols = "A:A"
    _fit_to_page_width(ws, landscape=False)
    ws.print_area = f"A1:B{row + len(notes)}"
    return workbook_bytes(wb)


def _fit_to_page_width(sheet: Any, *, landscape: bool, pages_wide: int = 1) -> None:
    """Print a sheet a fixed number of pages wide (as many pages tall as needed)."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- reading ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell's value as the text we stored (numbers and dates typed in Excel included)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return unescape_cell_text(str(value))


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(_text(value).strip())


def _formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def parse_workbook(
    content: bytes, find_spec: Callable[[str, int], FrameworkSpec | None]
) -> tuple[ParsedWorkbook, FrameworkSpec | None]:
    """Read and check a matrix workbook; every problem found is listed, nothing is written."""
    problems: list[Problem] = []
    parsed = ParsedWorkbook(None, "", None, {}, problems)
    try:
        wb = open_workbook(content)
    except UnreadableUpload as exc:
        problems.append(Problem("", 0, "", str(exc)))
        return parsed, None
    try:
        if HEADER_SHEET not in wb.sheetnames:
            problems.append(Problem(HEADER_SHEET, 0, "", _("the header sheet is missing")))
            return parsed, None
        sheet_rows = wb[HEADER_SHEET].iter_rows(min_row=1, max_row=ROW_EXPORTED, max_col=2)
        head = dict(enumerate(sheet_rows, start=1))

        def value(row: int) -> Any:
            cells = head.get(row)
            if cells is None or len(cells) < 2:
                return None
            if _formula(cells[1]):
                problems.append(Problem(HEADER_SHEET, row, "B", _("formulas are not accepted")))
                return None
            return cells[1].value

        code = _text(value(ROW_CODE)).strip().upper()
        if not code:
            problems.append(Problem(HEADER_SHEET, ROW_CODE, "B", _("the State code is missing")))
        header = MatrixHeader(state_code=code, state_name=_text(value(ROW_STATE)))
        for row, attr in ((ROW_REPORT, "report_date"), (ROW_APPROVED, "approved_on")):
            try:
                setattr(header, attr, _date(value(row)))
            except ValueError:
                problems.append(
                    Problem(HEADER_SHEET, row, "B", _("not a date; write it as YYYY-MM-DD"))
                )
        addenda = _text(value(ROW_ADDENDA))
        for part in filter(None, (p.strip() for p in addenda.replace(",", ";").split(";"))):
            try:
                header.addenda_dates.append(date.fromisoformat(part))
            except ValueError:
                problems.append(
                    Problem(
                        HEADER_SHEET,
                        ROW_ADDENDA,
                        "B",
                        _(
                            "%(value)s is not a date; list dates as YYYY-MM-DD "
                            "separated by semicolons"
                        )
                        % {"value": quoted(part[:30])},
                    )
                )
        header.addenda_dates.sort()
        library = _text(value(ROW_LIBRARY)).strip()
        raw_version = value(ROW_FW_VERSION)
        try:
            fw_version = int(_text(raw_version))
        except ValueError:
            fw_version = None
            problems.append(
                Problem(
                    HEADER_SHEET,
                    ROW_FW_VERSION,
                    "B",
                    _("the template version must be a whole number"),
                )
            )
        parsed.header, parsed.library, parsed.framework_version = header, library, fw_version
        spec = find_spec(library, fw_version) if fw_version is not None else None
        if spec is None:
            if fw_version is not None:
                problems.append(
                    Problem(
                        HEADER_SHEET,
                        ROW_LIBRARY,
                        "B",
                        _("template %(library)s version %(version)s is not loaded")
                        % {"library": library or "?", "version": fw_version},
                    )
                )
            return parsed, None
        _read_sections(wb, spec, parsed)
        return parsed, spec
    except READ_ERRORS as exc:
        problems.append(Problem("", 0, "", str(damaged_workbook(exc))))
        return parsed, None
    finally:
        wb.close()


def _read_sections(wb: Any, spec: FrameworkSpec, parsed: ParsedWorkbook) -> None:
    problems = parsed.problems
    known = spec.fields
    by_title = {safe_sheet_title(s.code): s for s in spec.sections}
    id_headers = field_id_headers()
    seen: dict[str, tuple[str, int]] = {}
    for name in wb.sheetnames:
        if name == HEADER_SHEET:
            continue
        section = by_title.get(name)
        if section is None:
            codes = ", ".join(s.code for s in spec.sections)
            problems.append(
                Problem(
                    name,
                    0,
                    "",
                    _("this sheet is not a section of the template (expected %(codes)s)")
                    % {"codes": codes},
                )
            )
            continue
        rows = wb[name].iter_rows()
        header_row = 0
        for row in rows:
            first = row[0] if row else None
            if first is not None and str(first.value or "").strip().casefold() in id_headers:
                header_row = first.row
                break
        if not header_row:
            problems.append(Problem(name, 0, "A", _('no header row with "Field id" in column A')))
            continue
        for row in rows:
            _read_row(name, section.code, row, known, seen, parsed)


def _read_row(
    sheet: str,
    section: str,
    row: Iterable[Any],
    known: dict[str, FieldSpec],
    seen: dict[str, tuple[str, int]],
    parsed: ParsedWorkbook,
) -> None:
    problems = parsed.problems
    cells = [c for c in row if getattr(c, "row", None)]
    if not cells:
        return
    number = cells[0].row
    by_col = {c.column: c for c in cells}
    for c in cells:
        if _formula(c):
            problems.append(
                Problem(
                    sheet,
                    number,
                    get_column_letter(c.column),
                    _("formulas are not accepted; type the value"),
                )
            )
    if all(c.value is None or _text(c.value).strip() == "" for c in cells):
        return
    key_cell = by_col.get(1)
    key = _text(key_cell.value if key_cell else None).strip()
    if not key:
        problems.append(Problem(sheet, number, "A", _("the field id is missing")))
        return
    spec = known.get(key)
    if spec is None:
        problems.append(
            Problem(sheet, number, "A", _("unknown field id %(key)s") % {"key": quoted(key[:60])})
        )
        return
    if spec.section != section:
        problems.append(
            Problem(
                sheet,
                number,
                "A",
                _("field %(key)s belongs on sheet %(sheet)s") % {"key": key, "sheet": spec.section},
            )
        )
        return
    if key in seen:
        problems.append(
            Problem(
                sheet,
                number,
                "A",
                _("field %(key)s is listed twice (also on sheet %(sheet)s row %(row)d)")
                % {"key": key, "sheet": seen[key][0], "row": seen[key][1]},
            )
        )
        return
    seen[key] = (sheet, number)
    data: dict[str, Any] = {k: "" for k in EVIDENCE_KEYS}
    data["legal_reference"], data["enforcement_reference"] = {}, {}
    columns: dict[str, str] = {}
    for offset, (name, part) in enumerate(VALUE_COLUMNS):
        col = FIRST_VALUE_COLUMN + offset
        cell = by_col.get(col)
        text = _text(cell.value if cell is not None and not _formula(cell) else None)
        letter = get_column_letter(col)
        if part:
            data[name][part] = text
            columns[f"{name}.{part}"] = letter
        else:
            data[name] = text
            columns[name] = letter
    cleaned, value_problems = clean_values(data, partial=False)
    for p in value_problems:
        problems.append(Problem(sheet, number, columns.get(p.name, ""), p.message))
    parsed.entries[key] = cleaned
