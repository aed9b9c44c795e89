"""Who sees and changes what: every persona against every visibility, pages, exports and API."""

from datetime import date

import pytest

from conftest import PERSONA_NAMES
from nap1540.plans.models import Task
from nap1540.plans.tests.conftest import review

SEES = {
    "private": {"coordinator", "focal", "viewer"},
    "committee": {"coordinator", "focal", "viewer", "expert", "admin"},
    "public": set(PERSONA_NAMES),
}


def _read_urls(plan, task, rev):
    return [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/export.docx",
        f"/plans/{plan.pk}/export.xlsx",
        f"/plans/{plan.pk}/rates/",
        f"/plans/{plan.pk}/reviews/compare/",
        f"/plans/tasks/{task.pk}/",
        f"/plans/reviews/{rev.pk}/",
        f"/api/v1/plans/{plan.pk}",
        f"/api/v1/plans/{plan.pk}/tasks",
        f"/api/v1/plans/{plan.pk}/reviews",
        f"/api/v1/plans/{plan.pk}/rates",
        f"/api/v1/plans/tasks/{task.pk}",
        f"/api/v1/plans/tasks/{task.pk}/updates",
        f"/api/v1/plans/reviews/{rev.pk}",
    ]


@pytest.mark.parametrize("visibility", ["private", "committee", "public"])
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_plan_pages_exports_and_api_follow_the_plans_visibility(
    personas, make_plan, persona, visibility
):
    plan = make_plan(visibility=visibility, tasks=2)
    task = plan.tasks.first()
    rev = review(plan, personas.coordinator, date(2016, 1, 1), t1=("completed", 100))
    client = personas.client(persona)
    expected = 200 if persona in SEES[visibility] else 404
    for url in _read_urls(plan, task, rev):
        assert client.get(url).status_code == expected, url
    listed = client.get("/api/v1/plans/").json()["items"]
    assert (plan.pk in [p["id"] for p in listed]) == (expected == 200)
    page = client.get("/plans/").content.decode()
    assert (plan.get_absolute_url() in page) == (expected == 200)
    state_page = client.get(f"/states/{personas.uzb.iso3}/").content.decode()
    assert (plan.get_absolute_url() in state_page) == (expected == 200)


def test_focal_point_cannot_see_another_states_private_plan(personas, make_plan):
    kaz_plan = make_plan(state=personas.kaz, visibility="private", tasks=1)
    client = personas.client("focal")
    assert client.get(f"/plans/{kaz_plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/plans/{kaz_plan.pk}").status_code == 404
    assert client.get(f"/plans/{kaz_plan.pk}/export.docx").status_code == 404


def test_outsider_gets_404_for_every_page_and_write_of_a_private_plan(personas, plan, mes_task):
    client = personas.client("outsider")
    for url in (
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/edit/",
        f"/plans/{plan.pk}/history/",
        f"/plans/{plan.pk}/reviews/new/",
        f"/plans/{plan.pk}/update/",
        f"/plans/{plan.pk}/draft/",
        f"/plans/{plan.pk}/import/",
        f"/plans/{plan.pk}/tasks/new/",
        f"/plans/tasks/{mes_task.pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"/plans/{plan.pk}/status/", f"/plans/tasks/{mes_task.pk}/progress/"):
        assert client.post(url, {"status": "closed", "progress": 1}).status_code == 404, url
    api = f"/api/v1/plans/tasks/{mes_task.pk}"
    assert client.patch(api, {"title": "x"}, content_type="application/json").status_code == 404
    assert (
        client.post(
            f"{api}/updates",
            {"status": "completed", "progress": 100},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_focal_point_cannot_change_another_agencys_task_on_the_page(personas, moh_task):
    client = personas.client("focal")
    response = client.post(
        f"/plans/tasks/{moh_task.pk}/progress/", {"status": "completed", "progress": 100}
    )
    assert response.status_code == 403
    moh_task.refresh_from_db()
    assert moh_task.status == Task.Status.NOT_STARTED
    page = client.get(f"/plans/tasks/{moh_task.pk}/").content.decode()
    assert "Update progress" not in page


def test_focal_point_cannot_change_another_agencys_task_through_the_api(personas, moh_task, bearer):
    from django.test import Client

    client = Client(headers=bearer("focal"))
    url = f"/api/v1/plans/tasks/{moh_task.pk}"
    response = client.patch(url, {"status": "completed"}, content_type="application/json")
    assert response.status_code == 403
    assert "detail" in response.json()
    response = client.post(
        f"{url}/updates", {"status": "completed", "progress": 100}, content_type="application/json"
    )
    assert response.status_code == 403
    moh_task.refresh_from_db()
    assert moh_task.status == Task.Status.NOT_STARTED


def test_focal_point_updates_their_agencys_task_but_not_what_it_is(personas, mes_task, bearer):
    from django.test import Client

    client = Client(headers=bearer("focal"))
    url = f"/api/v1/plans/tasks/{mes_task.pk}"
    ok = client.patch(
        url,
        {"status": "in_progress", "progress": 40, "lock_version": 1},
        content_type="application/json",
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["progress"] == 40
    refused = client.patch(url, {"title": "Renamed"}, content_type="application/json")
    assert refused.status_code == 403
    assert "status, progress and note" in refused.json()["detail"]
    page = personas.client("focal")
    assert page.get(f"/plans/tasks/{mes_task.pk}/edit/").status_code == 403
    posted = page.post(
        f"/plans/tasks/{mes_task.pk}/progress/",
        {"status": "completed", "progress": 100, "lock_version": 2},
    )
    assert posted.status_code == 302
    mes_task.refresh_from_db()
    assert mes_task.status == Task.Status.COMPLETED


@pytest.mark.parametrize("persona", ["viewer", "focal", "expert", "admin"])
def test_only_the_coordinator_manages_the_plan(personas, plan, persona):
    client = personas.client(persona)
    for url in (
        f"/plans/{plan.pk}/edit/",
        f"/plans/{plan.pk}/reviews/new/",
        f"/plans/{plan.pk}/update/",
        f"/plans/{plan.pk}/tasks/new/",
    ):
        assert client.get(url).status_code in (403, 404), url
    response = client.post(f"/plans/{plan.pk}/status/", {"status": "submitted"})
    assert response.status_code in (403, 404)
    api = client.post(
        f"/api/v1/plans/{plan.pk}/reviews",
        {"title": "R", "held_on": "2017-01-01"},
        content_type="application/json",
    )
    assert api.status_code in (403, 404)


def test_anonymous_visitors_are_sent_to_log_in_for_write_pages(personas, make_plan):
    plan = make_plan(visibility="public", tasks=1)
    client = personas.client("anonymous")
    response = client.get(f"/plans/{plan.pk}/edit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/plans/my-tasks/").status_code == 302
    assert client.get("/plans/inbox/").status_code == 302


def test_history_is_for_the_state_and_the_committee(personas, make_plan):
    plan = make_plan(visibility="public")
    assert personas.client("viewer").get(f"/plans/{plan.pk}/history/").status_code == 200
    assert personas.client("expert").get(f"/plans/{plan.pk}/history/").status_code == 200
    assert personas.client("outsider").get(f"/plans/{plan.pk}/history/").status_code == 403
    assert personas.client("anonymous").get(f"/plans/{plan.pk}/history/").status_code == 302
