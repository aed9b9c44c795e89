"""Reading matrices: latest versions, gaps, history, as-of views, diffs and coverage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from nap1540.core.audit import AuditEvent
from nap1540.core.i18n import localized
from nap1540.matrix import stats
from nap1540.matrix.diffing import DiffRow, FieldInfo, diff_snapshots
from nap1540.matrix.models import Entry, EntryChange, FieldDef, Matrix, Section
from nap1540.matrix.values import blank_snapshot
from nap1540.registry.models import State

SNAPSHOT_COLUMNS = (
    "mark",
    "legal_reference",
    "enforcement_reference",
    "remarks",
    "source_kind",
    "source_document",
    "source_page",
    "source_url",
)


def latest_matrix(state: State, *, approved_only: bool = False) -> Matrix | None:
    """The State's highest version (or highest approved version); no visibility filter."""
    matrices = Matrix.objects.filter(state=state).select_related("framework", "state")
    if approved_only:
        matrices = matrices.filter(status=Matrix.Status.APPROVED)
    return matrices.order_by("-version").first()


def gap_entries(matrix: Matrix) -> QuerySet[Entry]:
    """Entries marked blank or "?", with their field and section, in matrix order."""
    return (
        matrix.entries.filter(mark__in=[Entry.Mark.BLANK, Entry.Mark.UNCLEAR])
        .select_related("field", "field__section")
        .order_by("field__section__order", "field__order")
    )


def field_infos(framework_ids: Iterable[int]) -> dict[str, FieldInfo]:
    """Plain descriptions of the fields of some frameworks, by key (newest framework wins)."""
    rows = (
        FieldDef.objects.filter(framework_id__in=list(framework_ids))
        .order_by("framework__version")
        .values_list(
            "key",
            "section__code",
            "section__order",
            "order",
            "label",
            "weapon_category",
            "translations",
        )
    )
    return {
        key: FieldInfo(key, section, section_order, order, localized(label, tr, "label"), weapon)
        for key, section, section_order, order, label, weapon, tr in rows
    }


def snapshots(matrix: Matrix) -> dict[str, dict[str, Any]]:
    """Every field's mark and evidence, by field key, in one query."""
    rows = matrix.entries.values_list("field__key", *SNAPSHOT_COLUMNS)
    return {row[0]: dict(zip(SNAPSHOT_COLUMNS, row[1:], strict=True)) for row in rows}


def snapshots_as_of(matrix: Matrix, when: datetime) -> dict[str, dict[str, Any]]:
    """Every field as it stood at `when`, rebuilt from the change history."""
    out: dict[str, dict[str, Any]] = {}
    rows = (
        EntryChange.objects.filter(matrix=matrix, changed_at__lte=when)
        .order_by("changed_at", "id")
        .values_list("field_key", "after")
    )
    for key, after in rows:
        if after is None:
            out.pop(key, None)
        else:
            out[key] = after
    return out


def diff_matrices(old: Matrix, new: Matrix) -> list[DiffRow]:
    """Field-by-field differences between two versions (of any template versions)."""
    infos = field_infos({old.framework_id, new.framework_id})
    return diff_snapshots(snapshots(old), snapshots(new), infos)


def diff_with_blanks(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], infos: dict[str, FieldInfo]
) -> list[DiffRow]:
    """Diff where a field missing on one side counts as blank (for history-rebuilt snapshots)."""
    keys = old.keys() | new.keys()
    blank = blank_snapshot()
    return diff_snapshots(
        {k: old.get(k, blank) for k in keys}, {k: new.get(k, blank) for k in keys}, infos
    )


def changes_since_approved(matrix: Matrix) -> tuple[Matrix | None, list[DiffRow]]:
    """The latest approved version before `matrix`, and what `matrix` changed since."""
    base = (
        Matrix.objects.filter(
            state_id=matrix.state_id, status=Matrix.Status.APPROVED, version__lt=matrix.version
        )
        .order_by("-version")
        .first()
    )
    if base is None:
        return None, []
    return base, diff_matrices(base, matrix)


