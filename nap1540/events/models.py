"""Events (roundtables, review meetings, visits, ...), who took part, what they decided,
and the information notes written about them.

Visibility follows the main State concerned (`Event.state`), as for every State-owned
record; an event with no State (a Committee meeting, an open briefing) belongs to the
1540 Committee. See docs/decisions/040-event-visibility.md.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nap1540.core.visibility import (
    AnyUser,
    Audience,
    Principal,
    StateOwned,
    VisibleQuerySet,
    principal,
)
from nap1540.plans.models import Task


class EventQuerySet(VisibleQuerySet):
    def upcoming(self, today: Any = None) -> Self:
        today = today or timezone.localdate()
        return self.filter(ends_on__gte=today).order_by("starts_on", "id")

    def for_state(self, state: Any) -> Self:
        return self.filter(Q(state=state) | Q(states_concerned=state)).distinct()


class Event(StateOwned):
    """A meeting the Committee records: who organised it, who came, what it decided."""

    share_kind = "event"

    class Kind(models.TextChoices):
        NATIONAL_ROUNDTABLE = "national_roundtable", _("National roundtable")
        REVIEW_MEETING = "review_meeting", _("Review meeting")
        COUNTRY_VISIT = "country_visit", _("Country visit")
        REGIONAL_WORKSHOP = "regional_workshop", _("Regional or sub-regional workshop")
        PEER_REVIEW = "peer_review", _("Peer review")
        TRAINING_COURSE = "training_course", _("Training course")
        COMMITTEE_MEETING = "committee_meeting", _("Committee meeting")
        OPEN_BRIEFING = "open_briefing", _("Open briefing")

    # Overrides StateOwned.state: a Committee meeting or open briefing concerns no one State.
    state = models.ForeignKey(  # type: ignore[assignment]
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_events",
        verbose_name=_("main State concerned"),
        help_text=_("Owns the record and decides who sees it. Leave empty for Committee events."),
    )
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=400)
    slug = models.SlugField(_("short name"), max_length=120, unique=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue_city = models.CharField(_("city"), max_length=120, blank=True)
    venue_country = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_events",
        verbose_name=_("country"),
    )
    is_online = models.BooleanField(_("held online"), default=False)
    states_concerned = models.ManyToManyField(
        "registry.State",
        blank=True,
        related_name="events",
        verbose_name=_("States concerned"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("related plan"),
    )
    review = models.ForeignKey(
        "plans.Review",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("related review"),
    )
    requests = models.ManyToManyField(
        "assistance.Request",
        blank=True,
        related_name="events",
        verbose_name=_("related assistance requests"),
    )
    follow_up_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("follows up"),
    )
    background = models.TextField(_("background"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    overview = models.TextField(_("overview of the discussion"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("A few sentences quoted in the information notes of follow-up events."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()  # type: ignore[misc]  # narrows StateOwned's manager

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_dates_order",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]
        indexes = [models.Index(fields=["starts_on"]), models.Index(fields=["ends_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    @classmethod
    def extra_visibility_q(cls, p: Principal, pre: str) -> Q | None:
        """An event without a State is the Committee's own record: its experts see it."""
        return Q(**{f"{pre}state__isnull": True}) if p.is_expert else None

    def extra_visible(self, p: Principal) -> bool:
        return p.is_expert and self.state_id is None

    def experts_always_see(self) -> bool:
        return self.state_id is None

    def can_share(self, user: AnyUser) -> bool:
        """The owning State's coordinator; for the Committee's own events, its experts."""
        p = principal(user)
        return p.coordinates(self.state_id) or (self.state_id is None and p.is_expert)

    def narrowing_blockers(self, level: str) -> list[str]:
        """A saved note of a later event may quote this one; it must not outlive its source."""
        narrowed = Audience(
            level=level,
            state_ids=self.audience().state_ids,
            experts_always=self.experts_always_see(),
        )
        later = self.follow_ups.filter(notes__isnull=False).distinct()
        if any(not narrowed.covers(event.audience()) for event in later):
            return [
                str(
                    _(
                        "An information note saved for a later event quotes this event to a "
                        "wider audience; regenerate or edit that note first."
                    )
                )
            ]
        return []

    def can_edit(self, user: AnyUser) -> bool:
        """The owning State's coordinator; Committee experts for events they can see."""
        p = principal(user)
        return p.coordinates(self.state_id) or (p.is_expert and self.is_visible_to(user))

    @property
    def is_review_meeting(self) -> bool:
        return self.kind == self.Kind.REVIEW_MEETING

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class EventChild(models.Model):
    """Rows that belong to an event and are seen by whoever sees the event."""

    visibility_root = "event"

    class Meta:
        abstract = True

    def is_visible_to(self, user: AnyUser) -> bool:
        return self.event.is_visible_to(user)  # type: ignore[attr-defined]

    def can_edit(self, user: AnyUser) -> bool:
        return self.event.can_edit(user)  # type: ignore[attr-defined]


