from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("web:dashboard", _("Dashboard"), "/"),
    ("registry:states", _("States"), "/states/"),
    ("registry:regions", _("Regions"), "/regions/"),
    ("plans:index", _("Plans"), "/plans/"),
    ("assistance:index", _("Assistance"), "/assistance/"),
    ("events:index", _("Events"), "/events/"),
]


def site(request: HttpRequest) -> dict[str, Any]:
    path = request.path
    items = []
    for name, label, prefix in NAV:
        active = path == "/" if prefix == "/" else path.startswith(prefix)
        items.append({"url": reverse(name), "label": label, "active": active})
    return {"SITE_NAME": settings.SITE_NAME, "NAV_ITEMS": items}
