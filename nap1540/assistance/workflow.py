"""The Committee's assistance procedure, declared once as a step table (`PROCEDURE`).

    draft -> received -> authenticated -> acknowledged -> distributed -> summary posted
          -> matched -> in delivery -> completed          (or closed from any open step)

The request page's buttons, the page's step form and the API's `steps` endpoint all read the
table: `PROCEDURE.available(request, user)` is the buttons to show, `PROCEDURE.perform(...)`
makes a pressed one (see `nap1540.core.workflow`). Acknowledgement opens a 5-working-day window
in which the State may object to distribution; distribution opens a second one before a
summary is posted, only if the State consented to publication. Silence advances the step:
`advance_due(today)` (run daily by `nap1540 advance-assistance`) makes the table's two timer
steps and logs them as automatic transitions. A follow-up falls due one year after the request.
Confirming a match and starting delivery (`services.proposals`, `services.matches`) move a
request to "matched" and "in delivery". Every change is a `Transition` row with who, when,
from, to and a note, written in the same transaction.

This module stands on the `services` package (it records with `services.history`'s
`record_transition`); no service imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nap1540.accounts.models import User
from nap1540.accounts.sharing import share_on_submission, submission_sentence
from nap1540.assistance import vocabulary
from nap1540.assistance.models import Distribution, Request, RequestItem, Transition
from nap1540.assistance.services.distribution import default_distribution
from nap1540.assistance.services.history import (
    experts_only,
    mark_received,
    record_transition,
    save_fields,
)
from nap1540.assistance.workdays import objection_deadline, window_elapsed
from nap1540.core.text import join_list
from nap1540.core.visibility import Principal
from nap1540.core.workflow import Step, Workflow

S = Request.Status
E = Transition.Event

OPEN_STATUSES = tuple(s for s in S if s not in (S.COMPLETED, S.CLOSED))
WITH_THE_COMMITTEE = tuple(s for s in OPEN_STATUSES if s != S.DRAFT)
# Publication is the State's own act: it may take consent back at any time, even after the
# request is completed or closed (a posted summary comes down with it).
PAST_THE_DRAFT = tuple(s for s in S if s != S.DRAFT)
AFTER_DISTRIBUTION = (S.DISTRIBUTED, S.SUMMARY_POSTED, S.MATCHED, S.IN_DELIVERY, S.COMPLETED)
OUT_OF_ORDER = gettext_lazy("A request that is “%(status)s” cannot be marked “%(step)s”.")


def holidays() -> frozenset[date]:
    """Optional non-working days (settings.ASSISTANCE_HOLIDAYS: dates or ISO strings)."""
    raw = getattr(settings, "ASSISTANCE_HOLIDAYS", ())
    return frozenset(d if isinstance(d, date) else date.fromisoformat(str(d)) for d in raw)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# -- who may press: guards given the actor's principal and the request -----------------------


def _coordinator(p: Principal, request: Request) -> str | None:
    if p.coordinates(request.state_id):
        return None
    return _("Only the requesting State's coordinator can submit it.")


def _requester(p: Principal, request: Request) -> str | None:
    """The requester's coordinator (objections, consent) or an expert recording them."""
    if p.coordinates(request.state_id) or p.is_expert:
        return None
    return _("Only the requesting State's coordinator, or an expert on its behalf, can do this.")


def _closer(p: Principal, request: Request) -> str | None:
    if p.coordinates(request.state_id) or p.is_expert:
        return None
    return _("Only an expert or the requesting State's coordinator can close it.")


# -- what else the request must be ----------------------------------------------------------


def _may_object_to_distribution(request: Request) -> str | None:
    if request.distributed_on is not None:
        return _("The request has already been distributed.")
    if request.distribution_objected:
        return _("The State already objects to distribution.")
    return None


