from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import gettext_lazy as _

from nap1540.assistance import vocabulary
from nap1540.core.text import join_list

register = template.Library()

# The criterion each reason is about, named before its sentence so that a reader can scan the
# "Why" column.
CRITERION_LABELS = {
    "assistance_type": _("Type"),
    "subject": _("Subject"),
    "region": _("Regions served"),
    "language": _("Language"),
    "text": _("Description"),
    "meaning": _("Description"),
    "period": _("Active period"),
}


@register.filter
def vocab(slugs: Iterable[str] | str) -> str:
    """Translated labels of vocabulary slugs, comma-separated."""
    if isinstance(slugs, str):
        return vocabulary.label(slugs)
    return join_list(vocabulary.labels(slugs or ()))


@register.filter
def weapons(codes: Iterable[str]) -> str:
    return join_list(str(vocabulary.WEAPON_CATEGORIES.get(c, c)) for c in codes or ())


@register.filter
def percent(value: float) -> str:
    return f"{round(float(value) * 100)}%"


@register.filter
def criterion(name: str) -> str:
    """The interface-language label of a matching criterion ("region" -> "Regions served")."""
    return str(CRITERION_LABELS.get(name, name))


@register.filter
def counts(reason: dict[str, object]) -> bool:
    """Whether a reason added to the score (the engine also states criteria that did not)."""
    points = reason.get("points")
    return not isinstance(points, int | float) or points > 0
