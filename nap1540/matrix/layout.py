"""How the Committee lays a section out: one row per requirement, N/C/B side by side.

The template stores one field per weapon category (OP2-N-01, OP2-C-01, OP2-B-01). Fields
whose ids differ only in the weapon letter are one printed row with a column per category.
Plain Python: works on anything with `key`, `label`, `order` and `weapon_category`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

WEAPON_ORDER = ("N", "C", "B")
_KEY = re.compile(r"^(?P<head>.+?)-(?P<weapon>[NCB])-(?P<tail>.+)$")
_LABEL_SUFFIX = re.compile(
    r"\s*\((?:N|C|B|nuclear weapons|chemical weapons|biological weapons)\)\s*$", re.IGNORECASE
)
_LABEL_OF_WEAPON = re.compile(r"\s+of [NCB] weapons\s*$")


class FieldLike(Protocol):
    key: str
    label: str
    order: int
    weapon_category: str


@dataclass
class LayoutRow:
    """One printed row: a label and the field for each weapon column (or "" for no column)."""

    row_key: str
    label: str
    order: int
    cells: dict[str, Any] = field(default_factory=dict)

    def cell_list(self, columns: Sequence[str]) -> list[Any]:
        return [self.cells.get(c) for c in columns]


def row_key(key: str, weapon: str) -> str:
    match = _KEY.match(key)
    if weapon and match and match["weapon"] == weapon:
        return f"{match['head']}-*-{match['tail']}"
    return key


def row_label(label: str) -> str:
    """The label without its weapon suffix; a translated `Text` stays one (same language)."""
    stripped = _LABEL_OF_WEAPON.sub("", _LABEL_SUFFIX.sub("", label))
    derive = getattr(label, "derive", None)
    if stripped and derive is not None:
        kept: str = derive(stripped)
        return kept
    return stripped or label


def section_columns(fields: Iterable[FieldLike]) -> list[str]:
    """The weapon columns a section has, in N, C, B order; [""] when it has none."""
    present = {f.weapon_category for f in fields if f.weapon_category}
    return [w for w in WEAPON_ORDER if w in present] or [""]


def section_rows(
    fields: Sequence[FieldLike],
    *,
    weapon_columns: bool,
    label_of: Callable[[Any], str] = lambda f: str(f.label),
) -> list[LayoutRow]:
    """Group a section's fields into printed rows, in order of first appearance.

    `label_of` gives a field's label in the reader's language (the English by default).
    """
    rows: dict[str, LayoutRow] = {}
    for f in sorted(fields, key=lambda f: f.order):
        weapon = f.weapon_category if weapon_columns else ""
        key = row_key(f.key, weapon) if weapon else f.key
        row = rows.get(key)
        if row is None or weapon in row.cells:
            if row is not None:  # two fields claim the same cell: keep them apart
                key = f.key
            row = rows[key] = LayoutRow(
                row_key=key, label=row_label(label_of(f)) if weapon else label_of(f), order=f.order
            )
        row.cells[weapon] = f
    return list(rows.values())
