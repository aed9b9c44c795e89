"""Badges for rows built in Python (long lists), as the templates write them."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.translation import gettext as _

from nap1540.core.rendering.bidi import has_rtl
from nap1540.core.visibility import Visibility


def visibility_badge(level: str, is_demo: bool) -> str:
    """As `web/_visibility.html`: who can see the record, and whether it is demo data."""
    labels = dict(Visibility.choices)
    html = (
        f'<span class="badge {escape(level)}" title="{escape(_("Who can see this"))}">'
        f"{escape(str(labels.get(level, level)))}</span>"
    )
    if is_demo:
        html += f' <span class="badge demo">{escape(_("Demo data"))}</span>'
    return html


def ltr(value: Any) -> str:
    """As the `ltr` filter: escaped text in a bidi isolate (left to right unless RTL)."""
    text = str(value)
    if not text:
        return ""
    opening = "<bdi>" if has_rtl(text) else '<bdi dir="ltr">'
    return f"{opening}{escape(text)}</bdi>"
