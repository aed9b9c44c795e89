"""The login page lists the demo logins in demo mode only."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from nap1540.accounts import demo as accounts_demo
from nap1540.core.demo import DEMO_PASSWORD, DemoContext
from nap1540.registry import demo as registry_demo


@pytest.fixture
def demo_users(db: Any) -> DemoContext:
    ctx = DemoContext()
    registry_demo.load(ctx)
    accounts_demo.load(ctx)
    return ctx


def _login_page(language: str = "en") -> str:
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return str(response.content.decode())


def test_demo_mode_is_off_in_the_default_settings() -> None:
    assert settings.NAP1540_DEMO is False


def test_login_page_lists_no_logins_outside_demo_mode(demo_users: DemoContext) -> None:
    page = _login_page()
    assert DEMO_PASSWORD not in page
    assert "Demo logins" not in page
    assert "<code>provider</code>" not in page


@override_settings(NAP1540_DEMO=True)
def test_login_page_lists_every_demo_login_with_its_role_in_demo_mode(
    demo_users: DemoContext,
) -> None:
    page = _login_page()
    assert "Demo logins" in page
    for username in accounts_demo.DEMO_USERNAMES:
        assert f"<code>{username}</code>" in page
    assert page.count(f"<code>{DEMO_PASSWORD}</code>") == len(accounts_demo.DEMO_USERNAMES)
    for role in ["National coordinator", "Agency focal point", "Committee expert"]:
        assert role in page
    assert "Ministry of Emergency Situations" in page and "Kazakhstan" in page


@override_settings(NAP1540_DEMO=True)
def test_login_page_names_the_roles_in_the_readers_language(demo_users: DemoContext) -> None:
    page = _login_page("fr")
    assert "<code>focal</code>" in page
    assert "Point focal" in page or "point focal" in page
    assert "Agency focal point" not in page and "Demo logins" not in page


@override_settings(NAP1540_DEMO=True)
def test_login_page_lists_nothing_in_demo_mode_before_the_demo_is_loaded(db: Any) -> None:
    page = _login_page()
    assert DEMO_PASSWORD not in page and "Demo logins" not in page
