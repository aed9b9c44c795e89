"""Translatable labels for the matching engine's vocabulary slugs (the engine is English-only).

A test checks that every slug of the engine's vocabulary has a label here.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache
from typing import Any

import pycountry
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nap1540.assistance.matching.languages import english_name, iso_code
from nap1540.core.i18n import SOURCE_LANGUAGE, active_language
from nap1540.core.text import join_list

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


# pycountry's iso639-3 catalogues are named by locale; Django's zh-hans is their zh_CN.
_ISO_LOCALES = {"zh-hans": "zh_CN"}


@cache
def _iso639(language: str) -> gettext.NullTranslations:
    locale = _ISO_LOCALES.get(language, language)
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[locale], fallback=True)


def language_name(code: str) -> str:
    """A working language named in the reader's language: any ISO 639 code ("ja", "yue").

    The eight common ones from this project's catalogues, the others from the ISO 639-3
    catalogues pycountry ships (English where one has no translation)."""
    if code in LANGUAGES:
        return str(LANGUAGES[code])
    english = english_name(code)
    language = active_language()
    if language == SOURCE_LANGUAGE or english == code:
        return english
    return _iso639(language).gettext(english)


def label(slug: str) -> str:
    if slug not in ALL and iso_code(slug) == slug:
        return language_name(slug)
    return str(ALL.get(slug, slug))


def labels(slugs: Iterable[str]) -> list[str]:
    return [label(s) for s in slugs]


def choices(mapping: dict[str, Promise]) -> list[tuple[str, Promise]]:
    return list(mapping.items())


def check_vocabulary(values: dict[str, Any]) -> None:
    """Facet lists must hold slugs of the shared vocabulary (the engine's and the forms');
    languages may be any ISO 639 code in its canonical form ("ja", "fil")."""
    known = {
        "assistance_types": ASSISTANCE_TYPES,
        "subjects": SUBJECTS,
        "languages": LANGUAGES,
        "weapon_categories": WEAPON_CATEGORIES,
    }
    for name, mapping in known.items():
        unknown = [
            v
            for v in values.get(name) or ()
            if v not in mapping and not (name == "languages" and iso_code(v) == v)
        ]
        if unknown:
            raise ValidationError(
                ngettext(
                    "%(field)s: unknown value %(values)s; use one of %(known)s.",
                    "%(field)s: unknown values %(values)s; use one of %(known)s.",
                    len(unknown),
                )
                % {
                    "field": name,
                    "values": join_list(unknown),
                    "known": join_list(mapping),
                }
            )
