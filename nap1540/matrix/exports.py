"""Exports of matrices and regional status: XLSX (openpyxl) and CSV, cells escaped."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.core.i18n import marked
from nap1540.core.rendering.formats import document_language
from nap1540.core.rendering.xlsx import escape_cell_text, new_workbook, workbook_bytes, write_table
from nap1540.matrix.models import Matrix
from nap1540.matrix.services.queries import snapshots
from nap1540.matrix.workbook import (
    FrameworkSpec,
    MatrixHeader,
    column_headers,
    write_workbook,
)


def matrix_header(matrix: Matrix) -> MatrixHeader:
    return MatrixHeader(
        state_code=matrix.state.iso3,
        state_name=matrix.state.name,
        version=matrix.version,
        status=str(matrix.get_status_display()),
        report_date=matrix.report_date,
        addenda_dates=[date.fromisoformat(d) for d in matrix.addenda_dates],
        approved_on=timezone.localdate(matrix.approved_at) if matrix.approved_at else None,
    )


def matrix_filename(matrix: Matrix, extension: str) -> str:
    return f"matrix-{matrix.state.iso3}-v{matrix.version}.{extension}"


def matrix_workbook(matrix: Matrix) -> bytes:
    """The matrix as the Committee lays it out: header sheet and one sheet per section."""
    spec = FrameworkSpec.from_framework(matrix.framework)
    return write_workbook(
        spec,
        matrix_header(matrix),
        snapshots(matrix),
        exported_at=timezone.localtime().replace(tzinfo=None, microsecond=0),
        demo=matrix.is_demo,
    )


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_cell_text(value)
    return value


def csv_text(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with the same formula escaping as the workbooks."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


def matrix_csv(matrix: Matrix) -> str:
    """One row per field, with the section, State and version in front."""
    snaps = snapshots(matrix)
    fields = matrix.framework.fields.select_related("section").order_by("section__order", "order")
    headers = [_("State"), _("Version"), _("Section"), *column_headers()]
    rows = []
    for f in fields:
        s = snaps.get(f.key)
        if s is None:
            continue
        legal, enforcement = s["legal_reference"], s["enforcement_reference"]
        rows.append(
            [
                matrix.state.iso3,
                matrix.version,
                f.section.code,
                f.key,
                marked(f.tr("label")),
                f.weapon_category,
                s["mark"],
                legal["instrument"],
                legal["article"],
                legal["date"],
                legal["link"],
                enforcement["instrument"],
                enforcement["article"],
                enforcement["date"],
                enforcement["link"],
                s["source_kind"],
                s["source_document"],
                s["source_page"],
                s["source_url"],
                s["remarks"],
            ]
        )
    return csv_text(headers, rows)


# --- regional status -------------------------------------------------------------------


def _pct(value: float | None) -> Any:
    return "" if value is None else value


def region_tables(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The regional status as (title, headers, rows) tables, shared by CSV and XLSX."""
    suppressed = _("suppressed (fewer than %(n)d States)") % {"n": data["min_states"]}
    sections = [
        [
            s["code"],
            marked(s["title"]),
            suppressed if s["coverage"] is None and data["suppressed"] else _pct(s["coverage"]),
        ]
        for s in data["sections"]
    ]
    weapons = [
        [
            w["code"],
            w["label"],
            suppressed if w["coverage"] is None and data["suppressed"] else _pct(w["coverage"]),
        ]
        for w in data["weapons"]
    ]
    columns = data["heatmap"]["columns"]
    states = [
        [
            r["iso3"],
            r["name"],
            r["version"],
            r["approved_on"] or "",
            _pct(r["overall"]),
            *[_pct(v) for v in r["values"]],
        ]
        for r in data["heatmap"]["rows"]
    ]
    trend = [
        [
            t["year"],
            t["states"],
            suppressed if t["suppressed"] else _pct(t["overall"]),
            *["" if t["suppressed"] else _pct(t["sections"].get(c)) for c in columns],
        ]
        for t in data["trend"]
    ]
    coverage = _("Coverage (%)")
    return [
        (_("Sections"), [_("Section"), _("Title"), coverage], sections),
        (_("Weapon categories"), [_("Category"), _("Name"), coverage], weapons),
        (
            _("States"),
            [_("State code"), _("State"), _("Version"), _("Approved"), _("Overall (%)"), *columns],
            states,
        ),
        (_("Trend"), [_("Year"), _("States counted"), _("Overall (%)"), *columns], trend),
    ]


def region_csv(data: dict[str, Any]) -> str:
    """All regional tables in one CSV, each introduced by its title."""
    out = []
    for title, headers, rows in region_tables(data):
        out.append(csv_text([title], []))
        out.append(csv_text(headers, rows))
        out.append("\r\n")
    return "".join(out)


def region_workbook(data: dict[str, Any], *, title: str) -> bytes:
    wb = new_workbook(
        title=title, subject=_("Regional status of 1540 matrices"), language=document_language()
    )
    first = True
    for table_title, headers, rows in region_tables(data):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = table_title[:31]
        write_table(ws, headers, rows)
    return workbook_bytes(wb)
