"""Who may make a step, and the request's history: transitions and the moves that follow.

The procedure's step table (`workflow.py`) and the proposal and match services record
their steps here; two writes move a request along as a consequence (`move_along`): the
first confirmed match (to "matched") and the first delivery started (to "in delivery").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance.models import Match, Request, Transition
from nap1540.assistance.workdays import one_year_after
from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Principal, principal

S = Request.Status
# Providers are chosen before distribution; offers are matched once the request is distributed.
CHOOSING_PROVIDERS = (S.RECEIVED, S.AUTHENTICATED, S.ACKNOWLEDGED)
MATCHING = (S.DISTRIBUTED, S.SUMMARY_POSTED, S.MATCHED, S.IN_DELIVERY)


def experts_only(p: Principal, record: Any = None) -> str | None:
    """Why someone who is not one of the Committee's experts is refused (a step's guard)."""
    return None if p.is_expert else _("Only the Committee's experts can make this step.")


def require_expert(user: Any) -> None:
    reason = experts_only(principal(user))
    if reason is not None:
        raise PermissionDenied(reason)


def record_transition(
    request: Request,
    event: str,
    *,
    from_status: str,
    by: User | None = None,
    note: str = "",
    automatic: bool = False,
    match: Match | None = None,
) -> Transition:
    """Record one transition (or event within a step) of a request, with its audit event."""
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    transition = Transition.objects.create(
        request=request,
        match=match,
        event=event,
        from_status=from_status,
        to_status=request.status,
        note=note,
        by=actor,
        automatic=automatic,
    )
    AuditEvent.record(
        f"assistance.{event}",
        target=request,
        by=actor,
        data={"from": from_status, "to": request.status, "automatic": automatic},
    )
    return transition


def save_fields(request: Request, *fields: str) -> None:
    request.updated_at = timezone.now()
    request.save(update_fields=[*fields, "updated_at"])


def mark_received(request: Request, *, today: date) -> None:
    """Set the received status and the one-year follow-up date (caller saves and logs)."""
    request.status = S.RECEIVED
    request.received_on = today
    request.follow_up_due = one_year_after(request.date)


def can_match(request: Request) -> bool:
    return request.status in MATCHING


def can_choose_providers(request: Request) -> bool:
    return request.status in CHOOSING_PROVIDERS


def move_along(match: Match, event: str, *, by: User | None, day: date) -> None:
    """The first confirmed match moves a distributed request to "matched", the first delivery
    started moves it to "in delivery"; later ones are only logged.

    The request is re-read under its lock: of two matches confirmed at once, one moves it.
    """
    request = Request.objects.select_for_update().get(pk=match.item.request_id)
    before = request.status
    if event == Transition.Event.MATCHED and before in (S.DISTRIBUTED, S.SUMMARY_POSTED):
        request.status, request.matched_on = S.MATCHED, day
        save_fields(request, "status", "matched_on")
    elif event == Transition.Event.DELIVERY_STARTED and before == S.MATCHED:
        request.status, request.delivery_started_on = S.IN_DELIVERY, day
        save_fields(request, "status", "delivery_started_on")
    note = str(match.offer)
    record_transition(request, event, from_status=before, by=by, match=match, note=note)
