"""Writes to matrices: drafts, edits, proposals, workflow steps and template migration."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.accounts.sharing import initial_level, share_on_submission
from nap1540.core.audit import AuditEvent
from nap1540.core.text import quoted
from nap1540.matrix import stats
from nap1540.matrix.models import Entry, EntryChange, FieldDef, Framework, Matrix
from nap1540.matrix.services.errors import MatrixConflict, MatrixLocked, StaleEntry
from nap1540.matrix.values import blank_snapshot, clean_values, is_blank
from nap1540.registry.models import State

DEFAULT_LIBRARY = "1540-matrix"
EDIT_FIELDS = [
    "mark",
    "legal_reference",
    "enforcement_reference",
    "remarks",
    "source_kind",
    "source_document",
    "source_page",
    "source_url",
]


def default_framework(library: str = DEFAULT_LIBRARY) -> Framework:
    """The newest loaded version of a framework library."""
    framework = Framework.objects.filter(library=library).order_by("-version").first()
    if framework is None:
        raise MatrixConflict(
            _("No %(library)s template is loaded; run `nap1540 load-reference`.")
            % {"library": library}
        )
    return framework


def _validation_error(problems: Iterable[Any], prefix: str = "") -> ValidationError:
    return ValidationError([f"{prefix}{p.name}: {p.message}" for p in problems])


def _apply(entry: Entry, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        setattr(entry, key, value)


def _lock(matrix: Matrix) -> Matrix:
    """Re-read the matrix under a row lock so workflow steps and edits serialise."""
    return (
        Matrix.objects.select_for_update(of=("self",))
        .select_related("state", "framework")
        .get(pk=matrix.pk)
    )


def _change(
    entry: Entry,
    *,
    kind: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    by: User | None,
    at: datetime,
) -> EntryChange:
    return EntryChange(
        matrix_id=entry.matrix_id,
        entry=entry,
        field_key=entry.field.key,
        kind=kind,
        before=before,
        after=after,
        changed_by=by,
        changed_at=at,
    )


# --- drafts ----------------------------------------------------------------------------


@transaction.atomic
def start_draft(
    state: State,
    *,
    by: User | None,
    framework: Framework | None = None,
    visibility: str | None = None,
    at: datetime | None = None,
    is_demo: bool = False,
) -> Matrix:
    """Open a new draft version, carrying over every answer of the latest approved one."""
    if Matrix.objects.filter(state=state).exclude(status=Matrix.Status.APPROVED).exists():
        raise MatrixConflict(
            _("%(state)s already has an open matrix version; finish or approve it first.")
            % {"state": state}
        )
    base = (
        Matrix.objects.filter(state=state, status=Matrix.Status.APPROVED)
        .select_related("framework")
        .order_by("-version")
        .first()
    )
    framework = framework or (base.framework if base else default_framework())
    if visibility is None:
        visibility = initial_level(by, state.pk)
    now = at or timezone.now()
    latest = Matrix.objects.filter(state=state).aggregate(v=Max("version"))["v"] or 0
    try:
        with transaction.atomic():
            matrix = Matrix.objects.create(
                state=state,
                framework=framework,
                version=latest + 1,
                based_on=base,
                report_date=base.report_date if base else None,
                addenda_dates=list(base.addenda_dates) if base else [],
                visibility=visibility,
                is_demo=is_demo or bool(base and base.is_demo),
                created_by=by,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        raise MatrixConflict(
            _("Another version of %(state)s was started at the same moment; reload the page.")
            % {"state": state}
        ) from None
    carried: dict[str, Entry] = {}
    if base is not None:
        carried = {e.field.key: e for e in base.entries.select_related("field")}
    fields = list(FieldDef.objects.filter(framework=framework))
    entries = []
    for f in fields:
        entry = Entry(matrix=matrix, field=f, updated_at=now, updated_by=by)
        old = carried.get(f.key)
        if old is not None:
            _apply(entry, old.snapshot())
            entry.updated_by_id, entry.updated_at = old.updated_by_id, old.updated_at
        entries.append(entry)
    Entry.objects.bulk_create(entries)
    EntryChange.objects.bulk_create(
        _change(e, kind=EntryChange.Kind.CREATED, before=None, after=snap, by=by, at=now)
        for e in entries
        if not is_blank(snap := e.snapshot())
    )
    AuditEvent.record(
        "matrix.draft_started",
        target=matrix,
        by=by,
        data={
            "version": matrix.version,
            "based_on": base.version if base else None,
            "framework": f"{framework.library} v{framework.version}",
        },
    )
    return matrix


def open_draft(state: State, *, by: User | None) -> Matrix:
    """The State's open version, or a new draft from the latest approved one."""
    current = (
        Matrix.objects.filter(state=state)
        .exclude(status=Matrix.Status.APPROVED)
        .select_related("state", "framework")
        .first()
    )
    return current or start_draft(state, by=by)


