"""Fetching assistance records for a user: 404 when not visible, 403 when read-only.

Thin wrappers over `core.access.get_visible`, which every view and endpoint goes through.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from nap1540.assistance.models import Match, Offer, Proposal, Request, RequestItem
from nap1540.core.access import get_visible


def get_request_for_user(user: Any, pk: Any, *, write: bool = False) -> Request:
    qs = Request.objects.select_related("state", "group", "contact", "created_by")
    return get_visible(
        qs,
        user,
        pk,
        write=write,
        not_found=_("No assistance request %(pk)s that you can see."),
        read_only=_("You can view this assistance request but not change it."),
    )


def get_item_for_user(user: Any, pk: Any, *, write: bool = False) -> RequestItem:
    qs = RequestItem.objects.select_related("request", "request__state", "request__group")
    return get_visible(
        qs,
        user,
        pk,
        write=write,
        not_found=_("No request item %(pk)s that you can see."),
        read_only=_("You can view this request item but not change it."),
    )


def get_offer_for_user(user: Any, pk: Any, *, write: bool = False) -> Offer:
    qs = Offer.objects.select_related("provider_state", "provider_organisation")
    return get_visible(
        qs,
        user,
        pk,
        write=write,
        not_found=_("No offer %(pk)s that you can see."),
        read_only=_("You can view this offer but not change it."),
    )


def get_proposal_for_user(user: Any, pk: Any, *, answer: bool = False) -> Proposal:
    """`answer`: 403 unless the user speaks for the organisation making the offer."""
    qs = Proposal.objects.select_related("item", "item__request", "offer")
    proposal = get_visible(qs, user, pk, not_found=_("No proposal %(pk)s that you can see."))
    if answer and not proposal.can_answer(user):
        raise PermissionDenied(_("Only the organisation making the offer can answer for it."))
    return proposal


def get_match_for_user(user: Any, pk: Any, *, write: bool = False) -> Match:
    qs = Match.objects.select_related(
        "item", "item__request", "item__request__state", "offer", "offer__provider_organisation"
    )
    return get_visible(
        qs,
        user,
        pk,
        write=write,
        not_found=_("No match %(pk)s that you can see."),
        read_only=_("You can view this match but not change it."),
    )


def require_expert_view(user: Any, request: Request) -> None:
    """Visible, but only the Committee's experts may use this (drafts of the Chair's letters)."""
    from nap1540.core.visibility import principal

    if not principal(user).is_expert:
        raise PermissionDenied(_("Only the Committee's experts can open the Chair's drafts."))
