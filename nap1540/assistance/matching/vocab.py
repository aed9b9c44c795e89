"""The controlled vocabulary shared by assistance requests and offers.

Three facets: assistance types (the modality), subjects (weapon type and measure family) and
working languages. Each term has a stable slug (stored in the database and in JSON files, so never
rename one), an English label for forms and a short phrase for generated reasons. Its keywords,
in the six official UN languages, are data: ``data/vocabulary.json`` (the keyword mini-language is
described there and in classify.py). A French "contrôle des exportations", a Chinese "出口管制"
and an English "export control" all put a text under the same slug, ``export_control``.

- where keywords of one facet overlap, the longest wins, as in a regular-expression scan:
  "law enforcement" (law enforcement) hides "law" (legislation), "dangerous pathogens"
  (biosafety) hides "pathogens" (biological; biosafety implies it anyway);
- a non-English keyword may carry an English gloss ("douane* = customs"): the words that a
  match adds to the text query, so that BM25 finds the English offers that speak of customs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from .languages import iso_code

Facet = Literal["type", "subject", "language"]

# The six official languages of the United Nations, in the order the vocabulary lists them.
TEXT_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "zh", "ru")
ANY_LANGUAGE = "any"  # keywords tried whatever the language of the text (names of languages)

_DATA: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "data" / "vocabulary.json").read_text(encoding="utf-8")
)


@dataclass(frozen=True)
class Term:
    slug: str
    facet: Facet
    label: str
    phrase: str
    keywords: tuple[str, ...]
    implies: tuple[str, ...] = ()
    # (language, keywords) pairs, and (keyword, English gloss) for keywords that carry one.
    by_language: tuple[tuple[str, tuple[str, ...]], ...] = ()
    glosses: tuple[tuple[str, str], ...] = ()

    def keywords_in(self, language: str) -> tuple[str, ...]:
        """This term's keywords in one language ("any" for those tried in every language)."""
        return dict(self.by_language).get(language, ())

    def gloss(self, keyword: str) -> str:
        """The English words a match of a non-English keyword adds to the text query."""
        return dict(self.glosses).get(keyword, self.phrase)


def _t(
    facet: Facet,
    slug: str,
    label: str,
    *,
    phrase: str = "",
    implies: tuple[str, ...] = (),
) -> Term:
    by_language: list[tuple[str, tuple[str, ...]]] = []
    glosses: dict[str, str] = {}
    for language, entries in _DATA["keywords"][slug].items():
        words: list[str] = []
        for entry in entries:
            keyword, _, gloss = (part.strip() for part in entry.partition(" = "))
            words.append(keyword)
            if gloss:
                glosses[keyword] = gloss
        by_language.append((language, tuple(words)))
    every = tuple(dict.fromkeys(k for _, words in by_language for k in words))
    return Term(
        slug, facet, label, phrase or label.lower(), every, implies, tuple(by_language),
        tuple(glosses.items()),
    )  # fmt: skip


ASSISTANCE_TYPES: tuple[Term, ...] = (
    _t(
        "type",
        "legislative_drafting",
        "Legislative drafting",
    ),
    _t(
        "type",
        "expert_advice",
        "Expert advice",
    ),
    _t(
        "type",
        "training",
        "Training",
    ),
    _t(
        "type",
        "equipment",
        "Equipment",
    ),
    _t(
        "type",
        "financial",
        "Financial support",
        phrase="funding",
    ),
    _t(
        "type",
        "awareness_raising",
        "Awareness raising",
    ),
    _t(
        "type",
        "laboratory_support",
        "Laboratory support",
    ),
)


