from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WeaponCategory(models.TextChoices):
    NUCLEAR = "N", _("Nuclear")
    CHEMICAL = "C", _("Chemical")
    BIOLOGICAL = "B", _("Biological")


class Framework(models.Model):
    """One version of a framework library, such as the 1540 Committee's matrix template.

    Answers are keyed by the field's stable `key` (for example "OP1-01"), so a
    newer version keeps the answers for every field whose key persists.
    """

    library = models.SlugField(_("library"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    template = models.CharField(_("template"), max_length=300, blank=True)
    header_fields = models.JSONField(default=list, blank=True)
    marks = models.JSONField(default=list, blank=True)
    disclaimers = models.JSONField(default=list, blank=True)
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 of the library content"))
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["library", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["library", "version"], name="framework_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Section(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=300)
    row_header = models.CharField(max_length=300, blank=True)
    columns = models.JSONField(default=list, blank=True)
    has_weapon_columns = models.BooleanField(default=False)
    provenance = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="section_code_unique")
        ]

    def __str__(self) -> str:
        return self.code


class FieldDef(models.Model):
    """One data field of the matrix template; `key` is stable across versions."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="fields")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("field id"), max_length=40)
    order = models.PositiveIntegerField()
    label = models.CharField(_("label"), max_length=400)
    weapon_category = models.CharField(
        _("weapon category"), max_length=1, choices=WeaponCategory.choices, blank=True
    )
    delivery = models.BooleanField(_("means of delivery"), default=False)
    provenance = models.CharField(max_length=200, blank=True)
    sources = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="field_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.label}"
