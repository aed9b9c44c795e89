"""Mark counts and coverage, on plain data (no database).

Coverage of a set of fields is the share marked X among those that apply to the
State: X / (all - NA). "?" and blank both count as not covered. A set where every
field is NA has no coverage (None), not 0 %.

A matrix's counts ("summary", frozen on approved matrices) are
``{section code: {weapon category or "-": [X, ?, NA, blank]}}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

MARKS = ("X", "?", "NA", "")
MARK_INDEX = {m: i for i, m in enumerate(MARKS)}
NO_WEAPON = "-"

Summary = dict[str, dict[str, list[int]]]


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(MARKS, 0)


def as_counts(vector: Sequence[int]) -> dict[str, int]:
    return dict(zip(MARKS, vector, strict=True))


def summarise(rows: Iterable[tuple[str, str, str]]) -> Summary:
    """Count (section code, weapon category, mark) triples."""
    out: Summary = {}
    for section, weapon, mark in rows:
        cell = out.setdefault(section, {}).setdefault(weapon or NO_WEAPON, [0, 0, 0, 0])
        cell[MARK_INDEX.get(mark, 3)] += 1
    return out


def add_counts(into: dict[str, int], counts: Mapping[str, int]) -> dict[str, int]:
    for mark in MARKS:
        into[mark] = into.get(mark, 0) + int(counts.get(mark, 0))
    return into


def coverage(counts: Mapping[str, int] | Sequence[int]) -> float | None:
    if not isinstance(counts, Mapping):
        counts = as_counts(counts)
    applicable = sum(int(counts.get(m, 0)) for m in MARKS) - int(counts.get("NA", 0))
    if applicable <= 0:
        return None
    return round(100.0 * int(counts.get("X", 0)) / applicable, 1)


def _rollup(summary: Mapping[str, Mapping[str, Sequence[int]]], by: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for section, weapons in summary.items():
        for weapon, vector in weapons.items():
            key = section if by == "section" else weapon
            total = out.setdefault(key, [0, 0, 0, 0])
            for i in range(4):
                total[i] += vector[i]
    return out


def by_section(summary: Mapping[str, Mapping[str, Sequence[int]]]) -> dict[str, dict[str, int]]:
    return {k: as_counts(v) for k, v in _rollup(summary, "section").items()}


def by_weapon(summary: Mapping[str, Mapping[str, Sequence[int]]]) -> dict[str, dict[str, int]]:
    return {k: as_counts(v) for k, v in _rollup(summary, "weapon").items()}


def total(summary: Mapping[str, Mapping[str, Sequence[int]]]) -> dict[str, int]:
    out = [0, 0, 0, 0]
    for weapons in summary.values():
        for vector in weapons.values():
            for i in range(4):
                out[i] += vector[i]
    return as_counts(out)


class CellIndex:
    """Summaries flattened over a fixed list of (section, weapon) cells.

    Regional statistics add up hundreds of summaries; as flat integer lists that is one
    short pass per matrix instead of walking nested dictionaries.
    """

    def __init__(self, summaries: Iterable[Mapping[str, Mapping[str, Any]]]) -> None:
        seen: dict[tuple[str, str], None] = {}
        for summary in summaries:
            for section, weapons in summary.items():
                for weapon in weapons:
                    seen.setdefault((section, weapon), None)
        self.cells = list(seen)
        self.position = {cell: i for i, cell in enumerate(self.cells)}
        self.size = 4 * len(self.cells)

    def zero(self) -> list[int]:
        return [0] * self.size

    def flatten(self, summary: Mapping[str, Mapping[str, Sequence[int]]]) -> list[int]:
        out = [0] * self.size
        for section, weapons in summary.items():
            for weapon, counts in weapons.items():
                at = 4 * self.position[(section, weapon)]
                out[at : at + 4] = counts
        return out

    @staticmethod
    def add(a: list[int], b: list[int], sign: int = 1) -> list[int]:
        return [x + sign * y for x, y in zip(a, b, strict=True)]

    def reduce(
        self, flat: Sequence[int]
    ) -> tuple[dict[str, list[int]], dict[str, list[int]], list[int]]:
        """Counts [X, ?, NA, blank] per section, per weapon category, and in total."""
        sections: dict[str, list[int]] = {}
        weapons: dict[str, list[int]] = {}
        total = [0, 0, 0, 0]
        for i, (section, weapon) in enumerate(self.cells):
            counts = flat[4 * i : 4 * i + 4]
            if not any(counts):
                continue
            for into in (
                sections.setdefault(section, [0, 0, 0, 0]),
                weapons.setdefault(weapon, [0, 0, 0, 0]),
                total,
            ):
                into[0] += counts[0]
                into[1] += counts[1]
                into[2] += counts[2]
                into[3] += counts[3]
        return sections, weapons, total


def vector_coverage(counts: Sequence[int] | None) -> float | None:
    """`coverage` for a [X, ?, NA, blank] list."""
    if counts is None:
        return None
    applicable = counts[0] + counts[1] + counts[3]
    return round(100.0 * counts[0] / applicable, 1) if applicable > 0 else None
