"""Pages through HTTP: each persona, the forms, the steps, query counts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from conftest import PERSONA_NAMES
from nap1540.assistance import workflow
from nap1540.assistance.models import Match, Offer, Proposal, Request, Transition
from nap1540.assistance.services.matches import start_delivery
from nap1540.assistance.services.proposals import confirm_proposal, propose_offer
from nap1540.assistance.services.requests import add_item
from nap1540.assistance.tests.conftest import make_request

S = Request.Status


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_overview_pages_render_for_everyone(personas: Any, offers: Any, persona: str) -> None:
    make_request(personas, step=S.DISTRIBUTED, consent=True)
    client = personas.client(persona)
    for url in (
        "/assistance/",
        "/assistance/requests/",
        "/assistance/offers/",
        "/assistance/public/",
        "/assistance/gaps/",
        "/",
    ):
        assert client.get(url).status_code == 200, url


def test_gaps_page_lists_unmatched_requests_and_unused_offers(personas: Any, offers: Any) -> None:
    make_request(personas, step=S.DISTRIBUTED, today=date(2024, 1, 8), title="Unmatched need")
    page = personas.client("expert").get("/assistance/gaps/?days=30").content.decode()
    assert "Unmatched need" in page
    assert "<svg" in page and "Demand" in page
    assert offers[0].title in page  # no offer has been used yet
    anonymous = personas.client("anonymous").get("/assistance/gaps/?days=30").content.decode()
    assert "Unmatched need" not in anonymous


def test_a_coordinator_drafts_a_request_through_the_forms(personas: Any) -> None:
    client = personas.client("coordinator")
    response = client.post(
        "/assistance/requests/new/",
        {
            "title": "Laboratory needs",
            "date": "2025-03-03",
            "channel": "template",
        },
    )
    request = Request.objects.get()
    assert response.status_code == 302
    assert request.status == S.DRAFT and request.state == personas.uzb
    response = client.post(
        f"/assistance/requests/{request.pk}/items/",
        {
            "text": "Capacity building.",
            "priority": "medium",
        },
    )
    assert response.status_code == 302
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Generic wording" in page  # the drafting aid shows on the draft
    refused = client.post(
        f"/assistance/requests/{request.pk}/step/", {"action": "submit"}, follow=True
    )
    assert "Confirm the submission" in refused.content.decode()
    client.post(f"/assistance/requests/{request.pk}/step/", {"action": "submit", "confirm": "1"})
    request.refresh_from_db()
    assert request.status == S.RECEIVED and request.visibility == "committee"


def test_an_expert_records_a_request_from_an_unknown_requester_with_a_warning(
    personas: Any, offers: Any
) -> None:
    client = personas.client("expert")
    response = client.post(
        "/assistance/requests/new/",
        {
            "requester_label": "Sahel Border Forum",
            "title": "Border",
            "date": "2025-03-03",
            "channel": "note_verbale",
        },
        follow=True,
    )
    request = Request.objects.get()
    assert request.requester_code == "Sahel Border Forum"
    assert "ranked without a region check" in response.content.decode()
    client.post(
        f"/assistance/requests/{request.pk}/items/",
        {"text": "Radiation portal monitors for border crossings.", "priority": "high"},
    )
    page = client.get(request.get_absolute_url()).content.decode()
    assert "Sahel Border Forum" in page
    assert "is not recognised, so the regions were not checked" in page
    both = client.post(
        "/assistance/requests/new/",
        {
            "state": personas.uzb.pk,
            "requester_label": "Sahel Border Forum",
            "title": "Border",
            "date": "2025-03-03",
            "channel": "note_verbale",
        },
    )
    assert "Choose one requester" in both.content.decode()
    assert Request.objects.count() == 1


def test_an_expert_records_a_request_and_makes_the_steps(personas: Any, offers: Any) -> None:
    client = personas.client("expert")
    client.post(
        "/assistance/requests/new/",
        {
            "state": personas.uzb.pk,
            "title": "Border",
            "date": "2025-03-03",
            "channel": "note_verbale",
            "consent_to_publish": "on",
            "visibility": "committee",
        },
    )
    request = Request.objects.get()
    assert request.status == S.RECEIVED and request.consent_to_publish
    client.post(
        f"/assistance/requests/{request.pk}/items/",
        {
            "text": "Radiation portal monitors for 4 border crossing points, in 2026.",
            "priority": "high",
            "assistance_types": ["equipment"],
        },
    )
    assert request.items.get().proposals.exists()
    for action in ("authenticate", "acknowledge"):
        client.post(f"/assistance/requests/{request.pk}/step/", {"action": action, "note": "ok"})
    request.refresh_from_db()
    assert request.status == S.ACKNOWLEDGED
    assert request.transitions.filter(event=Transition.Event.ACKNOWLEDGED, note="ok").exists()


def test_a_refused_step_is_shown_and_changes_nothing(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    client = personas.client("expert")
    response = client.post(
        f"/assistance/requests/{request.pk}/step/", {"action": "complete"}, follow=True
    )
    assert response.status_code == 422  # the page again, the reason at the form
    assert "cannot be marked" in response.content.decode()
    request.refresh_from_db()
    assert request.status == S.RECEIVED


@pytest.mark.parametrize("persona", ["coordinator", "viewer", "provider"])
def test_non_experts_cannot_make_committee_steps(personas: Any, persona: str) -> None:
    request = make_request(personas, step=S.RECEIVED)
    from nap1540.assistance.tests.conftest import distribute_to

    distribute_to(request, "OSCE")
    response = personas.client(persona).post(
        f"/assistance/requests/{request.pk}/step/", {"action": "authenticate"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_outsiders_get_404_on_every_request_url(personas: Any, offers: Any, persona: str) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    item = request.items.get()
    proposal = item.proposals.first()
    assert proposal is not None
    match = confirm_proposal(proposal, by=personas.expert)
    client = personas.client(persona)
    urls = [
        ("get", f"/assistance/requests/{request.pk}/"),
        ("get", f"/assistance/requests/{request.pk}/history/"),
        ("post", f"/assistance/requests/{request.pk}/step/"),
        ("post", f"/assistance/requests/{request.pk}/items/"),
        ("get", f"/assistance/items/{item.pk}/"),
        ("post", f"/assistance/items/{item.pk}/proposals/"),
        ("post", f"/assistance/proposals/{proposal.pk}/"),
        ("post", f"/assistance/matches/{match.pk}/"),
        ("get", f"/assistance/matches/{match.pk}/feedback/requester/"),
        ("get", f"/api/v1/assistance/requests/{request.pk}"),
        ("get", f"/api/v1/assistance/items/{item.pk}"),
        ("get", f"/api/v1/assistance/requests/{request.pk}/transitions"),
        ("post", f"/api/v1/assistance/proposals/{proposal.pk}/decision"),
        ("post", f"/api/v1/assistance/matches/{match.pk}/steps"),
    ]
    for method, url in urls:
        if method == "post" and url.startswith("/api/"):
            response = client.post(
                url, {"decision": "confirm", "action": "start"}, content_type="application/json"
            )
        else:
            response = getattr(client, method)(url)
        expected = {404} if persona == "outsider" or url.startswith("/api/") else {302, 404}
        assert response.status_code in expected, (url, response.status_code)


def test_proposals_show_their_reasons_and_an_expert_confirms_one(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    proposal = Proposal.objects.filter(item__request=request).order_by("rank").first()
    assert proposal is not None
    client = personas.client("expert")
    page = client.get(request.get_absolute_url()).content.decode()
    for reason in proposal.reason_lines:
        assert escape(reason["text"]) in page
    client.post(f"/assistance/proposals/{proposal.pk}/", {"decision": "confirm"})
    match = Match.objects.get()
    client.post(f"/assistance/matches/{match.pk}/", {"action": "start"})
    client.post(f"/assistance/matches/{match.pk}/", {"action": "delivered", "note": "Done"})
    match.refresh_from_db()
    assert match.status == Match.Status.DELIVERED
    response = personas.client("coordinator").post(
        f"/assistance/matches/{match.pk}/feedback/requester/",
        {"rating": 4, "activities": "Course", "achievements": "25 trained", "opportunities": ""},
    )
    assert response.status_code == 302
    assert match.feedback.get().achievements == "25 trained"


def test_the_provider_tracks_delivery_of_its_own_offer(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    osce = Offer.objects.get(code="osce-export-control-training")
    proposal = propose_offer(request.items.get(), osce, by=personas.expert)
    match = confirm_proposal(proposal, by=personas.expert)
    client = personas.client("provider")
    assert client.post(f"/assistance/matches/{match.pk}/", {"action": "start"}).status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.IN_DELIVERY
    assert client.get(f"/assistance/matches/{match.pk}/feedback/provider/").status_code == 200
    assert client.get(f"/assistance/matches/{match.pk}/feedback/requester/").status_code == 403


def test_request_detail_query_count_does_not_grow_with_items(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    client = personas.client("expert")
    client.get(request.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        assert client.get(request.get_absolute_url()).status_code == 200
    for n in range(4):
        add_item(
            request,
            by=personas.expert,
            text=f"Training number {n} on biosafety for laboratory staff in 2026.",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(request.get_absolute_url())
    assert len(many) == len(few)
    assert len(few) <= 25


def test_offer_pages_filter_and_show_fitting_requests(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    client = personas.client("expert")
    listing = client.get("/assistance/offers/?subject=biosafety_biosecurity").content.decode()
    assert "laboratory biosafety" in listing.lower() or "biosafety" in listing.lower()
    assert "Model legislation" not in listing
    partial = client.get("/assistance/offers/?q=OSCE", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "Security and Co-operation" in partial
    osce = Offer.objects.get(code="osce-export-control-training")
    detail = client.get(f"/assistance/offers/{osce.pk}/").content.decode()
    assert request.items.get().text[:40] in detail
    anonymous = personas.client("anonymous").get(f"/assistance/offers/{osce.pk}/").content.decode()
    assert request.items.get().text[:40] not in anonymous


def test_a_provider_adds_an_offer_for_its_organisation_only(personas: Any) -> None:
    from nap1540.registry.models import Organisation

    client = personas.client("provider")
    osce = Organisation.objects.get(code="OSCE")
    iaea = Organisation.objects.get(code="IAEA")
    data = {
        "code": "osce-new",
        "title": "New course",
        "description": "Export control course.",
        "regions": "Central Asia, Mongolia",
        "languages": ["ru"],
    }
    response = client.post("/assistance/offers/new/", {**data, "provider_organisation": iaea.pk})
    assert response.status_code == 200 and not Offer.objects.filter(code="osce-new").exists()
    response = client.post("/assistance/offers/new/", {**data, "provider_organisation": osce.pk})
    offer = Offer.objects.get(code="osce-new")
    assert response.status_code == 302 and offer.regions == ["Central Asia", "Mongolia"]
    assert (
        personas.client("outsider").get(f"/assistance/offers/{offer.pk}/edit/").status_code == 403
    )
    assert client.get(f"/assistance/offers/{offer.pk}/edit/").status_code == 200


def test_objections_and_consent_from_the_request_page(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    client = personas.client("coordinator")
    client.post(f"/assistance/requests/{request.pk}/step/", {"action": "object_distribution"})
    client.post(f"/assistance/requests/{request.pk}/step/", {"action": "consent_on"})
    request.refresh_from_db()
    assert request.distribution_objected and request.consent_to_publish
    workflow.advance_due(date(2025, 6, 1))
    request.refresh_from_db()
    assert request.status == S.ACKNOWLEDGED


def test_an_expert_chooses_the_providers_before_distribution(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    from nap1540.registry.models import Organisation

    osce = Organisation.objects.get(code="OSCE")
    client = personas.client("expert")
    client.post(
        f"/assistance/requests/{request.pk}/providers/",
        {"organisations": [osce.pk], "states": "can, USA"},
    )
    assert sorted(str(d.provider) for d in request.distributions.all()) == sorted(
        [str(osce), "Canada", "United States of America"]
    )
    workflow.distribute(request, automatic=True, today=date(2025, 3, 11))
    assert request.distributions.filter(sent_at__isnull=True).count() == 0
    note = client.get(f"/assistance/requests/{request.pk}/distribution.docx")
    assert note.status_code == 200


def test_an_unknown_state_code_is_named_and_nothing_typed_is_lost(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    from nap1540.registry.models import Organisation

    osce = Organisation.objects.get(code="OSCE")
    response = personas.client("expert").post(
        f"/assistance/requests/{request.pk}/providers/",
        {"organisations": [osce.pk], "states": "CAN, XYZ, usa"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "States (ISO codes, separated by commas): No State with the ISO code XYZ." in summary
    assert 'href="#providers-states"' in summary
    assert 'value="CAN, XYZ, usa"' in page  # what was typed is kept
    assert f'<option value="{osce.pk}" selected>' in page
    assert not request.distributions.exists()


def test_a_refused_step_says_why_at_the_form_and_keeps_the_note(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    url = reverse("assistance:request_step", args=[request.pk])
    response = personas.client("expert").post(url, {"action": "close", "note": "  "})
    assert response.status_code == 422
    page = response.content.decode()
    summary = page[page.index('class="error-summary"') :]
    assert "Say why the request is closed." in summary[: summary.index("</div>")]
    draft = make_request(personas, step=S.DRAFT)
    response = personas.client("coordinator").post(
        reverse("assistance:request_step", args=[draft.pk]),
        {"action": "submit", "note": "Sent after the inter-agency meeting of 3 May."},
    )
    # Submitting needs the confirmation box ticked: refused, with the note as typed.
    assert response.status_code == 422
    assert "Sent after the inter-agency meeting of 3 May.</textarea>" in response.content.decode()
    request.refresh_from_db()
    draft.refresh_from_db()
    assert (request.status, draft.status) == (S.RECEIVED, S.DRAFT)


def test_the_item_page_shows_the_drafting_aid(personas: Any) -> None:
    request = make_request(personas, step=S.DRAFT, text="Training.")
    item = request.items.get()
    page = personas.client("coordinator").get(f"/assistance/items/{item.pk}/").content.decode()
    assert "Training is asked for, but not on what." in page
    assert personas.client("expert").get(f"/assistance/items/{item.pk}/").status_code == 404


def test_the_provider_of_a_confirmed_offer_can_open_the_request(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    osce = Offer.objects.get(code="osce-export-control-training")
    request.distributions.filter(organisation=osce.provider_organisation).delete()
    client = personas.client("provider")
    assert client.get(request.get_absolute_url()).status_code == 404
    proposal = propose_offer(request.items.get(), osce, by=personas.expert)
    confirm_proposal(proposal, by=personas.expert)
    page = client.get(request.get_absolute_url())
    assert page.status_code == 200
    assert 'value="delivered"' in page.content.decode()
    assert request.distributions.get(organisation=osce.provider_organisation).sent_at


def test_proposal_reasons_name_their_criterion_and_mute_those_that_did_not_count(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    proposal = Proposal.objects.filter(item__request=request).order_by("rank").first()
    assert proposal is not None
    proposal.reasons = [
        {
            "criterion": "region",
            "code": "region_serves",
            "params": {"area": {"kind": "group", "code": "CA", "name": "Central Asia"}},
            "points": 0.2,
        },
        {
            "criterion": "assistance_type",
            "code": "type_not_offered",
            "params": {"types": ["training"]},
            "points": 0,
        },
        # Stored before reasons had codes: its English sentence is marked as English.
        {"criterion": "text", "code": "legacy", "params": {"text": "shares the words 'x'"}},
    ]
    proposal.save(update_fields=["reasons"])
    page = personas.client("expert").get(request.get_absolute_url()).content.decode()
    assert (
        '<li data-criterion="region"><strong>Regions served:</strong> '
        "Open in a region that includes the requester (Central Asia).</li>"
    ) in page
    assert (
        '<li data-criterion="assistance_type" class="muted"><strong>Type:</strong> '
        "Does not say it offers the kind of help asked for (training).</li>"
    ) in page
    assert '<span lang="en">shares the words &#x27;x&#x27;</span>' in page


def test_public_summaries_list_each_item_once_and_never_an_empty_line(
    personas: Any, offers: Any
) -> None:
    generated = make_request(personas, step=S.DISTRIBUTED, consent=True, title="Generated")
    item = generated.items.get()
    item.assistance_types, item.subjects = ["training"], ["export_control"]
    item.save()
    workflow.post_summary(generated, automatic=True, today=date(2025, 3, 31))
    written = make_request(
        personas, step=S.DISTRIBUTED, consent=True, title="Written", text="capacity building"
    )
    bare = written.items.get()
    bare.assistance_types, bare.subjects = [], []
    bare.save()
    written.public_summary = "Uzbekistan seeks help."
    written.save()
    workflow.post_summary(written, automatic=True, today=date(2025, 3, 31))
    page = Client().get("/assistance/public/").content.decode()
    assert page.count("Training, Export control") == 1  # the generated summary
    assert "Training: Export control" not in page  # not repeated as a list under it
    assert "<li>Assistance</li>" in page
    assert "<li></li>" not in page


def test_the_feedback_page_is_headed_by_whose_feedback_it_is(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    osce = Offer.objects.get(code="osce-export-control-training")
    proposal = propose_offer(request.items.get(), osce, by=personas.expert)
    match = confirm_proposal(proposal, by=personas.expert)
    start_delivery(match, by=personas.expert)
    mine = personas.client("coordinator").get(f"/assistance/matches/{match.pk}/feedback/requester/")
    assert "<h1>Requester feedback</h1>" in mine.content.decode()
    theirs = personas.client("provider").get(f"/assistance/matches/{match.pk}/feedback/provider/")
    assert "<h1>Provider feedback</h1>" in theirs.content.decode()


def test_the_assistance_home_offers_the_coordinators_flagged_plan_tasks(
    personas: Any, plan_task: Any
) -> None:
    page = personas.client("coordinator").get("/assistance/").content.decode()
    assert "Plan tasks that need assistance" in page
    assert f'href="/assistance/from-task/{plan_task.pk}/"' in page
    assert "Strengthen border control of chemicals" not in (
        personas.client("outsider").get("/assistance/").content.decode()
    )
    response = personas.client("coordinator").post(
        f"/assistance/from-task/{plan_task.pk}/", {"request": "new"}
    )
    assert response.status_code == 302
    page = personas.client("coordinator").get("/assistance/").content.decode()
    assert f'href="/assistance/from-task/{plan_task.pk}/"' not in page
    assert "No task of your action plans is flagged" in page


@pytest.mark.parametrize("days", ["10000000000000000000000", "-1", "abc", "3651"])
def test_gaps_page_refuses_a_bad_days_value_with_the_range_to_use(personas, days):
    response = personas.client("expert").get(f"/assistance/gaps/?days={days}")
    assert response.status_code == 400
    assert response.content.decode() == "days must be a whole number from 0 to 3650."


def _steps(page: str) -> list[tuple[str, str]]:
    """(state, label) of each step of the request page's step indicator, in order."""
    import re

    found = re.search(r'<ol class="step-indicator">(.*?)</ol>', page, re.S)
    assert found, "the request page has no step indicator"
    items = re.findall(
        r'<li class="step step--(\w+)"( aria-current="step")?>.*?'
        r'<span class="step-label">(.*?)</span>',
        found.group(1),
        re.S,
    )
    for state, current, _label in items:
        assert bool(current) == (state == "current")
    return [(state, label) for state, _current, label in items]


