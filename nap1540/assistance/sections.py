"""Assistance on the State page and the dashboard (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from nap1540.assistance.fromplans import task_marks, tasks_needing_assistance
from nap1540.assistance.models import Request
from nap1540.core.visibility import principal
from nap1540.plans import marks
from nap1540.registry import sections

# The plan's task lists and task page say which request item a task (or its copy) is in.
marks.register(task_marks)


@sections.register(40)
def state_assistance(request: HttpRequest, state: Any) -> dict[str, Any] | None:
    """The State's requests the user can see, and its tasks that need assistance."""
    requests = list(
        Request.objects.visible_to(request.user).filter(state=state).order_by("-date")[:20]
    )
    p = principal(request.user)
    tasks = tasks_needing_assistance(request.user, [state.pk]) if p.coordinates(state.pk) else []
    if not requests and not tasks:
        return None
    return {
        "title": _("Assistance"),
        "template": "assistance/_state_section.html",
        "context": {"requests": requests, "tasks": tasks},
    }


@sections.register_dashboard(40)
def assistance_panel(request: HttpRequest) -> dict[str, Any] | None:
    """What needs the user's attention in the procedure."""
    p = principal(request.user)
    if not (p.is_expert or p.coordinator_state_ids or p.organisation_ids):
        return None
    visible = Request.objects.visible_to(request.user)
    S = Request.Status
    if p.is_expert:
        waiting = visible.filter(
            status__in=(S.RECEIVED, S.AUTHENTICATED, S.DISTRIBUTED, S.SUMMARY_POSTED)
        )
    elif p.coordinator_state_ids:
        waiting = visible.filter(state__in=p.coordinator_state_ids).exclude(
            status__in=(S.COMPLETED, S.CLOSED)
        )
    else:
        waiting = visible.exclude(status__in=(S.DRAFT, S.COMPLETED, S.CLOSED))
    rows = list(waiting.select_related("state", "group").order_by("-date")[:10])
    return {
        "title": _("Assistance requests"),
        "template": "assistance/_dashboard_panel.html",
        "context": {"requests": rows},
    }
