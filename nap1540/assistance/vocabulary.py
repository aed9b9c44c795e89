"""Translatable labels for the matching engine's vocabulary slugs (the engine is English-only).

A test checks that every slug of the engine's vocabulary has a label here.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ASSISTANCE_TYPES: dict[str, Promise] = {
    "legislative_drafting": _("Legislative drafting"),
    "expert_advice": _("Expert advice"),
    "training": _("Training"),
    "equipment": _("Equipment"),
    "financial": _("Financial support"),
    "awareness_raising": _("Awareness raising"),
    "laboratory_support": _("Laboratory support"),
}
SUBJECTS: dict[str, Promise] = {
    "nuclear": _("Nuclear"),
    "radiological": _("Radiological"),
    "chemical": _("Chemical"),
    "biological": _("Biological"),
    "means_of_delivery": _("Means of delivery"),
    "legislation": _("Legislation and regulations"),
    "export_control": _("Export control"),
    "border_control": _("Border control"),
    "law_enforcement": _("Law enforcement"),
    "physical_protection": _("Physical protection"),
    "accounting_security": _("Material accounting and security"),
    "biosafety_biosecurity": _("Biosafety and biosecurity"),
    "proliferation_financing": _("Proliferation financing"),
    "national_coordination": _("National coordination and action plans"),
    "industry_outreach": _("Industry outreach"),
}
LANGUAGES: dict[str, Promise] = {
    "en": _("English"),
    "fr": _("French"),
    "es": _("Spanish"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "zh": _("Chinese"),
    "pt": _("Portuguese"),
    "de": _("German"),
}
WEAPON_CATEGORIES: dict[str, Promise] = {
    "N": _("Nuclear"),
    "C": _("Chemical"),
    "B": _("Biological"),
    "D": _("Means of delivery"),
}
SECTIONS = ("OP1", "OP2", "OP3(a)", "OP3(b)", "OP3(c)", "OP3(d)")
ALL: dict[str, Promise] = {**ASSISTANCE_TYPES, **SUBJECTS, **LANGUAGES}


def label(slug: str) -> str:
    return str(ALL.get(slug, slug))


def labels(slugs: Iterable[str]) -> list[str]:
    return [label(s) for s in slugs]


def choices(mapping: dict[str, Promise]) -> list[tuple[str, Promise]]:
    return list(mapping.items())
