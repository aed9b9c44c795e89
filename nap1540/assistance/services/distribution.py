"""Distribution: the potential providers a request is sent to, chosen by an expert or
taken from the best proposals."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance.models import Distribution, Proposal, Request
from nap1540.assistance.services.history import can_choose_providers, require_expert
from nap1540.assistance.services.proposals import refresh_proposals
from nap1540.core.audit import AuditEvent
from nap1540.registry.models import Organisation, State

PROVIDERS_PER_ITEM = 3


@transaction.atomic
def choose_providers(
    request: Request,
    *,
    by: User | None,
    organisations: Iterable[Organisation] = (),
    states: Iterable[State] = (),
) -> list[Distribution]:
    """The potential providers the note verbale will go to (replaces an earlier choice)."""
    require_expert(by)
    if not can_choose_providers(request):
        raise ValidationError(_("Providers are chosen before the request is distributed."))
    request.distributions.filter(sent_at__isnull=True).delete()
    rows = [Distribution(request=request, organisation=o, added_by=by) for o in organisations]
    rows += [Distribution(request=request, state=s, added_by=by) for s in states]
    created = Distribution.objects.bulk_create(rows)
    AuditEvent.record(
        "assistance.providers_chosen",
        target=request,
        by=by,
        data={"providers": [str(d) for d in created]},
    )
    return created


def default_distribution(request: Request, *, by: User | None = None) -> list[Distribution]:
    """Providers of the best eligible proposals for each item, when no one chose them."""
    organisations: dict[int, None] = {}
    states: dict[int, None] = {}
    for item in request.items.all():
        if not item.proposals.exists():
            refresh_proposals(item)
        best = item.proposals.exclude(status=Proposal.Status.DECLINED).select_related("offer")
        for proposal in best.order_by("rank")[:PROVIDERS_PER_ITEM]:
            offer = proposal.offer
            if offer.provider_organisation_id:
                organisations[offer.provider_organisation_id] = None
            elif offer.provider_state_id:
                states[offer.provider_state_id] = None
    rows = [Distribution(request=request, organisation_id=o) for o in organisations]
    rows += [Distribution(request=request, state_id=s) for s in states]
    return Distribution.objects.bulk_create(rows)
