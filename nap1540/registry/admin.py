from django.contrib import admin
from django.db import models

from nap1540.registry.models import Agency, Group, Organisation, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "iso2", "un_status"]
    list_filter = ["un_status"]
    search_fields = ["name", "iso3", "official_name"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_reference"]
    list_filter = ["kind", "is_reference"]
    search_fields = ["name", "code"]
    filter_horizontal = ["members"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "code", "kind", "parent", "is_provider"]
    list_filter = ["kind", "is_provider"]
    search_fields = ["name", "code", "acronym"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "kind", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "state__name"]
    autocomplete_fields = ["state"]