def test_the_request_page_shows_the_procedure_with_the_current_step_marked(
    personas: Any,
) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    page = personas.client("expert").get(request.get_absolute_url()).content.decode()
    steps = _steps(page)
    # The expert recorded the request: it was never a draft, so that step is not shown.
    assert steps[:3] == [
        ("done", "Received (done)"),
        ("done", "Authenticated (done)"),
        ("current", "Acknowledged (current step)"),
    ]
    # No consent to publish: a summary is never posted, so it is not a step.
    assert steps[3] == ("todo", "Distributed to potential providers")
    assert [label for _s, label in steps[4:]] == ["Matched", "In delivery", "Completed"]
    assert page.count('aria-current="step"') == 1


def test_the_step_indicator_speaks_the_readers_language(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED, consent=True)
    client = personas.client("expert")
    page = client.get(request.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    steps = _steps(page)
    assert ("todo", "Résumé publié") in steps
    assert steps[0] == ("current", "Reçue (étape en cours)")


def test_a_closed_request_shows_the_steps_it_went_through_then_closed(personas: Any) -> None:
    request = make_request(personas, step=S.AUTHENTICATED)
    workflow.PROCEDURE.perform("close", request, by=personas.expert, note="Withdrawn by the State.")
    page = personas.client("expert").get(request.get_absolute_url()).content.decode()
    assert _steps(page) == [
        ("done", "Received (done)"),
        ("done", "Authenticated (done)"),
        ("current", "Closed (current step)"),
    ]


def test_a_request_drafted_by_its_state_shows_its_draft_step_done(personas: Any) -> None:
    request = make_request(personas, step=S.DRAFT)
    workflow.submit_request(request, by=personas.coordinator, confirmed=True)
    page = personas.client("coordinator").get(request.get_absolute_url()).content.decode()
    assert _steps(page)[:2] == [("done", "Draft (done)"), ("current", "Received (current step)")]
