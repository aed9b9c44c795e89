"""The provider's answer to the Committee: can it provide the offer proposed for an item?"""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from nap1540.accounts.models import Membership, User
from nap1540.assistance.models import Distribution, Offer, Proposal, Request
from nap1540.assistance.services.proposals import answer_proposal, confirm_proposal, propose_offer
from nap1540.assistance.tests.conftest import make_request
from nap1540.core.audit import AuditEvent
from nap1540.registry.models import Organisation

WILLING = "We can provide this"
UNABLE = "We cannot provide this"


@pytest.fixture
def proposal(personas: Any, offers: Any) -> Proposal:
    """The OSCE's training offer proposed for a request distributed to the OSCE."""
    request = make_request(personas, step=Request.Status.DISTRIBUTED)
    osce = Organisation.objects.get(code="OSCE")
    Distribution.objects.filter(request=request, organisation=osce).delete()
    Distribution.objects.create(request=request, organisation=osce, sent_at=request.created_at)
    offer = Offer.objects.get(code="osce-export-control-training")
    return propose_offer(request.items.get(), offer, by=personas.expert)


@pytest.fixture
def other_provider(proposal: Proposal) -> Any:
    """A provider of UNODC, which received the same request but made no proposed offer."""
    unodc = Organisation.objects.get(code="UNODC")
    Distribution.objects.create(
        request=proposal.item.request, organisation=unodc, sent_at=proposal.item.request.created_at
    )
    user = User.objects.create_user(username="unodc", password="unodc-pass-1540")
    Membership.objects.create(user=user, role=Membership.Role.PROVIDER, organisation=unodc)
    return user


def menu_count(html: str) -> int:
    """The number next to "Assistance" in the main menu (0 when none is shown)."""
    nav = html[html.index('<nav class="main"') :]
    nav = nav[: nav.index("</nav>")]
    found = re.search(r">Assistance</a><span class=\"nav-count\"[^>]*><span[^>]*>(\d+)<", nav)
    return int(found.group(1)) if found else 0


def url(proposal: Proposal) -> str:
    return f"/assistance/proposals/{proposal.pk}/answer/"


def item_page(client: Any, proposal: Proposal) -> str:
    """The request page, and its text as a reader sees it (without tags)."""
    response = client.get(proposal.item.request.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def text_of(page: str) -> str:
    return " ".join(strip_tags(page).split())


def test_provider_sees_both_answers_on_the_item(personas: Any, proposal: Proposal) -> None:
    page = item_page(personas.client("provider"), proposal)
    assert f"Awaiting the answer of {proposal.offer.provider}" in text_of(page)
    assert WILLING in page and UNABLE in page
    assert f'action="{url(proposal)}"' in page


@time_machine.travel("2026-12-03 10:00:00+00:00", tick=False)
def test_provider_answers_willing_and_the_expert_sees_it(personas: Any, proposal: Proposal) -> None:
    response = personas.client("provider").post(
        url(proposal), {"answer": "willing", "note": "A course in Tashkent in May."}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith(f"#item-{proposal.item.pk}")
    assert "Your answer was recorded: you can provide this offer." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.WILLING
    assert proposal.answered_by == personas.provider
    assert proposal.answer_note == "A course in Tashkent in May."
    page = item_page(personas.client("expert"), proposal)
    provider = str(proposal.offer.provider)
    assert f"{provider}: willing to provide, 3 December 2026" in text_of(page)
    assert "A course in Tashkent in May." in page
    # the expert's confirm form stands next to the answer, and the expert cannot answer
    cell = page[page.index('data-answer="willing"') :]
    cell = cell[: cell.index("</td>")]
    assert f'action="/assistance/proposals/{proposal.pk}/"' in cell
    assert 'value="confirm"' in cell
    assert WILLING not in page
    coordinator_page = item_page(personas.client("coordinator"), proposal)
    assert f"{provider}: willing to provide, 3 December 2026" in text_of(coordinator_page)


def test_provider_answers_unable_then_changes_its_answer(personas: Any, proposal: Proposal) -> None:
    client = personas.client("provider")
    with time_machine.travel("2026-12-03 10:00:00+00:00", tick=False):
        client.post(url(proposal), {"answer": "unable"})
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.UNABLE
    page = item_page(personas.client("expert"), proposal)
    assert f"{proposal.offer.provider}: unable to provide, 3 December 2026" in text_of(page)
    with time_machine.travel("2026-12-04 09:00:00+00:00", tick=False):
        client.post(url(proposal), {"answer": "willing"})
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.WILLING
    events = AuditEvent.objects.filter(action="assistance.proposal_answered").order_by("pk")
    assert [(e.data["answer"], e.actor, e.created_at.day) for e in events] == [
        ("unable", personas.provider, 3),
        ("willing", personas.provider, 4),
    ]


def test_another_provider_gets_404_and_nothing_changes(
    personas: Any, proposal: Proposal, other_provider: Any
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(other_provider)
    assert client.post(url(proposal), {"answer": "unable"}).status_code == 404
    page = item_page(client, proposal)  # the request was sent to it, the proposal was not
    assert WILLING not in page and str(proposal.offer.title) not in page
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.PENDING
    assert not AuditEvent.objects.filter(action="assistance.proposal_answered").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 403), ("expert", 403), ("outsider", 404), ("anonymous", 302)],
)
def test_others_cannot_answer(personas: Any, proposal: Proposal, persona: str, status: int) -> None:
    response = personas.client(persona).post(url(proposal), {"answer": "willing"})
    assert response.status_code == status
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.PENDING
    assert proposal.answered_by is None


def test_answering_a_confirmed_proposal_is_refused_in_plain_words(
    personas: Any, proposal: Proposal
) -> None:
    confirm_proposal(proposal, by=personas.expert)
    response = personas.client("provider").post(url(proposal), {"answer": "unable"}, follow=True)
    page = response.content.decode()
    assert "The Committee has already decided on this proposal" in page
    assert WILLING not in page  # no buttons once decided
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.PENDING


def test_a_request_not_sent_to_the_provider_cannot_be_answered(
    personas: Any, proposal: Proposal
) -> None:
    Distribution.objects.filter(request=proposal.item.request).update(sent_at=None)
    with pytest.raises(ValidationError, match="not sent to your organisation"):
        answer_proposal(proposal, by=personas.provider, willing=True)


def test_home_queue_drops_the_answered_proposal(personas: Any, proposal: Proposal) -> None:
    client = personas.client("provider")
    home = client.get("/").content.decode()
    answer_link = f'href="{proposal.item.get_absolute_url()}"'
    assert "Proposals and matches to answer" in home
    assert answer_link in home and ">Answer<" in home
    before = menu_count(home)
    client.post(url(proposal), {"answer": "willing"})
    home = client.get("/").content.decode()
    assert answer_link not in home
    assert menu_count(home) == before - 1
    assert "no proposal of your offers awaits your answer" in home


def test_a_post_without_an_answer_records_nothing(personas: Any, proposal: Proposal) -> None:
    response = personas.client("provider").post(url(proposal), {"note": "?"}, follow=True)
    assert "Say whether your organisation can provide this offer." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.provider_answer == Proposal.Answer.PENDING
