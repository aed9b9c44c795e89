"""Who the procedure waits for: named lists of requests, shared by the home page's panel, the
main menu's count and the requests page (`?queue=<name>`), so the three always agree.

Each queue is a filter on `Request.objects.visible_to(user)` (or on the user's visible
matches): nobody is ever counted or shown a request they may not open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nap1540.assistance.models import Distribution, Feedback, Match, Proposal, Request
from nap1540.core.visibility import principal

S = Request.Status

# The steps at which the Committee acts next: authenticate, acknowledge, confirm a match.
COMMITTEE_STEPS = (S.RECEIVED, S.AUTHENTICATED, S.DISTRIBUTED, S.SUMMARY_POSTED)
AWAITING_MATCH = (S.DISTRIBUTED, S.SUMMARY_POSTED)
FINISHED = (S.COMPLETED, S.CLOSED)

LABELS = {
    "committee": _("Waiting for the Committee"),
    "proposals": _("With proposals to confirm"),
    "follow_up": _("Follow-ups due"),
    "state": _("Waiting for your State"),
    "sent": _("Sent to you"),
    "matches": _("Matches to deliver"),
    "feedback": _("Deliveries awaiting your feedback"),
}


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def own_matches(user: Any) -> QuerySet[Match]:
    """Matches of the provider's own offers, among those the user may see."""
    p = principal(user)
    return Match.objects.visible_to(user).filter(
        offer__provider_organisation__in=p.organisation_ids
    )


def without_feedback(matches: QuerySet[Match], role: str) -> QuerySet[Match]:
    given = Feedback.objects.filter(match=OuterRef("pk"), role=role)
    return matches.filter(status=Match.Status.DELIVERED).exclude(Exists(given))


def requester_feedback_due(user: Any) -> QuerySet[Match]:
    """Delivered matches of the coordinator's States' requests with no word from the State."""
    p = principal(user)
    matches = Match.objects.visible_to(user).filter(
        item__request__state__in=p.coordinator_state_ids
    )
    return without_feedback(matches, Feedback.Role.REQUESTER)


def queue_q(name: str, user: Any, today: date | None = None) -> Q | None:
    """The filter of one queue for this user, or None when the queue is not theirs."""
    p = principal(user)
    day = _today(today)
    if name == "committee" and p.is_expert:
        return Q(status__in=COMMITTEE_STEPS)
    if name == "proposals" and p.is_expert:
        return Q(pk__in=proposals_to_confirm(user).values("item__request_id"))
    if name == "follow_up" and p.is_expert:
        return Q(follow_up_due__lte=day) & ~Q(status__in=(S.DRAFT, *FINISHED))
    if name == "state" and p.coordinator_state_ids:
        return Q(state__in=p.coordinator_state_ids) & (
            Q(status=S.DRAFT)
            | Q(
                status=S.ACKNOWLEDGED,
                distribution_objected=False,
                distribution_deadline__gte=day,
            )
            | Q(
                distributed_on__isnull=False,
                consent_to_publish=True,
                summary_posted_on__isnull=True,
                posting_objected=False,
                posting_deadline__gte=day,
            )
            | Q(pk__in=requester_feedback_due(user).values("item__request_id"))
        )
    if name == "sent" and p.organisation_ids:
        sent = Distribution.objects.filter(
            organisation__in=p.organisation_ids, sent_at__isnull=False
        )
        return Q(pk__in=sent.values("request_id"), status__in=AWAITING_MATCH)
    if name == "matches" and p.organisation_ids:
        active = own_matches(user).filter(
            status__in=(Match.Status.CONFIRMED, Match.Status.IN_DELIVERY)
        )
        return Q(pk__in=active.values("item__request_id"))
    if name == "feedback" and p.organisation_ids:
        due = without_feedback(own_matches(user), Feedback.Role.PROVIDER)
        return Q(pk__in=due.values("item__request_id"))
    return None


def requests_in(name: str, user: Any, today: date | None = None) -> QuerySet[Request]:
    """The visible requests in one queue (none when the queue is not the user's)."""
    q = queue_q(name, user, today)
    visible = Request.objects.visible_to(user)
    return visible.filter(q) if q is not None else visible.none()


def proposals_to_confirm(user: Any) -> QuerySet[Proposal]:
    """Proposals an expert may confirm now: still proposed, their request waiting for a match
    (once matched, the proposals left over wait for no one)."""
    return Proposal.objects.visible_to(user).filter(
        status=Proposal.Status.PROPOSED, item__request__status__in=AWAITING_MATCH
    )


def proposals_for_my_offers(user: Any) -> QuerySet[Proposal]:
    """Proposals of the provider's own offers on requests sent to it, awaiting its answer
    (once answered, they wait for the Committee, not for the provider)."""
    p = principal(user)
    sent = Distribution.objects.filter(
        request=OuterRef("item__request"),
        organisation=OuterRef("offer__provider_organisation"),
        sent_at__isnull=False,
    )
    return Proposal.objects.visible_to(user).filter(
        Exists(sent),
        status=Proposal.Status.PROPOSED,
        provider_answer=Proposal.Answer.PENDING,
        item__request__status__in=AWAITING_MATCH,
        offer__provider_organisation__in=p.organisation_ids,
    )
