"""A drafting aid for request items: flags generic wording and says what a provider needs.

Studies of the Committee's process found requests written as "high-level, generic statements of
need" ("capacity building", "training") that providers cannot act on. The aid reads an item with
the matching engine's classifier (the same vocabulary offers are indexed with) and returns
flags with concrete suggestions and a 0-100 specificity score. It never blocks saving.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nap1540.assistance.matching import TERMS, classify
from nap1540.core.text import join_list, quoted

# Phrases that say "help" without saying with what (English and Russian, normalised).
GENERIC_PHRASES = (
    "capacity building",
    "capacity-building",
    "capacity development",
    "build capacity",
    "technical assistance",
    "technical support",
    "assistance",
    "support",
    "strengthen",
    "enhance",
    "improve",
    "наращивание потенциала",
    "укрепление потенциала",
    "техническое содействие",
    "техническая помощь",
    "содействие",
    "помощь",
)

# Matrix sections name the measure family; weapon categories name the weapon.
SECTION_SUBJECTS = {
    "OP1": ("national_coordination",),
    "OP2": ("legislation",),
    "OP3(a)": ("accounting_security",),
    "OP3(b)": ("physical_protection",),
    "OP3(c)": ("border_control", "law_enforcement"),
    "OP3(d)": ("export_control",),
}
WEAPON_SUBJECTS = {"N": "nuclear", "C": "chemical", "B": "biological", "D": "means_of_delivery"}
WEAPON_SLUGS = frozenset(WEAPON_SUBJECTS.values()) | {"radiological"}

_AUDIENCE = re.compile(
    r"\b(officer|official|staff|agenc|ministr|customs|police|inspector|laborator|regulator|"
    r"judge|prosecutor|parliament|industry|exporter|academi|university|border guard|"
    r"participant|people|persons|специалист|сотрудник|ведомств|министерств|таможн|"
    r"инспектор|лаборатор)",
    re.IGNORECASE,
)
_TIMEFRAME = re.compile(
    r"\b(19|20)\d\d\b|\b(month|week|year|quarter|by the end|deadline|within|"
    r"месяц|недел|год|квартал|срок)",
    re.IGNORECASE,
)
_QUANTITY = re.compile(r"\b\d+\b")


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    suggestion: str


@dataclass(frozen=True)
class DraftingReport:
    score: int
    flags: tuple[Flag, ...]
    types: tuple[str, ...]
    subjects: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    suggested_subjects: tuple[str, ...] = ()

    @property
    def is_specific(self) -> bool:
        return not self.flags

    def labels(self, slugs: Sequence[str]) -> list[str]:
        return [str(TERMS[s].label) for s in slugs if s in TERMS]


def _generic_phrases(text: str) -> list[str]:
    lowered = " ".join(text.lower().split())
    found: list[str] = []
    for phrase in GENERIC_PHRASES:
        present = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered)
        if present and not any(phrase in longer for longer in found):
            found.append(phrase)
    return found


def review_item(
    text: str,
    *,
    assistance_types: Sequence[str] = (),
    subjects: Sequence[str] = (),
    weapon_categories: Sequence[str] = (),
    section_codes: Sequence[str] = (),
) -> DraftingReport:
    """Flags and suggestions for one request item (declared facets count as specific)."""
    found = classify(text)
    types = tuple(dict.fromkeys((*assistance_types, *found.types)))
    declared_subjects = [
        *subjects,
        *(WEAPON_SUBJECTS[c] for c in weapon_categories if c in WEAPON_SUBJECTS),
    ]
    all_subjects = tuple(dict.fromkeys((*declared_subjects, *found.subjects)))
    suggested: list[str] = []
    for code in section_codes:
        for slug in SECTION_SUBJECTS.get(code.replace(" ", ""), ()):
            if slug not in all_subjects and slug not in suggested:
                suggested.append(slug)
    flags: list[Flag] = []
    generic = _generic_phrases(text)
    words = text.split()
    if not all_subjects:
        flags.append(
            Flag(
                "no_subject",
                _("The need does not say what it is about."),
                _(
                    "Name the weapons (nuclear, chemical, biological, means of delivery) and the "
                    "measures concerned (e.g. export control, border control, physical protection, "
                    "biosafety and biosecurity, legislation)."
                ),
            )
        )
    if "training" in types and not all_subjects:
        flags.append(
            Flag(
                "training_without_subject",
                _("Training is asked for, but not on what."),
                _(
                    "Say the subject of the training, who is to be trained (which agency, how many "
                    "people) and the level (awareness, practitioner, train-the-trainer)."
                ),
            )
        )
    if generic and (not all_subjects or len(words) < 15):
        flags.append(
            Flag(
                "generic_wording",
                _("Generic wording: %(phrases)s.")
                % {"phrases": join_list(quoted(p) for p in generic)},
                _(
                    "Replace it with the concrete result wanted, e.g. “draft implementing "
                    "regulations for the chemical weapons law” or “train 20 customs officers in "
                    "identifying dual-use chemicals at border posts”."
                ),
            )
        )
    if not types:
        flags.append(
            Flag(
                "no_type",
                _("The kind of assistance is not stated."),
                _(
                    "Say whether you need legislative drafting, expert advice, training, "
                    "equipment, funding, awareness raising or laboratory support."
                ),
            )
        )
    if not _AUDIENCE.search(text):
        flags.append(
            Flag(
                "no_beneficiary",
                _("The beneficiary is not named."),
                _("Name the agency or agencies that will receive the assistance."),
            )
        )
    if not _TIMEFRAME.search(text):
        flags.append(
            Flag(
                "no_timeframe",
                _("No timeframe."),
                _("Give the expected outcome and when it is needed."),
            )
        )
    if "equipment" in types and not _QUANTITY.search(text):
        flags.append(
            Flag(
                "equipment_without_quantity",
                _("Equipment is asked for without quantities."),
                _("State the kind and number of items and where they will be used."),
            )
        )
    if all_subjects and not (set(all_subjects) & WEAPON_SLUGS) and not weapon_categories:
        flags.append(
            Flag(
                "no_weapon",
                _("The weapon category is not stated."),
                _(
                    "Say whether the need concerns nuclear, chemical or biological weapons, or "
                    "their means of delivery (or all of them)."
                ),
            )
        )
    penalties = {
        "no_subject": 35,
        "training_without_subject": 15,
        "generic_wording": 15,
        "no_type": 15,
        "no_beneficiary": 10,
        "no_timeframe": 5,
        "equipment_without_quantity": 5,
        "no_weapon": 5,
    }
    score = max(0, 100 - sum(penalties[f.code] for f in flags))
    evidence = {h.slug: found.evidence(h.slug) for h in found.hits}
    return DraftingReport(score, tuple(flags), types, all_subjects, evidence, tuple(suggested))
