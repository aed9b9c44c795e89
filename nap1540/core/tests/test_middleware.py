from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_refuses_json_with_a_nul_character(personas):
    client = personas.client("coordinator")
    response = client.post(
        "/api/v1/states/UZB/contacts",
        '{"name": "Bad\\u0000name"}',
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "NUL characters" in response.json()["detail"]


def test_search_with_a_nul_character_is_a_clear_400(client):
    response = client.get("/states/?q=uz%00b")
    assert response.status_code == 400
    assert "NUL characters" in response.content.decode()


def test_ordinary_requests_pass(client):
    assert client.get("/states/?q=uzb").status_code == 200


def test_file_uploads_are_not_inspected(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("m.xlsx", b"PK\x03\x04\x00\x00binary", "application/octet-stream")
    response = personas.client("coordinator").post("/matrix/UZB/import/", {"file": upload})
    assert response.status_code != 400
