from django.contrib import admin

from nap1540.matrix.models import EntryChange, FieldDef, Framework, Matrix


class FieldInline(admin.TabularInline):
    model = FieldDef
    extra = 0
    fields = ("key", "section", "order", "label", "weapon_category", "provenance")
    readonly_fields = fields
    can_delete = False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "version", "loaded_at"]
    readonly_fields = ["checksum", "loaded_at"]
    inlines = [FieldInline]


@admin.register(Matrix)
class MatrixAdmin(admin.ModelAdmin):
    """Read-only: matrices change only through the services, which keep the history."""

    list_display = ["state", "version", "status", "visibility", "approved_at", "is_demo"]
    list_filter = ["status", "visibility", "is_demo"]
    search_fields = ["state__name", "state__iso3"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(EntryChange)
class EntryChangeAdmin(admin.ModelAdmin):
    list_display = ["changed_at", "matrix", "field_key", "kind", "changed_by"]
    list_filter = ["kind"]
    search_fields = ["field_key", "matrix__state__name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
