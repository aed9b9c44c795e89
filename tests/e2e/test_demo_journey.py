"""A trainee reads a demo login off the login page and finds the provider's work waiting."""

from __future__ import annotations

from typing import Any


def test_trainee_logs_in_as_the_listed_provider_and_finds_its_request(
    live_demo: Any, page: Any, settings: Any
) -> None:
    settings.NAP1540_DEMO = True
    base = live_demo.url
    page.goto(f"{base}/accounts/login/")
    logins = page.get_by_role("region", name="Demo logins")
    row = logins.get_by_role("row").filter(has_text="Assistance provider")
    username = row.get_by_role("cell").nth(0).inner_text().strip()
    password = row.get_by_role("cell").nth(3).inner_text().strip()
    assert username == "provider"

    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role(
        "link", name="Demo: export control training for licensing and customs officers"
    ).first.click()
    # The provider sees its own offer among the proposals, not yet decided.
    assert page.get_by_text("Export control training in Central Asia").first.is_visible()
