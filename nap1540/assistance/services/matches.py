"""Matches: delivery started, delivered or cancelled, and each side's feedback."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance.models import Feedback, Match, Transition
from nap1540.assistance.services.history import move_along, record_transition, require_expert
from nap1540.core.visibility import principal


def _require_match_writer(match: Match, by: User | None) -> None:
    if not match.can_edit(by):
        raise PermissionDenied(_("Only the provider or a Committee expert can update this match."))


@transaction.atomic
def start_delivery(
    match: Match, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    _require_match_writer(match, by)
    if match.status != Match.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed match can start delivery."))
    day = today or timezone.localdate()
    match.status, match.delivery_started_on = Match.Status.IN_DELIVERY, day
    if note:
        match.note = note
    match.save(update_fields=["status", "delivery_started_on", "note"])
    move_along(match, Transition.Event.DELIVERY_STARTED, by=by, day=day)
    return match


@transaction.atomic
def mark_delivered(
    match: Match, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    _require_match_writer(match, by)
    if match.status not in (Match.Status.CONFIRMED, Match.Status.IN_DELIVERY):
        raise ValidationError(_("This match is not being delivered."))
    request = match.item.request
    day = today or timezone.localdate()
    if match.status == Match.Status.CONFIRMED:
        start_delivery(match, by=by, today=day)
    match.status, match.delivered_on = Match.Status.DELIVERED, day
    if note:
        match.note = note
    match.save(update_fields=["status", "delivered_on", "note"])
    request.refresh_from_db()
    record_transition(
        request,
        Transition.Event.DELIVERED,
        from_status=request.status,
        by=by,
        match=match,
        note=note or str(match.offer),
    )
    return match


@transaction.atomic
def cancel_match(match: Match, *, by: User | None, note: str) -> Match:
    require_expert(by)
    if match.status == Match.Status.DELIVERED:
        raise ValidationError(_("A delivered match cannot be cancelled."))
    match.status = Match.Status.CANCELLED
    match.note = note
    match.save(update_fields=["status", "note"])
    request = match.item.request
    record_transition(
        request,
        Transition.Event.MATCH_CANCELLED,
        from_status=request.status,
        by=by,
        match=match,
        note=note,
    )
    return match


def feedback_role_for(match: Match, user: Any) -> list[str]:
    """Which sides of a delivered match this user may give feedback for."""
    p = principal(user)
    roles: list[str] = []
    request = match.item.request
    if p.coordinates(request.state_id) or p.is_expert:
        roles.append(Feedback.Role.REQUESTER)
    if match.offer.can_edit(user):
        roles.append(Feedback.Role.PROVIDER)
    return roles


@transaction.atomic
def give_feedback(match: Match, *, by: User | None, role: str, **values: Any) -> Feedback:
    """Requester or provider feedback after delivery (res. 2663 OP20); one per side, editable."""
    if match.status not in (Match.Status.IN_DELIVERY, Match.Status.DELIVERED):
        raise ValidationError(_("Feedback is given once delivery has started."))
    if role not in feedback_role_for(match, by):
        raise PermissionDenied(_("You cannot give feedback for this side of the match."))
    feedback, _created = Feedback.objects.update_or_create(
        match=match, role=role, defaults={**values, "by": by, "submitted_at": timezone.now()}
    )
    feedback.full_clean()
    request = match.item.request
    record_transition(
        request,
        Transition.Event.FEEDBACK,
        from_status=request.status,
        by=by,
        match=match,
        note=str(Feedback.Role(role).label),
    )
    return feedback
