"""The site's own defences: CSP, redirects that stay on the site, upload caps, admin scope."""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nap1540.core.http.middleware import CONTENT_SECURITY_POLICY
from nap1540.plans.models import Plan, Task
from nap1540.registry.models import Group

pytestmark = pytest.mark.django_db

ELSEWHERE = ["https://elsewhere.example/", "//elsewhere.example/", "https:elsewhere.example"]


@pytest.fixture
def task(personas: Any) -> Task:
    plan = Plan.objects.create(
        state=personas.uzb,
        title="Plan",
        period_start=date(2014, 1, 1),
        period_end=date(2016, 12, 31),
        status="adopted",
    )
    return Task.objects.create(
        plan=plan, number="1", title="Train customs", lead_agency=personas.agency
    )


def test_every_page_carries_a_policy_without_inline_code(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy
    body = response.content.decode()
    assert "<script>" not in body and " style=" not in body
    assert '"includeIndicatorStyles": false' in body  # htmx adds no <style> element


@pytest.mark.parametrize("target", ELSEWHERE)
def test_task_progress_never_redirects_off_the_site(personas, task, target):
    response = personas.client("focal").post(
        f"/plans/tasks/{task.pk}/progress/",
        {"status": "in_progress", "progress": 40, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == task.get_absolute_url()
    task.refresh_from_db()
    assert task.progress == 40  # the update itself went through


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_inbox_never_redirects_off_the_site(personas, target):
    response = personas.client("focal").post(
        "/plans/inbox/mark/", {"action": "read_all", "next": target}
    )
    assert response["Location"] == "/plans/inbox/"


def test_a_next_on_the_site_is_followed(personas, task):
    response = personas.client("focal").post(
        f"/plans/tasks/{task.pk}/progress/",
        {"status": "in_progress", "progress": 10, "next": "/plans/mine/?x=1"},
    )
    assert response["Location"] == "/plans/mine/?x=1"


def test_an_upload_above_the_cap_is_refused_with_the_limit(personas, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("big.xlsx", b"0" * (1024 * 1024 + 1))
    response = personas.client("coordinator").post("/matrix/UZB/import/", {"workbook": big})
    assert "The file is larger than 1 MB; upload a smaller file." in response.content.decode()


def test_a_request_body_above_the_cap_is_refused_before_it_is_read(personas, settings):
    settings.MAX_UPLOAD_MB = 1
    body = io.BytesIO(b"0" * (3 * 1024 * 1024))
    response = personas.client("coordinator").generic(
        "POST", "/plans/import/", body.getvalue(), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    api = personas.client("coordinator").generic(
        "POST", "/api/v1/plans/", body.getvalue(), content_type="application/json"
    )
    assert api.status_code == 413 and "larger than 1 MB" in api.json()["detail"]


def test_reference_data_notes_are_for_administrators(personas):
    group = Group.objects.exclude(note="").first()
    assert group is not None
    url = f"/regions/{group.code}/"
    snippet = group.note[:40]
    assert snippet not in personas.client("anonymous").get(url).content.decode()
    assert snippet not in personas.client("expert").get(url).content.decode()
    personas.admin.is_staff = True
    personas.admin.save()
    assert snippet in personas.client("admin").get(url).content.decode()


def test_the_admin_site_lists_reference_data_and_accounts_only(personas, task):
    from django.contrib import admin

    labels = {model._meta.label for model in admin.site._registry}
    assert "plans.Plan" not in labels and "events.Event" not in labels
    assert "assistance.Request" not in labels and "matrix.Matrix" not in labels
    assert "registry.PointOfContact" not in labels and "accounts.AuditEvent" not in labels
    assert {"registry.State", "registry.Group", "accounts.User"} <= labels
    personas.admin.is_staff = True
    personas.admin.is_superuser = True
    personas.admin.save()
    client = personas.client("admin")
    assert client.get("/admin/plans/plan/").status_code == 404
    # "View on site" follows only records the administrator may see.
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Task)
    assert client.get(f"/admin/r/{ct.pk}/{task.pk}/").status_code == 404
    Plan.objects.filter(pk=task.plan_id).update(visibility="committee")
    assert client.get(f"/admin/r/{ct.pk}/{task.pk}/").status_code == 302


def test_hidden_and_missing_records_answer_alike(personas, task):
    client = personas.client("outsider")
    hidden = client.get(f"/plans/{task.plan_id}/")
    missing = client.get("/plans/987654/")
    assert hidden.status_code == missing.status_code == 404

    def main(response: Any, pk: Any) -> str:
        body = response.content.decode()
        main = body[body.index("<main") : body.index("</main>")]
        return main.replace(f"/plans/{pk}/", "/N/").replace(f" {pk} ", " N ")

    assert main(hidden, task.plan_id) == main(missing, 987654)
    anonymous = personas.client("anonymous").get(f"/plans/{task.plan_id}/").content.decode()
    assert "Some records are visible only after you log in." in anonymous


def test_the_demo_runs_with_the_production_error_pages(monkeypatch, tmp_path):
    from nap1540 import cli

    # A copy of the environment: what the demo sets (demo mode too) must not leak into the
    # processes later tests start.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    for name in ("DEBUG", "ALLOWED_HOSTS", "SECRET_KEY", "SECURE_SSL_REDIRECT"):
        os.environ.pop(name, None)
    os.environ["NAP1540_VAR_DIR"] = str(tmp_path)
    cli._demo_environment("127.0.0.1")
    assert os.environ["DEBUG"] == "0"
    assert os.environ["SECURE_SSL_REDIRECT"] == "0"
    assert "127.0.0.1" in os.environ["ALLOWED_HOSTS"].split(",")
    assert os.environ["SECRET_KEY"] == (tmp_path / "dev-secret-key").read_text().strip()


def test_a_download_name_outside_ascii_is_kept_for_the_browser():
    from urllib.parse import quote

    from nap1540.core.http.downloads import CSV, download

    response = download("a,b\n", CSV, "матрица-UZB.csv")
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"???????-UZB.csv\"; filename*=UTF-8''{quote('матрица-UZB.csv')}"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
