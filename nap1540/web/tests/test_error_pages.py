from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_not_found_page_keeps_the_layout_and_says_why(client):
    response = client.get("/states/XXX/")
    body = response.content.decode()
    assert response.status_code == 404
    assert '<main id="content"' in body
    assert "No State with code XXX." in body
    assert "Some records are visible only after you log in." in body


def test_forbidden_page_names_what_is_not_allowed(personas):
    response = personas.client("viewer").get("/states/UZB/contacts/new/")
    body = response.content.decode()
    assert response.status_code == 403
    assert '<main id="content"' in body
    assert "Only a national coordinator of Uzbekistan can change this." in body


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Something went wrong on the server" in body
    assert "<main>" in body
