"""From each role's home page, the user reaches their work in at most two clicks."""

from __future__ import annotations

import re

from django.utils import timezone
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
    follow_ups = page.get_by_role("heading", name="Follow-ups due")
    expect(follow_ups).to_be_visible()
    _row(page, "CARICOM").get_by_role("link", name="Ask the State").click()
    assert "/assistance/requests/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("CARICOM"))

    page.get_by_role("link", name="Dashboard").click()
    empty = page.get_by_text("No request waits for the Committee")
    expect(empty).to_be_visible()
    every = page.get_by_role("link", name=re.compile(r"Every request you can see \(\d+\)"))
    shown = re.search(r"\((\d+)\)", every.inner_text())
    assert shown is not None
    every.click()
    expect(page.locator("table.data tbody tr")).to_have_count(int(shown.group(1)))


def test_provider_opens_a_request_sent_to_it_from_home(live_demo, page):
    from nap1540.assistance.models import Distribution, Request, RequestItem
    from nap1540.registry.models import Organisation, State

    # The demo distributes nothing to OSCE yet: the journey makes its own request.
    sent = Request.objects.create(
        state=State.objects.get(iso3="UZB"),
        title="Journey: request sent to OSCE",
        status=Request.Status.DISTRIBUTED,
        visibility="committee",
        distributed_on=timezone.localdate(),
    )
    RequestItem.objects.create(request=sent, number=1, text="Border monitoring training")
    Distribution.objects.create(
        request=sent, organisation=Organisation.objects.get(code="OSCE"), sent_at=timezone.now()
    )
    base = live_demo.url
    log_in(page, base, "provider")
    expect(page.locator("nav.main .nav-count")).to_have_text(re.compile("1"))
    _row(page, "Journey: request sent to OSCE").get_by_role("link", name="Read the needs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journey: request sent to OSCE")

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
