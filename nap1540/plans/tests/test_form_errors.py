"""The task forms say in plain words what to fix, listed above the form and next to each field."""

from __future__ import annotations

import re

TASK = {
    "number": "1",
    "title": "Mine",
    "priority": "high",
    "status": "in_progress",
    "progress": 0,
    "currency": "USD",
    "funding": "domestic",
    "lock_version": 1,
}
PERCENT = "Progress is a percentage from 0 to 100."


def _edit(personas, task, **changes):
    response = personas.client("coordinator").post(
        f"/plans/tasks/{task.pk}/edit/", {**TASK, **changes}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_task_form_says_progress_is_a_percentage_not_the_constraint_name(personas, mes_task):
    page = _edit(personas, mes_task, progress=150)
    assert PERCENT in page
    assert "task_progress_max_100" not in page
    assert "Constraint" not in page
    mes_task.refresh_from_db()
    assert mes_task.progress == 0


def test_task_form_refuses_negative_progress_in_the_same_words(personas, mes_task):
    assert PERCENT in _edit(personas, mes_task, progress=-5)


def test_error_summary_links_each_error_to_its_field(personas, mes_task):
    page = _edit(personas, mes_task, progress=150, start_date="2015-06-01", due_date="2015-01-01")
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', page, re.S)
    assert summary is not None
    assert 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    assert "The form was not saved. Please correct the following:" in summary.group(1)
    assert f'<a href="#id_progress">Progress (%): {PERCENT}</a>' in summary.group(1)
    due = 'href="#id_due_date">Due date: The due date is before the start date.'
    assert due in summary.group(1)
    # The summary comes before the first field.
    assert page.index("error-summary") < page.index('name="number"')


def test_invalid_field_is_marked_and_described_by_its_error(personas, mes_task):
    page = _edit(personas, mes_task, progress=150)
    field = re.search(r'<input[^>]*name="progress"[^>]*>', page)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="id_progress_error"' in field.group(0)
    error_list = r'<ul class="errorlist" id="id_progress_error"><li>' + re.escape(PERCENT)
    assert re.search(error_list, page)
    # A field without an error is neither.
    title = re.search(r'<input[^>]*name="title"[^>]*>', page)
    assert title is not None and "aria-invalid" not in title.group(0)


def test_form_without_errors_has_no_summary(personas, mes_task):
    page = personas.client("coordinator").get(f"/plans/tasks/{mes_task.pk}/edit/").content.decode()
    assert "error-summary" not in page
    assert "aria-invalid" not in page


def test_fields_are_sized_to_what_they_hold(personas, mes_task):
    page = personas.client("coordinator").get(f"/plans/tasks/{mes_task.pk}/edit/").content.decode()

    def classes(name: str) -> str:
        tag = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page)
        assert tag is not None, name
        return tag.group(0)

    assert "field-number" in classes("progress")
    assert "field-date" in classes("due_date")
    assert "field-wide" in classes("description")
    assert "field-line" in classes("title")


def test_progress_update_says_progress_is_a_percentage(personas, mes_task):
    client = personas.client("coordinator")
    response = client.post(
        f"/plans/tasks/{mes_task.pk}/progress/",
        {"status": "in_progress", "progress": 140, "lock_version": mes_task.lock_version},
        follow=True,
    )
    page = response.content.decode()
    assert PERCENT in page
    assert "update_progress_max_100" not in page and "Ensure this value" not in page
