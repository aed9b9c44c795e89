from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nap1540.registry.sections import menu_counts

NAV = [
    ("web:dashboard", _("Dashboard"), "/"),
    ("registry:states", _("States"), "/states/"),
    ("registry:regions", _("Regions"), "/regions/"),
    ("matrix:index", _("Matrices"), "/matrix/"),
    ("plans:index", _("Plans"), "/plans/"),
    ("assistance:index", _("Assistance"), "/assistance/"),
    ("events:index", _("Events"), "/events/"),
]


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    """The main menu; beside an entry, how many items wait there for the signed-in user."""
    path = request.path
    user = getattr(request, "user", None)
    counts = menu_counts(request) if user is not None and user.is_authenticated else {}
    items = []
    for name, label, prefix in NAV:
        active = path == "/" if prefix == "/" else path.startswith(prefix)
        count = counts.get(name, 0)
        waiting = (
            ngettext("%(n)d item waits for you", "%(n)d items wait for you", count) % {"n": count}
            if count
            else ""
        )
        items.append(
            {
                "url": reverse(name),
                "label": label,
                "active": active,
                "count": count,
                "waiting": waiting,
            }
        )
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    # Lazy: a partial that never shows the menu never counts what waits in it.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "NAV_ITEMS": SimpleLazyObject(lambda: nav_items(request)),
    }
