from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nap1540.core.i18n import Text, Translatable, localized
from nap1540.core.visibility import StateOwned, Visibility, principal


class WeaponCategory(models.TextChoices):
    NUCLEAR = "N", _("Nuclear")
    CHEMICAL = "C", _("Chemical")
    BIOLOGICAL = "B", _("Biological")


class Framework(Translatable, models.Model):
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
    # Translations are versioned with the template but apart from its English content:
    # a higher revision may replace them without a new template version (decision 014).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    translations_revision = models.PositiveIntegerField(_("translations revision"), default=0)
    translations_checksum = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["library", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "version"],
                name="framework_version_unique",
                violation_error_message=_("This framework already has a version with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def mark_meanings(self) -> dict[str, Text]:
        """Each mark's meaning in the active language, by mark code."""
        return {
            m.get("code", ""): localized(m.get("meaning", ""), m.get("translations"), "meaning")
            for m in self.marks
        }


class Section(Translatable, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=300)
    row_header = models.CharField(max_length=300, blank=True)
    columns = models.JSONField(default=list, blank=True)
    has_weapon_columns = models.BooleanField(default=False)
    provenance = models.CharField(max_length=200, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"],
                name="section_code_unique",
                violation_error_message=_("This framework already has a section with this code."),
            )
        ]

    def __str__(self) -> str:
        return self.code


class FieldDef(Translatable, models.Model):
    """One data field of the matrix template; `key` is stable across versions."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="fields")
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="fields", verbose_name=_("Section")
    )
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
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["section__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "key"],
                name="field_key_unique",
                violation_error_message=_("This framework already has a field with this key."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.label}"


# --- State matrices ------------------------------------------------------------------------


class Mark(models.TextChoices):
    """The Committee's marks; meanings as printed on every matrix (see the framework's `marks`)."""

    X = "X", _("X: measure in place or specific references given")
    UNCLEAR = "?", _("?: references may not be relevant or are incomplete")
    NA = "NA", _("NA: not applicable to the State")
    BLANK = "", _("blank: no information identified")


class SourceKind(models.TextChoices):
    NONE = "", _("not stated")
    NATIONAL_REPORT = "national_report", _("National report")
    WEBSITE = "website", _("Official web site")
    INTERNATIONAL_ORGANISATION = (
        "international_org",
        _("Information from an international organisation"),
    )
    OTHER = "other", _("Other official information")


REFERENCE_KEYS = ("instrument", "article", "date", "link")


def empty_reference() -> dict[str, str]:
    """A legal or enforcement reference with every part blank."""
    return dict.fromkeys(REFERENCE_KEYS, "")


class Matrix(StateOwned):
    """One version of a State's matrix against one framework version.

    Versions are numbered per State. At most one version per State is open (draft
    or submitted); approved versions are never changed again, so their mark counts
    are frozen in `summary` at approval.
    """

    share_kind = "matrix"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the Committee")
        APPROVED = "approved", _("Approved by the Committee")

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="matrices", verbose_name=_("framework")
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started from"),
    )
    report_date = models.DateField(_("date of report"), null=True, blank=True)
    addenda_dates = models.JSONField(
        _("dates of addenda / additional reports"), default=list, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved by the Committee"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Mark counts by section and weapon, frozen at approval."),
    )

    class Meta:
        ordering = ["state", "-version"]
        verbose_name = _("matrix")
        verbose_name_plural = _("matrices")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "version"],
                name="matrix_version_unique",
                violation_error_message=_(
                    "This State already has a matrix with this version number."
                ),
            ),
            models.UniqueConstraint(
                fields=["state"],
                condition=~Q(status="approved"),
                name="matrix_one_open_per_state",
                violation_error_message=_(
                    "This State already has a matrix being drafted or reviewed: "
                    "finish or approve it first."
                ),
            ),
            models.CheckConstraint(
                name="matrix_approved_has_date",
                violation_error_message=_("An approved matrix needs its approval date."),
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
            ),
            models.CheckConstraint(
                name="matrix_version_positive",
                violation_error_message=_("The version number starts at 1."),
                condition=Q(version__gte=1),
            ),
        ]
        indexes = [models.Index(fields=["status", "state"])]

    def __str__(self) -> str:
        return _("%(state)s — matrix v%(version)s") % {"state": self.state, "version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("matrix:version", args=[self.state.iso3, self.version])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.APPROVED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def can_edit(self, user: Any) -> bool:
        """Drafts are edited by the State's coordinator and by Committee experts who see them."""
        if self.status != self.Status.DRAFT:
            return False
        p = principal(user)
        return p.coordinates(self.state_id) or (p.is_expert and self.is_visible_to(user))

    def can_submit(self, user: Any) -> bool:
        return self.can_edit(user)

    def can_approve(self, user: Any) -> bool:
        p = principal(user)
        return self.status == self.Status.SUBMITTED and p.is_expert and self.is_visible_to(user)

    def can_return(self, user: Any) -> bool:
        p = principal(user)
        return self.status == self.Status.SUBMITTED and (
            p.coordinates(self.state_id) or (p.is_expert and self.is_visible_to(user))
        )

    def can_share(self, user: Any) -> bool:
        """The State decides who sees its matrix: only its coordinator changes visibility."""
        return principal(user).coordinates(self.state_id)

    def narrowing_blockers(self, level: str) -> list[str]:
        if level == Visibility.PRIVATE and self.status != self.Status.DRAFT:
            return [
                str(
                    _(
                        "The Committee has received this version; it stays shared with it. "
                        "Return it to draft first, or start a new draft."
                    )
                )
            ]
        return []