def _may_object_to_posting(request: Request) -> str | None:
    if not request.consent_to_publish:
        return _("The requesting State has not consented to publication.")
    if request.summary_posted_on is not None:
        return _("The summary has already been posted.")
    if request.posting_objected:
        return _("The State already objects to posting.")
    return None


def _objects_to(flag: str, request: Request) -> str | None:
    return None if getattr(request, flag) else _("There is no such objection to withdraw.")


def _consent_is(needed: bool, request: Request) -> str | None:
    if request.consent_to_publish == needed:
        return None
    if needed:
        return _("The requesting State has not consented to publication.")
    return _("The requesting State has already consented to publication.")


def _submitted(request: Request) -> str | None:
    if request.status == S.DRAFT:
        return _("A draft is not with the Committee yet: there is nothing to close.")
    return None


def _may_distribute(request: Request) -> str | None:
    return _("The request cannot be distributed now.") if request.distribution_objected else None


def _may_post(request: Request) -> str | None:
    if not request.consent_to_publish:
        return _("The requesting State has not consented to publication.")
    if request.posting_objected or request.summary_posted_on is not None:
        return _("The summary cannot be posted now.")
    return None


# -- the steps: each writes the request and records its transition -------------------------
# A person's press brings `note` and `confirmed` to every step, and code may pass `today` (a
# request entered after the fact); each step uses what it needs of them.


def _submit(
    request: Request,
    *,
    by: User | None,
    note: str = "",
    confirmed: bool = False,
    today: date | None = None,
) -> Request:
    """The State sends its draft: received, and shared with the Committee (`confirmed`)."""
    if not request.items.exists():
        raise ValidationError(_("Add at least one item before submitting the request."))
    mark_received(request, today=_today(today))
    save_fields(request, "status", "received_on", "follow_up_due")
    # After the status (a draft is private by constraint); refusing rolls the step back.
    share_on_submission(request, by=by, confirmed=confirmed)
    record_transition(request, E.SUBMITTED, from_status=S.DRAFT, by=by, note=note)
    return request


def _mark(
    step: str,
    request: Request,
    *,
    by: User | None,
    note: str = "",
    confirmed: bool = False,
    today: date | None = None,
) -> Request:
    """An expert's manual step: authenticated, acknowledged or completed, with its date."""
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


def _close(
    request: Request,
    *,
    by: User | None,
    note: str = "",
    confirmed: bool = False,
    today: date | None = None,
) -> Request:
    """Close an open request (withdrawn, not in proper form, met elsewhere); a note is required."""
    if not note.strip():
        raise ValidationError(_("Say why the request is closed."))
    before = request.status
    request.status = S.CLOSED
    request.closed_on = _today(today)
    save_fields(request, "status", "closed_on")
    record_transition(request, E.CLOSED, from_status=before, by=by, note=note)
    return request


def _set_flag(
    flag: str,
    value: bool,
    request: Request,
    *,
    by: User | None,
    note: str = "",
    confirmed: bool = False,
    today: date | None = None,
) -> Request:
    """The State objects (the timer stops) or lifts its objection (it runs on)."""
    setattr(request, flag, value)
    save_fields(request, flag)
    if value:
        event = E.OBJECTED_DISTRIBUTION if flag == "distribution_objected" else E.OBJECTED_POSTING
    else:
        event = E.OBJECTION_WITHDRAWN
        note = note or (_("Distribution") if flag == "distribution_objected" else _("Posting"))
    record_transition(request, event, from_status=request.status, by=by, note=note)
    return request


def _set_consent(
    consent: bool,
    request: Request,
    *,
    by: User | None,
    note: str = "",
    confirmed: bool = False,
    today: date | None = None,
) -> Request:
    """Give or withdraw consent to publish; withdrawing it takes a posted summary down."""
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


