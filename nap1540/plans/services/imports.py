"""Importing tasks from an XLSX workbook: every row checked first, then all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent
from nap1540.core.http.uploads import READ_ERRORS, UnreadableUpload, damaged_workbook, open_workbook
from nap1540.core.text import join_list, quoted, sentences
from nap1540.matrix.models import FieldDef
from nap1540.plans import workbook
from nap1540.plans.models import Plan, Task
from nap1540.plans.services.tasks import create_task
from nap1540.registry.models import Agency

MAX_ROWS = 2000
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")


@dataclass(frozen=True)
class RowError:
    """One problem, located by spreadsheet row (1-based, as Excel shows it) and column."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("Row %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        if not where:
            return self.message
        # Translators: where the problem is (a task, a row) and what it is.
        return pgettext("where and what", "%(label)s: %(message)s") % {
            "label": join_list(where),
            "message": self.message,
        }


@dataclass
class ImportResult:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: list[Task] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    from nap1540.core.rendering.xlsx import unescape_cell_text

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return unescape_cell_text(str(value)).strip()


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(
        _("%(value)s is not a date; write it as 2017-05-22.") % {"value": quoted(text)}
    )


class _Rows:
    """Checks the cells of one row, collecting errors against the header labels."""

    def __init__(self, plan: Plan, labels: dict[str, str], errors: list[RowError]) -> None:
        self.plan = plan
        self.labels = labels
        self.errors = errors
        agencies = list(Agency.objects.filter(state_id=plan.state_id))
        self.agencies: dict[str, list[Agency]] = {}
        for agency in agencies:
            for name in {agency.name.lower(), agency.acronym.lower()} - {""}:
                self.agencies.setdefault(name, []).append(agency)
        self.field_keys = set(FieldDef.objects.values_list("key", flat=True))
        self.choices = {key: workbook.choice_aliases(key) for key in workbook.CHOICES}
        self.yes, self.no = workbook.yes_no_aliases()

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, self.labels.get(key, key), message))

    def agency(self, row: int, key: str, text: str) -> Agency | None:
        found = self.agencies.get(text.lower(), [])
        if len(found) == 1:
            return found[0]
        if not found:
            self.error(
                row,
                key,
                _("%(name)s is not an agency of %(state)s; use its name or acronym.")
                % {"name": quoted(text), "state": self.plan.state},
            )
        else:
            self.error(row, key, _("%(name)s matches several agencies.") % {"name": quoted(text)})
        return None

    def clean(self, row: int, cells: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in (
            "number",
            "title",
            "description",
            "section_code",
            "expected_outputs",
            "indicators",
            "currency",
            "assistance_description",
        ):
            if key in cells:
                out[key] = _text(cells[key])
        if not out.get("title"):
            self.error(row, "title", _("Every task needs a title."))
        elif len(out["title"]) > 400:
            self.error(row, "title", _("The title is longer than 400 characters."))
        if len(out.get("number", "")) > 20:
            self.error(row, "number", _("The number is longer than 20 characters."))
        if len(out.get("section_code", "")) > 20:
            self.error(row, "section_code", _("The area is longer than 20 characters."))
        currency = out.get("currency", "")
        if currency and not re.fullmatch(r"[A-Za-z]{3}", currency):
            self.error(row, "currency", _("Use a three-letter currency code such as USD."))
        out["currency"] = currency.upper() or "USD"
        for key in ("start_date", "due_date"):
            try:
                out[key] = _date(cells.get(key))
            except ValueError as exc:
                self.error(row, key, str(exc))
        if out.get("start_date") and out.get("due_date") and out["due_date"] < out["start_date"]:
            self.error(row, "due_date", _("The due date is before the start date."))
        for key, aliases in self.choices.items():
            text = _text(cells.get(key))
            if not text:
                continue
            if text.lower() not in aliases:
                allowed = join_list(
                    sorted({str(label) for _v, label in workbook.CHOICES[key].choices})
                )
                self.error(
                    row,
                    key,
                    _("%(value)s is not one of: %(allowed)s.")
                    % {"value": quoted(text), "allowed": allowed},
                )
            else:
                out[key] = aliases[text.lower()]
        progress = cells.get("progress")
        if progress not in (None, ""):
            try:
                number = Decimal(_text(progress))
                if number != number.to_integral_value() or not 0 <= number <= 100:
                    raise InvalidOperation
                out["progress"] = int(number)
            except InvalidOperation:
                self.error(row, "progress", _("Progress must be a whole number from 0 to 100."))
        cost = cells.get("estimated_cost")
        if cost not in (None, ""):
            try:
                amount = Decimal(_text(cost).replace(",", "").replace(" ", ""))
                if amount < 0 or amount.as_tuple().exponent < -2 or amount >= Decimal(10) ** 12:  # type: ignore[operator]
                    raise InvalidOperation
                out["estimated_cost"] = amount
            except InvalidOperation:
                self.error(row, "estimated_cost", _("The cost must be a positive amount."))
        flag = _text(cells.get("assistance_needed")).lower()
        if flag in self.yes:
            out["assistance_needed"] = True
        elif flag in self.no:
            out["assistance_needed"] = False
        else:
            self.error(row, "assistance_needed", _("Write yes or no."))
        keys = [k.strip() for k in re.split(r"[;,\s]+", _text(cells.get("fields"))) if k.strip()]
        unknown = [k for k in keys if k not in self.field_keys]
        if unknown:
            self.error(
                row,
                "fields",
                ngettext(
                    "Unknown matrix field: %(keys)s.",
                    "Unknown matrix fields: %(keys)s.",
                    len(unknown),
                )
                % {"keys": join_list(unknown)},
            )
        out["fields"] = keys
        lead = _text(cells.get("lead_agency"))
        out["lead_agency"] = self.agency(row, "lead_agency", lead) if lead else None
        supporting = []
        for name in _text(cells.get("supporting_agencies")).split(workbook.LIST_SEPARATOR):
            if name.strip():
                agency = self.agency(row, "supporting_agencies", name.strip())
                if agency is not None:
                    supporting.append(agency)
        out["supporting_agencies"] = supporting
        return out


def read_workbook(plan: Plan, file: IO[bytes] | bytes) -> ImportResult:
    """Parse and check every row; nothing is written."""
    result = ImportResult()
    data = file if isinstance(file, bytes) else file.read()
    try:
        wb = open_workbook(data)
    except UnreadableUpload as exc:
        result.errors.append(RowError(None, "", str(exc)))
        return result
    try:
        _read_rows(plan, wb, result)
    except READ_ERRORS as exc:
        result.rows = []
        result.errors.append(RowError(None, "", str(damaged_workbook(exc))))
    finally:
        wb.close()
    return result


def _read_rows(plan: Plan, wb: Any, result: ImportResult) -> None:
    """Read the task sheet's header and rows into `result`."""
    names = {str(workbook.TASK_SHEET).lower(), "tasks"}
    sheet = next((ws for ws in wb.worksheets if ws.title.lower() in names), wb.worksheets[0])
    rows = sheet.iter_rows()
    header: tuple[Any, ...] = ()
    header_row = 0
    for header_row, row in enumerate(rows, start=1):  # noqa: B007 - used after the loop
        values = tuple(c.value for c in row)
        if any(v not in (None, "") for v in values):
            header = values
            break
    aliases = workbook.header_aliases()
    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    for i, value in enumerate(header):
        text = _text(value)
        if not text:
            continue
        key = aliases.get(text.lower())
        if key is None:
            result.errors.append(RowError(header_row, text, _("This column is not recognised.")))
        elif key in labels:
            result.errors.append(RowError(header_row, text, _("This column appears twice.")))
        else:
            columns[i], labels[key] = key, text
    for key in workbook.REQUIRED:
        if key not in labels:
            label = dict((k, str(lbl)) for k, lbl, _w in workbook.COLUMNS)[key]
            result.errors.append(
                RowError(
                    None, label, _("The workbook has no %(column)s column.") % {"column": label}
                )
            )
    if result.errors:
        return
    checker = _Rows(plan, labels, result.errors)
    numbers: dict[str, int] = {}
    existing = set(plan.tasks.values_list("number", flat=True))
    for row_number, row in enumerate(rows, start=header_row + 1):
        values = tuple(c.value for c in row)
        cells = {key: values[i] for i, key in columns.items() if i < len(values)}
        formulas = [
            labels[key]
            for i, key in columns.items()
            if i < len(row) and getattr(row[i], "data_type", None) == "f"
        ]
        if formulas:
            # A formula would run in the spreadsheet of whoever opens the plan's export.
            for label in formulas:
                result.errors.append(
                    RowError(row_number, label, _("Formulas are not accepted; type the value."))
                )
            continue
        if all(_text(v) == "" for v in cells.values()):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(
                RowError(
                    row_number,
                    "",
                    _("A workbook can hold at most %(max)s tasks.") % {"max": MAX_ROWS},
                )
            )
            break
        cleaned = checker.clean(row_number, cells)
        number = cleaned.get("number", "")
        if number:
            if number in numbers:
                checker.error(
                    row_number,
                    "number",
                    _("Number %(n)s is also used in row %(row)s.")
                    % {"n": number, "row": numbers[number]},
                )
            elif number in existing:
                checker.error(
                    row_number,
                    "number",
                    _(
                        "Task %(n)s already exists in this plan; give the row a new number "
                        "or leave it empty to number it automatically."
                    )
                    % {"n": number},
                )
            numbers[number] = row_number
        cleaned["_row"] = row_number
        result.rows.append(cleaned)
    if not result.rows and not result.errors:
        result.errors.append(RowError(None, "", _("The workbook has no task rows.")))


@transaction.atomic
def import_tasks(
    plan: Plan, file: IO[bytes] | bytes, *, by: User | None, dry_run: bool = False
) -> ImportResult:
    """Add the workbook's tasks to the plan, or none of them if any row has a problem."""
    if not plan.is_current:
        raise ValidationError(
            _("This plan is %(status)s: tasks can no longer be added.")
            % {"status": plan.get_status_display().lower()}
        )
    result = read_workbook(plan, file)
    result.dry_run = dry_run
    if not result.ok or dry_run:
        return result
    sid = transaction.savepoint()
    try:
        for row in result.rows:
            values = {k: v for k, v in row.items() if k != "_row"}
            values = {k: v for k, v in values.items() if v not in ("", None) or k == "lead_agency"}
            try:
                result.created.append(create_task(plan, by=by, **values))
            except ValidationError as exc:
                result.errors.append(RowError(row["_row"], "", sentences(exc.messages)))
        if result.errors:
            transaction.savepoint_rollback(sid)
            result.created = []
            return result
    except Exception:
        transaction.savepoint_rollback(sid)
        raise
    transaction.savepoint_commit(sid)
    AuditEvent.record(
        "plan.tasks_imported",
        target=plan,
        by=by,
        data={"tasks": [t.pk for t in result.created]},
    )
    return result
