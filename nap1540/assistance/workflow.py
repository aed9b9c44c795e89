"""The Committee's assistance procedure as a tracked workflow.

    draft -> received -> authenticated -> acknowledged -> distributed -> summary posted
          -> matched -> in delivery -> completed          (or closed from any open step)

Acknowledgement opens a 5-working-day window in which the State may object to distribution;
distribution opens a second one before a summary is posted, only if the State consented to
publication. Silence advances the step: `advance_due(today)` (run daily by
`nap1540 advance-assistance`) makes every step whose window has passed and logs it as an
automatic transition. A follow-up falls due one year after the request. Every change is a
`Transition` row with who, when, from, to and a note, written in the same transaction.

This module stands on `services` (it records with `services.record_transition`); services
never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.sharing import share_on_submission
from nap1540.assistance import services
from nap1540.assistance.models import Distribution, Request, Transition
from nap1540.assistance.services import record_transition, save_fields
from nap1540.assistance.workdays import objection_deadline, window_elapsed
from nap1540.core.visibility import principal

S = Request.Status
E = Transition.Event

# Steps an expert makes by hand, and the step each comes from.
MANUAL_STEPS: dict[str, tuple[str, ...]] = {
    S.AUTHENTICATED: (S.RECEIVED,),
    S.ACKNOWLEDGED: (S.AUTHENTICATED,),
    S.COMPLETED: (S.MATCHED, S.IN_DELIVERY),
}
OPEN_STATUSES = tuple(s for s in S if s not in (S.COMPLETED, S.CLOSED))


def holidays() -> frozenset[date]:
    """Optional non-working days (settings.ASSISTANCE_HOLIDAYS: dates or ISO strings)."""
    raw = getattr(settings, "ASSISTANCE_HOLIDAYS", ())
    return frozenset(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in raw)


def _require_requester(request: Request, user: Any) -> None:
    if not request.speaks_for_requester(user):
        raise PermissionDenied(
            _("Only the requesting State's coordinator, or an expert on its behalf, can do this.")
        )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


@transaction.atomic
def submit_request(
    request: Request, *, by: Any, today: date | None = None, confirmed: bool = False
) -> Request:
    """A State sends its draft to the Committee: the request is received and shared with it
    (a private draft needs `confirmed`: submitting is the State's disclosure)."""
    if request.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    if not principal(by).coordinates(request.state_id):
        raise PermissionDenied(_("Only the requesting State's coordinator can submit it."))
    if not request.items.exists():
        raise ValidationError(_("Add at least one item before submitting the request."))
    services.mark_received(request, today=_today(today))
    save_fields(request, "status", "received_on", "follow_up_due")
    # After the status (a draft is private by constraint); refusing rolls the step back.
    share_on_submission(request, by=by, confirmed=confirmed)
    record_transition(request, E.SUBMITTED, from_status=S.DRAFT, by=by)
    return request


@transaction.atomic
def make_step(
    request: Request, step: str, *, by: Any, note: str = "", today: date | None = None
) -> Request:
    """An expert's manual step: authenticate, acknowledge or complete."""
    services.require_expert(by)
    if step not in MANUAL_STEPS:
        raise ValidationError(_("This step is not made by hand."))
    if request.status not in MANUAL_STEPS[step]:
        raise ValidationError(
            _("A request that is “%(status)s” cannot be marked “%(step)s”.")
            % {"status": request.get_status_display(), "step": S(step).label}
        )
    day = _today(today)
    before = request.status
    request.status = step
    fields = ["status"]
    if step == S.AUTHENTICATED:
        request.authenticated_on = day
        fields.append("authenticated_on")
    elif step == S.ACKNOWLEDGED:
        request.acknowledged_on = day
        request.distribution_deadline = objection_deadline(day, holidays())
        fields += ["acknowledged_on", "distribution_deadline"]
    elif step == S.COMPLETED:
        request.completed_on = day
        fields.append("completed_on")
    save_fields(request, *fields)
    record_transition(request, step, from_status=before, by=by, note=note)
    return request


@transaction.atomic
def close_request(request: Request, *, by: Any, note: str, today: date | None = None) -> Request:
    """Close an open request (withdrawn, not in proper form, met elsewhere); a note is required."""
    if not note.strip():
        raise ValidationError(_("Say why the request is closed."))
    p = principal(by)
    if not (p.is_expert or p.coordinates(request.state_id)):
        raise PermissionDenied(
            _("Only an expert or the requesting State's coordinator can close it.")
        )
    if request.status in (S.COMPLETED, S.CLOSED):
        raise ValidationError(_("The request is already finished."))
    before = request.status
    request.status = S.CLOSED
    request.closed_on = _today(today)
    save_fields(request, "status", "closed_on")
    record_transition(request, E.CLOSED, from_status=before, by=by, note=note)
    return request


@transaction.atomic
def object_to(request: Request, step: str, *, by: Any, note: str = "") -> Request:
    """The State objects to distribution or to posting: the timer stops until withdrawn."""
    _require_requester(request, by)
    if step == "distribution":
        if request.distributed_on is not None:
            raise ValidationError(_("The request has already been distributed."))
        request.distribution_objected = True
        save_fields(request, "distribution_objected")
        record_transition(
            request, E.OBJECTED_DISTRIBUTION, from_status=request.status, by=by, note=note
        )
    elif step == "posting":
        if request.summary_posted_on is not None:
            raise ValidationError(_("The summary has already been posted."))
        request.posting_objected = True
        save_fields(request, "posting_objected")
        record_transition(request, E.OBJECTED_POSTING, from_status=request.status, by=by, note=note)
    else:
        raise ValidationError(_("One can object to distribution or to posting only."))
    return request


@transaction.atomic
def withdraw_objection(request: Request, step: str, *, by: Any, note: str = "") -> Request:
    """The State lifts its objection; the step follows at the next run once its window passed."""
    _require_requester(request, by)
    field_name = {"distribution": "distribution_objected", "posting": "posting_objected"}.get(step)
    if field_name is None or not getattr(request, field_name):
        raise ValidationError(_("There is no such objection to withdraw."))
    setattr(request, field_name, False)
    save_fields(request, field_name)
    record_transition(
        request,
        E.OBJECTION_WITHDRAWN,
        from_status=request.status,
        by=by,
        note=note or (_("Distribution") if step == "distribution" else _("Posting")),
    )
    return request


@transaction.atomic
def set_consent(request: Request, consent: bool, *, by: Any, today: date | None = None) -> Request:
    """Give or withdraw consent to publish; withdrawing it takes a posted summary down."""
    _require_requester(request, by)
    if consent == request.consent_to_publish:
        return request
    before = request.status
    day = _today(today)
    request.consent_to_publish = consent
    fields = ["consent_to_publish"]
    if consent and request.distributed_on is not None and request.posting_deadline is None:
        request.posting_deadline = objection_deadline(day, holidays())
        fields.append("posting_deadline")
    if not consent and request.summary_posted_on is not None:
        request.summary_posted_on = None
        fields.append("summary_posted_on")
        if request.status == S.SUMMARY_POSTED:
            request.status = S.DISTRIBUTED
            fields.append("status")
    save_fields(request, *fields)
    record_transition(
        request,
        E.CONSENT_CHANGED,
        from_status=before,
        by=by,
        note=_("Consent given") if consent else _("Consent withdrawn"),
    )
    if "summary_posted_on" in fields:
        record_transition(request, E.SUMMARY_REMOVED, from_status=before, by=by)
    return request


def distribute(
    request: Request, *, by: Any = None, automatic: bool = False, today: date | None = None
) -> Request:
    """Send the note verbale to the chosen providers (or those of the best proposals)."""
    if request.status != S.ACKNOWLEDGED or request.distribution_objected:
        raise ValidationError(_("The request cannot be distributed now."))
    day = _today(today)
    if not request.distributions.exists():
        services.default_distribution(request, by=by)
    request.distributions.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    before = request.status
    request.status = S.DISTRIBUTED
    request.distributed_on = day
    fields = ["status", "distributed_on"]
    if request.consent_to_publish:
        request.posting_deadline = objection_deadline(day, holidays())
        fields.append("posting_deadline")
    save_fields(request, *fields)
    names = ", ".join(str(d) for d in request.distributions.select_related("organisation", "state"))
    note = _("No objection within 5 working days. Sent to: %(names)s") if automatic else "%(names)s"
    record_transition(
        request,
        E.DISTRIBUTED,
        from_status=before,
        by=by,
        automatic=automatic,
        note=note % {"names": names or "—"},
    )
    return request


def post_summary(
    request: Request, *, by: Any = None, automatic: bool = False, today: date | None = None
) -> Request:
    """Put the summary on the public pages. Refuses without the requester's consent."""
    if not request.consent_to_publish:
        raise ValidationError(_("The requesting State has not consented to publication."))
    if request.posting_objected or request.summary_posted_on is not None:
        raise ValidationError(_("The summary cannot be posted now."))
    if request.distributed_on is None or request.status == S.CLOSED:
        raise ValidationError(_("A summary is posted only after distribution."))
    before = request.status
    request.summary_posted_on = _today(today)
    fields = ["summary_posted_on"]
    if not request.public_summary.strip():
        request.public_summary = default_summary(request)
        fields.append("public_summary")
    if request.status == S.DISTRIBUTED:
        request.status = S.SUMMARY_POSTED
        fields.append("status")
    save_fields(request, *fields)
    record_transition(
        request,
        E.SUMMARY_POSTED,
        from_status=before,
        by=by,
        automatic=automatic,
        note=_("No objection within 5 working days.") if automatic else "",
    )
    return request


def default_summary(request: Request) -> str:
    """A summary naming only what the items are about (their facets), not their wording."""
    from nap1540.assistance import vocabulary

    lines = []
    for item in request.items.all():
        labels = vocabulary.labels([*item.assistance_types, *item.subjects])
        lines.append(f"{item.number}. " + (", ".join(labels) or _("Assistance")))
    return "\n".join(lines)


@dataclass
class AdvanceReport:
    distributed: list[int] = field(default_factory=list)
    posted: list[int] = field(default_factory=list)
    follow_ups: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.distributed) + len(self.posted) + len(self.follow_ups)


