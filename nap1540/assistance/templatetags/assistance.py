from __future__ import annotations

from collections.abc import Iterable

from django import template

from nap1540.assistance import vocabulary

register = template.Library()


@register.filter
def vocab(slugs: Iterable[str] | str) -> str:
    """Translated labels of vocabulary slugs, comma-separated."""
    if isinstance(slugs, str):
        return vocabulary.label(slugs)
    return ", ".join(vocabulary.labels(slugs or ()))


@register.filter
def weapons(codes: Iterable[str]) -> str:
    return ", ".join(str(vocabulary.WEAPON_CATEGORIES.get(c, c)) for c in codes or ())


@register.filter
def percent(value: float) -> str:
    return f"{round(float(value) * 100)}%"
