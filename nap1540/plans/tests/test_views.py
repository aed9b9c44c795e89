"""The plan pages through HTTP, as the coordinator and the focal point use them."""

from datetime import date

import pytest
import time_machine

from nap1540.core.tests.pages import chart_figures as _figures
from nap1540.plans import services
from nap1540.plans.models import Plan, Review, Task
from nap1540.plans.tests.conftest import review


def test_coordinator_starts_a_plan_from_the_state_page(personas):
    client = personas.client("coordinator")
    state_page = client.get("/states/UZB/").content.decode()
    assert "/plans/new/?state=UZB" in state_page
    response = client.post(
        "/plans/new/?state=UZB",
        {
            "title": "NAP 2014",
            "period_start": "2014-01-01",
            "period_end": "2016-12-31",
            "visibility": "private",
            "coordinating_agency": personas.agency.pk,
        },
    )
    plan = Plan.objects.get(title="NAP 2014")
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.coordinating_agency == personas.agency


def test_plan_form_refuses_a_period_ending_before_it_starts(personas):
    response = personas.client("coordinator").post(
        "/plans/new/?state=UZB",
        {
            "title": "x",
            "period_start": "2017-01-01",
            "period_end": "2016-01-01",
            "visibility": "private",
        },
    )
    assert response.status_code == 200
    assert "must end after it starts" in response.content.decode()


def test_plan_page_shows_tasks_rate_timeline_and_progress_by_area_and_agency(personas, plan):
    review(
        plan, personas.coordinator, date(2016, 1, 1), t1=("completed", 100), t2=("in_progress", 50)
    )
    page = personas.client("viewer").get(f"/plans/{plan.pk}/").content.decode()
    for text in (
        "Task 1",
        "Task 2",
        "Task 3",
        "Timeline",
        "Progress by area",
        "Progress by agency",
    ):
        assert text in page
    assert "<svg" in page
    assert "33\u00a0%" in page  # 1 of 3 tasks due completed at the review
    assert "Record a review" not in page  # viewers do not manage the plan


def test_task_table_filters_and_sorts_through_htmx(personas, plan):
    client = personas.client("viewer")
    headers = {"HX-Request": "true"}
    rows = client.get(f"/plans/{plan.pk}/?agency={personas.other_agency.pk}", headers=headers)
    body = rows.content.decode()
    assert "<html" not in body
    assert "Task 2" in body and "Task 1" not in body
    by_area = client.get(f"/plans/{plan.pk}/?section=OP2", headers=headers).content.decode()
    assert "Task 2" in by_area and "Task 1" not in by_area and "Task 3" not in by_area
    descending = client.get(f"/plans/{plan.pk}/?sort=-number", headers=headers).content.decode()
    assert descending.index("Task 3") < descending.index("Task 1")
    assert 'aria-sort="descending"' in descending


def test_coordinator_records_a_review_in_one_form_and_sees_the_rate(personas, plan):
    tasks = list(plan.tasks.order_by("number"))
    client = personas.client("coordinator")
    form = client.get(f"/plans/{plan.pk}/reviews/new/").content.decode()
    assert all(f'name="status-{t.pk}"' in form for t in tasks)
    data: dict[str, object] = {"title": "Vienna review", "held_on": "2017-05-22", "notes": ""}
    for t, (status, progress) in zip(
        tasks, [("completed", 100), ("completed", 100), ("in_progress", 40)], strict=True
    ):
        data |= {
            f"status-{t.pk}": status,
            f"progress-{t.pk}": progress,
            f"note-{t.pk}": "ok",
            f"version-{t.pk}": t.lock_version,
        }
    response = client.post(f"/plans/{plan.pk}/reviews/new/", data)
    new = Review.objects.get(title="Vienna review")
    assert response["Location"] == new.get_absolute_url()
    assert new.implementation_rate == pytest.approx(2 / 3)
    page = client.get(new.get_absolute_url()).content.decode()
    assert "67\u00a0%" in page
    assert new.updates.filter(note="ok").count() == 3


def test_review_form_reports_a_task_changed_meanwhile_and_records_nothing(personas, plan, mes_task):
    client = personas.client("coordinator")
    data = {
        "title": "R",
        "held_on": "2017-05-22",
        f"status-{mes_task.pk}": "completed",
        f"progress-{mes_task.pk}": 100,
        f"version-{mes_task.pk}": mes_task.lock_version,
    }
    services.record_task_update(mes_task, by=personas.focal, status="in_progress", progress=10)
    response = client.post(f"/plans/{plan.pk}/reviews/new/", data)
    assert response.status_code == 409
    assert "Task 1 was changed by focal since you opened it" in response.content.decode()
    assert not plan.reviews.exists()


def test_compare_page_shows_what_changed_between_two_reviews(personas, plan):
    review(plan, personas.coordinator, date(2016, 12, 20), t1=("in_progress", 50))
    review(
        plan, personas.coordinator, date(2017, 5, 22), t1=("completed", 100), t2=("in_progress", 20)
    )
    page = personas.client("viewer").get(f"/plans/{plan.pk}/reviews/compare/").content.decode()
    assert "1 task completed between the two reviews" in page
    assert "2 tasks changed" in page


