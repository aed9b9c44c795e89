"""From each role's home page, the user reaches their work in at most two clicks."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def _row(page, text):
    return page.locator("ul.queue li", has_text=text)


def test_coordinator_opens_the_draft_matrix_and_an_overdue_task_from_home(live_demo, page):
    base = live_demo.url
    log_in(page, base, "coordinator")
    expect(page.get_by_role("heading", name="Your State's matrix")).to_be_visible()
    _row(page, "Uzbekistan — matrix").get_by_role("link", name="Complete and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Uzbekistan"))
    assert re.search(r"/matrix/UZB/v\d+/$", page.url)

    page.get_by_role("link", name="Dashboard").click()
    overdue = page.get_by_role("heading", name="Overdue tasks")
    expect(overdue).to_be_visible()
    _row(page, "Interagency exercise").get_by_role("link", name="Update progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Interagency exercise"))


def test_focal_point_opens_an_overdue_task_from_home(live_demo, page):
    base = live_demo.url
    log_in(page, base, "focal")
    row = _row(page, "Interagency exercise")
    expect(row.locator(".badge.overdue")).to_be_visible()
    row.get_by_role("link", name="Update progress").click()
    assert re.search(r"/plans/tasks/\d+/$", page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Interagency exercise"))


def test_expert_reaches_the_matrices_and_a_proposal_from_home(live_demo, page):
    base = live_demo.url
    log_in(page, base, "expert")
    count = page.locator("nav.main .nav-count")
    expect(count.first).to_be_visible()
    page.get_by_role("link", name="Matrices", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1540 Committee matrices")

    page.get_by_role("link", name="Dashboard").click()
    _row(page, "Kazakhstan — matrix").get_by_role("link", name="Review and approve").click()
    assert re.search(r"/matrix/KAZ/v\d+/$", page.url)

    page.get_by_role("link", name="Dashboard").click()
    follow_ups = page.get_by_role("heading", name="Follow-ups due")
    expect(follow_ups).to_be_visible()
    _row(page, "CARICOM").get_by_role("link", name="Ask the State").click()
    assert "/assistance/requests/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("CARICOM"))

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Proposals to confirm")).to_be_visible()
    _row(page, "Export control training in Central Asia").get_by_role(
        "link", name="Confirm or decline"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("export control training"))

    page.get_by_role("link", name="Dashboard").click()
    every = page.get_by_role("link", name=re.compile(r"Every request you can see \(\d+\)"))
    shown = re.search(r"\((\d+)\)", every.inner_text())
    assert shown is not None
    every.click()
    expect(page.locator("table.data tbody tr")).to_have_count(int(shown.group(1)))


def test_provider_opens_a_request_sent_to_it_from_home(live_demo, page):
    # The demo distributes one request to OSCE, with a proposal of OSCE's offer undecided, and
    # has a delivery by OSCE waiting for its feedback.
    base = live_demo.url
    log_in(page, base, "provider")
    expect(page.locator("nav.main .nav-count").first).to_have_text(re.compile(r"\d"))
    demo_request = "Demo: export control training for licensing and customs officers"
    expect(page.get_by_role("heading", name="Requests sent to you")).to_be_visible()
    _row(page, demo_request).get_by_role("link", name="Read the needs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_request)

    page.get_by_role("link", name="Dashboard").click()
    _row(page, "national roundtable").get_by_role("link", name="Give feedback").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/feedback/" in page.url or "/assistance/" in page.url

    page.get_by_role("link", name="Dashboard").click()
    _row(page, "Export control training in Central Asia").get_by_role(
        "link", name="Keep it up to date"
    ).click()
    assert re.search(r"/assistance/offers/\d+/edit/$", page.url)


def test_visitor_opens_a_region_from_home(live_demo, page):
    base = live_demo.url
    page.goto(f"{base}/")
    row = _row(page, "Asia-Pacific States")
    expect(row).to_contain_text("published their matrices")
    row.get_by_role("link", name="Read the regional status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Asia-Pacific States")
