"""Assistance forms say in plain words what to fix, never a database constraint's name."""

from __future__ import annotations

from typing import Any

from nap1540.assistance.models import Offer, Request
from nap1540.assistance.services.proposals import confirm_proposal, propose_offer
from nap1540.assistance.tests.conftest import make_request


def test_feedback_rating_out_of_range_is_explained_not_named(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=Request.Status.DISTRIBUTED)
    osce = Offer.objects.get(code="osce-export-control-training")
    match = confirm_proposal(
        propose_offer(request.items.get(), osce, by=personas.expert), by=personas.expert
    )
    response = personas.client("coordinator").post(
        f"/assistance/matches/{match.pk}/feedback/requester/",
        {"rating": 9, "activities": "Course", "achievements": "", "opportunities": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The rating is a number from 1 to 5." in page
    assert "feedback_rating_range" not in page and "Constraint" not in page
    assert 'class="error-summary"' in page and 'role="alert"' in page
    assert '<a href="#id_rating">' in page  # said next to the rating, linked from the summary
    assert 'id="id_rating_error"' in page
    assert not match.feedback.exists()