def _distribute(
    request: Request, *, by: User | None = None, automatic: bool = False, today: date | None = None
) -> Request:
    """Send the note verbale to the chosen providers (or those of the best proposals)."""
    day = _today(today)
    if not request.distributions.exists():
        default_distribution(request, by=by)
    request.distributions.filter(sent_at__isnull=True).update(sent_at=timezone.now())
    before = request.status
    request.status = S.DISTRIBUTED
    request.distributed_on = day
    fields = ["status", "distributed_on"]
    if request.consent_to_publish:
        request.posting_deadline = objection_deadline(day, holidays())
        fields.append("posting_deadline")
    save_fields(request, *fields)
    names = join_list(distributions_of(request))
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


def _post_summary(
    request: Request, *, by: User | None = None, automatic: bool = False, today: date | None = None
) -> Request:
    """Put the summary on the public pages (only with the requester's consent)."""
    before = request.status
    request.summary_posted_on = _today(today)
    fields = ["summary_posted_on"]
    if not request.public_summary.strip():
        request.public_summary = default_summary(request)
        fields.append("public_summary")
    if request.status == S.DISTRIBUTED:  # later steps keep their status
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


def _marked(name: str, label: Any, *, sources: tuple[str, ...], target: str) -> Step[Request]:
    """A step an expert marks by hand; the request takes the step's status and date."""
    return Step(
        name=name,
        label=label,
        sources=sources,
        target=target,
        guard=experts_only,
        refused=OUT_OF_ORDER,
        run=partial(_mark, target),
    )


def _by_the_state(
    name: str,
    label: Any,
    *,
    sources: tuple[str, ...],
    when: Callable[[Request], str | None],
    run: Callable[..., Request],
) -> Step[Request]:
    """A step the requesting State takes (or an expert records for it); the status stays."""
    return Step(
        name=name,
        label=label,
        sources=sources,
        target=None,
        guard=_requester,
        when=when,
        style="secondary",
        run=run,
    )


PROCEDURE: Workflow[Request] = Workflow(
    [
        Step(
            name="submit",
            label=gettext_lazy("Submit to the Committee"),
            sources=(S.DRAFT,),
            target=S.RECEIVED,
            guard=_coordinator,
            refused=gettext_lazy("Only a draft can be submitted."),
            confirm=lazy(submission_sentence, str)(),
            run=_submit,
        ),
        _marked(
            "authenticate",
            gettext_lazy("Mark authenticated"),
            sources=(S.RECEIVED,),
            target=S.AUTHENTICATED,
        ),
        _marked(
            "acknowledge",
            gettext_lazy("Acknowledge receipt"),
            sources=(S.AUTHENTICATED,),
            target=S.ACKNOWLEDGED,
        ),
        _marked(
            "complete",
            gettext_lazy("Mark completed"),
            sources=(S.MATCHED, S.IN_DELIVERY),
            target=S.COMPLETED,
        ),
        _by_the_state(
            "object_distribution",
            gettext_lazy("Object to distribution"),
            sources=WITH_THE_COMMITTEE,
            when=_may_object_to_distribution,
            run=partial(_set_flag, "distribution_objected", True),
        ),
        _by_the_state(
            "withdraw_distribution",
            gettext_lazy("Withdraw the objection to distribution"),
            sources=tuple(S),
            when=partial(_objects_to, "distribution_objected"),
            run=partial(_set_flag, "distribution_objected", False),
        ),
        _by_the_state(
            "object_posting",
            gettext_lazy("Object to posting"),
            sources=WITH_THE_COMMITTEE,
            when=_may_object_to_posting,
            run=partial(_set_flag, "posting_objected", True),
        ),
        _by_the_state(
            "withdraw_posting",
            gettext_lazy("Withdraw the objection to posting"),
            sources=tuple(S),
            when=partial(_objects_to, "posting_objected"),
            run=partial(_set_flag, "posting_objected", False),
        ),
        _by_the_state(
            "consent_off",
            gettext_lazy("Withdraw consent to publish"),
            sources=PAST_THE_DRAFT,
            when=partial(_consent_is, True),
            run=partial(_set_consent, False),
        ),
        _by_the_state(
            "consent_on",
            gettext_lazy("Give consent to publish a summary"),
            sources=WITH_THE_COMMITTEE,
            when=partial(_consent_is, False),
            run=partial(_set_consent, True),
        ),
        Step(
            name="close",
            label=gettext_lazy("Close the request (note required)"),
            sources=OPEN_STATUSES,
            target=S.CLOSED,
            guard=_closer,
            when=_submitted,
            refused=gettext_lazy("The request is already finished."),
            style="danger",
            run=_close,
        ),
        # The timer's steps (`advance_due`): nobody presses them.
        Step(
            name="distribute",
            label=S.DISTRIBUTED.label,
            sources=(S.ACKNOWLEDGED,),
            target=S.DISTRIBUTED,
            guard=None,
            when=_may_distribute,
            refused=gettext_lazy("The request cannot be distributed now."),
            run=_distribute,
        ),
        Step(
            name="post_summary",
            label=S.SUMMARY_POSTED.label,
            sources=AFTER_DISTRIBUTION,
            target=S.SUMMARY_POSTED,  # from distributed; the later statuses keep theirs
            guard=None,
            when=_may_post,
            refused=gettext_lazy("A summary is posted only after distribution."),
            run=_post_summary,
        ),
    ],
    labels=dict(S.choices),
)

