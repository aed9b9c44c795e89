from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from nap1540.core.visibility import StateOwned, Visibility, VisibleQuerySet, principal
from nap1540.plans.reasons import reason_text


class Plan(StateOwned):
    """A State's national implementation action plan (NAP) for one period."""

    share_kind = "plan"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        SUBMITTED = "submitted", _("Submitted to the Committee")
        SUPERSEDED = "superseded", _("Superseded")
        CLOSED = "closed", pgettext_lazy("plan status", "Closed")

    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    adoption_act = models.CharField(
        _("adopting act"), max_length=200, blank=True, help_text=_("For example: Government decree")
    )
    adoption_act_number = models.CharField(_("act number"), max_length=60, blank=True)
    adoption_act_date = models.DateField(_("act date"), null=True, blank=True)
    coordinating_agency = models.ForeignKey(
        "registry.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_plans",
        verbose_name=_("coordinating agency"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    coordination_mechanism = models.TextField(_("coordination mechanism"), blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("replaces plan"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    update_summary = models.JSONField(
        _("update summary"),
        default=dict,
        blank=True,
        help_text=_("What carried over from the replaced plan, what closed, and why."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    # The manager (`Plan.objects.visible_to(user)`) comes from StateOwned.

    # Statuses in which the plan is being carried out: its tasks may be changed.
    CURRENT_STATUSES = (Status.DRAFT, Status.ADOPTED, Status.SUBMITTED)

    class Meta:
        ordering = ["state", "-period_start"]
        verbose_name = _("national action plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="plan_period_order",
                violation_error_message=_("The end of the plan period cannot be before its start."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    def adoption_text(self) -> str:
        """The act that adopted the plan as one phrase: "Decree No. 21 of 2 May 2017"."""
        pattern, values = self.adoption_parts()
        return pattern % values if pattern else ""

    def adoption_parts(self) -> tuple[str, dict[str, str]]:
        """The phrase for the adopting act, placeholders still in it, and their values."""
        values = {
            "act": self.adoption_act,
            "number": self.adoption_act_number,
            "date": date_format(self.adoption_act_date, "DATE_FORMAT")
            if self.adoption_act_date
            else "",
        }
        # Each combination is its own phrase: word order and case differ between languages.
        phrases = {
            (True, True, True): gettext("%(act)s No. %(number)s of %(date)s"),
            (True, True, False): gettext("%(act)s No. %(number)s"),
            (True, False, True): gettext("%(act)s of %(date)s"),
            (False, True, True): gettext("Act No. %(number)s of %(date)s"),
            (False, True, False): gettext("Act No. %(number)s"),
            (False, False, True): gettext("Act of %(date)s"),
            (True, False, False): "%(act)s",
        }
        key = (bool(values["act"]), bool(values["number"]), bool(values["date"]))
        return phrases.get(key, ""), values

    @property
    def is_current(self) -> bool:
        """Draft, adopted or submitted: tasks can still be added, changed and removed."""
        return self.status in self.CURRENT_STATUSES

    @property
    def accepts_reviews(self) -> bool:
        """A superseded plan can still get a closing review; a closed one cannot."""
        return self.status != self.Status.CLOSED

    def narrowing_blockers(self, level: str) -> list[str]:
        if level == Visibility.PRIVATE and self.submitted_at is not None:
            return [str(_("The plan was submitted to the Committee; it stays shared with it."))]
        return []


class TaskQuerySet(VisibleQuerySet):
    def current(self) -> TaskQuerySet:
        """Tasks of plans still being carried out (not superseded or closed)."""
        return self.filter(plan__status__in=Plan.CURRENT_STATUSES)

    def open(self) -> TaskQuerySet:
        """Tasks still to be done: neither completed nor cancelled."""
        return self.exclude(status__in=[Task.Status.COMPLETED, Task.Status.CANCELLED])


class Task(models.Model):
    """One action of a plan, owned by a lead agency and linked to matrix fields."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", pgettext_lazy("task status", "Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Funding(models.TextChoices):
        DOMESTIC = "domestic", _("Domestic")
        EXTERNAL = "external", _("External")
        MIXED = "mixed", _("Domestic and external")
        UNFUNDED = "unfunded", _("Unfunded")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("number"), max_length=20)
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    section_code = models.CharField(
        _("area"), max_length=20, blank=True, help_text=_("Matrix section, for example OP3(d)")
    )
    fields = models.ManyToManyField(
        "matrix.FieldDef", blank=True, related_name="tasks", verbose_name=_("matrix fields")
    )
    lead_agency = models.ForeignKey(
        "registry.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_tasks",
        verbose_name=_("lead agency"),
    )
    supporting_agencies = models.ManyToManyField(
        "registry.Agency",
        blank=True,
        related_name="supported_tasks",
        verbose_name=_("supporting agencies"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    expected_outputs = models.TextField(_("expected outputs"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True, default="USD")
    funding = models.CharField(
        _("funding"), max_length=10, choices=Funding.choices, default=Funding.DOMESTIC
    )
    assistance_needed = models.BooleanField(_("assistance needed"), default=False)
    assistance_description = models.TextField(_("assistance needed: description"), blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_over_to",
        verbose_name=_("carried over from"),
    )
    carry_over_reason = models.CharField(_("why it was carried over"), max_length=300, blank=True)
    # Set when a plan update carries the task over: the reason as a code and the progress it
    # had, so each reader gets the sentence in their own language (`carry_over_text`).
    carry_over_code = models.CharField(_("carry-over reason code"), max_length=20, blank=True)
    carry_over_progress = models.PositiveSmallIntegerField(
        _("progress when carried over"), default=0
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    matrix_draft_id = models.PositiveBigIntegerField(
        _("matrix draft proposed"),
        null=True,
        blank=True,
        help_text=_("The matrix draft proposed from this completed task, if any."),
    )
    matrix_proposed_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = TaskQuerySet.as_manager()
    visibility_root = "plan"

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("task")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="task_progress_max_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="task_dates_order",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="task_number_unique",
                violation_error_message=_("This plan already has a task with this number."),
            ),
        ]
        indexes = [
            models.Index(fields=["lead_agency", "due_date"], name="task_agency_due"),
            models.Index(fields=["due_date"], name="task_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("plans:task", args=[self.pk])

    def is_visible_to(self, user: Any) -> bool:
        return self.plan.is_visible_to(user)

    def can_edit(self, user: object) -> bool:
        """The State's coordinator edits any task; a focal point edits their agency's tasks."""
        p = principal(user)  # type: ignore[arg-type]
        if p.coordinates(self.plan.state_id):
            return True
        return self.lead_agency_id is not None and self.lead_agency_id in p.focal_agency_ids

    def can_define(self, user: object) -> bool:
        """Only the coordinator changes what a task is (title, agencies, dates, fields)."""
        return principal(user).coordinates(self.plan.state_id)  # type: ignore[arg-type]

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.COMPLETED, self.Status.CANCELLED)

    def carry_over_text(self) -> str:
        """Why a plan update carried the task over, in the active language."""
        if self.carry_over_code:
            return reason_text(self.carry_over_code, self.carry_over_progress)
        return self.carry_over_reason

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


class Review(models.Model):
    """A review of a plan, recording each task's status at a date (e.g. a review meeting)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    tasks_due = models.PositiveIntegerField(default=0)
    tasks_completed = models.PositiveIntegerField(default=0)
    implementation_rate = models.FloatField(
        null=True, blank=True, help_text=_("Completed tasks over tasks due, 0-1")
    )
    progress_rate = models.FloatField(
        null=True, blank=True, help_text=_("Progress-weighted rate over tasks due, 0-1")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = VisibleQuerySet.as_manager()
    visibility_root = "plan"

    class Meta:
        ordering = ["plan", "held_on", "id"]
        verbose_name = _("review")

    def __str__(self) -> str:
        return f"{self.title} ({date_format(self.held_on, 'DATE_FORMAT')})"

    def get_absolute_url(self) -> str:
        return reverse("plans:review", args=[self.pk])

    def can_edit(self, user: object) -> bool:
        return principal(user).coordinates(self.plan.state_id)  # type: ignore[arg-type]


class TaskUpdate(models.Model):
    """A recorded change of a task's status or progress, in a review or on its own."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.CASCADE, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=12, choices=Task.Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    previous_status = models.CharField(max_length=12, choices=Task.Status.choices, blank=True)
    previous_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = VisibleQuerySet.as_manager()
    visibility_root = "task__plan"

    class Meta:
        ordering = ["task", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="update_progress_max_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.UniqueConstraint(
                fields=["task", "review"],
                condition=Q(review__isnull=False),
                name="one_update_per_task_per_review",
                violation_error_message=_("This review already records an update for this task."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number}: {self.get_status_display()} {self.progress}%"


class ReminderState(models.Model):
    """Whether a user has read or dismissed one reminder about a task.

    Reminders themselves are computed (tasks due within 30 days or overdue); a
    reminder is keyed by its kind and the due date, so moving the due date or
    the task becoming overdue brings it back as unread.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_reminders"
    )
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminder_states")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    read_at = models.DateTimeField(null=True, blank=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    # When the reminder went out by e-mail (`reminders.email_reminders`); each goes out once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "task", "kind", "due_date"],
                name="reminder_state_unique",
                violation_error_message=_("This reminder has already been recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.task_id} {self.kind} {self.due_date}"
