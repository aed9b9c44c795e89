"""Proposing tasks from matrix gaps. Plain Python: no models, no database.

A gap is a matrix field marked blank or "?". Fields that differ only by weapon
category (OP3(d)-N-LEG, OP3(d)-C-LEG, OP3(d)-B-LEG) make one proposal, since
one law or one measure usually covers them together. Each proposal carries a
suggested lead agency kind from `data/agency_mapping.json`, and the rule's `why`
with its translations (docs/decisions/014), which `Proposal.why_text` shows in the
reader's language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

from nap1540.core.i18n import Text, localized, validate_translations

MAPPING_FILE = Path(__file__).resolve().parent / "data" / "agency_mapping.json"
_WEAPON_IN_KEY = re.compile(r"-(N|C|B)(?=-|$)")
_WEAPON_IN_LABEL = re.compile(
    r"\s*\((?:N|C|B|nuclear weapons|chemical weapons|biological weapons)\)\s*$", re.IGNORECASE
)
WEAPON_ORDER = {"N": 0, "C": 1, "B": 2, "": 3}


@dataclass(frozen=True)
class Rule:
    match: str
    kinds: tuple[str, ...]
    why: str = ""
    # {"fr": {"why": "..."}, ...}, as the reference data keeps its translations.
    translations: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class GapField:
    """One matrix field marked blank or "?" in the State's latest matrix."""

    key: str
    section: str
    label: str
    mark: str = ""
    weapon: str = ""
    section_order: int = 0
    order: int = 0


@dataclass
class Proposal:
    """A task the coordinator may pick, covering one subject across weapon categories."""

    subject: str
    section: str
    label: str
    fields: list[GapField] = field(default_factory=list)
    kinds: tuple[str, ...] = ()
    why: str = ""
    why_translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def why_text(self, language: str | None = None) -> Text:
        """`why` in the active (or given) language, else the English marked as such."""
        return localized(self.why, self.why_translations, "why", language)

    @property
    def field_keys(self) -> list[str]:
        return [f.key for f in self.fields]

    @property
    def weapons(self) -> list[str]:
        return sorted({f.weapon for f in self.fields if f.weapon}, key=WEAPON_ORDER.__getitem__)

    @property
    def marks(self) -> list[str]:
        return sorted({f.mark for f in self.fields})


def parse_rules(doc: dict[str, Any]) -> list[Rule]:
    """Rules from the mapping document; raises ValueError on a malformed one."""
    rules = doc.get("rules")
    if doc.get("format") != 1 or not isinstance(rules, list):
        raise ValueError("agency mapping: expected {'format': 1, 'rules': [...]}")
    out = []
    for i, raw in enumerate(rules):
        if not isinstance(raw, dict) or not raw.get("match") or not raw.get("kinds"):
            raise ValueError(f"agency mapping: rule {i} needs 'match' and 'kinds'")
        why = str(raw.get("why", ""))
        translations = raw.get("translations")
        problems = validate_translations(translations, {"why": why} if why.strip() else {})
        if problems:
            where = f"agency mapping: rule {i} ({raw['match']})"
            raise ValueError("; ".join(f"{where}: {problem}" for problem in problems))
        out.append(Rule(str(raw["match"]), tuple(raw["kinds"]), why, dict(translations or {})))
    return out


@cache
def default_rules() -> tuple[Rule, ...]:
    return tuple(parse_rules(json.loads(MAPPING_FILE.read_text(encoding="utf-8"))))


def suggest(key: str, rules: Sequence[Rule]) -> Rule | None:
    """The first rule whose pattern matches the field id."""
    return next((rule for rule in rules if fnmatchcase(key, rule.match)), None)


def subject_of(key: str) -> str:
    """The field id with its weapon category replaced by "*": OP3(d)-N-LEG -> OP3(d)-*-LEG."""
    return _WEAPON_IN_KEY.sub("-*", key, count=1)


def plain_label(label: str) -> str:
    """The label without its weapon suffix: "Transit controls (N)" -> "Transit controls"."""
    return _WEAPON_IN_LABEL.sub("", label).strip()


def propose(
    gaps: Iterable[GapField],
    rules: Sequence[Rule] | None = None,
    *,
    exclude_keys: Iterable[str] = (),
) -> list[Proposal]:
    """Group gaps into proposals, in matrix order; fields in `exclude_keys` are skipped."""
    rules = default_rules() if rules is None else rules
    excluded = set(exclude_keys)
    ordered = sorted(
        (g for g in gaps if g.key not in excluded),
        key=lambda g: (g.section_order, g.order, WEAPON_ORDER.get(g.weapon, 3)),
    )
    proposals: dict[tuple[str, str], Proposal] = {}
    for gap in ordered:
        subject = subject_of(gap.key)
        proposal = proposals.get((gap.section, subject))
        if proposal is None:
            rule = suggest(gap.key, rules)
            proposal = Proposal(
                subject=subject,
                section=gap.section,
                label=plain_label(gap.label),
                kinds=rule.kinds if rule else (),
                why=rule.why if rule else "",
                why_translations=rule.translations if rule else {},
            )
            proposals[(gap.section, subject)] = proposal
        proposal.fields.append(gap)
    return list(proposals.values())


def group_by_section(proposals: Iterable[Proposal]) -> list[tuple[str, list[Proposal]]]:
    """[(section code, proposals)] keeping the matrix order."""
    out: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        out.setdefault(proposal.section, []).append(proposal)
    return list(out.items())