# -- the same steps for code (the demo, the tests, data entered after the fact) ---------------

_MARKED: dict[str, str] = {
    S.AUTHENTICATED: "authenticate",
    S.ACKNOWLEDGED: "acknowledge",
    S.COMPLETED: "complete",
}


def submit_request(
    request: Request, *, by: User | None, today: date | None = None, confirmed: bool = False
) -> Request:
    """A State sends its draft to the Committee (a private draft needs `confirmed`)."""
    return PROCEDURE.perform("submit", request, by=by, today=today, confirmed=confirmed)


def make_step(
    request: Request, step: str, *, by: User | None, note: str = "", today: date | None = None
) -> Request:
    """An expert's manual step, named by the status it reaches: authenticated, acknowledged,
    completed."""
    if step not in _MARKED:
        raise ValidationError(_("This step is not made by hand."))
    return PROCEDURE.perform(_MARKED[step], request, by=by, note=note, today=today)


def object_to(request: Request, step: str, *, by: User | None, note: str = "") -> Request:
    """The State objects to "distribution" or to "posting": the timer stops until withdrawn."""
    if step not in ("distribution", "posting"):
        raise ValidationError(_("One can object to distribution or to posting only."))
    return PROCEDURE.perform(f"object_{step}", request, by=by, note=note)


def withdraw_objection(request: Request, step: str, *, by: User | None, note: str = "") -> Request:
    """The State lifts its objection; the step follows at the next run once its window passed."""
    if step not in ("distribution", "posting"):
        raise ValidationError(_("There is no such objection to withdraw."))
    return PROCEDURE.perform(f"withdraw_{step}", request, by=by, note=note)


def set_consent(
    request: Request, consent: bool, *, by: User | None, today: date | None = None
) -> Request:
    """Give or withdraw consent to publish; withdrawing it takes a posted summary down."""
    name = "consent_on" if consent else "consent_off"
    return PROCEDURE.perform(name, request, by=by, today=today)


def distribute(
    request: Request, *, by: User | None = None, automatic: bool = False, today: date | None = None
) -> Request:
    """The timer's step (or a replay): send the note verbale to the potential providers."""
    return PROCEDURE.advance("distribute", request, by=by, automatic=automatic, today=today)


def post_summary(
    request: Request, *, by: User | None = None, automatic: bool = False, today: date | None = None
) -> Request:
    """The timer's step (or a replay): post the summary. Refuses without consent."""
    return PROCEDURE.advance("post_summary", request, by=by, automatic=automatic, today=today)


