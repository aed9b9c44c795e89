from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from nap1540.assistance.models import (
    Distribution,
    Feedback,
    Match,
    Offer,
    Proposal,
    Request,
    RequestItem,
    Transition,
)


class ItemInline(admin.TabularInline):
    model = RequestItem
    extra = 0
    fields = ["number", "text", "priority", "source_task"]
    raw_id_fields = ["source_task"]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ("at", "event", "from_status", "to_status", "by", "automatic", "note")
    fields = ("at", "event", "from_status", "to_status", "by", "automatic", "note")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the history is written by the workflow only


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "group", "date", "status", "visibility", "is_demo"]
    list_filter = ["status", "visibility", "channel", "is_demo"]
    search_fields = ["title", "state__name", "group__name"]
    readonly_fields = ["status", "summary_posted_on", "distributed_on"]
    inlines = [ItemInline, TransitionInline]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "provider_state", "provider_organisation", "is_withdrawn"]
    list_filter = ["is_withdrawn", "is_demo"]
    search_fields = ["title", "code", "description"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["item", "offer", "rank", "score", "status"]
    list_filter = ["status"]
    raw_id_fields = ["item", "offer"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["item", "offer", "status", "confirmed_on", "delivered_on"]
    list_filter = ["status"]
    raw_id_fields = ["item", "offer", "proposal"]


admin.site.register(Distribution)
admin.site.register(Feedback)
