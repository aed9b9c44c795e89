"""One source for the procedure's buttons: the step table.

For each step the request page shows the button exactly to those its guard admits, and the
page and the API refuse everyone else with the guard's own message and change nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils.html import escape

from nap1540.assistance.models import Request, Transition
from nap1540.assistance.tests.conftest import distribute_to, make_request
from nap1540.assistance.workflow import PROCEDURE
from nap1540.core.visibility import principal

S = Request.Status
JSON = "application/json"
PERSONAS = ["expert", "coordinator", "provider", "outsider", "anonymous"]
PRESSED = [s.name for s in PROCEDURE if s.guard is not None]
BY_THE_SYSTEM = [s.name for s in PROCEDURE if s.guard is None]

# A request ready for each step: (made up to this status, with these fields set).
READY: dict[str, tuple[str, dict[str, Any]]] = {
    "submit": (S.DRAFT, {}),
    "authenticate": (S.RECEIVED, {}),
    "acknowledge": (S.AUTHENTICATED, {}),
    "complete": (S.DISTRIBUTED, {"status": S.MATCHED}),
    "object_distribution": (S.ACKNOWLEDGED, {}),
    "withdraw_distribution": (S.ACKNOWLEDGED, {"distribution_objected": True}),
    "object_posting": (S.ACKNOWLEDGED, {"consent_to_publish": True}),
    "withdraw_posting": (S.ACKNOWLEDGED, {"consent_to_publish": True, "posting_objected": True}),
    "consent_off": (S.ACKNOWLEDGED, {"consent_to_publish": True}),
    "consent_on": (S.ACKNOWLEDGED, {}),
    "close": (S.ACKNOWLEDGED, {}),
    "distribute": (S.ACKNOWLEDGED, {}),
    "post_summary": (S.DISTRIBUTED, {"consent_to_publish": True}),
}


def ready_for(personas: Any, name: str) -> Request:
    """A request the table lets take this step, sent to the provider (OSCE) unless a draft."""
    step, fields = READY[name]
    request = make_request(personas, step=step)
    if fields:
        Request.objects.filter(pk=request.pk).update(**fields)
        request.refresh_from_db()
    if step != S.DRAFT:
        distribute_to(request, "OSCE")
    assert PROCEDURE.blocked(name, request) is None
    return request


def buttons(page: str) -> list[str]:
    return re.findall(r'<button[^>]*name="action" value="(\w+)"', page)


def press(client: Any, request: Request, name: str, *, api: bool) -> Any:
    note = "Recorded with the step"
    if api:
        url = f"/api/v1/assistance/requests/{request.pk}/steps"
        data = {"action": name, "note": note, "confirm": True}
        return client.post(url, data, content_type=JSON)
    data = {"action": name, "note": note, "confirm": "1"}
    return client.post(f"/assistance/requests/{request.pk}/step/", data)


def history(request: Request) -> list[tuple[str, str]]:
    return list(Transition.objects.filter(request=request).values_list("event", "to_status"))


def test_every_step_has_a_request_ready_for_it() -> None:
    assert set(READY) == {s.name for s in PROCEDURE}


@pytest.mark.parametrize("name", PRESSED)
def test_the_page_shows_each_button_exactly_to_those_the_guard_admits(
    personas: Any, name: str
) -> None:
    request = ready_for(personas, name)
    guard = PROCEDURE.step(name).guard
    assert guard is not None
    admitted = []
    for persona in PERSONAS:
        user = personas.user(persona)
        page = personas.client(persona).get(request.get_absolute_url()).content.decode()
        shown = buttons(page)
        assert shown == [s.name for s in PROCEDURE.available(request, user)], persona
        assert (name in shown) == (guard(principal(user), request) is None), persona
        if name in shown:
            admitted.append(persona)
    assert admitted, "nobody may press it"


@pytest.mark.parametrize("name", PRESSED + BY_THE_SYSTEM)
def test_the_page_and_the_api_refuse_the_same_people_with_the_same_message(
    personas: Any, name: str
) -> None:
    request = ready_for(personas, name)
    before = (request.status, history(request))
    compared = []
    for persona in PERSONAS:
        user = personas.user(persona)
        refusal = PROCEDURE.refusal(name, request, user)
        if refusal is None:
            continue
        client = personas.client(persona)
        page, api = press(client, request, name, api=False), press(client, request, name, api=True)
        request.refresh_from_db()
        assert (request.status, history(request)) == before, persona
        if api.status_code == 404:  # cannot see the request: no page, no button
            assert page.status_code in (302, 404), persona
            continue
        message = " ".join(refusal.messages) if hasattr(refusal, "messages") else str(refusal)
        assert api.status_code == page.status_code == 403, persona
        assert api.json()["detail"] == message, persona
        assert escape(message) in page.content.decode(), persona
        compared.append(persona)
    # Everyone who sees a sent request and may not press is compared; a draft only its State sees.
    assert compared or request.status == S.DRAFT


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("name", PRESSED)
def test_those_the_guard_admits_make_the_step_from_the_page_and_the_api(
    personas: Any, name: str, via: str
) -> None:
    request = ready_for(personas, name)
    step = PROCEDURE.step(name)
    persona = next(
        p for p in PERSONAS if PROCEDURE.refusal(name, request, personas.user(p)) is None
    )
    before = len(history(request))
    response = press(personas.client(persona), request, name, api=via == "api")
    assert response.status_code == (200 if via == "api" else 302), response.content
    request.refresh_from_db()
    assert request.status == (step.target or READY[name][1].get("status", READY[name][0]))
    made = Transition.objects.filter(request=request).order_by("id")[before:]
    assert [t.by for t in made][:1] == [personas.user(persona)]
    assert name not in buttons(
        personas.client(persona).get(request.get_absolute_url()).content.decode()
    )
