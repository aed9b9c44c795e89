"""Two people change the same offer, proposal or match at the same moment; twenty add items.

As in `test_concurrency.py`, each round starts both requests behind a barrier (`at_once`).
Edits of different fields of an offer both stay; two decisions on one proposal record one
and tell the other who decided; two steps on one match are made in an order that could have
happened one after the other, each once; parallel items all keep their own numbers.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django.test import Client

from nap1540.assistance.models import Match, Offer, Proposal, Request, RequestItem, Transition
from nap1540.assistance.services.offers import create_offer
from nap1540.assistance.services.proposals import confirm_proposal, propose_offer
from nap1540.assistance.tests.conftest import make_request
from nap1540.assistance.tests.test_concurrency import ROUNDS, form_values, one_kept
from nap1540.core.audit import AuditEvent
from nap1540.core.tests.threads import at_once
from nap1540.matrix.loaders import load_reference
from nap1540.registry.models import Organisation, State

pytestmark = pytest.mark.django_db(transaction=True)
JSON = {"content_type": "application/json"}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: Any) -> None:
    # A transactional test empties every table when it ends; load the States again.
    if not State.objects.exists():
        load_reference()


def _offer(personas: Any, n: int = 0) -> Offer:
    return create_offer(
        by=personas.expert,
        code=f"osce-training-{n}",
        title=f"Export control training {n}",
        description="Training of customs officers on export control of dual-use chemicals.",
        provider_organisation=Organisation.objects.get(code="OSCE"),
        assistance_types=["training"],
        subjects=["export_control"],
        languages=["ru"],
    )


def _edit_at_once(clients: tuple[Client, Client], offer: Offer, *changes: dict[str, str]) -> Any:
    """Both people open the offer's edit form, then save their change at the same moment."""
    url = f"/assistance/offers/{offer.pk}/edit/"
    forms = [form_values(client, url) for client in clients]
    return at_once(
        *(
            partial(c.post, url, {**f, **change})
            for c, f, change in zip(clients, forms, changes, strict=True)
        )
    )


def test_two_people_editing_different_fields_of_an_offer_both_keep_theirs(personas):
    clients = personas.client("provider"), personas.client("expert")
    offer = _offer(personas)
    for i in range(ROUNDS):
        title, contact = f"Customs training, round {i}", f"desk-{i}@osce.example"
        a, b = _edit_at_once(clients, offer, {"title": title}, {"contact": contact})
        assert (a.status_code, b.status_code) == (302, 302)
        offer.refresh_from_db()
        assert (offer.title, offer.contact) == (title, contact)
    # The regions and languages neither of them touched are as they were.
    assert (offer.regions, offer.languages) == ([], ["ru"])


def test_the_same_offer_field_edited_twice_keeps_one_and_tells_the_other_who(personas):
    clients = personas.client("provider"), personas.client("expert")
    offer = _offer(personas)
    for i in range(ROUNDS):
        a, b = _edit_at_once(
            clients, offer, {"title": f"Provider's title {i}"}, {"title": f"Expert's title {i}"}
        )
        winner, loser, refused = one_kept(a, b, ("provider", "expert"))
        assert f"was changed by {winner}" in refused
        assert f"{loser.capitalize()}&#x27;s title {i}" in refused  # the input is kept
        offer.refresh_from_db()
        assert offer.title == f"{winner.capitalize()}'s title {i}"
    edits = AuditEvent.objects.filter(action="assistance.offer_updated", target_id=str(offer.pk))
    assert edits.count() == ROUNDS  # one saved edit a round, none for the refused one


@pytest.fixture
def experts(personas: Any) -> tuple[Client, Client]:
    return personas.client("expert"), personas.client("admin")


@pytest.fixture
def distributed(personas: Any) -> Request:
    return make_request(personas, step=Request.Status.DISTRIBUTED)


def _open_proposal(personas: Any, request: Request, n: int) -> Proposal:
    return propose_offer(request.items.get(), _offer(personas, n), by=personas.expert)


def test_two_experts_confirming_one_proposal_at_once_make_one_match(personas, experts, distributed):
    (expert, admin), request = experts, distributed
    for i in range(ROUNDS):
        proposal = _open_proposal(personas, request, i)
        url = f"/api/v1/assistance/proposals/{proposal.pk}/decision"
        body = {"decision": "confirm", "status_read": "proposed"}
        a, b = at_once(
            partial(expert.post, url, body, **JSON), partial(admin.post, url, body, **JSON)
        )
        assert sorted([a.status_code, b.status_code]) == [200, 422]
        winner = "expert" if a.status_code == 200 else "admin"
        refused = (b if a.status_code == 200 else a).json()["detail"]
        assert refused == (
            f"{winner} has already confirmed this proposal; your decision was not recorded."
        )
        [match] = Match.objects.filter(proposal=proposal)
        assert match.confirmed_by.get_username() == winner
        matched = Transition.objects.filter(match=match, event=Transition.Event.MATCHED)
        assert matched.count() == 1
    request.refresh_from_db()
    assert request.status == Request.Status.MATCHED
    moved = Transition.objects.filter(request=request, to_status=Request.Status.MATCHED)
    assert moved.exclude(from_status=Request.Status.MATCHED).count() == 1  # moved once


