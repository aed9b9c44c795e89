"""Matches: delivery started, delivered or cancelled, and each side's feedback."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance.models import Feedback, Match, Request, Transition
from nap1540.assistance.services.conflicts import show_to_caller
from nap1540.assistance.services.history import move_along, record_transition, require_expert
from nap1540.core.visibility import principal


def _require_match_writer(match: Match, by: User | None) -> None:
    if not match.can_edit(by):
        raise PermissionDenied(_("Only the provider or a Committee expert can update this match."))


def _locked(match: Match) -> tuple[Request, Match]:
    """The match's request and the match, re-read under their locks (in that order, as the
    proposal services take them): a step is checked against the status as it is now."""
    request = Request.objects.select_for_update().get(pk=match.item.request_id)
    return request, Match.objects.select_for_update().get(pk=match.pk)


def _moved_meanwhile(match: Match, message: str) -> ValidationError:
    """A step the match's status no longer allows; says who moved it there (its history)."""
    last = Transition.objects.filter(match_id=match.pk).order_by("-id").first()
    who = User.objects.filter(pk=last.by_id).first() if last and last.by_id else None
    if who is not None:
        message = _("%(refusal)s %(user)s has already marked it “%(status)s”.") % {
            "refusal": message,
            "user": who.get_username(),
            "status": match.get_status_display(),
        }
    return ValidationError(message, code="moved_meanwhile")


@transaction.atomic
def start_delivery(
    match: Match, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    _require_match_writer(match, by)
    _request, locked = _locked(match)
    if locked.status != Match.Status.CONFIRMED:
        raise _moved_meanwhile(locked, _("Only a confirmed match can start delivery."))
    _start(locked, by=by, note=note, day=today or timezone.localdate())
    show_to_caller(match, locked)
    return match


def _start(match: Match, *, by: User | None, note: str, day: date) -> None:
    match.status, match.delivery_started_on = Match.Status.IN_DELIVERY, day
    fields = ["status", "delivery_started_on"]
    if note:
        match.note = note
        fields.append("note")
    match.save(update_fields=fields)
    move_along(match, Transition.Event.DELIVERY_STARTED, by=by, day=day)


@transaction.atomic
def mark_delivered(
    match: Match, *, by: User | None, note: str = "", today: date | None = None
) -> Match:
    _require_match_writer(match, by)
    request, locked = _locked(match)
    if locked.status not in (Match.Status.CONFIRMED, Match.Status.IN_DELIVERY):
        raise _moved_meanwhile(locked, _("This match is not being delivered."))
    day = today or timezone.localdate()
    if locked.status == Match.Status.CONFIRMED:
        _start(locked, by=by, note="", day=day)
    locked.status, locked.delivered_on = Match.Status.DELIVERED, day
    fields = ["status", "delivered_on"]
    if note:
        locked.note = note
        fields.append("note")
    locked.save(update_fields=fields)
    request.refresh_from_db()
    record_transition(
        request,
        Transition.Event.DELIVERED,
        from_status=request.status,
        by=by,
        match=locked,
        note=note or str(locked.offer),
    )
    show_to_caller(match, locked)
    return match


@transaction.atomic
def cancel_match(match: Match, *, by: User | None, note: str) -> Match:
    require_expert(by)
    request, locked = _locked(match)
    if locked.status == Match.Status.DELIVERED:
        raise _moved_meanwhile(locked, _("A delivered match cannot be cancelled."))
    if locked.status == Match.Status.CANCELLED:
        raise _moved_meanwhile(locked, _("This match is already cancelled."))
    locked.status = Match.Status.CANCELLED
    locked.note = note
    locked.save(update_fields=["status", "note"])
    record_transition(
        request,
        Transition.Event.MATCH_CANCELLED,
        from_status=request.status,
        by=by,
        match=locked,
        note=note,
    )
    show_to_caller(match, locked)
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
