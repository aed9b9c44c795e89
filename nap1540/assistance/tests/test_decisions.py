"""An expert's confirmation or decline of a proposal, with the reason, kept to tune the weights."""

from __future__ import annotations

import json
import re
from html import unescape
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from nap1540.assistance.matching import Weights
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.models import Proposal, Request
from nap1540.assistance.services.proposals import (
    confirm_proposal,
    decline_proposal,
    refresh_proposals,
)
from nap1540.assistance.tests.conftest import make_request
from nap1540.assistance.tuning import judgements_from_decisions
from nap1540.core.audit import AuditEvent

JSON = "application/json"


@pytest.fixture
def proposals(personas: Any, offers: Any) -> list[Proposal]:
    request = make_request(personas, step=Request.Status.DISTRIBUTED)
    return refresh_proposals(request.items.get())


def page_text(client: Any, proposal: Proposal) -> str:
    response = client.get(proposal.item.request.get_absolute_url())
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_expert_declines_a_proposal_for_its_language_and_the_page_says_why(
    personas: Any, proposals: list[Proposal]
) -> None:
    proposal = proposals[1]
    client = personas.client("expert")
    page = client.get(proposal.item.request.get_absolute_url()).content.decode()
    assert f'name="reason" id="pr-{proposal.pk}"' in page
    assert "It does not work in the requester&#x27;s language" in page

    response = client.post(
        f"/assistance/proposals/{proposal.pk}/",
        {"decision": "decline", "reason": "language", "note": "Not in Russian"},
        follow=True,
    )
    assert "Proposal declined." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    assert proposal.decline_reason == Proposal.DeclineReason.LANGUAGE
    text = page_text(personas.client("coordinator"), proposal)
    assert "Declined by an expert It does not work in the requester's language Not in Russian" in (
        text
    )
    event = AuditEvent.objects.get(action="assistance.proposal_declined")
    assert event.data["reason"] == "language"


def test_a_decline_for_another_reason_needs_a_note(
    personas: Any, proposals: list[Proposal]
) -> None:
    proposal = proposals[0]
    response = personas.client("expert").post(
        f"/assistance/proposals/{proposal.pk}/", {"decision": "decline", "reason": "other"},
        follow=True,
    )  # fmt: skip
    assert "Say in the note why the offer does not fit." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED and proposal.decline_reason == ""


def test_the_api_declines_with_a_reason_and_refuses_an_unknown_one(
    personas: Any, proposals: list[Proposal]
) -> None:
    client = personas.client("expert")
    url = f"/api/v1/assistance/proposals/{proposals[0].pk}/decision"
    response = client.post(url, {"decision": "decline", "reason": "cost"}, content_type=JSON)
    assert response.status_code == 422
    assert "“cost” is not on it" in response.json()["detail"]
    response = client.post(url, {"decision": "decline", "reason": "region"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "declined"
    assert response.json()["decline_reason"] == "region"


def test_decisions_become_judgements_and_a_provider_decline_is_left_out(
    personas: Any, proposals: list[Proposal]
) -> None:
    first, second, third = proposals[:3]
    confirm_proposal(first, by=personas.expert)
    decline_proposal(second, by=personas.expert, reason="subject")
    decline_proposal(third, by=personas.expert, reason="provider")

    (judgement,) = judgements_from_decisions()
    assert judgement.accepted == {str(first.offer_id)}
    assert judgement.declined == {str(second.offer_id)}
    assert judgement.request.text == first.item.text
    assert judgement.request.date == first.decided_at.date() if first.decided_at else False


def test_demo_decisions_are_not_training_signal(personas: Any, proposals: list[Proposal]) -> None:
    confirm_proposal(proposals[0], by=personas.expert)
    Request.objects.update(is_demo=True)
    assert judgements_from_decisions() == []


def test_the_command_fits_weights_reports_the_held_out_bench_and_the_site_uses_them(
    personas: Any, proposals: list[Proposal], tmp_path: Path, settings: Any
) -> None:
    confirm_proposal(proposals[0], by=personas.expert)
    out = StringIO()
    target = tmp_path / "weights.json"
    call_command("fit_matching_weights", "--with-bench", "--write", str(target), stdout=out)
    text = out.getvalue()
    assert "decisions: 1 request items judged by experts" in text
    assert "bench: 109 original+dev items" in text
    held_out = [line for line in text.splitlines() if line.startswith("bench held-out")]
    assert [line.split()[4] for line in held_out] == ["start", "fitted"]
    fitted = Weights.from_dict(json.loads(target.read_text(encoding="utf-8")))

    settings.MATCHING_WEIGHTS_FILE = str(target)
    offer_index.reset()
    assert offer_index.engine().weights == fitted


def test_the_command_says_when_there_is_nothing_to_fit_on(
    personas: Any, proposals: list[Proposal]
) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Nothing to fit on"):
        call_command("fit_matching_weights", "--bench", "/nonexistent.json", stdout=StringIO())


def test_the_reasons_for_declining_are_written_in_the_readers_language() -> None:
    from django.utils import translation

    with translation.override("fr"):
        assert str(Proposal.DeclineReason.LANGUAGE.label) == (
            "Elle ne travaille pas dans la langue du demandeur"
        )
    with translation.override("zh-hans"):
        assert str(Proposal.DeclineReason.PROVIDER.label) == "提供方目前无法提供"