# --- entries ---------------------------------------------------------------------------


@transaction.atomic
def edit_entry(
    entry: Entry,
    *,
    by: User | None,
    values: Mapping[str, Any],
    revision: int,
    kind: str = EntryChange.Kind.EDITED,
) -> Entry:
    """Save a field's mark and evidence if nobody saved it since `revision` was read."""
    cleaned, problems = clean_values(values, partial=True)
    if problems:
        raise _validation_error(problems)
    matrix = _lock(entry.matrix)
    if matrix.status != Matrix.Status.DRAFT:
        raise MatrixLocked.for_matrix(matrix)
    current = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("field", "updated_by", "matrix")
        .get(pk=entry.pk)
    )
    if current.revision != revision:
        raise StaleEntry(current)
    before = current.snapshot()
    _apply(current, cleaned)
    after = current.snapshot()
    if after == before:
        return current
    now = timezone.now()
    current.updated_by, current.updated_at = by, now
    # The revision condition repeats the check inside the UPDATE itself, so two
    # writers that both passed the read above cannot both succeed.
    updated = Entry.objects.filter(pk=current.pk, revision=revision).update(
        revision=revision + 1,
        updated_by=current.updated_by,
        updated_at=now,
        **{k: getattr(current, k) for k in EDIT_FIELDS},
    )
    if updated != 1:
        raise StaleEntry(Entry.objects.select_related("field", "updated_by").get(pk=current.pk))
    current.revision = revision + 1
    _change(current, kind=kind, before=before, after=after, by=by, at=now).save()
    Matrix.objects.filter(pk=matrix.pk).update(updated_at=now)
    AuditEvent.record(
        "matrix.entry_changed",
        target=matrix,
        by=by,
        data={
            "version": matrix.version,
            "field": current.field.key,
            "mark": [before["mark"], after["mark"]],
        },
    )
    return current


def _write_values(
    matrix: Matrix,
    values_by_key: Mapping[str, Mapping[str, Any]],
    *,
    by: User | None,
    kind: str,
    full: bool,
) -> list[str]:
    """Apply cleaned values to entries of a locked draft; return the keys that changed."""
    now = timezone.now()
    entries = {e.field.key: e for e in matrix.entries.select_related("field")}
    dirty, changes = [], []
    for key, values in values_by_key.items():
        entry = entries[key]
        before = entry.snapshot()
        _apply(entry, {**blank_snapshot(), **values} if full else values)
        after = entry.snapshot()
        if after == before:
            continue
        entry.updated_by, entry.updated_at = by, now
        entry.revision += 1
        dirty.append(entry)
        changes.append(_change(entry, kind=kind, before=before, after=after, by=by, at=now))
    if dirty:
        Entry.objects.bulk_update(
            dirty, [*EDIT_FIELDS, "updated_by", "updated_at", "revision"], batch_size=500
        )
        EntryChange.objects.bulk_create(changes)
        Matrix.objects.filter(pk=matrix.pk).update(updated_at=now)
    return [e.field.key for e in dirty]