class Entry(models.Model):
    """The mark and evidence for one field of one matrix version."""

    Mark = Mark
    SourceKind = SourceKind

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="entries")
    field = models.ForeignKey(
        FieldDef, on_delete=models.PROTECT, related_name="entries", verbose_name=_("field")
    )
    mark = models.CharField(_("mark"), max_length=2, choices=Mark.choices, blank=True, default="")
    legal_reference = models.JSONField(
        _("legal reference"),
        default=empty_reference,
        blank=True,
        help_text=_("Instrument, article, date and link of the legal basis."),
    )
    enforcement_reference = models.JSONField(
        _("enforcement / penalties"),
        default=empty_reference,
        blank=True,
        help_text=_("Instrument, article, date and link of the civil or criminal penalties."),
    )
    remarks = models.TextField(_("remarks"), blank=True)
    source_kind = models.CharField(
        _("source"), max_length=20, choices=SourceKind.choices, blank=True, default=""
    )
    source_document = models.CharField(
        _("source document"),
        max_length=300,
        blank=True,
        help_text=_("For example: national report of 2017, or the organisation's name."),
    )
    source_page = models.CharField(_("page"), max_length=40, blank=True)
    source_url = models.CharField(_("source link"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    revision = models.PositiveIntegerField(
        default=1,
        help_text=_("Raised on every save; a save based on an older revision is refused."),
    )

    class Meta:
        ordering = ["field__section__order", "field__order"]
        verbose_name = _("matrix entry")
        verbose_name_plural = _("matrix entries")
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "field"],
                name="entry_field_unique",
                violation_error_message=_("This matrix already has an entry for this field."),
            ),
            models.CheckConstraint(
                name="entry_mark_valid",
                violation_error_message=_("Choose one of the marks offered: X, ?, NA or none."),
                condition=Q(mark__in=["X", "?", "NA", ""]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field.key}: {self.mark or '—'}"

    @property
    def is_gap(self) -> bool:
        return self.mark in (Mark.BLANK, Mark.UNCLEAR)

    def snapshot(self) -> dict[str, Any]:
        """The values history and diffs compare: mark and evidence, as plain data."""
        return {
            "mark": self.mark,
            "legal_reference": {k: self.legal_reference.get(k, "") for k in REFERENCE_KEYS},
            "enforcement_reference": {
                k: self.enforcement_reference.get(k, "") for k in REFERENCE_KEYS
            },
            "remarks": self.remarks,
            "source_kind": self.source_kind,
            "source_document": self.source_document,
            "source_page": self.source_page,
            "source_url": self.source_url,
        }


class EntryChange(models.Model):
    """One change to one field of one matrix version: who, when, before and after."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Carried into a new version")
        EDITED = "edited", _("Edited")
        IMPORTED = "imported", _("Imported from a workbook")
        PROPOSED = "proposed", _("Proposed from a plan or review")
        MIGRATED = "migrated", _("Moved to a new template version")
        DROPPED = "dropped", _("Dropped by a new template version")

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="changes")
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    field_key = models.CharField(_("field id"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("matrix entry change")
        indexes = [
            models.Index(fields=["matrix", "changed_at"]),
            models.Index(fields=["field_key", "changed_at"]),
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.changed_at), "DATETIME_FORMAT")
        return f"{self.field_key} {self.kind} {when}"

    @property
    def mark_before(self) -> str:
        return (self.before or {}).get("mark", "")

    @property
    def mark_after(self) -> str:
        return (self.after or {}).get("mark", "")
