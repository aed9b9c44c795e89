"""Back to a plan's filtered tasks, with htmx's history cache cleared: the whole page returns.

The task filter swaps in the rows and pushes `?status=...` into the address bar, so the
rows and the page share one URL. Two ways back can show the bare rows as the page:

- from another page, the browser loads that URL again and may take its cached answer,
  the rows, unless the answer says `Vary: HX-Request`;
- within the plan, htmx restores the entry itself and, missing its snapshot, asks the
  server with `HX-History-Restore-Request`: the whole page must come back.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in

PLAN_2014 = re.compile(r"National Action Plan of Uzbekistan .* 2014 \(demo\)")
# htmx 2 keeps its snapshots in sessionStorage (htmx 1 used localStorage).
FORGET_SNAPSHOTS = "sessionStorage.removeItem('htmx-history-cache')"
# Mark where htmx found the page it put back, once it has put it back.
WATCH_RESTORE = """document.body.addEventListener("htmx:historyRestore", (event) => {
  document.body.dataset.restoredFrom = event.detail.cacheMiss ? "server" : "cache";
}, {once: true})"""


def _filter_the_plans_tasks(page, base):
    """As the coordinator, open the 2014 plan and filter its completed tasks; give the rows."""
    log_in(page, base, "coordinator")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=PLAN_2014).click()
    shown = page.locator("#task-table").get_by_role("status")
    everything = shown.inner_text()
    page.locator("form.filters").get_by_label("Status").select_option("completed")
    page.wait_for_url(re.compile(r"[?&]status=completed"))
    expect(shown).not_to_have_text(everything)
    rows = page.locator("#tasks tbody tr")
    expect(rows.filter(has_not_text="Completed")).to_have_count(0)
    return rows.all_inner_texts()


def _assert_whole_plan_page(page, rows):
    expect(page.get_by_role("banner").get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=PLAN_2014)).to_be_visible()
    expect(page.get_by_role("contentinfo")).to_be_visible()
    expect(page.locator("form.filters").get_by_label("Status")).to_have_value("completed")
    expect(page.locator("#tasks tbody tr")).to_have_text(rows)
    expect(page.locator("header.site")).to_have_count(1)  # one page, not a page in a page


def test_back_to_filtered_tasks_from_another_page_shows_the_whole_plan(live_demo, page):
    base = live_demo.url
    rows = _filter_the_plans_tasks(page, base)
    filtered = page.url

    page.get_by_role("link", name="Plans", exact=True).click()
    page.wait_for_url(f"{base}/plans/")
    page.evaluate(FORGET_SNAPSHOTS)
    page.go_back()

    page.wait_for_url(filtered)
    _assert_whole_plan_page(page, rows)


def test_back_within_the_plan_after_a_cache_miss_shows_the_whole_plan(live_demo, page):
    rows = _filter_the_plans_tasks(page, live_demo.url)
    filtered = page.url

    # Sorting pushes another entry; Back to the filter is then htmx's to restore.
    page.locator("#tasks thead").get_by_role("link", name="Due").click()
    page.wait_for_url(re.compile(r"[?&]sort=due"))
    page.evaluate(FORGET_SNAPSHOTS)
    page.evaluate(WATCH_RESTORE)
    page.go_back()

    page.wait_for_url(filtered)
    expect(page.locator("body")).to_have_attribute("data-restored-from", "server")
    _assert_whole_plan_page(page, rows)


def test_back_within_the_plan_shows_the_filter_that_chose_the_rows(live_demo, page):
    rows = _filter_the_plans_tasks(page, live_demo.url)

    page.locator("#tasks thead").get_by_role("link", name="Due").click()
    page.wait_for_url(re.compile(r"[?&]sort=due"))
    page.evaluate(WATCH_RESTORE)
    page.go_back()

    # A snapshot would show the rows under a filter reset to "All": it keeps the page's
    # HTML, not what was chosen in its form. htmx keeps none, and asks the server.
    expect(page.locator("body")).to_have_attribute("data-restored-from", "server")
    _assert_whole_plan_page(page, rows)
