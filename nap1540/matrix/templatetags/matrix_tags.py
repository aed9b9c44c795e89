from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nap1540.core.text import join_clauses, join_list
from nap1540.matrix.models import Mark, SourceKind, WeaponCategory

register = template.Library()


@register.filter
def source_label(code: str) -> str:
    return str(SourceKind(code).label) if code in SourceKind.values and code else ""


@register.filter
def mark_label(code: str) -> str:
    return str(Mark(code).label) if code in Mark.values else ""


@register.filter
def mark_class(code: str) -> str:
    return {"X": "x", "?": "q", "NA": "na"}.get(code, "blank")


@register.filter
def weapon_label(code: str) -> str:
    if code in WeaponCategory.values:
        return str(WeaponCategory(code).label)
    return _("General") if code in ("", "-") else code


@register.filter
def pct(value: float | None) -> str:
    """Coverage as "42.5 %", or an en dash when there is none."""
    if value is None:
        return "\u2013"  # en dash
    return f"{value:.1f} %" if value % 1 else f"{value:.0f} %"


@register.filter
def iso_dates(value: Any) -> str:
    """ISO date string(s) (as stored in JSON) in the reader's date format, joined by semicolons."""
    items = [value] if isinstance(value, str) else list(value or [])
    out = []
    for item in items:
        try:
            out.append(date_format(date.fromisoformat(str(item)), "DATE_FORMAT"))
        except ValueError:
            out.append(str(item))
    return join_clauses(out)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def diff_status(status: str) -> str:
    return {
        "changed": _("changed"),
        "added": _("added by the template"),
        "removed": _("dropped by the template"),
    }.get(status, status)


@register.filter
def part_labels(parts: Any) -> str:
    labels = {
        "mark": _("mark"),
        "legal_reference": _("legal basis"),
        "enforcement_reference": _("penalties"),
        "remarks": _("remarks"),
        "source_kind": _("source"),
        "source_document": _("source document"),
        "source_page": _("page"),
        "source_url": _("source link"),
    }
    return join_list(labels.get(p, p) for p in parts)


@register.simple_tag(takes_context=True)
def matrix_cell(context: template.Context, cell: Any) -> str:
    """A cell's HTML; URL stems are computed once per render."""
    from nap1540.matrix.render import Urls, cell_html

    cache = context.render_context
    urls = cache.get("matrix_urls")
    if urls is None:
        state, matrix = context.get("state"), context.get("matrix")
        urls = Urls.of(state.iso3, matrix.version) if state and matrix else None
        cache["matrix_urls"] = urls
    return cell_html(cell, urls)


@register.filter
def evidence(snap: Any) -> str:
    from nap1540.matrix.render import evidence_html

    return evidence_html(snap)


@register.filter
def mark_badge(mark: str) -> str:
    from nap1540.matrix.render import mark_html

    return mark_html(mark or "")