def test_my_tasks_lists_only_the_agencys_tasks_and_updates_a_row_through_htmx(
    personas, plan, mes_task
):
    client = personas.client("focal")
    page = client.get("/plans/my-tasks/").content.decode()
    assert "Task 1" in page and "Task 3" in page and "Task 2" not in page
    response = client.post(
        f"/plans/tasks/{mes_task.pk}/progress/",
        {"status": "completed", "progress": 100, "note": "Adopted", "lock_version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Saved." in response.content.decode()
    mes_task.refresh_from_db()
    assert mes_task.status == Task.Status.COMPLETED


def test_my_tasks_row_reports_a_conflict_with_409(personas, mes_task):
    services.record_task_update(mes_task, by=personas.coordinator, status="in_progress", progress=5)
    response = personas.client("focal").post(
        f"/plans/tasks/{mes_task.pk}/progress/",
        {"status": "completed", "progress": 100, "lock_version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "Task 1 was changed by coordinator since you opened it" in response.content.decode()
    row = response.content.decode()
    assert 'value="5"' in row  # what is stored now, so that saving again is deliberate


def test_my_tasks_row_refuses_a_wrong_value_with_422_and_keeps_what_was_typed(personas, mes_task):
    response = personas.client("focal").post(
        f"/plans/tasks/{mes_task.pk}/progress/",
        {"status": "in_progress", "progress": 140, "note": "Draft law sent", "lock_version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    row = response.content.decode()
    assert "Progress is a percentage from 0 to 100." in row
    assert f'value="140" aria-invalid="true" aria-describedby="err-{mes_task.pk}"' in row
    assert 'value="Draft law sent"' in row
    assert '<option value="in_progress" selected>' in row
    mes_task.refresh_from_db()
    assert mes_task.progress == 0


def test_my_tasks_leaves_out_tasks_of_superseded_plans(personas, make_plan):
    old = make_plan(status="superseded", tasks=1, title="Old plan")
    page = personas.client("focal").get("/plans/my-tasks/").content.decode()
    assert old.title not in page


@time_machine.travel(date(2015, 1, 10))
def test_due_soon_and_overdue_lists(personas, plan):
    # Tasks 1, 2, 3 are due on 2, 3 and 4 January 2015: all overdue on the 10th.
    services.update_task(
        plan.tasks.get(number="3"), by=personas.coordinator, due_date=date(2015, 2, 1)
    )
    page = personas.client("viewer").get("/plans/due/").content.decode()
    overdue, soon = page.split("Due within 30 days", 1)
    assert "Task 1" in overdue and "Task 2" in overdue
    assert "Task 3" in soon


@time_machine.travel(date(2015, 1, 3))
def test_inbox_reminds_the_focal_point_and_remembers_read_and_dismissed(personas, plan):
    client = personas.client("focal")
    page = client.get("/plans/inbox/").content.decode()
    assert "Task 1" in page and "Task 3" in page and "Task 2" not in page
    assert "overdue by 1 day" in page
    assert "2 unread" in page
    key = f"{plan.tasks.get(number='1').pk}:overdue:2015-01-02"
    client.post("/plans/inbox/mark/", {"key": key, "action": "dismiss"})
    page = client.get("/plans/inbox/").content.decode()
    assert "Task 1" not in page and "1 unread" in page
    dashboard = client.get("/").content.decode()
    assert "Reminders" in dashboard and "Task 3" in dashboard


def test_draft_from_gaps_page_creates_the_picked_tasks(personas, plan, matrix_with_gaps):
    client = personas.client("coordinator")
    page = client.get(f"/plans/{plan.pk}/draft/").content.decode()
    assert "OP3(d)-N-LEG" in page and "OP1-01" not in page
    response = client.post(
        f"/plans/{plan.pk}/draft/",
        {"pick-0": "on", "title-0": "Picked gap", "agency-0": personas.agency.pk},
    )
    assert response.status_code == 302
    task = plan.tasks.get(title="Picked gap")
    assert task.lead_agency == personas.agency
    assert task.fields.exists()


@pytest.mark.parametrize(
    ("language", "point_of_contact", "control_list", "kinds"),
    [
        (
            "fr",
            "point de contact national pour la résolution 1540",
            "liste nationale de contrôle",
            "Commerce et contrôle des exportations, Douanes et frontières",
        ),
        (
            "ar",
            "جهة الاتصال الوطنية المعنية بالقرار 1540",
            "قائمة المراقبة الوطنية",
            "التجارة ومراقبة الصادرات، الجمارك والحدود",
        ),
    ],
)
def test_draft_from_gaps_says_why_in_the_readers_language(
    personas, plan, matrix_with_gaps, language, point_of_contact, control_list, kinds
):
    client = personas.client("coordinator")
    page = client.get(f"/plans/{plan.pk}/draft/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert point_of_contact in page and control_list in page
    assert "national 1540 point of contact" not in page
    assert "national control list" not in page
    # OP1-R19 suggests trade, then customs: listed with the reader's comma.
    assert kinds in page


def test_update_to_next_period_previews_then_creates_the_successor(personas, plan):
    review(plan, personas.coordinator, date(2016, 12, 20), t1=("completed", 100))
    client = personas.client("coordinator")
    params = {"title": "NAP 2017-2021", "period_start": "2017-01-01", "period_end": "2021-12-31"}
    preview = client.get(f"/plans/{plan.pk}/update/", params).content.decode()
    assert "2 tasks carried over" in preview and "1 task closed" in preview
    response = client.post(f"/plans/{plan.pk}/update/", {**params, "confirm": "1"})
    successor = Plan.objects.get(title="NAP 2017-2021")
    assert response["Location"] == f"/plans/{successor.pk}/update-summary/"
    summary = client.get(response["Location"]).content.decode()
    assert "2 tasks carried over" in summary
    assert "Completed on" in summary
    old_page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "has been superseded by" in old_page


def test_task_page_shows_links_both_ways_after_an_update(personas, plan):
    successor = services.create_successor(
        plan,
        by=personas.coordinator,
        title="Next",
        period_start=date(2017, 1, 1),
        period_end=date(2021, 12, 31),
    )
    original = plan.tasks.get(number="1")
    carried = successor.tasks.get(carried_over_from=original)
    client = personas.client("viewer")
    assert carried.get_absolute_url() in client.get(original.get_absolute_url()).content.decode()
    assert original.get_absolute_url() in client.get(carried.get_absolute_url()).content.decode()


def test_coordinator_edits_a_task_and_history_shows_before_and_after(personas, mes_task, plan):
    client = personas.client("coordinator")
    response = client.post(
        f"/plans/tasks/{mes_task.pk}/edit/",
        {
            "number": "1",
            "title": "Renamed task",
            "priority": "high",
            "status": "in_progress",
            "progress": 10,
            "currency": "USD",
            "funding": "domestic",
            "field_keys": "OP1-R16",
            "lead_agency": personas.agency.pk,
            "lock_version": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()
    history = client.get(f"/plans/{plan.pk}/history/").content.decode()
    assert "task.updated" not in history
    assert "coordinator changed the task 1 Renamed task: title: Task 1 → Renamed task;" in history


def test_task_edit_form_refuses_a_stale_version(personas, mes_task):
    services.update_task(mes_task, by=personas.coordinator, title="Changed elsewhere")
    response = personas.client("coordinator").post(
        f"/plans/tasks/{mes_task.pk}/edit/",
        {
            "number": "1",
            "title": "Mine",
            "priority": "high",
            "status": "not_started",
            "progress": 0,
            "currency": "USD",
            "funding": "domestic",
            "lock_version": 1,
        },
    )
    assert response.status_code == 409
    assert "Task 1 was changed by coordinator since you opened it" in response.content.decode()


def test_status_buttons_move_the_plan_through_its_workflow(personas, make_plan):
    plan = make_plan(status="draft")
    client = personas.client("coordinator")
    client.post(f"/plans/{plan.pk}/status/", {"status": "adopted"})
    plan.refresh_from_db()
    assert plan.status == "adopted"
    response = client.post(f"/plans/{plan.pk}/status/", {"status": "draft"})
    plan.refresh_from_db()
    assert plan.status == "adopted"
    assert response.status_code == 302


def test_plan_list_filters_by_state_and_status(personas, make_plan):
    make_plan(title="Uzbek plan", visibility="public")
    make_plan(title="Kazakh plan", state=personas.kaz, visibility="public", status="draft")
    client = personas.client("anonymous")
    assert "Kazakh plan" not in client.get("/plans/?state=UZB").content.decode()
    assert "Uzbek plan" not in client.get("/plans/?status=draft").content.decode()


def test_every_plans_template_compiles():
    from pathlib import Path

    from django.template.loader import get_template

    folder = Path(__file__).resolve().parent.parent / "templates" / "plans"
    names = sorted(p.name for p in folder.glob("*.html"))
    assert len(names) > 20
    for name in names:
        get_template(f"plans/{name}")


def test_the_plan_page_shows_each_chart_in_a_figure_with_a_caption_and_a_summary(personas, plan):
    review(plan, personas.coordinator, date(2016, 12, 20), t1=("in_progress", 50))
    client = personas.client("viewer")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert len(_figures(page)) == 4  # timeline, by area, by agency, the reviews
    assert "coloured by its status" in page
    history = client.get(f"/plans/{plan.pk}/rates/").content.decode()
    assert len(_figures(history)) == 1


def test_the_plan_page_charts_keep_mirroring_in_arabic(personas, plan):
    import re

    def first_task_label(language):
        page = (
            personas.client("viewer")
            .get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
            .content.decode()
        )
        timeline = _figures(page)[0]
        box = re.search(r'viewBox="0 0 ([\d.]+) ', timeline)
        label = re.search(r'<text x="([\d.]+)"[^>]*data-user-content', timeline)
        assert box is not None and label is not None
        return float(label[1]) / float(box[1])

    # Task labels stand at the reading start: the left in English, the right in Arabic.
    assert first_task_label("en") < 0.5 < first_task_label("ar")
