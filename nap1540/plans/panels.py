"""The plans section of the State page and the reminders panel of the dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nap1540.core.visibility import principal
from nap1540.plans import reminders
from nap1540.plans.models import Plan, Review
from nap1540.registry import sections
from nap1540.registry.models import State


@sections.register(30)
def state_plans(request: HttpRequest, state: State) -> dict[str, Any] | None:
    latest = Review.objects.filter(plan=OuterRef("pk")).order_by("-held_on", "-id")
    plans = (
        Plan.objects.visible_to(request.user)
        .filter(state=state)
        .annotate(latest_rate=Subquery(latest.values("implementation_rate")[:1]))
        .order_by("-period_start", "-id")
    )
    return {
        "title": _("National action plans"),
        "template": "plans/_state_section.html",
        "context": {
            "plans": list(plans),
            "state": state,
            "can_create": principal(request.user).coordinates(state.pk),
        },
    }


@sections.register_dashboard(20)
def reminder_panel(request: HttpRequest) -> dict[str, Any] | None:
    p = principal(request.user)
    if not (p.focal_agency_ids or p.coordinator_state_ids):
        return None
    items = [r for r in reminders.reminders_for(request.user) if not r.read]
    return {
        "title": _("Reminders"),
        "template": "plans/_dashboard_panel.html",
        "context": {"unread": len(items), "items": items[:5], "focal": bool(p.focal_agency_ids)},
    }
