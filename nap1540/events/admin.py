from django.contrib import admin

from nap1540.events.models import Event, Note, NoteRevision, Organiser, Outcome, Participant


class OrganiserInline(admin.TabularInline):
    model = Organiser
    extra = 0
    autocomplete_fields = ["organisation", "state"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["state", "agency", "organisation"]


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    fields = ["order", "text", "action", "plan", "task", "task_title", "lead_agency", "due_date"]
    raw_id_fields = ["plan", "task", "lead_agency"]
    readonly_fields = ["task"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "state", "visibility", "is_demo"]
    list_filter = ["kind", "visibility", "is_demo"]
    search_fields = ["title", "slug", "venue_city"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["plan", "review", "follow_up_to"]
    filter_horizontal = ["states_concerned", "requests"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [OrganiserInline, ParticipantInline, OutcomeInline]


class NoteRevisionInline(admin.TabularInline):
    model = NoteRevision
    extra = 0
    fields = ["number", "created_at", "created_by", "comment"]
    readonly_fields = ["number", "created_at", "created_by", "comment"]
    can_delete = False


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["event", "lang", "revision", "updated_at", "updated_by"]
    list_filter = ["lang"]
    search_fields = ["event__title"]
    readonly_fields = ["revision", "updated_at", "updated_by"]
    inlines = [NoteRevisionInline]
