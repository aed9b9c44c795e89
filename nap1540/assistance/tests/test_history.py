"""A request's history reads as sentences: each step of the procedure, who made it and when."""

from __future__ import annotations

from datetime import date
from typing import Any

from nap1540.assistance import workflow
from nap1540.assistance.models import Request
from nap1540.assistance.tests.conftest import make_request

S = Request.Status


def _history(client: Any, request: Request, **headers: Any) -> str:
    response = client.get(f"/assistance/requests/{request.pk}/history/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_step_made_through_the_page_reads_as_a_sentence(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    expert = personas.client("expert")
    response = expert.post(
        f"/assistance/requests/{request.pk}/step/",
        {"action": "authenticate", "note": "Signed by the Permanent Mission."},
    )
    assert response.status_code == 302
    page = _history(personas.client("coordinator"), request)
    assert "expert recorded the request." in page
    assert "expert authenticated the request." in page
    assert "Signed by the Permanent Mission." in page
    assert "assistance.authenticated" not in page
    detail = personas.client("coordinator").get(request.get_absolute_url()).content.decode()
    assert "expert authenticated the request." in detail


def test_a_step_the_timer_made_says_so(personas: Any) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    workflow.advance_due(date(2025, 3, 20))
    page = _history(personas.client("expert"), request)
    assert (
        "The request was distributed to potential providers after the objection period "
        "passed in silence."
    ) in page


def test_the_history_speaks_russian(personas: Any) -> None:
    request = make_request(personas, step=S.AUTHENTICATED)
    page = _history(personas.client("coordinator"), request, HTTP_ACCEPT_LANGUAGE="ru")
    assert "expert подтвердил" in page and "подлинность запроса." in page
    assert "authenticated the request" not in page and "assistance.authenticated" not in page
