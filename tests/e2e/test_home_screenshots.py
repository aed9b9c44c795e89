"""Each persona's home page on a phone and on a desktop, and the folding main menu.

The screenshots go to docs/screenshots/home/<persona>-<width>.png for a person to look at after
layout changes; `make screenshots` refreshes them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import log_in

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots" / "home"
PERSONAS = ["anonymous", "coordinator", "focal", "expert", "provider"]
# Brand, menu button, language and log in/out: two short rows at most.
COMPACT_HEADER = 80


@pytest.mark.parametrize("persona", PERSONAS)
def test_home_folds_its_menu_on_a_phone_and_shows_it_on_a_desktop(live_demo, browser, persona):
    base = live_demo.url
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        if persona != "anonymous":
            log_in(page, base, persona)
        page.goto(f"{base}/")
        header = page.locator("header.site")
        menu = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Main")
        states = nav.get_by_role("link", name="States")

        box = header.bounding_box()
        assert box is not None and box["height"] <= COMPACT_HEADER, box
        assert page.locator("#language-select").is_visible()
        login_or_out = "Log in" if persona == "anonymous" else "Log out"
        assert header.get_by_role(
            "link" if persona == "anonymous" else "button", name=login_or_out
        ).is_visible()
        assert menu.get_attribute("aria-expanded") == "false"
        assert not states.is_visible()
        page.screenshot(path=str(SHOTS / f"{persona}-390.png"), full_page=True)

        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        assert states.is_visible()
        page.keyboard.press("Escape")
        assert not states.is_visible()
        assert menu.evaluate("button => document.activeElement === button")

        page.set_viewport_size({"width": 1280, "height": 900})
        page.mouse.move(1, 600)  # off the menu, so no link shows its hover colour
        assert not menu.is_visible()
        assert states.is_visible()
        box = header.bounding_box()
        assert box is not None and box["height"] <= COMPACT_HEADER, box
        page.screenshot(path=str(SHOTS / f"{persona}-1280.png"), full_page=True)
    finally:
        context.close()
