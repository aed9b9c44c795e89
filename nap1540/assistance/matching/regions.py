"""Resolve region labels and requesters to sets of States (ISO 3166 alpha-3 codes).

Input is plain data, shaped like ``nap1540/registry/data/states.json`` and ``groups.json``:

    states: {"states": [{"iso3": "UZB", "un_name": "Uzbekistan", "aliases": [...]}, ...]}
    groups: {"groups": [{"code": "OSCE", "name": "...", "kind": "...", "members": [...],
                         "aliases": ["OSCE area", ...]}, ...]}

A provider writes regions its own way ("Asia-Pacific Region", "OSCE area", "All", "Central Asia
and Mongolia"). A label is matched on its normalised words, then with filler words such as
"region", "area" or "member States" dropped, then split on "and", commas and slashes. What cannot
be resolved is reported as UNKNOWN: it neither serves everyone nor excludes anyone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .text import normalise

AreaKind = Literal["global", "group", "state", "unknown"]

GLOBAL_LABELS = frozenset(
    {
        "all", "global", "worldwide", "world wide", "world", "all regions", "all states",
        "all countries", "any", "international", "universal", "everywhere", "all un members",
        "all un member", "all member", "весь мир", "все регионы", "все государства",
        "глобальный", "monde", "mundial", "tous", "todos",
    }
)  # fmt: skip

_FILLER = frozenset(
    {"the", "region", "regions", "area", "areas", "states", "state", "countries", "country",
     "member", "members", "participating", "sub", "subregion", "zone", "of", "un", "group"}
)  # fmt: skip
_SPLIT = re.compile(r"\s*(?:,|;|/|\+|&|\band\b|\bи\b)\s*")
_NON_WORD = re.compile(r"[^\w&]+")


def _key(label: str) -> str:
    return " ".join(_NON_WORD.sub(" ", normalise(label)).split())


def _reduced(key: str) -> str:
    return " ".join(w for w in key.split() if w not in _FILLER)


@dataclass(frozen=True)
class Area:
    """One resolved piece of a region label."""

    label: str
    kind: AreaKind
    name: str
    states: frozenset[str]
    code: str = ""  # the State's ISO3 code or the group's code; empty for global and unknown


@dataclass(frozen=True)
class Coverage:
    """Where an offer is available: the union of its resolved labels, and what is unknown."""

    stated: bool
    is_global: bool
    states: frozenset[str]
    areas: tuple[Area, ...]
    unknown: tuple[str, ...]


class RegionResolver:
    """Lookup tables built once from the registry's States and groups data."""

    def __init__(
        self, states: Mapping[str, Any] | None = None, groups: Mapping[str, Any] | None = None
    ) -> None:
        self.state_names: dict[str, str] = {}
        self._lookup: dict[str, Area] = {}
        self._reduced_lookup: dict[str, Area] = {}
        for state in (states or {}).get("states", ()):
            iso3 = str(state["iso3"]).upper()
            name = str(state.get("un_name") or iso3)
            self.state_names[iso3] = name
            area = Area(name, "state", name, frozenset({iso3}), iso3)
            for label in (iso3, name, *state.get("aliases", ())):
                self._register(label, area)
        self.all_states = frozenset(self.state_names)
        self.groups: dict[str, Area] = {}
        for group in (groups or {}).get("groups", ()):
            members = frozenset(str(m).upper() for m in group.get("members", ()))
            name = str(group.get("name") or group["code"])
            area = Area(name, "group", name, members, str(group["code"]))
            self.groups[str(group["code"])] = area
            for label in (group["code"], name, *group.get("aliases", ())):
                self._register(label, area)

    @classmethod
    def from_files(cls, states_path: Path, groups_path: Path) -> RegionResolver:
        """Build from the two registry JSON files."""
        return cls(
            json.loads(states_path.read_text(encoding="utf-8")),
            json.loads(groups_path.read_text(encoding="utf-8")),
        )

    def _register(self, label: str, area: Area) -> None:
        key = _key(str(label))
        if key:
            # States are registered first; a group alias never shadows a State's own name.
            self._lookup.setdefault(key, area)
            reduced = _reduced(key)
            if reduced:
                self._reduced_lookup.setdefault(reduced, area)

    def _find(self, key: str) -> Area | None:
        if key in GLOBAL_LABELS or _reduced(key) in GLOBAL_LABELS:
            return Area(key, "global", "all regions", self.all_states)
        return self._lookup.get(key) or self._reduced_lookup.get(_reduced(key))

    def resolve(self, label: str) -> tuple[Area, ...]:
        """Areas named by one region label; unresolved parts come back with kind "unknown"."""
        key = _key(label)
        found = self._find(key)
        if found is not None:
            return (Area(label, found.kind, found.name, found.states, found.code),)
        parts = [p for p in _SPLIT.split(normalise(label)) if p.strip()]
        if len(parts) < 2:
            return (Area(label, "unknown", label, frozenset()),)
        areas: list[Area] = []
        for part in parts:
            hit = self._find(_key(part))
            if hit is None:
                areas.append(Area(part.strip(), "unknown", part.strip(), frozenset()))
            else:
                areas.append(Area(part.strip(), hit.kind, hit.name, hit.states, hit.code))
        return tuple(areas)

    def coverage(self, labels: Iterable[str] | None) -> Coverage:
        """Union of the States that an offer's region labels name."""
        labels = [label for label in (labels or ()) if label.strip()]
        areas = tuple(area for label in labels for area in self.resolve(label))
        known = [a for a in areas if a.kind != "unknown"]
        return Coverage(
            stated=bool(labels),
            is_global=any(a.kind == "global" for a in areas),
            states=frozenset().union(*(a.states for a in known)),
            areas=areas,
            unknown=tuple(a.label for a in areas if a.kind == "unknown"),
        )

    def requester(self, value: str) -> Area | None:
        """The States behind a requester: an ISO3 code, a State's name or a group (CARICOM)."""
        key = _key(value)
        if not key or key in GLOBAL_LABELS:
            return None
        area = self._lookup.get(key) or self._reduced_lookup.get(_reduced(key))
        if area is None or not area.states:
            return None
        return area

    def state_name(self, iso3: str) -> str:
        return self.state_names.get(iso3, iso3)
