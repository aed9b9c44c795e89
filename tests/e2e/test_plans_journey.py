"""Plans in the browser: a review changes the rate; a focal point completes a task."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in

PLAN_2014 = re.compile(r"National Action Plan of Uzbekistan .* 2014 \(demo\)")


def test_coordinator_records_a_review_of_the_2014_plan_and_sees_the_rate_change(live_demo, page):
    base = live_demo.url
    log_in(page, base, "coordinator")
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name=PLAN_2014).click()
    reviews = page.get_by_role("region", name="Reviews")
    vienna = reviews.get_by_role("row", name=re.compile("Vienna"))
    assert "70" in vienna.inner_text()  # 7 of the 10 tasks due completed in May 2017

    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("Title").fill("Final review of the 2014 plan")
    page.get_by_label("Date").fill("2017-12-15")
    for number in ("3", "8"):
        page.get_by_label(f"Status {number}", exact=True).select_option("completed")
        page.get_by_label(f"Progress (%) {number}", exact=True).fill("100")
    page.get_by_label("Note 3", exact=True).fill("Law adopted by Parliament.")
    page.get_by_role("button", name="Record the review").click()

    page.wait_for_url(re.compile(r"/plans/reviews/\d+/$"))
    expect(page.locator("#review-rate")).to_have_text(re.compile(r"^90"))  # 9 of 10
    assert page.get_by_text("at the previous review").is_visible()
    page.get_by_role("link", name=PLAN_2014).click()
    final = page.get_by_role("region", name="Reviews").get_by_role(
        "row", name=re.compile("Final review")
    )
    assert "90" in final.inner_text()


def _my_task_row(page, base, title):
    log_in(page, base, "focal")
    page.goto(f"{base}/plans/my-tasks/")
    return page.get_by_role("row", name=re.compile(title))


def test_focal_point_marks_a_task_completed_from_my_tasks(live_demo, page):
    base = live_demo.url
    row = _my_task_row(page, base, "Interagency exercise")
    row.get_by_label("Status").select_option("completed")
    row.get_by_label("Progress (%)").fill("100")
    row.get_by_label("Note").fill("Exercise held in October.")
    row.get_by_role("button", name=re.compile("Save")).click()
    expect(row.get_by_role("status")).to_have_text("Saved.")
    expect(row.locator(".badge.st-completed")).to_be_visible()

    page.reload()
    page.get_by_role("link", name="All tasks").click()
    done = page.get_by_role("row", name=re.compile("Interagency exercise"))
    expect(done.locator(".badge.st-completed")).to_be_visible()
    # Only the agency's own tasks are listed: the customs task is not.
    assert page.get_by_role("row", name=re.compile("radiation detection")).count() == 0


def test_focal_point_sees_in_the_row_that_someone_else_changed_the_task(live_demo, page):
    from nap1540.accounts.models import User
    from nap1540.plans import services
    from nap1540.plans.models import Task

    row = _my_task_row(page, live_demo.url, "Interagency exercise")
    row.get_by_label("Progress (%)").fill("100")
    # Meanwhile the coordinator records progress on the same task.
    task = Task.objects.current().get(title__icontains="Interagency exercise")
    coordinator = User.objects.get(username="coordinator")
    services.record_task_update(task, by=coordinator, status=task.status, progress=60)

    row.get_by_role("button", name=re.compile("Save")).click()
    # The answer is a 409 carrying the row: htmx swaps it in only when configured to.
    expect(row.get_by_role("alert")).to_contain_text("changed by coordinator since you opened it")
    expect(row.get_by_label("Progress (%)")).to_have_value("60")
