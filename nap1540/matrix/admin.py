"""Reference data only: matrices are a State's records, kept out of the admin site
(docs/decisions/001-visibility.md)."""

from django.contrib import admin

from nap1540.matrix.models import FieldDef, Framework


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
