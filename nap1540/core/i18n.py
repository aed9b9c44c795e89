"""Reference data in the viewer's language: the translation kept as data, else English, saying so.

Reference rows (matrix template, groups, organisations) store their English text in ordinary
fields and the other five languages in a `translations` JSON field:
``{"fr": {"label": "..."}, "ar": {...}}`` (see docs/decisions/014). `localized` picks the
active language's text and returns a `Text`: a `str` that knows its language. Rendered in a
template it marks English shown in place of a missing translation; documents and the API
read `language` and `fallback`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SOURCE_LANGUAGE = "en"
# Django's codes, as in settings.LANGUAGES: the keys of every `translations` object.
TRANSLATED_LANGUAGES = ("ar", "zh-hans", "fr", "ru", "es")


def active_language() -> str:
    """The active language as one of settings.LANGUAGES (zh-hans for any Chinese variant)."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    if language.startswith("zh"):
        return "zh-hans"
    return language.split("-")[0]


class Text(str):
    """Text of reference data in one language; `fallback` when English stands in."""

    language: str
    fallback: bool

    def __new__(cls, value: str, language: str = SOURCE_LANGUAGE, fallback: bool = False) -> Text:
        text = super().__new__(cls, value)
        text.language = language
        text.fallback = fallback
        return text

    def derive(self, value: str) -> Text:
        """The same language and fallback for text cut from this one."""
        return Text(value, self.language, self.fallback)

    def __html__(self) -> SafeString:
        if not self.fallback:
            return SafeString(conditional_escape(str(self)))
        return format_html(
            '<span lang="en">{}</span> <span class="in-english">{}</span>',
            str(self),
            in_english_marker(),
        )

    def marked(self) -> str:
        """Plain text for documents: English in place of a translation says so."""
        return f"{self} {in_english_marker()}" if self.fallback else str(self)


def in_english_marker() -> str:
    return _("(in English)")


def localized(
    english: str,
    translations: Mapping[str, Any] | None,
    key: str,
    language: str | None = None,
) -> Text:
    """`key`'s text in the active (or given) language, else the English text marked as such."""
    language = language or active_language()
    if language == SOURCE_LANGUAGE or not english:
        return Text(english)
    entry = (translations or {}).get(language) or {}
    value = entry.get(key) if isinstance(entry, Mapping) else None
    if isinstance(value, str) and value.strip():
        return Text(value, language)
    return Text(english, SOURCE_LANGUAGE, fallback=True)


def localized_list(
    english: list[str],
    translations: Mapping[str, Any] | None,
    key: str,
    language: str | None = None,
) -> list[Text]:
    """A list of texts (columns, disclaimers): translated only when the lengths agree."""
    language = language or active_language()
    if language == SOURCE_LANGUAGE:
        return [Text(e) for e in english]
    entry = (translations or {}).get(language) or {}
    values = entry.get(key) if isinstance(entry, Mapping) else None
    if isinstance(values, list) and len(values) == len(english):
        return [
            Text(v, language) if isinstance(v, str) and v.strip() else Text(e, fallback=True)
            for e, v in zip(english, values, strict=True)
        ]
    return [Text(e, SOURCE_LANGUAGE, fallback=bool(e)) for e in english]


def validate_translations(
    value: Any, allowed: Mapping[str, str], *, lists: frozenset[str] = frozenset()
) -> list[str]:
    """Problems with one entry's `translations` object; `allowed` maps key -> English text.

    A translation must be for a known language, of a key the entry has in English, and not
    empty. Keys in `lists` hold lists of text as long as the English list.
    """
    if value is None:
        return []
    if not isinstance(value, dict):
        return ["'translations' must be an object keyed by language code"]
    problems = []
    for language, texts in value.items():
        if language not in TRANSLATED_LANGUAGES:
            known = ", ".join(TRANSLATED_LANGUAGES)
            problems.append(f"translation language {language!r} is not one of {known}")
            continue
        if not isinstance(texts, dict):
            problems.append(f"translations.{language} must be an object")
            continue
        for key, text in texts.items():
            if key not in allowed:
                problems.append(f"translations.{language}.{key}: no English {key!r} to translate")
            elif key in lists:
                english = allowed[key]
                if not isinstance(text, list) or not all(
                    isinstance(t, str) and t.strip() for t in text
                ):
                    problems.append(f"translations.{language}.{key} must be a list of text")
                elif len(text) != len(english):
                    problems.append(
                        f"translations.{language}.{key} has {len(text)} items, "
                        f"the English has {len(english)}"
                    )
            elif not isinstance(text, str) or not text.strip():
                problems.append(f"translations.{language}.{key} is empty")
    return problems


class Translatable:
    """For a model with a `translations` JSON field next to its English fields."""

    translations: Any

    def tr(self, key: str) -> Text:
        """The field `key` in the active language (the English text, marked, if missing)."""
        return localized(getattr(self, key) or "", self.translations, key)

    def tr_list(self, key: str) -> list[Text]:
        return localized_list(list(getattr(self, key) or []), self.translations, key)


def marked(value: Any) -> str:
    """Plain text for a document cell: a fallback `Text` with its "(in English)" marker."""
    return value.marked() if isinstance(value, Text) else str(value)
