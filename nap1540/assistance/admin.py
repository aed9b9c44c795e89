"""Offers only: they are public. Requests, their items, proposals and matches are a State's
records, handled through the platform's own pages and API, which apply who-may-see-what and
keep the procedure history; the admin site does not list them (docs/decisions/001-visibility.md).
"""

from django.contrib import admin
from django.db import models

from nap1540.assistance.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "provider_state", "provider_organisation", "is_withdrawn"]
    list_filter = ["is_withdrawn", "is_demo"]
    search_fields = ["title", "code", "description"]
