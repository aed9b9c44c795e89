"""What the events app adds to the State page and the dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from nap1540.events.models import Event
from nap1540.registry import sections


@sections.register(40)
def state_events(request: HttpRequest, state: Any) -> dict[str, Any]:
    from nap1540.plans.models import Plan

    events = (
        Event.objects.visible_to(request.user)
        .for_state(state)
        .select_related("state")
        .order_by("-starts_on", "-id")[:10]
    )
    plans = Plan.objects.visible_to(request.user).filter(state=state).order_by("-period_start")[:3]
    return {
        "title": _("Events"),
        "template": "events/_state_section.html",
        "context": {"events": list(events), "iso3": state.iso3, "plans": list(plans)},
    }


@sections.register_dashboard(40)
def upcoming_events(request: HttpRequest) -> dict[str, Any]:
    events = Event.objects.visible_to(request.user).upcoming().select_related("state")[:5]
    return {
        "title": _("Upcoming events"),
        "template": "events/_dashboard_panel.html",
        "context": {"events": list(events)},
    }
