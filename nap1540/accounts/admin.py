from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import ManyToManyField
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nap1540.accounts.models import APIToken, Membership, User


def permission_label(permission: Permission) -> str:
    """A permission in the reader's language: Django stores the default ones' names in English
    ("Can add national action plan") when it migrates."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    texts = {
        "add": _("Can add %(model)s"),
        "change": _("Can change %(model)s"),
        "delete": _("Can delete %(model)s"),
        "view": _("Can view %(model)s"),
    }
    if model is None or action not in texts:
        return str(permission)
    if permission.codename != f"{action}_{model._meta.model_name}":
        return str(permission)
    name = texts[action] % {"model": model._meta.verbose_name}
    return f"{permission.content_type} | {name}"


def _with_translated_permissions(
    field: forms.ModelMultipleChoiceField[Any] | None,
) -> forms.ModelMultipleChoiceField[Any] | None:
    if field is not None and field.queryset is not None and field.queryset.model is Permission:
        field.label_from_instance = permission_label  # type: ignore[method-assign,assignment]
    return field


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["state", "agency", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        return _with_translated_permissions(
            super().formfield_for_manytomany(db_field, request, **kwargs)
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        return _with_translated_permissions(
            super().formfield_for_manytomany(db_field, request, **kwargs)
        )


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
