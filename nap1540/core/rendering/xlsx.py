"""openpyxl helpers: formula-injection-safe cells, styled tables, workbook bytes.

The escaping rule (shared with importers through `unescape_cell_text`):

* a text value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  (what spreadsheets may read as a formula), or with ``'`` (so the rule stays reversible),
  gets one ``'`` in front;
* `unescape_cell_text` removes exactly one leading ``'``, if there is one.

So ``unescape_cell_text(escape_cell_text(s)) == s`` for every string, and no escaped value
starts with a formula trigger. The apostrophe is stored as a real character (openpyxl has
no hidden "quote prefix" for values), so people see it in Excel; importers must unescape.

`safe_cell_value` also drops characters XLSX cannot store (C0 controls other than tab,
LF and CR), cuts text at Excel's 32,767-character cell limit and writes NaN/infinity as
empty cells; those three are lossy.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import UTC, date, datetime, time
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from . import fonts
from .document import StatusCell, bcp47, is_rtl, xml_safe
from .statuses import status_style

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
MAX_CELL_CHARS = 32_767
# Calibri has neither Arabic nor Chinese: workbooks in those languages default to a font that
# carries the script (a sans for cells).
SCRIPT_FONTS = {"arabic": fonts.ARABIC_SANS, "han": fonts.CJK}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
HEADER_BORDER = Border(bottom=Side(style="thin", color="8C8C8C"))
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)

CellOutput = str | int | float | Decimal | bool | date | datetime | time | None


def escape_cell_text(text: str) -> str:
    """Prefix `text` with ``'`` when a spreadsheet could read it as a formula (reversible)."""
    return ESCAPE + text if text.startswith((*FORMULA_TRIGGERS, ESCAPE)) else text


def unescape_cell_text(text: str) -> str:
    """Undo `escape_cell_text`; importers call this on every text cell they read."""
    return text[1:] if text.startswith(ESCAPE) else text


def safe_cell_value(value: object) -> CellOutput:
    """Make `value` safe to assign to an openpyxl cell.

    Numbers, booleans, dates and times pass through (aware datetimes are converted to UTC
    and made naive, since XLSX has no time zones; NaN and infinities, which Excel cannot
    store, become empty cells); everything else becomes escaped text.
    """
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, bool | int | float | Decimal | date | time):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        if isinstance(value, time) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    text = xml_safe(str(value))
    return escape_cell_text(text)[:MAX_CELL_CHARS]


def safe_sheet_title(title: str, fallback: str = "Sheet") -> str:
    """A worksheet title Excel accepts: no ``[]:*?/\\``, not quoted, at most 31 characters."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in xml_safe(title))
    cleaned = " ".join(cleaned.split()).strip("'")
    return cleaned[:31].strip() or fallback


def new_workbook(
    *,
    title: str,
    creator: str = "nap1540",
    subject: str = "",
    keywords: Sequence[str] = (),
    language: str | None = None,
    write_only: bool = False,
) -> Workbook:
    """A workbook with its document properties set; write-only mode suits large exports.

    `language` (the active one, usually) is declared in the properties; in Arabic and
    Chinese it also sets the default font to one carrying the script, and Arabic sheets run
    right to left (`workbook_bytes`, `write_table`).
    """
    wb = Workbook(write_only=write_only)
    if language:
        language = bcp47(language)
        family = SCRIPT_FONTS.get(fonts.script_of(language))
        if family is not None:
            _set_default_font(wb, family)
    props = wb.properties
    props.title = xml_safe(title)
    props.creator = xml_safe(creator)
    props.lastModifiedBy = xml_safe(creator)
    props.subject = xml_safe(subject) or None
    props.keywords = xml_safe(", ".join(keywords)) or None
    props.language = language
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    return wb


def _set_default_font(wb: Workbook, family: str) -> None:
    """Make `family` the font of every cell without a font of its own (and of "Normal")."""
    # openpyxl keeps the default as the first font of the workbook and in the Normal style,
    # with no public setter for either.
    default = copy(wb._fonts[0])
    default.name, default.scheme = family, None
    wb._fonts = IndexedList([default])
    wb._named_styles["Normal"].font = copy(default)


def _header_font(ws: Worksheet | WriteOnlyWorksheet) -> Font:
    """Bold, in the workbook's default font (a font without a name falls back elsewhere)."""
    return Font(name=ws.parent._fonts[0].name, bold=True)


