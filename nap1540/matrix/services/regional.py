"""Regional status: coverage across a group's approved, visible matrices.

Counts come from `Matrix.summary`, frozen at approval, so a region of any size costs
three queries. Aggregates over fewer than MIN_STATES States are suppressed (None).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Subquery

from nap1540.core.i18n import localized
from nap1540.matrix import stats
from nap1540.matrix.models import Matrix, Section, WeaponCategory
from nap1540.registry.models import Group

MIN_STATES = 3
WEAPONS = ("N", "C", "B", stats.NO_WEAPON)


def weapon_label(code: str) -> str:
    from django.utils.translation import gettext as _

    if code == stats.NO_WEAPON:
        return _("General (no weapon category)")
    return str(WeaponCategory(code).label)


@dataclass(frozen=True)
class _Approved:
    state_id: int
    iso3: str
    name: str
    translations: dict[str, Any]
    version: int
    approved_at: datetime | None
    summary: stats.Summary
    framework_id: int
    is_demo: bool


def _approved_visible(user: Any, state_ids: list[int], *, newest: bool = False) -> list[_Approved]:
    """Approved versions the user may see, newest first per State (plain rows: no models).

    With `newest`, only each State's newest such version: what the current figures need.
    """
    approved = Matrix.objects.visible_to(user).filter(
        state_id__in=state_ids, status=Matrix.Status.APPROVED
    )
    if newest:
        last = approved.filter(state=OuterRef("state")).order_by("-version").values("version")
        approved = approved.filter(version=Subquery(last[:1]))
    rows = approved.order_by("state_id", "-version").values_list(
        "state_id",
        "state__iso3",
        "state__name",
        "state__translations",
        "version",
        "approved_at",
        "summary",
        "framework_id",
        "is_demo",
    )
    return [_Approved(*row) for row in rows]


def _section_titles(framework_ids: Iterable[int]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    rows = (
        Section.objects.filter(framework_id__in=list(framework_ids))
        .order_by("order", "-framework__version")
        .values_list("code", "title", "translations")
    )
    for code, title, translations in rows:
        seen.setdefault(code, localized(title, translations, "title"))
    return list(seen.items())


def _aggregate(
    index: stats.CellIndex, flat: list[int], codes: list[str], suppressed: bool
) -> dict[str, Any]:
    sections, weapons, total = index.reduce(flat)

    def cov(counts: list[int] | None) -> float | None:
        return None if suppressed else stats.vector_coverage(counts)

    def marks(counts: list[int] | None) -> dict[str, int] | None:
        return None if suppressed or counts is None else stats.as_counts(counts)

    return {
        "overall": cov(total),
        "sections": {c: cov(sections.get(c)) for c in codes},
        "section_marks": {c: marks(sections.get(c)) for c in codes},
        "weapons": {w: cov(weapons[w]) for w in WEAPONS if w in weapons},
        "weapon_marks": {w: marks(weapons[w]) for w in WEAPONS if w in weapons},
    }


def _localized(m: _Approved) -> str:
    return localized(m.name, m.translations, "name")


def coverage_for_states(
    state_ids: Iterable[int], user: Any, *, min_states: int = MIN_STATES, detail: bool = True
) -> dict[str, Any]:
    """Coverage by section and weapon, heatmap rows and trend for some States.

    Only approved matrices the user may see count: per State, the latest such version
    (for the trend, the latest approved by the end of each year). Plain JSON data.
    Without `detail`, the heatmap rows and the trend are empty and older versions are
    not read (a region page's summary section).
    """
    ids = list(state_ids)
    matrices = _approved_visible(user, ids, newest=not detail)
    latest: dict[int, _Approved] = {}
    for m in matrices:
        latest.setdefault(m.state_id, m)
    sections = _section_titles({m.framework_id for m in matrices})
    codes = [c for c, _t in sections]
    counted = len(latest)
    suppressed = counted < min_states
    index = stats.CellIndex(m.summary for m in matrices)
    flat = {id(m): index.flatten(m.summary) for m in matrices}
    now = index.zero()
    for m in latest.values():
        now = index.add(now, flat[id(m)])
    current = _aggregate(index, now, codes, suppressed)
    names = {m.state_id: _localized(m) for m in latest.values()}
    heat_rows = []
    for m in sorted(latest.values(), key=lambda m: names[m.state_id]) if detail else ():
        per_section, _weapons, total = index.reduce(flat[id(m)])
        heat_rows.append(
            {
                "iso3": m.iso3,
                "name": names[m.state_id],
                "version": m.version,
                "approved_on": m.approved_at.date().isoformat() if m.approved_at else None,
                "is_demo": m.is_demo,
                "values": [stats.vector_coverage(per_section.get(c)) for c in codes],
                "overall": stats.vector_coverage(total),
            }
        )
    # Each State counts with its latest version approved by the end of the year: walk
    # the approvals in date order, swapping a State's counts when a newer one arrives.
    trend = []
    dated = sorted(
        (m for m in matrices if m.approved_at and detail), key=lambda m: (m.approved_at, m.version)
    )
    if dated:
        running, members = index.zero(), {}  # type: ignore[var-annotated]
        i = 0
        for year in range(dated[0].approved_at.year, dated[-1].approved_at.year + 1):  # type: ignore[union-attr]
            while i < len(dated) and dated[i].approved_at.year <= year:  # type: ignore[union-attr]
                m = dated[i]
                if m.state_id in members:
                    running = index.add(running, members[m.state_id], -1)
                members[m.state_id] = flat[id(m)]
                running = index.add(running, flat[id(m)])
                i += 1
            n = len(members)
            point = _aggregate(index, running, codes, n < min_states)
            trend.append(
                {
                    "year": year,
                    "states": n,
                    "suppressed": n < min_states,
                    "overall": point["overall"],
                    "sections": point["sections"],
                }
            )
    return {
        "states_total": len(ids),
        "states_counted": counted,
        "min_states": min_states,
        "suppressed": suppressed,
        "overall": current["overall"],
        "sections": [
            {
                "code": code,
                "title": title,
                "coverage": current["sections"][code],
                "marks": current["section_marks"][code],
            }
            for code, title in sections
        ],
        "weapons": [
            {
                "code": w,
                "label": weapon_label(w),
                "coverage": current["weapons"][w],
                "marks": current["weapon_marks"][w],
            }
            for w in current["weapons"]
        ],
        "heatmap": {"columns": codes, "rows": heat_rows},
        "has_demo": any(m.is_demo for m in latest.values()),
        "trend": trend,
    }


def group_coverage(group: Group, user: Any, *, detail: bool = True) -> dict[str, Any]:
    """Regional status of a group: see `coverage_for_states`; adds the group's code and name."""
    result = coverage_for_states(group.members.values_list("id", flat=True), user, detail=detail)
    name = group.tr("name")
    return {"group": {"code": group.code, "name": name, "language": name.language}, **result}
