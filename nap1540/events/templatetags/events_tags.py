"""Template helpers for the events pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.conf import settings
from django.urls import NoReverseMatch
from django.utils.translation import get_language

from nap1540.events.note_labels import format_date_range

register = template.Library()


@register.filter
def url_of(obj: Any) -> str:
    """`obj.get_absolute_url()`, or "" while the owning app has no page for it yet."""
    getter = getattr(obj, "get_absolute_url", None)
    if getter is None:
        return ""
    try:
        return str(getter())
    except NoReverseMatch:
        return ""


@register.filter
def date_range(start: date | None, end: date | None) -> str:
    """An event's dates as documents write them: "22-24 May 2017", one date when they agree."""
    if start is None:
        return ""
    return format_date_range(start, end or start, get_language() or settings.LANGUAGE_CODE)
