from datetime import date

import pytest
from django.test import Client

from nap1540.plans.models import Plan, Task
from nap1540.plans.tests.conftest import review

JSON = "application/json"


@pytest.fixture
def coordinator_api(bearer):
    return Client(headers=bearer("coordinator"))


def test_coordinator_creates_a_plan_and_a_task_through_the_api(coordinator_api, personas):
    response = coordinator_api.post(
        "/api/v1/plans/",
        {
            "state": "UZB",
            "title": "API plan",
            "period_start": "2017-01-01",
            "period_end": "2021-12-31",
            "coordinating_agency": personas.agency.pk,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    assert response.json()["coordinating_agency"] == personas.agency.pk
    response = coordinator_api.post(
        f"/api/v1/plans/{plan_id}/tasks",
        {
            "title": "Adopt a control list",
            "fields": ["OP3(d)-N-LIST"],
            "lead_agency": personas.agency.pk,
            "due_date": "2019-12-31",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "1"
    assert body["fields"] == ["OP3(d)-N-LIST"]
    assert body["section_code"] == "OP3(d)"
    assert body["lock_version"] == 1


def test_outsider_cannot_create_a_plan_for_another_state(bearer):
    response = Client(headers=bearer("outsider")).post(
        "/api/v1/plans/",
        {"state": "UZB", "title": "x", "period_start": "2017-01-01", "period_end": "2018-01-01"},
        content_type=JSON,
    )
    assert response.status_code == 403


def test_invalid_writes_answer_422_with_a_message(coordinator_api, plan):
    response = coordinator_api.post(
        f"/api/v1/plans/{plan.pk}/tasks", {"title": "x", "fields": ["NOPE"]}, content_type=JSON
    )
    assert response.status_code == 422
    assert "Unknown matrix field" in response.json()["detail"]
    response = coordinator_api.post(
        f"/api/v1/plans/{plan.pk}/status", {"status": "draft"}, content_type=JSON
    )
    assert response.status_code == 422


def test_patch_with_a_stale_lock_version_answers_409_with_the_current_version(
    coordinator_api, mes_task
):
    url = f"/api/v1/plans/tasks/{mes_task.pk}"
    first = coordinator_api.patch(url, {"title": "A", "lock_version": 1}, content_type=JSON)
    assert first.status_code == 200
    assert first.json()["lock_version"] == 2
    second = coordinator_api.patch(url, {"title": "B", "lock_version": 1}, content_type=JSON)
    assert second.status_code == 409
    assert second.json()["current_lock_version"] == 2
    assert "Task 1 was changed by coordinator since" in second.json()["detail"]
    assert Task.objects.get(pk=mes_task.pk).title == "A"


def test_task_updates_are_recorded_and_listed(coordinator_api, bearer, mes_task):
    focal = Client(headers=bearer("focal"))
    url = f"/api/v1/plans/tasks/{mes_task.pk}/updates"
    response = focal.post(
        url, {"status": "in_progress", "progress": 30, "note": "Started"}, content_type=JSON
    )
    assert response.status_code == 201
    stale = focal.post(
        url, {"status": "completed", "progress": 100, "lock_version": 1}, content_type=JSON
    )
    assert stale.status_code == 409
    listed = coordinator_api.get(url).json()
    assert [(u["status"], u["progress"], u["note"]) for u in listed] == [
        ("in_progress", 30, "Started")
    ]


def test_reviews_and_rate_history_through_the_api(coordinator_api, plan):
    tasks = list(plan.tasks.order_by("number"))
    response = coordinator_api.post(
        f"/api/v1/plans/{plan.pk}/reviews",
        {
            "title": "Tashkent roundtable",
            "held_on": "2016-12-20",
            "updates": [
                {"task": tasks[0].pk, "status": "completed", "progress": 100, "note": "done"}
            ],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert len(body["updates"]) == 3
    assert body["tasks_due"] == 3 and body["tasks_completed"] == 1
    review(plan, None, date(2017, 5, 22), t1=("completed", 100), t2=("completed", 100))
    history = coordinator_api.get(f"/api/v1/plans/{plan.pk}/rates").json()
    assert [round(p["implementation_rate"], 2) for p in history] == [0.33, 0.67]
    detail = coordinator_api.get(f"/api/v1/plans/reviews/{body['id']}").json()
    assert detail["updates"][0]["note"] == "done"


def test_plan_list_filters_and_reports_the_latest_rate(coordinator_api, plan, make_plan, personas):
    make_plan(state=personas.kaz, visibility="public")
    review(plan, None, date(2016, 1, 1), t1=("completed", 100))
    items = coordinator_api.get("/api/v1/plans/?state=uzb").json()["items"]
    assert [p["id"] for p in items] == [plan.pk]
    assert round(items[0]["latest_rate"], 2) == 0.33


def test_coordinator_moves_the_plan_and_deletes_a_task(coordinator_api, plan, mes_task):
    url = f"/api/v1/plans/{plan.pk}/status"
    refused = coordinator_api.post(url, {"status": "submitted"}, content_type=JSON)
    # The plan is private: submitting it shares it with the Committee, which needs confirming.
    assert refused.status_code == 422
    assert "1540 Committee" in refused.json()["detail"]
    response = coordinator_api.post(
        url, {"status": "submitted", "confirm": True}, content_type=JSON
    )
    assert (response.json()["status"], response.json()["visibility"]) == (
        "submitted",
        "committee",
    )
    assert coordinator_api.delete(f"/api/v1/plans/tasks/{mes_task.pk}").status_code == 204
    assert not Task.objects.filter(pk=mes_task.pk).exists()
    # Editing never changes who sees the plan; the sharing endpoint does, with a confirmation.
    patched = coordinator_api.patch(
        f"/api/v1/plans/{plan.pk}", {"visibility": "public"}, content_type=JSON
    )
    assert patched.json()["visibility"] == "committee"
    level = f"/api/v1/sharing/plan/{plan.pk}/level"
    unconfirmed = coordinator_api.put(level, {"level": "public"}, content_type=JSON)
    assert unconfirmed.status_code == 422
    assert "Everyone: any visitor of this site" in unconfirmed.json()["detail"]
    published = coordinator_api.put(level, {"level": "public", "confirm": True}, content_type=JSON)
    assert published.json()["level"] == "public"
    assert Plan.objects.get(pk=plan.pk).visibility == "public"


def test_the_openapi_schema_lists_the_plans_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/plans/{plan_id}/reviews" in paths
    assert "/api/v1/plans/tasks/{task_id}" in paths