def _right_to_left(ws: Worksheet | WriteOnlyWorksheet) -> bool:
    """Whether the sheet's workbook is in a right-to-left language."""
    language = ws.parent.properties.language
    return bool(language) and is_rtl(language)


def _width_of(value: CellOutput) -> int:
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, date | time) else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def write_table(
    ws: Worksheet | WriteOnlyWorksheet,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths: Sequence[float] | None = None,
    max_width: int = 60,
    freeze_header: bool = True,
    autofilter: bool = True,
) -> int:
    """Write a styled header row and the rows below it; return the number of data rows.

    The table starts at the first empty row (in a write-only sheet it must start the sheet).
    Every cell goes through `safe_cell_value`. Column widths are `widths` (in characters)
    when given, otherwise fitted to the content (for write-only sheets, which must size
    columns before the first row, to the headers only). Rows above and including the header
    are frozen and the table gets an autofilter.
    """
    count = len(headers)
    write_only = isinstance(ws, WriteOnlyWorksheet)
    fitted = [float(_width_of(h)) for h in headers]
    header_font = _header_font(ws)
    if widths is not None and len(widths) != count:
        raise ValueError("write_table needs one width per header")
    if write_only:
        # A write-only sheet writes its views and columns with the first row.
        header_row = 1
        ws.sheet_view.rightToLeft = _right_to_left(ws)
        if freeze_header:
            ws.freeze_panes = "A2"
        for i, width in enumerate(widths or [min(w + 4, max_width) for w in fitted], start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(ws, value=safe_cell_value(header))
            cell.font, cell.fill, cell.border = header_font, HEADER_FILL, HEADER_BORDER
            cell.alignment = HEADER_ALIGNMENT
            header_cells.append(cell)
        ws.append(header_cells)
    else:
        ws.append([safe_cell_value(h) for h in headers])
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font, cell.fill, cell.border = header_font, HEADER_FILL, HEADER_BORDER
            cell.alignment = HEADER_ALIGNMENT
        if freeze_header:
            ws.freeze_panes = f"A{header_row + 1}"
    written = 0
    for row in rows:
        raw = list(row)[:count]
        values = [safe_cell_value(v) for v in raw]
        statuses = {i: v.status for i, v in enumerate(raw) if isinstance(v, StatusCell)}
        if not write_only:
            for i, value in enumerate(values):
                fitted[i] = max(fitted[i], _width_of(value))
        if write_only and statuses:
            cells: list[object] = []
            for i, value in enumerate(values):
                cell = WriteOnlyCell(ws, value=value)
                if i in statuses:
                    _paint_status(cell, statuses[i])
                cells.append(cell)
            ws.append(cells)
        else:
            ws.append(values)
            for i, status in statuses.items():
                _paint_status(ws.cell(row=ws.max_row, column=i + 1), status)
        written += 1
    if not write_only:
        for i, width in enumerate(widths or [min(w + 2, max_width) for w in fitted], start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(width, 6)
    if autofilter and count:
        last = f"{get_column_letter(count)}{header_row + written}"
        ws.auto_filter.ref = f"A{header_row}:{last}"
    return written


def _paint_status(cell: object, status: str) -> None:
    """A status cell in its badge's colours (`rendering.statuses`)."""
    style = status_style(status)
    cell.fill = PatternFill("solid", fgColor=style.colour_hex)  # type: ignore[attr-defined]
    cell.font = Font(name=cell.parent.parent._fonts[0].name, color=style.ink_hex)  # type: ignore[attr-defined]


def workbook_bytes(wb: Workbook) -> bytes:
    """Serialise `wb` to XLSX bytes (a write-only workbook can be saved only once).

    The sheets of an Arabic workbook read from the right: column A on the right.
    """
    for ws in wb.worksheets:
        if isinstance(ws, Worksheet) and _right_to_left(ws):
            ws.sheet_view.rightToLeft = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
