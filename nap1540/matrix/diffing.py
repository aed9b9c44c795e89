"""Field-by-field comparison of two matrix versions, on plain snapshots (no database)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nap1540.matrix.values import blank_snapshot

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class FieldInfo:
    key: str
    section: str
    section_order: int
    order: int
    label: str
    weapon_category: str = ""


@dataclass(frozen=True)
class DiffRow:
    field: FieldInfo
    status: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    parts: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def mark_changed(self) -> bool:
        return "mark" in self.parts

    def as_dict(self) -> dict[str, Any]:
        return {
            "field_key": self.field.key,
            "section": self.field.section,
            "label": self.field.label,
            "status": self.status,
            "changed": list(self.parts),
            "before": self.before,
            "after": self.after,
        }


def changed_parts(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(k for k in blank_snapshot() if before.get(k) != after.get(k))


def diff_snapshots(
    before: Mapping[str, dict[str, Any]],
    after: Mapping[str, dict[str, Any]],
    fields: Mapping[str, FieldInfo],
) -> list[DiffRow]:
    """Rows for every field that differs; fields present on one side only are added/removed."""
    rows = []
    for key in before.keys() | after.keys():
        info = fields.get(key) or FieldInfo(key, "", 0, 0, key)
        old, new = before.get(key), after.get(key)
        if old is None:
            rows.append(DiffRow(info, ADDED, None, new, ("mark",)))
        elif new is None:
            rows.append(DiffRow(info, REMOVED, old, None, ("mark",)))
        elif parts := changed_parts(old, new):
            rows.append(DiffRow(info, CHANGED, old, new, parts))
    rows.sort(key=lambda r: (r.field.section_order, r.field.order, r.field.key))
    return rows
