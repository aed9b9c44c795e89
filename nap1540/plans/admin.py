from django.contrib import admin

from nap1540.plans.models import Plan, ReminderState, Review, Task, TaskUpdate


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["number", "title", "lead_agency", "due_date", "status", "progress"]
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "period_start", "period_end", "status", "visibility"]
    list_filter = ["status", "visibility", "is_demo"]
    search_fields = ["title", "state__name", "state__iso3"]
    raw_id_fields = ["replaces", "coordinating_agency", "created_by"]
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan", "lead_agency", "due_date", "status", "progress"]
    list_filter = ["status", "priority", "assistance_needed"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan", "lead_agency", "carried_over_from", "updated_by"]
    filter_horizontal = ["supporting_agencies"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "held_on", "tasks_due", "tasks_completed"]
    raw_id_fields = ["plan", "created_by"]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    list_display = ["task", "review", "status", "progress", "recorded_at"]
    raw_id_fields = ["task", "review", "recorded_by"]


@admin.register(ReminderState)
class ReminderStateAdmin(admin.ModelAdmin):
    list_display = ["user", "task", "kind", "due_date", "read_at", "dismissed_at"]
    raw_id_fields = ["user", "task"]
