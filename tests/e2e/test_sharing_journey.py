"""Sharing in the browser: a plan shared with one State only, then withdrawn; approval keeps
who sees a matrix version as the State left it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

PLAN_2017 = "2017-2021 (demo draft)"
THIRD_PASSWORD = "third-state-1540"


@pytest.fixture
def third_state(live_demo: Any) -> str:
    """A coordinator of a third State (Tajikistan), with whom nothing is shared."""
    from nap1540.accounts.models import Membership, User
    from nap1540.registry.models import State

    user = User.objects.create_user(username="tajikistan", password=THIRD_PASSWORD)
    Membership.objects.create(
        user=user, role=Membership.Role.COORDINATOR, state=State.objects.get(iso3="TJK")
    )
    return "tajikistan"


def _session(new_page: Any, base: str, username: str, password: str | None = None) -> Any:
    page = new_page()
    log_in(page, base, username, password)
    return page


def test_a_plan_shared_with_one_state_only_then_withdrawn(live_demo, new_page, page, third_state):
    base = live_demo.url
    log_in(page, base, "coordinator")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=re.compile(re.escape(PLAN_2017))).click()
    plan_url = page.url
    expect(page.get_by_text("Private to the State").first).to_be_visible()
    page.get_by_role("link", name="Who sees this").click()
    page.get_by_label("States", exact=True).select_option(label="Kazakhstan")
    page.get_by_role("button", name="Share", exact=True).click()
    shares = page.locator("#shares")
    expect(shares).to_contain_text("Kazakhstan")
    expect(page.locator("#sharing-history")).to_contain_text(f"{PLAN_2017} with KAZ.")

    partner = _session(new_page, base, "outsider")  # Kazakhstan's coordinator
    partner.goto(f"{base}/plans/")
    expect(partner.get_by_role("link", name=re.compile(re.escape(PLAN_2017)))).to_be_visible()
    partner.goto(plan_url)
    expect(partner.get_by_role("heading", level=1)).to_contain_text(PLAN_2017)
    expect(partner.get_by_text("Shared with your State")).to_be_visible()

    third = _session(new_page, base, third_state, THIRD_PASSWORD)
    third.goto(f"{base}/plans/")
    assert third.get_by_role("link", name=re.compile(re.escape(PLAN_2017))).count() == 0
    response = third.goto(plan_url)
    assert response is not None and response.status == 404
    expect(third.get_by_role("heading", name="Not found")).to_be_visible()
    assert PLAN_2017 not in third.content()

    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Not shared with any other State.")).to_be_visible()
    expect(page.locator("#sharing-history")).to_contain_text(f"{PLAN_2017} from KAZ.")
    response = partner.goto(plan_url)
    assert response is not None and response.status == 404
    partner.goto(f"{base}/plans/")
    assert partner.get_by_role("link", name=re.compile(re.escape(PLAN_2017))).count() == 0


def test_submitting_shares_with_the_committee_and_approval_keeps_the_level(
    live_demo, new_page, page
):
    base = live_demo.url
    log_in(page, base, "coordinator")
    page.goto(f"{base}/matrix/UZB/versions/")
    row = page.get_by_role("row", name=re.compile(r"^v3"))
    expect(row.get_by_text("Private to the State")).to_be_visible()
    warning = row.locator(".callout.warning")
    expect(warning).to_contain_text("Submitting shares this record with the 1540 Committee")
    warning.get_by_role("checkbox").check()
    row.get_by_role("button", name="Submit to the Committee").click()
    expect(page.get_by_text("submitted to the Committee, which can now see it")).to_be_visible()

    expert = _session(new_page, base, "expert")
    expert.goto(f"{base}/matrix/UZB/versions/")
    v3 = expert.get_by_role("row", name=re.compile(r"^v3"))
    expect(v3.get_by_text("Shared with the 1540 Committee")).to_be_visible()
    v3.get_by_role("button", name="Approve (Committee)").click()
    expect(expert.get_by_text("Who sees it has not changed")).to_be_visible()
    v3 = expert.get_by_role("row", name=re.compile(r"^v3"))
    expect(v3.get_by_text("Shared with the 1540 Committee")).to_be_visible()
    expect(v3.get_by_text("Public", exact=True)).to_have_count(0)
    # Anonymous visitors still cannot open it.
    response = expert.context.browser.new_page().goto(f"{base}/matrix/UZB/v3/")
    assert response is not None and response.status == 404
