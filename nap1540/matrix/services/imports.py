"""Import of a matrix workbook: check everything, then write all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.core.audit import AuditEvent
from nap1540.core.text import quoted
from nap1540.matrix.models import EntryChange, Framework, Matrix
from nap1540.matrix.services.queries import snapshots
from nap1540.matrix.services.workflow import _lock, _write_values, default_framework, open_draft
from nap1540.matrix.values import blank_snapshot
from nap1540.matrix.workbook import (
    HEADER_SHEET,
    ROW_CODE,
    ROW_LIBRARY,
    FrameworkSpec,
    ParsedWorkbook,
    Problem,
    parse_workbook,
)
from nap1540.registry.models import State


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    state: State | None = None
    matrix: Matrix | None = None
    changed: list[str] = field(default_factory=list)
    header_changed: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _find_spec(library: str, version: int) -> FrameworkSpec | None:
    framework = Framework.objects.filter(library=library, version=version).first()
    return FrameworkSpec.from_framework(framework) if framework else None


def check_workbook(
    content: bytes, *, expected_state: State | None = None
) -> tuple[ParsedWorkbook, ImportResult, Matrix | None]:
    """Parse and check a workbook against the database; writes nothing."""
    parsed, spec = parse_workbook(content, _find_spec)
    result = ImportResult(problems=parsed.problems)
    header = parsed.header
    if header is None:
        return parsed, result, None
    state = State.objects.filter(iso3=header.state_code).first() if header.state_code else None
    if header.state_code and state is None:
        result.problems.append(
            Problem(
                HEADER_SHEET,
                ROW_CODE,
                "B",
                _("%(code)s is not a known State code") % {"code": quoted(header.state_code)},
            )
        )
    if state and expected_state and state.pk != expected_state.pk:
        result.problems.append(
            Problem(
                HEADER_SHEET,
                ROW_CODE,
                "B",
                _("this workbook is the matrix of %(found)s, not of %(expected)s")
                % {"found": state.iso3, "expected": expected_state.iso3},
            )
        )
    result.state = state
    target = None
    if state is not None and spec is not None:
        target = (
            Matrix.objects.filter(state=state)
            .exclude(status=Matrix.Status.APPROVED)
            .select_related("framework")
            .first()
        )
        if target is not None and target.status != Matrix.Status.DRAFT:
            result.problems.append(
                Problem(
                    "",
                    0,
                    "",
                    _(
                        "version %(version)d of %(state)s is submitted to the Committee; "
                        "return it to draft before importing"
                    )
                    % {"version": target.version, "state": state.iso3},
                )
            )
        base = target or (
            Matrix.objects.filter(state=state, status=Matrix.Status.APPROVED)
            .select_related("framework")
            .order_by("-version")
            .first()
        )
        framework = base.framework if base else default_framework(spec.library)
        if (framework.library, framework.version) != (spec.library, spec.version):
            result.problems.append(
                Problem(
                    HEADER_SHEET,
                    ROW_LIBRARY,
                    "B",
                    _(
                        "the workbook uses %(library)s version %(found)d but the matrix of "
                        "%(state)s uses version %(expected)d; export the current matrix and "
                        "fill that in"
                    )
                    % {
                        "library": spec.library,
                        "found": spec.version,
                        "state": state.iso3,
                        "expected": framework.version,
                    },
                )
            )
        current = snapshots(base) if base else {}
        blank = blank_snapshot()
        result.changed = [
            key for key, values in parsed.entries.items() if current.get(key, blank) != values
        ]
        if base is not None:
            result.header_changed = (header.report_date, header.addenda_dates) != (
                base.report_date,
                sorted(date.fromisoformat(d) for d in base.addenda_dates),
            )
    return parsed, result, target


def import_workbook(
    content: bytes, *, by: User | None, dry_run: bool = False, expected_state: State | None = None
) -> ImportResult:
    """Check a workbook and, if it has no problem, write it into the State's open draft.

    A draft is started from the latest approved version when none is open. With any
    problem, or with `dry_run`, nothing is written.
    """
    parsed, result, _target = check_workbook(content, expected_state=expected_state)
    result.dry_run = dry_run
    if result.problems or dry_run or result.state is None or parsed.header is None:
        return result
    header = parsed.header
    with transaction.atomic():
        matrix = _lock(open_draft(result.state, by=by))
        changed = _write_values(
            matrix, parsed.entries, by=by, kind=EntryChange.Kind.IMPORTED, full=True
        )
        addenda = sorted({d.isoformat() for d in header.addenda_dates})
        if (matrix.report_date, matrix.addenda_dates) != (header.report_date, addenda):
            matrix.report_date, matrix.addenda_dates = header.report_date, addenda
            matrix.save(update_fields=["report_date", "addenda_dates"])
        AuditEvent.record(
            "matrix.imported",
            target=matrix,
            by=by if getattr(by, "is_authenticated", False) else None,
            data={"version": matrix.version, "fields": changed},
        )
    result.matrix, result.changed = matrix, changed
    return result