def default_summary(request: Request, items: Sequence[RequestItem] | None = None) -> str:
    """A summary naming only what the items are about (their facets), not their wording."""
    lines = []
    for item in request.items.all() if items is None else items:
        labels = vocabulary.labels([*item.assistance_types, *item.subjects])
        lines.append(f"{item.number}. " + (join_list(labels) or _("Assistance")))
    return "\n".join(lines)


def has_generated_summary(request: Request, items: Sequence[RequestItem] | None = None) -> bool:
    """Whether the posted summary is the one composed from the items (in any language)."""
    summary = request.public_summary.strip()
    if not summary:
        return False
    items = list(request.items.all()) if items is None else items
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if summary == default_summary(request, items):
                return True
    return False


def summary_for_reader(request: Request, items: Sequence[RequestItem] | None = None) -> str:
    """The public summary as the reader sees it: the composed one in the reader's language."""
    items = list(request.items.all()) if items is None else items
    if has_generated_summary(request, items):
        return default_summary(request, items)
    return request.public_summary


def distributions_of(request: Request) -> list[Distribution]:
    return list(request.distributions.select_related("organisation", "state"))


@dataclass
class AdvanceReport:
    distributed: list[int] = field(default_factory=list)
    posted: list[int] = field(default_factory=list)
    follow_ups: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.distributed) + len(self.posted) + len(self.follow_ups)

    def summary(self) -> str:
        return _(
            "distributed %(distributed)d, summaries posted %(posted)d, "
            "follow-ups due %(follow_ups)d"
        ) % {
            "distributed": len(self.distributed),
            "posted": len(self.posted),
            "follow_ups": len(self.follow_ups),
        }


# The name of `advance_due`'s lock (core.jobs): the command and `nap1540 run-scheduled` share it.
ADVANCE_JOB = "advance-assistance"


def _window_passed(request: Request, step: str, deadline: date | None, day: date) -> bool:
    """The step's objection window passed in silence and the table still allows it."""
    return (
        deadline is not None
        and window_elapsed(deadline, day)
        and PROCEDURE.blocked(step, request) is None
    )


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
            if _window_passed(request, "distribute", request.distribution_deadline, day):
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
            if _window_passed(request, "post_summary", request.posting_deadline, day):
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


@dataclass(frozen=True)
class ProcedureStep:
    """One status of the procedure as the request page's step indicator shows it."""

    status: str
    label: str
    state: str  # "done", "current" or "todo"


def procedure_steps(
    request: Request, transitions: Sequence[Transition] = ()
) -> list[ProcedureStep]:
    """The procedure's statuses in order, each done, current or still to come.

    With the request's visible `transitions`, the past is the path it took: a step it never
    entered (a request the Committee recorded itself was never a draft; a summary that was not
    posted) is left out rather than shown as done. "Summary posted" is a step to come only when
    the State consented to publication. A closed request shows the steps it went through, then
    "Closed".
    """
    path: list[Request.Status] = [s for s in S if s != S.CLOSED]
    if not request.consent_to_publish and request.status != S.SUMMARY_POSTED:
        path.remove(S.SUMMARY_POSTED)
    reached = {t.to_status for t in transitions if t.to_status}

    def entered(status: Request.Status) -> bool:
        return not reached or status in reached

    current = request.status
    if current == S.CLOSED:
        closing = [t for t in transitions if t.to_status == S.CLOSED and t.from_status]
        last = max(closing, key=lambda t: t.at).from_status if closing else S.DRAFT
        upto = path.index(S(last)) if last in path else -1
        steps = [
            ProcedureStep(s.value, str(s.label), "done") for s in path[: upto + 1] if entered(s)
        ]
        return [*steps, ProcedureStep(S.CLOSED.value, str(S.CLOSED.label), "current")]
    index = path.index(S(current))
    return [
        ProcedureStep(
            s.value,
            str(s.label),
            "done" if i < index else "current" if i == index else "todo",
        )
        for i, s in enumerate(path)
        if i >= index or entered(s)
    ]