@transaction.atomic
def propose_changes(*, state: State, by: User | None, changes: list[dict[str, Any]]) -> Matrix:
    """Apply changes ({"field_key", "mark", evidence...}) to the State's open draft.

    A draft is started from the latest approved version when none is open. Every change
    is validated first; on any problem nothing is written (ValidationError). A submitted
    version is read-only (MatrixLocked).
    """
    matrix = _lock(open_draft(state, by=by))
    if matrix.status != Matrix.Status.DRAFT:
        raise MatrixLocked.for_matrix(matrix)
    known = set(FieldDef.objects.filter(framework=matrix.framework).values_list("key", flat=True))
    messages: list[str] = []
    by_key: dict[str, dict[str, Any]] = {}
    for i, change in enumerate(changes, start=1):
        data = dict(change)
        key = str(data.pop("field_key", "") or "")
        where = _("change %(n)d (%(key)s)") % {"n": i, "key": key or "?"}
        if key not in known:
            messages.append(
                _("%(where)s: no field %(key)s in %(framework)s")
                % {"where": where, "key": quoted(key), "framework": matrix.framework}
            )
            continue
        cleaned, problems = clean_values(data, partial=True)
        messages += [f"{where}: {p.name}: {p.message}" for p in problems]
        by_key.setdefault(key, {}).update(cleaned)
    if messages:
        raise ValidationError(messages)
    written = _write_values(matrix, by_key, by=by, kind=EntryChange.Kind.PROPOSED, full=False)
    AuditEvent.record(
        "matrix.changes_proposed",
        target=matrix,
        by=by,
        data={"version": matrix.version, "fields": written},
    )
    return matrix


@transaction.atomic
def update_header(
    matrix: Matrix, *, by: User | None, report_date: date | None, addenda_dates: list[date]
) -> Matrix:
    """Set the header block's report dates on a draft."""
    matrix = _lock(matrix)
    if matrix.status != Matrix.Status.DRAFT:
        raise MatrixLocked.for_matrix(matrix)
    matrix.report_date = report_date
    matrix.addenda_dates = sorted({d.isoformat() for d in addenda_dates})
    matrix.updated_at = timezone.now()
    matrix.save(update_fields=["report_date", "addenda_dates", "updated_at"])
    AuditEvent.record(
        "matrix.header_changed",
        target=matrix,
        by=by,
        data={
            "version": matrix.version,
            "report_date": str(report_date or ""),
            "addenda": matrix.addenda_dates,
        },
    )
    return matrix


# --- workflow --------------------------------------------------------------------------


def summary_of(matrix: Matrix) -> stats.Summary:
    rows = matrix.entries.values_list("field__section__code", "field__weapon_category", "mark")
    return stats.summarise(rows)


@transaction.atomic
def submit_matrix(matrix: Matrix, *, by: User | None, confirmed: bool = False) -> Matrix:
    """Draft -> submitted to the Committee, which then sees it (a private draft needs
    `confirmed`: submitting is the State's disclosure to the Committee)."""
    matrix = _lock(matrix)
    if matrix.status != Matrix.Status.DRAFT:
        raise MatrixLocked.for_matrix(matrix)
    share_on_submission(matrix, by=by, confirmed=confirmed)
    matrix.status = Matrix.Status.SUBMITTED
    matrix.submitted_at = timezone.now()
    matrix.submitted_by = by
    matrix.save(update_fields=["status", "submitted_at", "submitted_by"])
    AuditEvent.record("matrix.submitted", target=matrix, by=by, data={"version": matrix.version})
    return matrix


@transaction.atomic
def return_to_draft(matrix: Matrix, *, by: User | None, reason: str = "") -> Matrix:
    """Submitted -> draft again, for further changes."""
    matrix = _lock(matrix)
    if matrix.status != Matrix.Status.SUBMITTED:
        raise MatrixConflict(_("Only a submitted version can be returned to draft."))
    matrix.status = Matrix.Status.DRAFT
    matrix.save(update_fields=["status"])
    AuditEvent.record(
        "matrix.returned",
        target=matrix,
        by=by,
        data={"version": matrix.version, "reason": reason},
    )
    return matrix


