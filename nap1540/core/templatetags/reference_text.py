"""Template side of `core.i18n`: reference data in the viewer's language.

{% load reference_text %}
{{ field|tr:"label" }}     the translation, or the English marked "(in English)"
{{ section|tr:"title"|plain }}  for attributes: the text without the marker
"""

from __future__ import annotations

from typing import Any

from django import template

from nap1540.core.i18n import Text, Translatable, localized

register = template.Library()


@register.filter
def tr(obj: Any, key: str) -> Text | str:
    if obj is None:
        return ""
    if isinstance(obj, Translatable):
        return obj.tr(key)
    value = obj.get(key) if isinstance(obj, dict) else getattr(obj, key, "")
    if isinstance(value, Text):  # already in the reader's language
        return value
    if isinstance(obj, dict):
        return localized(str(obj.get(key) or ""), obj.get("translations"), key)
    return localized(str(getattr(obj, key, "") or ""), getattr(obj, "translations", None), key)


@register.filter
def plain(value: Any) -> str:
    """The text alone, for title and aria attributes, where markup cannot go."""
    return str(value) if value is not None else ""