def advance_due(today: date | None = None) -> AdvanceReport:
    """Make every step whose objection window passed in silence; flag due follow-ups.

    Each request is handled in its own transaction, re-read under a row lock and re-checked, so
    an objection recorded meanwhile wins and one refused step does not stop the others.
    """
    day = _today(today)
    report = AdvanceReport()
    due = Request.objects.filter(
        status=S.ACKNOWLEDGED, distribution_objected=False, distribution_deadline__lt=day
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            request = Request.objects.select_for_update().get(pk=pk)
            deadline = request.distribution_deadline
            if (
                request.status == S.ACKNOWLEDGED
                and not request.distribution_objected
                and deadline is not None
                and window_elapsed(deadline, day)
            ):
                distribute(request, automatic=True, today=day)
                report.distributed.append(pk)
    posting = Request.objects.filter(
        consent_to_publish=True,
        posting_objected=False,
        summary_posted_on__isnull=True,
        distributed_on__isnull=False,
        posting_deadline__lt=day,
    ).exclude(status=S.CLOSED)
    for pk in posting.values_list("pk", flat=True):
        with transaction.atomic():
            request = Request.objects.select_for_update().get(pk=pk)
            deadline = request.posting_deadline
            if (
                request.consent_to_publish
                and not request.posting_objected
                and request.summary_posted_on is None
                and request.status != S.CLOSED
                and deadline is not None
                and window_elapsed(deadline, day)
            ):
                post_summary(request, automatic=True, today=day)
                report.posted.append(pk)
    follow = Request.objects.filter(
        follow_up_due__lte=day, follow_up_flagged_on__isnull=True
    ).exclude(status__in=(S.DRAFT, S.CLOSED))
    for pk in follow.values_list("pk", flat=True):
        with transaction.atomic():
            request = Request.objects.select_for_update().get(pk=pk)
            if request.follow_up_flagged_on is not None:
                continue
            request.follow_up_flagged_on = day
            save_fields(request, "follow_up_flagged_on")
            record_transition(
                request,
                E.FOLLOW_UP_DUE,
                from_status=request.status,
                automatic=True,
                note=_("One year since the request: ask the State whether it was met."),
            )
            report.follow_ups.append(pk)
    return report


def distributions_of(request: Request) -> list[Distribution]:
    return list(request.distributions.select_related("organisation", "state"))