@dataclass(frozen=True)
class FieldChange:
    """The net change of one field over a period, for a review meeting's agenda."""

    field_key: str
    label: str
    section: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed_by: Any
    changed_at: datetime
    matrix: Matrix
    entry: Entry | None

    @property
    def mark_before(self) -> str:
        return (self.before or {}).get("mark", "")

    @property
    def mark_after(self) -> str:
        return (self.after or {}).get("mark", "")


def changes_since(state: State, since: datetime) -> list[FieldChange]:
    """Fields of the State's matrices changed after `since`, one row per field, net of reverts.

    Carrying answers into a new version is not a change; edits, imports, proposals and
    template moves are. No visibility filter: callers pass only States the user may see.
    """
    rows = (
        EntryChange.objects.filter(matrix__state=state, changed_at__gt=since)
        .exclude(kind=EntryChange.Kind.CREATED)
        .select_related("matrix", "changed_by", "entry", "entry__field__section")
        .order_by("changed_at", "id")
    )
    first: dict[str, EntryChange] = {}
    last: dict[str, EntryChange] = {}
    for change in rows:
        first.setdefault(change.field_key, change)
        last[change.field_key] = change
    infos = field_infos({c.matrix.framework_id for c in last.values()})
    out = []
    for key, change in last.items():
        before, after = first[key].before, change.after
        if before == after:
            continue
        info = infos.get(key)
        out.append(
            FieldChange(
                field_key=key,
                label=info.label if info else key,
                section=info.section if info else "",
                before=before,
                after=after,
                changed_by=change.changed_by,
                changed_at=change.changed_at,
                matrix=change.matrix,
                entry=change.entry,
            )
        )
    out.sort(
        key=lambda c: (
            (infos[c.field_key].section_order, infos[c.field_key].order)
            if c.field_key in infos
            else (999, 0)
        )
    )
    return out


def field_history(matrices: QuerySet[Matrix], field_key: str) -> QuerySet[EntryChange]:
    """Every recorded change of one field across the given matrix versions, newest first."""
    return (
        EntryChange.objects.filter(matrix__in=matrices, field_key=field_key)
        .select_related("matrix", "changed_by")
        .order_by("-changed_at", "-id")
    )


def version_history(matrices: Iterable[Matrix]) -> QuerySet[AuditEvent]:
    """The audit events of the given matrix versions (steps, edits, sharing), newest first."""
    return (
        AuditEvent.objects.filter(
            target_type=Matrix._meta.label_lower, target_id__in=[str(m.pk) for m in matrices]
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def matrix_summary(entries: Iterable[Entry]) -> stats.Summary:
    return stats.summarise((e.field.section.code, e.field.weapon_category, e.mark) for e in entries)


def coverage_table(summary: stats.Summary, sections: Iterable[Section]) -> list[dict[str, Any]]:
    """Per section: mark counts and coverage, in template order, plus a total row."""
    per_section = stats.by_section(summary)
    rows = []
    for section in sections:
        counts = per_section.get(section.code, stats.empty_counts())
        rows.append(
            {
                "code": section.code,
                "title": section.tr("title"),
                "counts": counts,
                "fields": sum(counts.values()),
                "coverage": stats.coverage(counts),
            }
        )
    total = stats.total(summary)
    rows.append(
        {
            "code": "",
            "title": "",
            "counts": total,
            "fields": sum(total.values()),
            "coverage": stats.coverage(total),
            "is_total": True,
        }
    )
    return rows


def weapon_table(summary: stats.Summary) -> list[dict[str, Any]]:
    per_weapon = stats.by_weapon(summary)
    return [
        {"code": w, "counts": per_weapon[w], "coverage": stats.coverage(per_weapon[w])}
        for w in ("N", "C", "B", stats.NO_WEAPON)
        if w in per_weapon
    ]