class Organiser(EventChild):
    """An organisation or a State (its Government) that organised the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")
    order = models.PositiveIntegerField(default=0)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("organisation"),
    )
    state = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("State"),
    )
    label = models.CharField(
        _("name as written in the note"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the organisation's name and acronym."),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("organiser")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, state__isnull=True)
                | Q(organisation__isnull=True, state__isnull=False),
                name="organiser_one_of_organisation_or_state",
                violation_error_message=_("An organiser is an organisation or a State, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.label or str(self.organisation or self.state)


class Participant(EventChild):
    """A participating agency, organisation, delegation or person, in one of the note's groups."""

    class Group(models.TextChoices):
        GOVERNMENT = "government", _("Governmental officials")
        INTERNATIONAL = "international", _("UN entities, international and regional organisations")
        COMMITTEE = "committee", _("1540 Committee experts")
        OTHER = "other", _("Civil society, industry and others")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    order = models.PositiveIntegerField(default=0)
    state = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("State"),
    )
    agency = models.ForeignKey(
        "registry.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_participations",
        verbose_name=_("agency"),
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_participations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("name as written in the note"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the agency's or organisation's name."),
    )
    count = models.PositiveSmallIntegerField(_("number of people"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["event", "group", "order", "id"]
        verbose_name = _("participant")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="")
                | Q(agency__isnull=False)
                | Q(organisation__isnull=False)
                | Q(state__isnull=False),
                name="participant_names_someone",
                violation_error_message=_("Name the participant or choose who they are."),
            ),
            models.CheckConstraint(
                condition=~Q(group="government") | Q(state__isnull=False),
                name="participant_government_has_state",
                violation_error_message=_("Governmental officials need their State."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.agency_id is not None:
            return self.agency.name  # type: ignore[union-attr]
        if self.organisation_id is not None:
            org = self.organisation
            assert org is not None
            return org.full_name()
        return str(self.state)


class Outcome(EventChild):
    """A decision taken at the event; it may create or update a task of the related plan."""

    class Action(models.TextChoices):
        RECORD = "record", _("Record only")
        CREATE_TASK = "create_task", _("Create a plan task")
        UPDATE_TASK = "update_task", _("Update a plan task")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("decision"))
    action = models.CharField(
        _("effect on the plan"), max_length=12, choices=Action.choices, default=Action.RECORD
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("plan"),
        help_text=_(
            "The plan the decision changes; empty for the event's plan. A review meeting's "
            "decisions often go into the plan that succeeds the one reviewed."
        ),
    )
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_outcomes",
        verbose_name=_("task"),
    )
    task_title = models.CharField(_("task title"), max_length=400, blank=True)
    section_code = models.CharField(_("area"), max_length=20, blank=True)
    lead_agency = models.ForeignKey(
        "registry.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner (lead agency)"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    task_status = models.CharField(
        _("new task status"), max_length=12, choices=Task.Status.choices, blank=True
    )
    applied_at = models.DateTimeField(_("applied to the plan"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = _("decision")
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="record") | Q(applied_at=None),
                name="outcome_record_is_never_applied",
                violation_error_message=_("A decision recorded only is never applied to a plan."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_applied(self) -> bool:
        return self.applied_at is not None

    @property
    def target_plan(self) -> Any:
        return self.plan if self.plan_id is not None else self.event.plan


class NoteLanguage(models.TextChoices):
    """The six UN languages, in the order of `settings.LANGUAGES` (tested to stay so)."""

    ARABIC = "ar", _("Arabic")
    CHINESE = "zh-hans", _("Chinese")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    RUSSIAN = "ru", _("Russian")
    SPANISH = "es", _("Spanish")


class Note(EventChild):
    """The information note on an event in one language, as edited before export.

    Without a Note row the note is generated from the event's records; saving the edit
    form stores the text here and a NoteRevision with the same content.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notes")
    lang = models.CharField(_("language"), max_length=8, choices=NoteLanguage.choices)
    event_text = models.TextField(_("event"), blank=True)
    organisers_text = models.TextField(_("organisers"), blank=True)
    date_venue_text = models.TextField(_("date and venue"), blank=True)
    participants_text = models.TextField(
        _("participants"),
        blank=True,
        help_text=_('One group per line: "Group: participant, participant and participant."'),
    )
    background = models.TextField(_("background"), blank=True)
    overview = models.TextField(_("overview"), blank=True)
    additional_comments = models.TextField(_("additional comments"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    CONTENT_FIELDS = (
        "event_text",
        "organisers_text",
        "date_venue_text",
        "participants_text",
        "background",
        "overview",
        "additional_comments",
    )

    class Meta:
        ordering = ["event", "lang"]
        verbose_name = _("information note")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "lang"],
                name="note_one_per_language",
                violation_error_message=_(
                    "This event already has an information note in this language."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.lang})"

    def get_absolute_url(self) -> str:
        return reverse("events:note", args=[self.event.slug, self.lang])

    def content_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}


class NoteRevision(models.Model):
    """One saved version of a note, kept so editors can see and restore earlier text."""

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["note", "-number"]
        verbose_name = _("note revision")
        constraints = [
            models.UniqueConstraint(
                fields=["note", "number"],
                name="note_revision_unique",
                violation_error_message=_("This revision of the note already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.note} r{self.number}"
