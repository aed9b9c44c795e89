"""Template side of `core.references`: mention a record only to those who may see it.

{% load references %}
{% ref plan.replaces %}                      a link, or nothing
{% ref outcome.task gap=True %}              a link, or "a record not shared with you"
{% if successor|can_see:user %}...{% endif %}
{% for f in event.follow_ups.all|only_visible:user %}...{% endfor %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from nap1540.core import references

register = template.Library()


@register.simple_tag(takes_context=True)
def ref(context: Any, obj: Any, label: Any = None, gap: bool = False) -> str:
    found = references.ref(context.get("user"), obj, None if label is None else str(label))
    if found is None:
        if gap and obj is not None:
            return format_html('<span class="muted">{}</span>', references.NOT_SHARED)
        return ""
    # A record is named by its title, which stays in the language it was written in.
    if not found.url:
        return format_html("<span data-user-content>{}</span>", found.label)
    return format_html('<a href="{}" data-user-content>{}</a>', found.url, found.label)


@register.filter
def can_see(obj: Any, user: Any) -> bool:
    return references.can_see(user, obj)


@register.filter
def only_visible(objs: Any, user: Any) -> list[Any]:
    return references.only_visible(user, objs)


@register.simple_tag(takes_context=True)
def sharing_link(context: Any, record: Any) -> str:
    """On a record's page: "Who sees this" for its own State; "shared with you" for a reader
    it was shared with. Nothing for anyone else."""
    from django.urls import reverse

    from nap1540.core.visibility import Visibility, is_shared_with, kind_of, may_manage, principal

    user = context.get("user")
    if record is None or not getattr(user, "is_authenticated", False):
        return ""
    if may_manage(record, user):
        url = reverse("sharing", args=[kind_of(record), record.pk])
        label = _("Who sees this") if record.can_share(user) else _("Who sees this (read only)")
        return format_html('<a class="btn small secondary" href="{}">{}</a>', url, label)
    # Said only where the share is what opens it (a public record needs no such note).
    if (
        record.visibility != Visibility.PUBLIC
        and principal(user).state_ids
        and is_shared_with(user, record)
    ):
        return format_html('<span class="badge shared">{}</span>', _("Shared with your State"))
    return ""