SUBJECTS: tuple[Term, ...] = (
    _t(
        "subject",
        "nuclear",
        "Nuclear",
        phrase="nuclear",
    ),
    _t(
        "subject",
        "radiological",
        "Radiological",
        phrase="radiological",
    ),
    _t(
        "subject",
        "chemical",
        "Chemical",
        phrase="chemical",
    ),
    _t(
        "subject",
        "biological",
        "Biological",
        phrase="biological",
    ),
    _t(
        "subject",
        "means_of_delivery",
        "Means of delivery",
        phrase="means of delivery",
    ),
    _t(
        "subject",
        "legislation",
        "Legislation and regulations",
        phrase="legislation",
    ),
    _t(
        "subject",
        "export_control",
        "Export control",
        phrase="export control",
    ),
    _t(
        "subject",
        "border_control",
        "Border control",
        phrase="border control",
    ),
    _t(
        "subject",
        "law_enforcement",
        "Law enforcement",
        phrase="law enforcement",
    ),
    _t(
        "subject",
        "physical_protection",
        "Physical protection",
        phrase="physical protection",
    ),
    _t(
        "subject",
        "accounting_security",
        "Material accounting and security",
        phrase="accounting for and securing materials",
    ),
    _t(
        "subject",
        "biosafety_biosecurity",
        "Biosafety and biosecurity",
        phrase="biosafety and biosecurity",
        implies=("biological",),
    ),
    _t(
        "subject",
        "proliferation_financing",
        "Proliferation financing",
        phrase="proliferation financing",
    ),
    _t(
        "subject",
        "national_coordination",
        "National coordination and action plans",
        phrase="national coordination and action plans",
    ),
    _t(
        "subject",
        "industry_outreach",
        "Industry outreach",
        phrase="industry outreach",
    ),
)


LANGUAGES: tuple[Term, ...] = (
    _t("language", "en", "English"),
    _t("language", "fr", "French"),
    _t("language", "es", "Spanish"),
    _t("language", "ru", "Russian"),
    _t("language", "ar", "Arabic"),
    _t("language", "zh", "Chinese"),
    _t("language", "pt", "Portuguese"),
    _t("language", "de", "German"),
)

TYPE_SLUGS: tuple[str, ...] = tuple(t.slug for t in ASSISTANCE_TYPES)
SUBJECT_SLUGS: tuple[str, ...] = tuple(t.slug for t in SUBJECTS)
LANGUAGE_CODES: tuple[str, ...] = tuple(t.slug for t in LANGUAGES)

TERMS: dict[str, Term] = {t.slug: t for t in (*ASSISTANCE_TYPES, *SUBJECTS, *LANGUAGES)}

# The Committee's offer pages use their own header words; map them onto the vocabulary so that
# declared fields copied from those pages (and the Django forms) resolve without guessing.
ALIASES: dict[Facet, dict[str, tuple[str, ...]]] = {
    "type": {
        "expertise": ("expert_advice",),
        "resources": ("financial",),
        "financial": ("financial",),
        "legislative": ("legislative_drafting",),
        "legal": ("legislative_drafting",),
    },
    "subject": {
        "missile": ("means_of_delivery",),
        "missiles": ("means_of_delivery",),
        "export controls": ("export_control",),
        "border controls": ("border_control",),
        "enforcement": ("law_enforcement",),
        "mpc&a": ("accounting_security", "physical_protection"),
        "mc&a": ("accounting_security",),
        "dismantlement": ("accounting_security",),
        "biosafety": ("biosafety_biosecurity",),
        "biosecurity": ("biosafety_biosecurity",),
        "legal": ("legislation",),
    },
    "language": {},
}


@cache
def zh_lexicon() -> frozenset[str]:
    """The Chinese words the vocabulary knows: its keywords and its segmentation words."""
    found = {w for t in TERMS.values() for k in t.keywords_in("zh") for w in k.split()}
    found.update(_DATA["segmentation"]["zh"])
    return frozenset(w.rstrip("*") for w in found)


def terms_of(facet: Facet) -> tuple[Term, ...]:
    """All terms of one facet, in display order."""
    return {"type": ASSISTANCE_TYPES, "subject": SUBJECTS, "language": LANGUAGES}[facet]


def lookup(facet: Facet, value: str) -> tuple[str, ...] | None:
    """Slugs for a declared value (slug, English label or Committee header word), else None."""
    key = " ".join(value.strip().lower().replace("_", " ").replace("-", " ").split())
    for term in terms_of(facet):
        if key in (term.slug.replace("_", " "), term.label.lower(), term.phrase):
            return (term.slug,)
    if key in ALIASES[facet]:
        return ALIASES[facet][key]
    if facet == "language":
        for term in LANGUAGES:
            for keyword in term.keywords:
                if (keyword.endswith("*") and key.startswith(keyword[:-1])) or key == keyword:
                    return (term.slug,)
        # Any other language by its ISO 639-1/639-3 code or English name ("ja", "fil", "Korean").
        code = iso_code(value)
        if code is not None:
            return (code,)
    return None
