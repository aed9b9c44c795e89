"""Assistance on the State page and the dashboard (registered from AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext, pgettext

from nap1540.assistance import queues
from nap1540.assistance.fromplans import task_marks, tasks_needing_assistance
from nap1540.assistance.models import Feedback, Match, Offer, Proposal, Request
from nap1540.core.queues import SHOWN, Queue, Row, counts, first
from nap1540.core.visibility import principal
from nap1540.plans import marks
from nap1540.registry import sections

# The plan's task lists and task page say which request item a task (or its copy) is in.
marks.register(task_marks)


@sections.register(40)
def state_assistance(request: HttpRequest, state: Any) -> dict[str, Any] | None:
    """The State's requests the user can see, and its tasks that need assistance."""
    requests = list(
        Request.objects.visible_to(request.user)
        .filter(state=state)
        .select_related("state", "group")
        .order_by("-date")[:20]
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


@sections.register_dashboard(30, menu="assistance:index")
def assistance_panel(request: HttpRequest) -> dict[str, Any] | None:
    """What waits for the user in the procedure: the Committee's, the State's, the provider's."""
    p = principal(request.user)
    if p.is_expert:
        return _expert_panel(request)
    if p.coordinator_state_ids:
        return _coordinator_panel(request)
    if p.organisation_ids:
        return _provider_panel(request, p.organisation_ids)
    return None


def _requests_url(queue: str) -> str:
    return reverse("assistance:requests") + f"?queue={queue}"


def _request_row(r: Request, note: str, verb: str, when: Any = None) -> Row:
    return Row(
        url=r.get_absolute_url(),
        code=r.requester_code,
        text=r.title,
        when=when,
        note=note,
        verb=verb,
    )


# What a row about a proposal or a match shows: its offer, item, request and requester.
ITEM_RELATED = ("offer", "item", "item__request", "item__request__state", "item__request__group")


def _item_row(
    record: Proposal | Match, note: str, verb: str, *, when: Any = None, verb_url: str = ""
) -> Row:
    """A row about one request item's proposal or match, linking to the item."""
    item = record.item
    return Row(
        url=item.get_absolute_url(),
        code=item.request.requester_code,
        text=item.request.title,
        when=when,
        note=note,
        verb=verb,
        verb_url=verb_url,
    )


EXPERT_VERBS = {
    Request.Status.RECEIVED: _lazy("Authenticate it"),
    Request.Status.AUTHENTICATED: _lazy("Acknowledge receipt"),
    Request.Status.DISTRIBUTED: _lazy("Confirm a match"),
    Request.Status.SUMMARY_POSTED: _lazy("Confirm a match"),
}


def _expert_panel(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()

    def lists() -> dict[str, Any]:
        visible = Request.objects.visible_to(user)
        committee_q = queues.queue_q("committee", user, today)
        follow_q = queues.queue_q("follow_up", user, today)
        assert committee_q is not None and follow_q is not None
        return {
            "all": visible,
            "committee": visible.filter(committee_q),
            "follow_up": visible.filter(follow_q),
            "proposals": queues.proposals_to_confirm(user),
        }

    n = counts(user, "assistance.expert", today, lists)
    n_proposals = n["proposals"]

    def context() -> dict[str, Any]:
        n_all, n_committee, n_follow = n["all"], n["committee"], n["follow_up"]
        found = lists()
        proposals = found["proposals"]
        waiting = found["committee"].select_related("state", "group").order_by("date", "id")
        if n_all:
            why = ngettext(
                "No request waits for the Committee: the %(n)d request you can see waits for "
                "its State or a provider, or is finished.",
                "No request waits for the Committee: the %(n)d requests you can see wait for "
                "their States or providers, or are finished.",
                n_all,
            ) % {"n": n_all}
        else:
            why = _("No request waits for the Committee: no request has been received yet.")
        committee = Queue(
            heading=_("Requests waiting for the Committee"),
            empty=why,
            rows=[
                _request_row(r, r.get_status_display(), str(EXPERT_VERBS[r.status]), r.date)
                for r in first(waiting)
            ],
            total=n_committee,
            all_url=_requests_url("committee"),
            all_label=ngettext(
                "All %(n)d request waiting for the Committee",
                "All %(n)d requests waiting for the Committee",
                n_committee,
            )
            % {"n": n_committee},
            more_url=reverse("assistance:requests"),
            more_label=ngettext(
                "Every request you can see (%(n)d)", "Every request you can see (%(n)d)", n_all
            )
            % {"n": n_all},
        )
        shown = first(
            proposals.select_related(*ITEM_RELATED).order_by(
                "item__request__date", "item__request_id", "item__number", "rank"
            )
        )
        confirm = Queue(
            heading=_("Proposals to confirm"),
            empty=_(
                "No proposal waits for a decision: the engine proposes offers once a request "
                "is distributed."
            ),
            rows=[
                _item_row(
                    pr,
                    _("item %(number)d, offer “%(offer)s” proposed")
                    % {"number": pr.item.number, "offer": pr.offer.title},
                    _("Confirm or decline"),
                )
                for pr in shown
            ],
            total=n_proposals,
            all_url=_requests_url("proposals"),
            all_label=ngettext(
                "All %(n)d proposal to confirm, on their requests",
                "All %(n)d proposals to confirm, on their requests",
                n_proposals,
            )
            % {"n": n_proposals},
        )
        due = found["follow_up"].select_related("state", "group").order_by("follow_up_due")
        follow = Queue(
            heading=_("Follow-ups due"),
            empty=_("No follow-up is due: a request is followed up one year after it was made."),
            rows=[
                _request_row(
                    r, _("One year since the request."), _("Ask the State"), r.follow_up_due
                )
                for r in first(due)
            ],
            total=n_follow,
            all_url=_requests_url("follow_up"),
            all_label=ngettext("All %(n)d follow-up due", "All %(n)d follow-ups due", n_follow)
            % {"n": n_follow},
        )
        return {"queues": [committee, confirm, follow]}

    return {
        "title": _("Assistance"),
        "template": "core/_queues.html",
        "context": context,
        "count": n["committee"] + n_proposals + n["follow_up"],
    }


def _coordinator_panel(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()

    def waiting() -> Any:
        return queues.requests_in("state", user, today)

    total = counts(user, "assistance.coordinator", today, lambda: {"state": waiting()})["state"]

    def context() -> dict[str, Any]:
        feedback_due = queues.requester_feedback_due(user).filter(item__request=OuterRef("pk"))
        rows = []
        shown = first(
            waiting()
            .annotate(feedback_due=Exists(feedback_due))
            .select_related("state", "group")
            .order_by("date", "id")
        )
        for r in shown:
            rows.append(_state_row(r, today))
        p = principal(user)
        queue = Queue(
            heading=_("Requests waiting for your State"),
            empty=_(
                "No request waits for your State: none is a draft, in an objection window or "
                "delivered without your feedback."
            ),
            rows=rows,
            total=total,
            all_url=_requests_url("state"),
            all_label=ngettext(
                "All %(n)d request waiting for your State",
                "All %(n)d requests waiting for your State",
                total,
            )
            % {"n": total},
            more_url=reverse("assistance:index"),
            more_label=_("Ask for assistance, or turn a plan task into a request"),
        )
        lead = ""
        tasks = tasks_needing_assistance(user, p.coordinator_state_ids)
        if tasks:
            lead = ngettext(
                "%(n)d task of your plans needs assistance and is in no request yet.",
                "%(n)d tasks of your plans need assistance and are in no request yet.",
                len(tasks),
            ) % {"n": len(tasks)}
        return {"queues": [queue], "lead": lead}

    return {
        "title": _("Assistance"),
        "template": "core/_queues.html",
        "context": context,
        "count": total,
    }


def _state_row(r: Request, today: Any) -> Row:
    S = Request.Status
    if r.status == S.DRAFT:
        return _request_row(
            r, _("Draft: not yet sent to the Committee."), _("Complete and submit"), r.date
        )
    if getattr(r, "feedback_due", False):
        return _request_row(
            r, _("Delivered: the Committee asks for your feedback."), _("Give feedback")
        )
    if r.status == S.ACKNOWLEDGED and r.distribution_deadline is not None:
        return _request_row(
            r,
            _("Last day to object to distribution."),
            _("Decide on distribution"),
            r.distribution_deadline,
        )
    return _request_row(
        r,
        _("Last day to object to posting the summary."),
        _("Decide on posting"),
        r.posting_deadline,
    )


def _provider_panel(request: HttpRequest, organisation_ids: frozenset[int]) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()

    def lists() -> dict[str, Any]:
        sent_q = queues.queue_q("sent", user, today)
        assert sent_q is not None
        sent = Request.objects.visible_to(user).filter(sent_q)
        mine = queues.own_matches(user)
        # The menu counts what waits for the provider once: a sent request whose need is
        # proposed for one of its offers waits as that proposal (or, answered, for the
        # Committee), not also as a request to read.
        proposed_to_me = Proposal.objects.filter(offer__provider_organisation__in=organisation_ids)
        return {
            "sent": sent,
            "sent_to_read": sent.exclude(pk__in=proposed_to_me.values("item__request_id")),
            "active": mine.filter(status__in=(Match.Status.CONFIRMED, Match.Status.IN_DELIVERY)),
            "feedback": queues.without_feedback(mine, Feedback.Role.PROVIDER),
            "proposals": queues.proposals_for_my_offers(user),
            "offers": Offer.objects.visible_to(user).filter(
                provider_organisation__in=organisation_ids
            ),
        }

    n = counts(user, "assistance.provider", today, lists)

    def context() -> dict[str, Any]:
        found = lists()
        active, feedback, proposals = found["active"], found["feedback"], found["proposals"]
        n_sent, n_active, n_feedback = n["sent"], n["active"], n["feedback"]
        n_proposed, n_offers = n["proposals"], n["offers"]
        sent = Queue(
            heading=_("Requests sent to you"),
            empty=_(
                "No request under matching was sent to your organisation: the Committee "
                "distributes requests to chosen providers."
            ),
            rows=[
                _request_row(r, r.get_status_display(), _("Read the needs"), r.distributed_on)
                for r in first(
                    found["sent"].select_related("state", "group").order_by("-date", "-id")
                )
            ],
            total=n_sent,
            all_url=_requests_url("sent"),
            all_label=ngettext(
                "All %(n)d request sent to you", "All %(n)d requests sent to you", n_sent
            )
            % {"n": n_sent},
        )
        match_rows = [
            _item_row(
                m,
                m.get_status_display(),
                _("Start delivery") if m.status == Match.Status.CONFIRMED else _("Mark delivered"),
            )
            for m in first(active.select_related(*ITEM_RELATED).order_by("confirmed_on", "id"))
        ]
        proposal_rows = [
            _item_row(
                pr,
                _("Proposed for your offer “%(offer)s”; can you provide it?")
                % {"offer": pr.offer.title},
                pgettext("provide or not", "Answer"),
            )
            for pr in first(
                proposals.select_related(*ITEM_RELATED).order_by(
                    "item__request__date", "item__request_id", "rank"
                )
            )
        ]
        answer = Queue(
            heading=_("Proposals and matches to answer"),
            empty=_(
                "No match waits for your delivery and no proposal of your offers awaits your "
                "answer."
            ),
            rows=(match_rows + proposal_rows)[:SHOWN],
            total=n_active + n_proposed,
            all_url=_requests_url("matches"),
            all_label=ngettext(
                "All %(n)d request with a match to deliver",
                "All %(n)d requests with a match to deliver",
                n_active,
            )
            % {"n": n_active},
        )
        give = Queue(
            heading=_("Deliveries awaiting your feedback"),
            empty=_(
                "No delivery awaits your feedback: feedback is asked once a match is delivered."
            ),
            rows=[
                _item_row(
                    m,
                    m.offer.title,
                    _("Give feedback"),
                    when=m.delivered_on,
                    verb_url=reverse("assistance:feedback", args=[m.pk, Feedback.Role.PROVIDER]),
                )
                for m in first(
                    feedback.select_related(*ITEM_RELATED).order_by("delivered_on", "id")
                )
            ],
            total=n_feedback,
            all_url=_requests_url("feedback"),
            all_label=ngettext(
                "All %(n)d delivery awaiting your feedback",
                "All %(n)d deliveries awaiting your feedback",
                n_feedback,
            )
            % {"n": n_feedback},
        )
        own = Queue(
            heading=_("My offers"),
            empty=_("Your organisation has no offer listed: add one so the engine can propose it."),
            rows=[
                Row(
                    url=o.get_absolute_url(),
                    text=o.title,
                    note=_("Withdrawn") if o.is_withdrawn else "",
                    verb=_("Keep it up to date"),
                    verb_url=reverse("assistance:offer_edit", args=[o.pk]),
                )
                for o in first(found["offers"].order_by("is_withdrawn", "title"))
            ],
            total=n_offers,
            all_url=reverse("assistance:offers") + "?mine=1&withdrawn=1",
            all_label=ngettext("All %(n)d of my offers", "All %(n)d of my offers", n_offers)
            % {"n": n_offers},
            more_url=reverse("assistance:offer_create"),
            more_label=_("Add an offer"),
        )
        return {"queues": [sent, answer, give, own]}

    return {
        "title": _("Assistance"),
        "template": "core/_queues.html",
        "context": context,
        "count": n["sent_to_read"] + n["active"] + n["proposals"] + n["feedback"],
    }
