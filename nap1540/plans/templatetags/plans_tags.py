from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from nap1540.core.templatetags.direction import ltr
from nap1540.plans.models import Plan
from nap1540.plans.rates import format_rate

register = template.Library()


@register.filter
def rate(value: float | None) -> str:
    """0.7 -> "70 %"; None -> an em dash."""
    return format_rate(value)


@register.filter
def percent(value: float | None) -> str:
    return "\u2014" if value is None else f"{round(value)}\u00a0%"


@register.filter
def adoption(plan: Plan) -> str:
    """`Plan.adoption_text` for a page: the act's name marked as what a user wrote, and its
    number and date isolated so that they keep their order in right-to-left text."""
    pattern, values = plan.adoption_parts()
    if not pattern:
        return ""
    marked = {
        "act": format_html("<span data-user-content>{}</span>", values["act"]),
        "number": ltr(values["number"]),
        "date": ltr(values["date"]),
    }
    return mark_safe(conditional_escape(pattern) % marked)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (for sort and filter links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode() if query else "?"


@register.simple_tag
def sort_link(current: str, column: str) -> str:
    """The sort value a column header links to: ascending, or descending if already ascending."""
    return f"-{column}" if current == column else column


@register.filter
def status_label(value: str) -> str:
    """A task status code as its label in the active language."""
    from nap1540.plans.models import Task

    return str(Task.Status(value).label) if value in Task.Status.values else value
