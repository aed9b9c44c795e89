from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from nap1540.core.i18n import SOURCE_LANGUAGE, Text, Translatable, active_language, localized
from nap1540.core.visibility import StateOwned


class StateQuerySet(models.QuerySet["State"]):
    def search(self, text: str) -> StateQuerySet:
        text = text.strip()
        if not text:
            return self
        found = (
            models.Q(name__icontains=text)
            | models.Q(official_name__icontains=text)
            | models.Q(iso3__iexact=text)
            | models.Q(iso2__iexact=text)
        )
        language = active_language()
        if language != SOURCE_LANGUAGE:
            # The name in the reader's language too: "Иран" finds Iran on the Russian page.
            found |= models.Q(**{f"translations__{language}__name__icontains": text})
        return self.filter(found)


class State(Translatable, models.Model):
    """A UN Member State or observer State. Reference data, readable by everyone."""

    class UNStatus(models.TextChoices):
        MEMBER = "member", _("UN Member State")
        OBSERVER = "observer", _("UN observer State")

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    numeric = models.CharField(_("ISO 3166 numeric"), max_length=3)
    name = models.CharField(_("name"), max_length=120, unique=True)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    un_status = models.CharField(_("UN status"), max_length=10, choices=UNStatus.choices)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    # Tells the matching engine's offer index that names and aliases changed (admin edits).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self) -> str:
        return self.localized_name

    def get_absolute_url(self) -> str:
        return reverse("registry:state", args=[self.iso3])

    @property
    def is_un_member(self) -> bool:
        return self.un_status == self.UNStatus.MEMBER

    @property
    def localized_name(self) -> Text:
        """The UN's short name in the active language (states.json), else the English marked."""
        return self.tr("name")


@cache
def _shipped_state_translations() -> dict[str, Any]:
    path = Path(__file__).resolve().parent / "data" / "states.json"
    states = json.loads(path.read_text(encoding="utf-8"))["states"]
    return {s["iso3"]: s.get("translations") or {} for s in states}


def state_name(iso3: str, english: str) -> Text:
    """A State named by its ISO3 code in the active language, as `State.localized_name`.

    For plain data that holds no State row (the matching engine's reasons, rendered without
    the database): the names come from the shipped states.json, the loader's own source.
    """
    return localized(english, _shipped_state_translations().get(iso3), "name")


class Group(Translatable, models.Model):
    """A set of States: UN regional groups, organisations' members, regions, or user-defined."""

    class Kind(models.TextChoices):
        UN_REGIONAL_GROUP = "un_regional_group", _("UN regional group")
        ORGANISATION = "organisation", _("Organisation membership")
        GEOGRAPHIC = "geographic", _("Geographic region")
        OTHER = "other", _("Other grouping")
        USER = "user", _("User-defined group")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    members = models.ManyToManyField(
        State, related_name="groups", blank=True, verbose_name=_("Members")
    )
    is_reference = models.BooleanField(
        _("reference data"), default=False, help_text=_("Loaded from the shipped data files.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Tells the matching engine's offer index that requesters and regions changed (admin edits).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("group")

    def __str__(self) -> str:
        return self.tr("name")

    def get_absolute_url(self) -> str:
        return reverse("registry:region", args=[self.code])


class Organisation(Translatable, models.Model):
    class Kind(models.TextChoices):
        UN_ENTITY = "un_entity", _("UN entity")
        INTERNATIONAL = "international", _("International organisation")
        REGIONAL = "regional", _("Regional organisation")
        COMMITTEE = "committee", _("1540 Committee")
        NGO = "ngo", _("Non-governmental organisation")
        FIELD_OFFICE = "field_office", _("Field office")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    website = models.URLField(_("web site"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_provider = models.BooleanField(_("assistance provider"), default=False)
    areas = models.JSONField(_("assistance areas"), default=list, blank=True)
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.tr("name")

    def full_name(self) -> str:
        """The name and acronym in the active language; an untranslated acronym stays as is."""
        name, acronym = self.tr("name"), self.tr("acronym")
        if not acronym or acronym == name:
            return str(name)
        return pgettext("organisation name and acronym", "%(name)s (%(acronym)s)") % {
            "name": name,
            "acronym": acronym,
        }


class Agency(models.Model):
    """A ministry, service or authority of a State."""

    class Kind(models.TextChoices):
        FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
        DEFENCE = "defence", _("Defence")
        INTERIOR = "interior", _("Interior and police")
        SECURITY = "security", _("National security")
        JUSTICE = "justice", _("Justice")
        CUSTOMS = "customs", _("Customs and border")
        TRADE = "trade", _("Trade and export control")
        FINANCE = "finance", _("Finance and financial intelligence")
        HEALTH = "health", _("Health")
        AGRICULTURE = "agriculture", _("Agriculture and veterinary")
        EMERGENCY = "emergency", _("Emergency situations")
        NUCLEAR_REGULATOR = "nuclear_regulator", _("Nuclear and radiation regulator")
        CHEMICAL_AUTHORITY = "chemical_authority", _("Chemical weapons convention authority")
        INDUSTRY = "industry", _("Industry and technical oversight")
        TRANSPORT = "transport", _("Transport")
        OTHER = "other", _("Other")

    state = models.ForeignKey(
        State, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("State")
    )
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["state", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "name"],
                name="agency_unique",
                violation_error_message=_("This State already has an agency with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PointOfContact(StateOwned):
    """A national point of contact for resolution 1540, shared at a chosen visibility."""

    share_kind = "contact"

    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("agency")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("For example: Uzbek, Russian")
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["state", "name"]
        verbose_name = _("point of contact")
        verbose_name_plural = _("points of contact")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registry:state", args=[self.state.iso3]) + f"#contact-{self.pk}"
