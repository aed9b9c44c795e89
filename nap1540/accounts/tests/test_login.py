from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password

from conftest import PASSWORD


@pytest.fixture
def argon2(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def test_login_and_logout_with_the_forms(client, personas):
    response = client.post("/accounts/login/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "coordinator"
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_wrong_password_says_so_without_naming_which_part(client, personas):
    response = client.post("/accounts/login/", {"username": "coordinator", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_repeated_failures_lock_the_account_for_that_address(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "coordinator", "password": "guess"})
    response = client.post("/accounts/login/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert not client.get("/").context["user"].is_authenticated


def test_failures_on_one_account_do_not_lock_another(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "coordinator", "password": "guess"})
    response = client.post("/accounts/login/", {"username": "expert", "password": PASSWORD})
    assert response.status_code == 302


def test_new_passwords_are_stored_as_argon2(argon2):
    encoded = make_password("a long passphrase for 1540")
    assert encoded.startswith("argon2$")
    assert check_password("a long passphrase for 1540", encoded)


def test_api_token_authenticates_and_bad_token_gets_a_json_401(client, personas):
    from nap1540.accounts.models import APIToken

    _token, raw = APIToken.issue(personas.coordinator, "script")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).json()
    assert me["username"] == "coordinator"
    assert me["memberships"] == [
        {"role": "coordinator", "state": "UZB", "agency": None, "organisation": None}
    ]
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer nap_wrong"})
    assert response.status_code == 401
    assert response.json()["detail"] == "The API token is unknown, expired or revoked."


def test_only_the_digest_of_a_token_is_stored(personas):
    from nap1540.accounts.models import APIToken

    token, raw = APIToken.issue(personas.expert, "script")
    token.refresh_from_db()
    assert raw not in (token.digest, token.prefix)
    assert APIToken.authenticate(raw) == personas.expert