def test_a_confirmation_racing_a_new_matching_run_is_kept_or_told_it_was_replaced(
    personas, experts, distributed
):
    (expert, admin), request = experts, distributed
    item = request.items.get()
    replaced = (
        "The matching was run again meanwhile and this proposal was replaced; look at the new "
        "proposals and decide again."
    )
    outcomes = set()
    for i in range(ROUNDS):
        proposal = _open_proposal(personas, request, i)
        url = f"/api/v1/assistance/proposals/{proposal.pk}/decision"
        body = {"decision": "confirm", "status_read": "proposed"}
        confirmed, refreshed = at_once(
            partial(expert.post, url, body, **JSON),
            partial(admin.post, f"/assistance/items/{item.pk}/proposals/"),
        )
        assert refreshed.status_code == 302
        assert confirmed.status_code in (200, 404, 422), confirmed.content
        if confirmed.status_code == 200:  # first: the new run keeps the decided proposal
            proposal.refresh_from_db()
            assert proposal.status == Proposal.Status.CONFIRMED
            assert Match.objects.filter(proposal=proposal).count() == 1
            outcomes.add("kept")
        elif confirmed.status_code == 422:  # waited for the new run, then found it replaced
            assert confirmed.json()["detail"] == replaced
            assert not Proposal.objects.filter(pk=proposal.pk).exists()
            outcomes.add("replaced")
        else:  # the new run was over before the confirmation looked the proposal up
            assert confirmed.json()["detail"] == f"No proposal {proposal.pk} that you can see."
            outcomes.add("gone")
    assert outcomes  # each round ended in one of the two orders, never a server error


def test_a_confirmation_and_a_decline_at_once_record_one_decision(personas, experts, distributed):
    (expert, admin), request = experts, distributed
    for i in range(ROUNDS):
        proposal = _open_proposal(personas, request, i)
        url = f"/assistance/proposals/{proposal.pk}/"
        a, b = at_once(
            partial(expert.post, url, {"decision": "confirm", "note": f"Fits {i}"}),
            partial(admin.post, url, {"decision": "decline", "reason": "other", "note": "No"}),
        )
        assert (a.status_code, b.status_code) == (302, 302)
        proposal.refresh_from_db()
        declines = AuditEvent.objects.filter(
            action="assistance.proposal_declined", data__offer=proposal.offer_id
        )
        matches = Match.objects.filter(proposal=proposal)
        if proposal.status == Proposal.Status.CONFIRMED:
            winner, loser, verb = "expert", admin, "confirmed"
            assert (matches.count(), declines.count()) == (1, 0)
        else:
            winner, loser, verb = "admin", expert, "declined"
            assert (proposal.status, matches.count(), declines.count()) == ("declined", 0, 1)
        assert proposal.decided_by is not None and proposal.decided_by.get_username() == winner
        page = loser.get(a["Location"]).content.decode()
        assert f"{winner} has already {verb} this proposal" in page


STEPS = [
    ("start", "start"),
    ("delivered", "delivered"),
    ("cancel", "cancel"),
    ("start", "delivered"),
    ("delivered", "cancel"),
]
# The event each step records, and the status it leaves the match in.
EVENT = {
    "start": Transition.Event.DELIVERY_STARTED,
    "delivered": Transition.Event.DELIVERED,
    "cancel": Transition.Event.MATCH_CANCELLED,
}
STATUS = {"start": "in_delivery", "delivered": "delivered", "cancel": "cancelled"}


def test_two_writers_moving_one_match_at_once_make_each_step_once(personas, experts, distributed):
    (expert, admin), request = experts, distributed
    for i in range(ROUNDS):
        proposal = _open_proposal(personas, request, i)
        match = confirm_proposal(proposal, by=personas.expert)
        url = f"/api/v1/assistance/matches/{match.pk}/steps"
        first, second = STEPS[i % len(STEPS)]
        a, b = at_once(
            partial(expert.post, url, {"action": first, "note": "A"}, **JSON),
            partial(admin.post, url, {"action": second, "note": "B"}, **JSON),
        )
        done = [s for s, r in ((first, a), (second, b)) if r.status_code == 200]
        assert {a.status_code, b.status_code} <= {200, 422} and done
        if first == second:
            assert len(done) == 1
        match.refresh_from_db()
        steps = Transition.objects.filter(match=match).exclude(event=Transition.Event.MATCHED)
        events = list(steps.order_by("id").values_list("event", flat=True))
        assert len(events) == len(set(events)), events  # no step made twice
        assert {EVENT[s] for s in done} <= set(events)
        assert match.status == STATUS[next(s for s, e in EVENT.items() if e == events[-1])]
        # The one refused is told what the match became, and who made it so.
        for refused, other in ((a, "admin"), (b, "expert")):
            if refused.status_code == 422:
                status = match.get_status_display()
                assert f"{other} has already marked it “{status}”." in refused.json()["detail"]


def test_twenty_writers_adding_items_to_one_request_all_keep_theirs(personas):
    clients = [personas.client("expert") for _ in range(20)]
    request = make_request(personas)
    url = f"/api/v1/assistance/requests/{request.pk}/items"
    responses = at_once(
        *(partial(c.post, url, {"text": f"Need {n}"}, **JSON) for n, c in enumerate(clients))
    )
    assert [r.status_code for r in responses] == [201] * 20
    items = RequestItem.objects.filter(request=request)
    assert {f"Need {n}" for n in range(20)} <= set(items.values_list("text", flat=True))
    assert sorted(items.values_list("number", flat=True)) == list(range(1, 22))
