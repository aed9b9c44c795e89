"""The matrix page's content: sections laid out as the Committee's matrix, filtered.

Takes entries (or history snapshots for an as-of view) already fetched and returns plain
objects for the templates, so the page costs the same few queries for any matrix size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nap1540.matrix import stats
from nap1540.matrix.layout import section_columns, section_rows
from nap1540.matrix.models import REFERENCE_KEYS, Entry, FieldDef, Mark, Section, SourceKind
from nap1540.matrix.values import blank_snapshot

MARK_CLASS = {"X": "x", "?": "q", "NA": "na", "": "blank"}
MARK_LABELS = {m.value: str(m.label) for m in Mark}
SOURCE_LABELS = {k.value: str(k.label) for k in SourceKind}


@dataclass
class Cell:
    field: FieldDef
    snap: dict[str, Any]
    entry_id: int | None = None
    revision: int = 0
    updated_by: Any = None
    updated_at: datetime | None = None
    changed: bool = False
    editable: bool = False

    @property
    def mark(self) -> str:
        return str(self.snap.get("mark", ""))

    @property
    def mark_class(self) -> str:
        return MARK_CLASS.get(self.mark, "blank")

    @property
    def mark_label(self) -> str:
        return MARK_LABELS.get(self.mark, "")

    @property
    def legal(self) -> dict[str, str]:
        return self.snap.get("legal_reference") or {}

    @property
    def enforcement(self) -> dict[str, str]:
        return self.snap.get("enforcement_reference") or {}

    @property
    def has_legal(self) -> bool:
        return any(self.legal.get(k) for k in REFERENCE_KEYS)

    @property
    def has_enforcement(self) -> bool:
        return any(self.enforcement.get(k) for k in REFERENCE_KEYS)

    @property
    def source_label(self) -> str:
        return (
            SOURCE_LABELS.get(self.snap.get("source_kind", ""), "")
            if self.snap.get("source_kind")
            else ""
        )

    @property
    def has_source(self) -> bool:
        return bool(
            self.snap.get("source_kind")
            or self.snap.get("source_document")
            or self.snap.get("source_page")
            or self.snap.get("source_url")
        )

    @property
    def has_evidence(self) -> bool:
        return (
            self.has_legal
            or self.has_enforcement
            or self.has_source
            or bool(self.snap.get("remarks"))
        )

    @classmethod
    def from_entry(cls, entry: Entry, *, changed: bool = False, editable: bool = False) -> Cell:
        return cls(
            field=entry.field,
            snap=entry.snapshot(),
            entry_id=entry.pk,
            revision=entry.revision,
            updated_by=entry.updated_by,
            updated_at=entry.updated_at,
            changed=changed,
            editable=editable,
        )


def _label(field: FieldDef) -> str:
    return field.tr("label")


@dataclass
class Row:
    label: str
    key: str
    cells: list[Cell | None]


@dataclass
class SectionView:
    section: Section
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=stats.empty_counts)

    @property
    def coverage(self) -> float | None:
        return stats.coverage(self.counts)

    @property
    def weapon_layout(self) -> bool:
        return self.columns != [""]


@dataclass(frozen=True)
class Filters:
    section: str = ""
    weapon: str = ""
    mark: str = ""
    keys: frozenset[str] | None = None  # only these fields (changed since / changes view)

    @property
    def active(self) -> bool:
        return bool(self.section or self.weapon or self.mark or self.keys is not None)

    def keeps(self, cell: Cell) -> bool:
        f = cell.field
        if self.weapon and (f.weapon_category or stats.NO_WEAPON) != self.weapon:
            return False
        if self.mark and cell.mark != ("" if self.mark == "blank" else self.mark):
            return False
        return self.keys is None or f.key in self.keys


def cells_from_entries(
    entries: Iterable[Entry],
    *,
    approved: Mapping[str, dict[str, Any]] | None,
    editable: bool,
) -> list[Cell]:
    out = []
    for e in entries:
        changed = approved is not None and approved.get(e.field.key, blank_snapshot()) != (
            e.snapshot()
        )
        out.append(Cell.from_entry(e, changed=changed, editable=editable))
    return out


def cells_from_snapshots(
    fields: Iterable[FieldDef], snaps: Mapping[str, dict[str, Any]]
) -> list[Cell]:
    blank = blank_snapshot()
    return [Cell(field=f, snap=snaps.get(f.key, blank)) for f in fields]


def build_sections(
    sections: Iterable[Section], cells: Iterable[Cell], filters: Filters
) -> list[SectionView]:
    """Sections in template order with rows of N/C/B cells, after the filters."""
    by_section: dict[int, list[Cell]] = {}
    for cell in cells:
        by_section.setdefault(cell.field.section_id, []).append(cell)
    views = []
    for section in sections:
        if filters.section and section.code != filters.section:
            continue
        section_cells = by_section.get(section.pk, [])
        counts = stats.empty_counts()
        for c in section_cells:
            counts[c.mark] = counts.get(c.mark, 0) + 1
        cell_of = {c.field.pk: c for c in section_cells}
        fields = [c.field for c in section_cells]
        weapon_columns = section.has_weapon_columns
        columns = section_columns(fields) if weapon_columns else [""]
        if filters.weapon and weapon_columns:
            columns = [c for c in columns if c == filters.weapon]
        view = SectionView(section=section, columns=columns, counts=counts)
        rows = section_rows(fields, weapon_columns=weapon_columns, label_of=_label)
        for layout_row in rows:
            row_cells: list[Cell | None] = []
            for column in columns:
                f = layout_row.cells.get(column)
                found = cell_of.get(f.pk) if f is not None else None
                row_cells.append(found if found is not None and filters.keeps(found) else None)
            if any(row_cells):
                view.rows.append(Row(layout_row.label, layout_row.row_key, row_cells))
        if view.rows or not filters.active:
            views.append(view)
    return views


def totals(views: Iterable[SectionView]) -> dict[str, Any]:
    counts = stats.empty_counts()
    for v in views:
        stats.add_counts(counts, v.counts)
    return {"counts": counts, "coverage": stats.coverage(counts), "fields": sum(counts.values())}
