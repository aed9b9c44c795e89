"""Proposals: the engine's ranked offers for an item, an expert's confirmation (a match)
or decline, and the provider's answer."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance import reasons as reason_sentences
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.models import (
    Distribution,
    Match,
    Offer,
    Proposal,
    Request,
    RequestItem,
    Transition,
)
from nap1540.assistance.services.conflicts import show_to_caller
from nap1540.assistance.services.history import can_match, move_along, require_expert
from nap1540.core.audit import AuditEvent

PROPOSALS_PER_ITEM = 5


def _locked(proposals: Any, pk: int) -> Proposal:
    """The proposal re-read under a lock; refused with a message if the matching was run again
    meanwhile and replaced it (the engine keeps decided proposals only)."""
    locked = proposals.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise ValidationError(
            _(
                "The matching was run again meanwhile and this proposal was replaced; look at "
                "the new proposals and decide again."
            ),
            code="proposal_replaced",
        )
    return cast(Proposal, locked)


@transaction.atomic
def refresh_proposals(
    item: RequestItem, *, top: int = PROPOSALS_PER_ITEM, today: date | None = None
) -> list[Proposal]:
    """Store the engine's best offers for an item with its reasons; keeps experts' decisions.

    Under the request's lock, as decisions are: an expert's confirmation waiting for it then
    finds the proposal replaced and is told so."""
    Request.objects.select_for_update().filter(pk=item.request_id).first()
    ranked = offer_index.rank(item, top=top, today=today)
    decided = set(
        item.proposals.exclude(status=Proposal.Status.PROPOSED).values_list("offer_id", flat=True)
    )
    item.proposals.filter(status=Proposal.Status.PROPOSED).delete()
    rows = []
    for rank, found in enumerate(ranked, start=1):
        offer_id = int(found.offer_id)
        if offer_id in decided:
            item.proposals.filter(offer_id=offer_id).update(
                rank=rank,
                score=found.score,
                reasons=reason_sentences.stored(found.reasons),
            )
            continue
        rows.append(
            Proposal(
                item=item,
                offer_id=offer_id,
                rank=rank,
                score=found.score,
                reasons=reason_sentences.stored(found.reasons),
            )
        )
    Proposal.objects.bulk_create(rows)
    return list(item.proposals.select_related("offer").order_by("rank"))


@transaction.atomic
def propose_offer(item: RequestItem, offer: Offer, *, by: User | None) -> Proposal:
    """An expert adds an offer the engine did not rank; the engine still explains the pair."""
    require_expert(by)
    found = offer_index.assess(item, offer)
    reasons = reason_sentences.stored((*found.exclusions, *found.reasons))
    proposal, _created = Proposal.objects.update_or_create(
        item=item,
        offer=offer,
        defaults={
            "score": found.score,
            "rank": (item.proposals.aggregate(n=Max("rank"))["n"] or 0) + 1,
            "reasons": reasons,
        },
    )
    return proposal


@transaction.atomic
def confirm_proposal(
    proposal: Proposal,
    *,
    by: User | None,
    note: str = "",
    today: date | None = None,
    expected: str | None = None,
) -> Match:
    """An expert confirms a proposed offer: it becomes a match, tracked to delivery.

    The proposal is re-read under a lock (the request's, then its own), so of two decisions
    made at once one is recorded and the other is told who decided. `expected` is the status
    the expert saw (the page's buttons are shown on open proposals only): a different one is
    refused, so a confirmation never silently overrides a decline made meanwhile.
    """
    require_expert(by)
    request = Request.objects.select_for_update().get(pk=proposal.item.request_id)
    if not can_match(request):
        raise ValidationError(_("Offers are matched after the request is distributed."))
    locked = _locked(Proposal.objects, proposal.pk)
    if locked.status == Proposal.Status.CONFIRMED or (
        expected is not None and locked.status != expected
    ):
        raise _decided_meanwhile(locked)
    day = today or timezone.localdate()
    locked.status, locked.decline_reason = Proposal.Status.CONFIRMED, ""
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note
    locked.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "decision_note"]
    )
    show_to_caller(proposal, locked)
    match = Match.objects.create(
        item_id=locked.item_id,
        offer_id=locked.offer_id,
        proposal=locked,
        confirmed_by=by,
        confirmed_on=day,
        note=note,
        is_demo=request.is_demo,
    )
    _share_with_provider(request, proposal.offer, by=by)
    move_along(match, Transition.Event.MATCHED, by=by, day=day)
    return match


def _decided_meanwhile(proposal: Proposal) -> ValidationError:
    """The refusal of a decision on a proposal that is no longer open, naming who decided.

    The decider is read by id, not joined to the locked row: PostgreSQL re-reads a row it
    waited for, not the rows joined to it."""
    who = User.objects.filter(pk=proposal.decided_by_id).first() if proposal.decided_by_id else None
    confirmed = proposal.status == Proposal.Status.CONFIRMED
    if who is None:
        message = (
            _("This proposal is already confirmed; your decision was not recorded.")
            if confirmed
            else _("This proposal is already declined; your decision was not recorded.")
        )
    elif confirmed:
        message = _(
            "%(user)s has already confirmed this proposal; your decision was not recorded."
        ) % {"user": who.get_username()}
    else:
        message = _(
            "%(user)s has already declined this proposal; your decision was not recorded."
        ) % {"user": who.get_username()}
    return ValidationError(message, code="decided_meanwhile")


def _share_with_provider(request: Request, offer: Offer, *, by: User | None) -> None:
    """The provider of a confirmed offer receives the request, as if it had been distributed.

    Without this, a provider whose offer is matched to a request it was never sent could not
    open the request, record delivery or give its feedback.
    """
    if offer.provider_organisation_id:
        lookup: dict[str, Any] = {"organisation_id": offer.provider_organisation_id}
    else:
        lookup = {"state_id": offer.provider_state_id}
    row, created = Distribution.objects.get_or_create(
        request=request, **lookup, defaults={"sent_at": timezone.now(), "added_by": by}
    )
    if not created and row.sent_at is None:
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])


@transaction.atomic
def decline_proposal(
    proposal: Proposal, *, by: User | None, reason: str = "", note: str = ""
) -> Proposal:
    """An expert declines a proposed offer and says why (kept to tune the engine's weights).

    Re-read under a lock: a proposal decided meanwhile is refused, naming who decided."""
    require_expert(by)
    reason = reason or Proposal.DeclineReason.OTHER
    if reason not in Proposal.DeclineReason.values:
        raise ValidationError(
            _("Choose why the offer does not fit from the list (“%(value)s” is not on it).")
            % {"value": reason}
        )
    if reason == Proposal.DeclineReason.OTHER and not note:
        raise ValidationError(_("Say in the note why the offer does not fit."))
    Request.objects.select_for_update().filter(pk=proposal.item.request_id).first()
    locked = _locked(Proposal.objects, proposal.pk)
    if locked.status != Proposal.Status.PROPOSED:
        raise _decided_meanwhile(locked)
    locked.status, locked.decline_reason = Proposal.Status.DECLINED, reason
    locked.decided_by, locked.decided_at, locked.decision_note = by, timezone.now(), note
    locked.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "decision_note"]
    )
    show_to_caller(proposal, locked)
    AuditEvent.record(
        "assistance.proposal_declined",
        target=proposal.item.request,
        by=by,
        data={"offer": locked.offer_id, "reason": reason, "note": note},
    )
    return proposal


@transaction.atomic
def answer_proposal(
    proposal: Proposal, *, by: User | None, willing: bool, note: str = ""
) -> Proposal:
    """The provider tells the Committee whether it can provide the proposed offer."""
    Request.objects.select_for_update().filter(pk=proposal.item.request_id).first()
    proposal = _locked(Proposal.objects.select_related("item__request", "offer"), proposal.pk)
    if not proposal.can_answer(by):
        raise PermissionDenied(_("Only the organisation making the offer can answer for it."))
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError(
            _("The Committee has already decided on this proposal; it can no longer be answered.")
        )
    request = proposal.item.request
    if not can_match(request):
        raise ValidationError(
            _("Offers are matched after the request is distributed; there is nothing to answer.")
        )
    sent = request.distributions.filter(
        organisation=proposal.offer.provider_organisation, sent_at__isnull=False
    )
    if not sent.exists():
        raise ValidationError(
            _("The request was not sent to your organisation; there is nothing to answer yet.")
        )
    answer = Proposal.Answer.WILLING if willing else Proposal.Answer.UNABLE
    previous = proposal.provider_answer
    proposal.provider_answer = answer
    proposal.answered_by, proposal.answered_at, proposal.answer_note = by, timezone.now(), note
    proposal.save(update_fields=["provider_answer", "answered_by", "answered_at", "answer_note"])
    AuditEvent.record(
        "assistance.proposal_answered",
        target=request,
        by=by,
        data={
            "offer": proposal.offer_id,
            "proposal": proposal.pk,
            "answer": answer,
            "previous": previous,
            "note": note,
        },
    )
    return proposal
