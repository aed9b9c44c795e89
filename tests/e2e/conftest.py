"""Browser journeys: Playwright driving Debian's Chromium against a live demo server.

Run on their own (`pytest -m e2e tests/e2e`): the live server needs a
transactional database, which is emptied after each test, so every journey
loads the reference and demo data afresh.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.e2e.axe import CheckedPage, watch

# Playwright's sync API runs an event loop in the test thread; the ORM calls made
# by fixtures here are ordinary blocking calls, not coroutines.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def live_demo(live_server: Any) -> Any:
    from nap1540.matrix.loaders import load_reference
    from nap1540.web.demo import load_demo

    load_reference()
    load_demo()
    return live_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., CheckedPage]]:
    """new_page(**context_options): a page in a context of its own, checked by axe on every
    load (tests/e2e/axe.py); the test fails at the end with every violation found."""
    pages: list[CheckedPage] = []

    def make(**options: Any) -> CheckedPage:
        options = {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}, **options}
        page = watch(browser.new_context(**options).new_page())
        page.set_default_timeout(15000)
        pages.append(page)
        return page

    yield make
    for page in pages:
        if not page.is_closed():
            page.check("last page")
            page.context.close()
    failures = [failure for page in pages for failure in page.failures]
    assert not failures, "\n".join(failures)


@pytest.fixture
def page(new_page: Callable[..., CheckedPage]) -> CheckedPage:
    return new_page()


def log_in(page: Any, base_url: str, username: str, password: str | None = None) -> None:
    from nap1540.core.demo import DEMO_PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")
