"""Two people change the same request at the same moment: fields, a procedure step, items.

Each round starts both requests behind a barrier (`at_once`). Changes to different fields
both stay; two changes of the same field keep one and tell the other who changed it; a step
pressed twice is made once; items and requests added in parallel are all kept.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django.test import Client

from nap1540.assistance.models import Request, RequestItem, Transition
from nap1540.assistance.tests.conftest import make_request
from nap1540.core.tests.threads import at_once
from nap1540.matrix.loaders import load_reference
from nap1540.registry.models import State
from tests.walk.walker import post_forms

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 20


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: Any) -> None:
    # A transactional test empties every table when it ends; load the States again.
    if not State.objects.exists():
        load_reference()


def _values(form: Any) -> dict[str, list[str]]:
    """A form's fields as the browser posts them (checkboxes give several values)."""
    values: dict[str, list[str]] = {}
    for name, value in form.fields:
        values.setdefault(name, []).append(value)
    return values


def form_values(client: Client, url: str) -> dict[str, list[str]]:
    """The edit form at `url` as this person's browser has it: its fields and values."""
    page = client.get(url)
    assert page.status_code == 200
    (form,) = [f for f in post_forms(url, page.content.decode()) if f.action == url]
    return _values(form)


def one_kept(a: Any, b: Any, names: tuple[str, str]) -> tuple[str, str, str]:
    """Of two saves of one field at once, one is kept and one refused (409): the winner's
    and the loser's names (`names` in the order of `a`, `b`) and the refused page."""
    assert sorted([a.status_code, b.status_code]) == [302, 409]
    first_won = a.status_code == 302
    winner, loser = names if first_won else names[::-1]
    return winner, loser, (b if first_won else a).content.decode()


def _edit_form(client: Client, request: Request) -> tuple[str, dict[str, list[str]]]:
    url = f"/assistance/requests/{request.pk}/edit/"
    return url, form_values(client, url)


def test_two_editors_of_different_fields_both_keep_their_change(personas):
    first, second = personas.client("expert"), personas.client("expert")
    request = make_request(personas)
    for i in range(ROUNDS):
        url, form_a = _edit_form(first, request)
        _url, form_b = _edit_form(second, request)
        a, b = at_once(
            partial(first.post, url, {**form_a, "title": f"Training, round {i}"}),
            partial(second.post, url, {**form_b, "contact_name": f"Officer {i}"}),
        )
        assert (a.status_code, b.status_code) == (302, 302)
        request.refresh_from_db()
        assert (request.title, request.contact_name) == (f"Training, round {i}", f"Officer {i}")


def test_the_same_field_edited_twice_keeps_one_and_tells_the_other_who(personas):
    expert, admin = personas.client("expert"), personas.client("admin")
    request = make_request(personas)
    for i in range(ROUNDS):
        url, form_a = _edit_form(expert, request)
        _url, form_b = _edit_form(admin, request)
        a, b = at_once(
            partial(expert.post, url, {**form_a, "title": f"Expert's title {i}"}),
            partial(admin.post, url, {**form_b, "title": f"Admin's title {i}"}),
        )
        winner, loser, refused = one_kept(a, b, ("expert", "admin"))
        assert f"was changed by {winner}" in refused
        assert f"{loser.capitalize()}&#x27;s title {i}" in refused  # the input is kept
        request.refresh_from_db()
        assert request.title == f"{winner.capitalize()}'s title {i}"
        # Having seen the current value, the loser may save again deliberately.
        (form,) = [f for f in post_forms(url, refused) if f.action == url]
        again = (admin if loser == "admin" else expert).post(url, _values(form))
        assert again.status_code == 302
        request.refresh_from_db()
        assert request.title == f"{loser.capitalize()}'s title {i}"


def test_an_edit_and_a_procedure_step_at_once_keep_both(personas):
    editor, stepper = personas.client("expert"), personas.client("admin")
    for i in range(ROUNDS):
        request = make_request(personas, title=f"Request {i}")
        url, form = _edit_form(editor, request)
        edited, stepped = at_once(
            partial(editor.post, url, {**form, "public_summary": f"Summary {i}"}),
            partial(
                stepper.post,
                f"/api/v1/assistance/requests/{request.pk}/steps",
                {"action": "authenticate"},
                content_type="application/json",
            ),
        )
        assert (edited.status_code, stepped.status_code) == (302, 200)
        request.refresh_from_db()
        assert (request.status, request.public_summary) == (
            Request.Status.AUTHENTICATED,
            f"Summary {i}",
        )
        assert request.authenticated_on is not None


def test_a_step_pressed_twice_at_once_is_made_once(personas):
    first, second = personas.client("expert"), personas.client("admin")
    for i in range(ROUNDS):
        request = make_request(personas, title=f"Request {i}")
        url = f"/api/v1/assistance/requests/{request.pk}/steps"
        a, b = at_once(
            *(
                partial(c.post, url, {"action": "authenticate"}, content_type="application/json")
                for c in (first, second)
            )
        )
        assert sorted([a.status_code, b.status_code]) == [200, 422]
        refused = (b if a.status_code == 200 else a).json()["detail"]
        assert "A request that is “Authenticated” cannot be marked “Authenticated”" in refused
        steps = Transition.objects.filter(request=request, event=Transition.Event.AUTHENTICATED)
        assert steps.count() == 1


def test_items_added_at_once_are_all_kept_with_their_own_numbers(personas):
    first, second = personas.client("expert"), personas.client("admin")
    request = make_request(personas)
    url = f"/api/v1/assistance/requests/{request.pk}/items"
    for i in range(ROUNDS):
        a, b = at_once(
            partial(first.post, url, {"text": f"Need A{i}"}, content_type="application/json"),
            partial(second.post, url, {"text": f"Need B{i}"}, content_type="application/json"),
        )
        assert (a.status_code, b.status_code) == (201, 201)
    items = RequestItem.objects.filter(request=request)
    texts = set(items.values_list("text", flat=True))
    assert {f"Need {who}{i}" for who in "AB" for i in range(ROUNDS)} <= texts
    numbers = list(items.values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, 2 * ROUNDS + 2))  # the first item, then ours


def test_two_edits_of_one_item_at_once_keep_both(personas):
    first, second = personas.client("expert"), personas.client("admin")
    request = make_request(personas)
    item = request.items.get()
    url = f"/assistance/items/{item.pk}/"
    for i in range(ROUNDS):
        forms = []
        for client in (first, second):
            page = client.get(url).content.decode()
            (form,) = [f for f in post_forms(url, page) if f.action == url and not f.buttons]
            forms.append(_values(form))
        priority = ["high", "low"][i % 2]
        a, b = at_once(
            partial(first.post, url, {**forms[0], "text": f"Training, version {i}"}),
            partial(second.post, url, {**forms[1], "priority": priority}),
        )
        assert (a.status_code, b.status_code) == (302, 302)
        item.refresh_from_db()
        assert (item.text, item.priority) == (f"Training, version {i}", priority)


def test_twenty_requests_created_at_once_are_all_kept(personas):
    clients = [personas.client("expert") for _ in range(20)]
    responses = at_once(
        *(
            partial(
                c.post,
                "/api/v1/assistance/requests",
                {"title": f"Parallel request {n}", "requester": "UZB"},
                content_type="application/json",
            )
            for n, c in enumerate(clients)
        )
    )
    assert [r.status_code for r in responses] == [201] * 20
    titles = set(Request.objects.values_list("title", flat=True))
    assert {f"Parallel request {n}" for n in range(20)} <= titles
    created = Transition.objects.filter(event=Transition.Event.CREATED)
    assert created.count() == 20
