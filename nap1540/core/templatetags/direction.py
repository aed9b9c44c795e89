"""Keep codes, numbers and dates in digits left to right inside right-to-left text.

{% load direction %}
{{ state.iso3|ltr }}  {{ task.number|ltr }}  {{ plan.period_start|date:"Y"|ltr }}

Dates go through `|date` first (it converts to local time), then `|ltr`.

In Arabic running text "UZB", "OP1-01" or "2017-2021" would otherwise take their order
from the words around them (a trailing hyphen or bracket jumps to the other side). The value
is isolated in a ``<bdi dir="ltr">``; a value with right-to-left letters of its own (a date
written with the Arabic month name, "22 مايو 2017") is isolated in a plain ``<bdi>`` so it
keeps the reading order of its language. See docs/decisions/015-right-to-left.md.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import format_html

from nap1540.core.rendering.bidi import has_rtl

register = template.Library()


@register.filter
def ltr(value: Any) -> Any:
    """The value in a bidi isolate, left to right unless it holds right-to-left letters."""
    if value is None or value == "":
        return value
    shown = value if isinstance(value, str) else localize(value)
    tag = "<bdi>{}</bdi>" if has_rtl(str(shown)) else '<bdi dir="ltr">{}</bdi>'
    return format_html(tag, shown)
