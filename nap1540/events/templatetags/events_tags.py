"""Template helpers for the events pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch

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
