from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from nap1540.accounts.models import APIToken, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["state", "agency", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]


@admin.register(APIToken)
class APITokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
