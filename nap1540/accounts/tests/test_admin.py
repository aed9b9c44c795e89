"""The admin names permissions in the reader's language, not in the English Django stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from nap1540.accounts.admin import permission_label

pytestmark = pytest.mark.django_db


def test_a_default_permission_is_named_in_the_active_language() -> None:
    permission = Permission.objects.get(codename="add_plan", content_type__app_label="plans")
    assert permission.name == "Can add national action plan"
    with translation.override("fr"):
        label = permission_label(permission)
    assert label.endswith("| Peut ajouter : plan d'action national de mise en œuvre")


def test_the_group_page_lists_permissions_in_russian(personas: Any) -> None:
    client = personas.client("admin")
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    page = client.get("/admin/auth/group/add/", headers={"Accept-Language": "ru"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Может просматривать: национальный план действий" in text
    assert "Can view national action plan" not in text
