"""A refused form: the summary takes the focus, and each of its links leads to the field."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import log_in


def test_coordinator_is_led_from_the_error_summary_to_the_progress_field(live_demo, page):
    from nap1540.plans.models import Task

    base = live_demo.url
    task = Task.objects.filter(plan__state__iso3="UZB").order_by("pk").first()
    assert task is not None
    log_in(page, base, "coordinator")
    page.goto(f"{base}/plans/tasks/{task.pk}/edit/")
    page.get_by_label("Progress (%)").fill("150")
    page.get_by_role("button", name="Save").click()

    summary = page.get_by_role("alert").filter(has_text="The form was not saved.")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Progress is a percentage from 0 to 100.")
    expect(page.get_by_text("task_progress_max_100")).to_have_count(0)
    progress = page.get_by_label("Progress (%)")
    expect(progress).to_have_attribute("aria-invalid", "true")
    expect(progress).to_have_accessible_description("Progress is a percentage from 0 to 100.")

    summary.get_by_role("link", name="Progress (%): Progress is a percentage").click()
    expect(progress).to_be_focused()
