"""A national coordinator logs in, opens Uzbekistan, switches to Russian and logs out."""

from __future__ import annotations

from tests.e2e.conftest import log_in


def test_coordinator_opens_uzbekistan_in_russian_and_logs_out(live_demo, page):
    base = live_demo.url
    log_in(page, base, "coordinator")
    assert page.get_by_text("Signed in as Demo National Coordinator (Uzbekistan)").is_visible()

    page.get_by_role("link", name="States", exact=True).click()
    page.get_by_label("Search by name or code").fill("Uzbek")
    page.get_by_role("link", name="Uzbekistan").click()
    page.wait_for_url(f"{base}/states/UZB/")
    assert page.get_by_role("heading", name="Uzbekistan", level=1).is_visible()
    # The coordinator sees the State's private contact, marked as demo data.
    assert page.get_by_role(
        "cell", name="Demo contact: export control liaison", exact=True
    ).is_visible()

    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Switch").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Узбекистан", level=1).is_visible()
    assert page.get_by_role("link", name="Государства", exact=True).is_visible()
    assert page.locator("html").get_attribute("lang") == "ru"

    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()
    assert page.get_by_role("banner").get_by_role("link", name="Войти").is_visible()
    page.goto(f"{base}/states/UZB/")
    assert (
        page.get_by_role("cell", name="Demo contact: export control liaison", exact=True).count()
        == 0
    )
    assert page.get_by_role(
        "cell", name="Demo contact: 1540 national coordinator", exact=True
    ).is_visible()