@transaction.atomic
def approve_matrix(
    matrix: Matrix,
    *,
    by: User | None,
    at: datetime | None = None,
) -> Matrix:
    """Submitted -> approved by the Committee; the version is frozen from now on.

    Approval never changes who sees the version: publishing is the State's own act
    (`accounts.sharing.set_level`)."""
    matrix = _lock(matrix)
    if matrix.status != Matrix.Status.SUBMITTED:
        raise MatrixConflict(
            _("Only a submitted version can be approved; version %(version)d is %(status)s.")
            % {"version": matrix.version, "status": matrix.get_status_display()}
        )
    matrix.status = Matrix.Status.APPROVED
    matrix.approved_at = at or timezone.now()
    matrix.approved_by = by
    matrix.summary = summary_of(matrix)
    matrix.save(update_fields=["status", "approved_at", "approved_by", "summary"])
    AuditEvent.record(
        "matrix.approved",
        target=matrix,
        by=by,
        data={"version": matrix.version, "approved_at": matrix.approved_at.isoformat()},
    )
    return matrix


# --- template versions -----------------------------------------------------------------


@dataclass
class MigrationReport:
    source: Framework
    target: Framework
    kept: list[str] = field(default_factory=list)
    dropped: list[FieldDef] = field(default_factory=list)
    added: list[FieldDef] = field(default_factory=list)
    dropped_answers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": f"{self.source.library} v{self.source.version}",
            "to": f"{self.target.library} v{self.target.version}",
            "kept": self.kept,
            "dropped": [f.key for f in self.dropped],
            "added": [f.key for f in self.added],
            "dropped_answers": self.dropped_answers,
        }


def plan_migration(matrix: Matrix, target: Framework) -> MigrationReport:
    """Which fields a move to `target` keeps (same id), drops and adds; writes nothing."""
    old = {f.key: f for f in FieldDef.objects.filter(framework=matrix.framework_id)}
    new = {f.key: f for f in FieldDef.objects.filter(framework=target).select_related("section")}
    answered = {
        e.field.key for e in matrix.entries.select_related("field") if not is_blank(e.snapshot())
    }
    return MigrationReport(
        source=matrix.framework,
        target=target,
        kept=[k for k in new if k in old],
        dropped=[f for k, f in old.items() if k not in new],
        added=[f for k, f in new.items() if k not in old],
        dropped_answers=sorted(k for k in answered if k not in new),
    )


@transaction.atomic
def migrate_matrix(matrix: Matrix, *, to: Framework, by: User | None) -> MigrationReport:
    """Move a draft to another template version, keeping answers for fields whose id persists."""
    matrix = _lock(matrix)
    if matrix.status != Matrix.Status.DRAFT:
        raise MatrixLocked.for_matrix(matrix)
    if to.library != matrix.framework.library or to.pk == matrix.framework_id:
        raise MatrixConflict(
            _("Choose another version of %(library)s.") % {"library": matrix.framework.library}
        )
    report = plan_migration(matrix, to)
    new = {f.key: f for f in FieldDef.objects.filter(framework=to)}
    now = timezone.now()
    entries = list(matrix.entries.select_related("field"))
    moved, dropped, changes = [], [], []
    for entry in entries:
        target = new.get(entry.field.key)
        if target is None:
            changes.append(
                _change(
                    entry,
                    kind=EntryChange.Kind.DROPPED,
                    before=entry.snapshot(),
                    after=None,
                    by=by,
                    at=now,
                )
            )
            dropped.append(entry.pk)
        else:
            entry.field = target
            moved.append(entry)
    EntryChange.objects.bulk_create(changes)
    Entry.objects.filter(pk__in=dropped).delete()
    Entry.objects.bulk_update(moved, ["field"], batch_size=500)
    Entry.objects.bulk_create(
        Entry(matrix=matrix, field=f, updated_at=now, updated_by=by) for f in report.added
    )
    matrix.framework = to
    matrix.updated_at = now
    matrix.save(update_fields=["framework", "updated_at"])
    AuditEvent.record(
        "matrix.migrated",
        target=matrix,
        by=by,
        data={"version": matrix.version, **report.as_dict()},
    )
    return report
