"""Assistance clearing-house: requests and their items, offers, proposals, matches, workflow.

A request belongs to its requester (a State, or a regional organisation's membership group such
as CARICOM) and moves through the Committee's procedure (see `workflow.py`). Every change of
step is a `Transition` row. Offers are public. Proposals are what the matching engine suggested,
with its per-criterion reasons; an expert turns one into a `Match`, tracked to delivery.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nap1540.assistance import reasons as reason_sentences
from nap1540.core.text import quoted
from nap1540.core.visibility import (
    AnyUser,
    Principal,
    Shareable,
    Visibility,
    VisibleQuerySet,
    principal,
)


class Channel(models.TextChoices):
    NOTE_VERBALE = "note_verbale", _("Note verbale")
    NATIONAL_REPORT = "national_report", _("National report")
    TEMPLATE = "template", _("The Committee's assistance template")
    REFERRAL = "referral", _("Referral by another UN entity or organisation")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RequestQuerySet(VisibleQuerySet):
    """Requests a user may see in full (the rule is `Request.record_visibility_q`)."""

    def posted(self) -> Self:
        """Requests whose public summary is on the public pages (always with consent)."""
        return self.filter(consent_to_publish=True, summary_posted_on__isnull=False)


class Request(Shareable, models.Model):
    """A request for assistance, as received by the Committee (or drafted by a State)."""

    share_kind = "request"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECEIVED = "received", pgettext_lazy("request status", "Received")
        AUTHENTICATED = "authenticated", _("Authenticated")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        DISTRIBUTED = "distributed", _("Distributed to potential providers")
        SUMMARY_POSTED = "summary_posted", _("Summary posted")
        MATCHED = "matched", _("Matched")
        IN_DELIVERY = "in_delivery", _("In delivery")
        COMPLETED = "completed", pgettext_lazy("request status", "Completed")
        CLOSED = "closed", pgettext_lazy("request status", "Closed")

    state = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
        verbose_name=_("requesting State"),
    )
    group = models.ForeignKey(
        "registry.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_requests",
        verbose_name=_("requesting regional organisation"),
        help_text=_("For a request made on behalf of an organisation's members, e.g. CARICOM."),
    )
    requester_label = models.CharField(
        _("requester not in the reference data"),
        max_length=200,
        blank=True,
        help_text=_(
            "A requester as written when no State or group has that name yet (an organisation "
            "an administrator has not added): matched without a region check."
        ),
    )
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date of request"), default=timezone.localdate)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.NOTE_VERBALE
    )
    contact = models.ForeignKey(
        "registry.PointOfContact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistance_requests",
        verbose_name=_("point of contact"),
    )
    contact_name = models.CharField(_("point of contact: name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("point of contact: e-mail"), blank=True)
    consent_to_publish = models.BooleanField(
        _("consent to publish a summary"),
        default=False,
        help_text=_("Without consent, no summary of the request is ever posted publicly."),
    )
    public_summary = models.TextField(_("public summary"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Procedure dates: each is set by the service that makes the step (see workflow.py).
    received_on = models.DateField(_("received on"), null=True, blank=True)
    authenticated_on = models.DateField(_("authenticated on"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    distribution_deadline = models.DateField(
        _("last day to object to distribution"), null=True, blank=True
    )
    distribution_objected = models.BooleanField(_("objects to distribution"), default=False)
    distributed_on = models.DateField(_("distributed on"), null=True, blank=True)
    posting_deadline = models.DateField(_("last day to object to posting"), null=True, blank=True)
    posting_objected = models.BooleanField(_("objects to posting"), default=False)
    summary_posted_on = models.DateField(_("summary posted on"), null=True, blank=True)
    matched_on = models.DateField(_("matched on"), null=True, blank=True)
    delivery_started_on = models.DateField(_("delivery started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_flagged_on = models.DateField(_("follow-up flagged on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Illustrative content loaded by load-demo.")
    )

    shares = GenericRelation("core.Share")

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("assistance request")
        constraints = [
            models.CheckConstraint(
                name="request_one_requester",
                violation_error_message=_(
                    "Choose one requester: a State, a group or a name not yet in the "
                    "reference data."
                ),
                condition=Q(state__isnull=False, group__isnull=True, requester_label="")
                | Q(state__isnull=True, group__isnull=False, requester_label="")
                | (Q(state__isnull=True, group__isnull=True) & ~Q(requester_label="")),
            ),
            # Posting never happens without the requester's consent.
            models.CheckConstraint(
                name="request_posted_only_with_consent",
                violation_error_message=_(
                    "A summary can be posted only when the requester consents to publication."
                ),
                condition=Q(summary_posted_on__isnull=True) | Q(consent_to_publish=True),
            ),
            models.CheckConstraint(
                name="request_draft_is_private",
                violation_error_message=_(
                    "A draft request stays private: choose the private level until it is sent."
                ),
                condition=~Q(status="draft") | Q(visibility="private"),
            ),
            models.CheckConstraint(
                name="request_follow_up_after_date",
                violation_error_message=_("The follow-up date must come after the request date."),
                condition=Q(follow_up_due__isnull=True) | Q(follow_up_due__gt=F("date")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assistance:request", args=[self.pk])

    @property
    def requester(self) -> Any:
        """A State, a group, or the name of a requester the reference data does not know."""
        return self.state or self.group or self.requester_label

    @property
    def requester_code(self) -> str:
        """What the matching engine understands: an ISO3 code or a group code."""
        if self.state is not None:
            return self.state.iso3
        return self.group.code if self.group is not None else self.requester_label

    @property
    def requester_is_unknown(self) -> bool:
        """Named by a label the reference data does not know: ranked without a region check."""
        return self.state_id is None and self.group_id is None and bool(self.requester_label)

    def requester_warnings(self) -> list[str]:
        """What the API, the request page and `nap1540 match` say about an unknown requester."""
        if not self.requester_is_unknown:
            return []
        return [
            str(
                _(
                    "requester: %(value)s is neither a State nor a group in the reference data; "
                    "it was kept as written and its items are ranked without a region check. An "
                    "administrator can add the organisation and its members."
                )
                % {"value": quoted(self.requester_label)}
            )
        ]

    @property
    def is_posted(self) -> bool:
        return self.consent_to_publish and self.summary_posted_on is not None

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.COMPLETED, self.Status.CLOSED)

    @classmethod
    def extra_visibility_q(cls, p: Principal, pre: str) -> Q | None:
        """A provider also sees a request sent to its organisation or State, unless private.

        A private request is a State's draft and is never shown outside that State,
        whatever distribution rows exist.
        """
        sent = Q()
        if p.organisation_ids:
            sent |= Q(organisation__in=p.organisation_ids)
        if p.state_ids:
            sent |= Q(state__in=p.state_ids)
        if not sent:
            return None
        requests = Distribution.objects.filter(sent, sent_at__isnull=False).values("request_id")
        return Q(**{f"{pre[:-2]}__in" if pre else "pk__in": requests}) & ~Q(
            **{f"{pre}visibility": Visibility.PRIVATE}
        )

    def extra_visible(self, p: Principal) -> bool:
        if self.visibility == Visibility.PRIVATE or not (p.organisation_ids or p.state_ids):
            return False
        sent = Q(organisation__in=p.organisation_ids) | Q(state__in=p.state_ids)
        return self.distributions.filter(sent, sent_at__isnull=False).exists()

    def can_share(self, user: Any) -> bool:
        """The requesting State's coordinator; for a group's request, the Committee's experts."""
        p = principal(user)
        return p.coordinates(self.state_id) or (self.state_id is None and p.is_expert)

    def narrowing_blockers(self, level: str) -> list[str]:
        if level == Visibility.PRIVATE and self.status != self.Status.DRAFT:
            return [str(_("The Committee has received this request; it stays shared with it."))]
        return []

    def can_edit(self, user: Any) -> bool:
        """The requesting State's coordinator edits a draft; experts edit a submitted request."""
        p = principal(user)
        if self.status == self.Status.DRAFT:
            return p.coordinates(self.state_id) or (self.state_id is None and p.is_expert)
        return p.is_expert

    def speaks_for_requester(self, user: Any) -> bool:
        """The requester's coordinator (objections, consent) or an expert recording them."""
        p = principal(user)
        return p.coordinates(self.state_id) or p.is_expert


class RequestItem(models.Model):
    """One numbered need within a request; the unit the matching engine ranks offers for."""

    class WeaponCategory(models.TextChoices):
        NUCLEAR = "N", _("Nuclear")
        CHEMICAL = "C", _("Chemical")
        BIOLOGICAL = "B", _("Biological")
        DELIVERY = "D", _("Means of delivery")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField(_("number"), default=1)
    text = models.TextField(_("need"))
    section_codes = models.JSONField(
        _("matrix sections"), default=list, blank=True, help_text=_("For example OP3(c)")
    )
    fields = models.ManyToManyField(
        "matrix.FieldDef",
        blank=True,
        related_name="assistance_items",
        verbose_name=_("matrix fields"),
    )
    weapon_categories = models.JSONField(_("weapon categories"), default=list, blank=True)
    assistance_types = models.JSONField(_("assistance types"), default=list, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM
    )
    source_task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assistance_items",
        verbose_name=_("plan task"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The vocabulary version its stored terms (`ItemTerm`) were found with; see classifications.py.
    classified_with = models.CharField(max_length=16, blank=True, editable=False)

    objects = VisibleQuerySet.as_manager()
    visibility_root = "request"

    class Meta:
        ordering = ["request", "number", "id"]
        verbose_name = _("request item")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "number"],
                name="request_item_number",
                violation_error_message=_("This request already has an item with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:request", args=[self.request_id]) + f"#item-{self.pk}"

    def can_edit(self, user: Any) -> bool:
        return self.request.can_edit(user)


class OfferQuerySet(models.QuerySet["Offer"]):
    def visible_to(self, user: Any) -> Self:
        """Offers are public, as on the Committee's web site."""
        return self

    def active_on(self, day: date) -> Self:
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_to__isnull=True) | Q(active_to__gte=day),
            is_withdrawn=False,
        )


class Offer(models.Model):
    """A programme of assistance offered by a State or an organisation. Always public."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("Stable identifier, e.g. from offers.json"),
    )
    provider_state = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_offers",
        verbose_name=_("provider State"),
    )
    provider_organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_offers",
        verbose_name=_("provider organisation"),
    )
    title = models.CharField(_("programme"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    assistance_types = models.JSONField(_("assistance types"), default=list, blank=True)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    regions = models.JSONField(
        _("regions served"), default=list, blank=True, help_text=_("As the provider words them")
    )
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # Stored classification (classifications.py): its terms are `OfferTerm` rows, and where it
    # is available is its "regions served" resolved to the UN regional groups of their States
    # (a handful of rows, where States would be dozens), so the gaps page never re-reads it.
    classified_with = models.CharField(max_length=16, blank=True, editable=False)
    serves_everywhere = models.BooleanField(default=False, editable=False)
    served_regions = models.ManyToManyField(
        "registry.Group", blank=True, editable=False, related_name="served_by_offers"
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("offer of assistance")
        verbose_name_plural = _("offers of assistance")
        constraints = [
            models.CheckConstraint(
                name="offer_one_provider",
                violation_error_message=_(
                    "Choose either a State or an organisation as the provider, not both."
                ),
                condition=Q(provider_state__isnull=False, provider_organisation__isnull=True)
                | Q(provider_state__isnull=True, provider_organisation__isnull=False),
            ),
            models.CheckConstraint(
                name="offer_period_order",
                violation_error_message=_(
                    "The end of the offer period cannot be before its start."
                ),
                condition=Q(active_from__isnull=True)
                | Q(active_to__isnull=True)
                | Q(active_to__gte=F("active_from")),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assistance:offer", args=[self.pk])

    @property
    def provider(self) -> Any:
        return self.provider_state or self.provider_organisation

    def can_edit(self, user: Any) -> bool:
        """Experts, and the providing organisation's members or State's coordinator."""
        p = principal(user)
        return (
            p.is_expert
            or (self.provider_organisation_id in p.organisation_ids)
            or p.coordinates(self.provider_state_id)
        )


class Facet(models.TextChoices):
    """The facets of the shared vocabulary that a stored classification keeps."""

    TYPE = "type", _("Kind of help")
    SUBJECT = "subject", _("Subject")
    LANGUAGE = "language", _("Working language")
    WEAPON = "weapon", _("Weapon category")


class ItemTerm(models.Model):
    """A vocabulary term of a request item: declared on it or found in its text when saved."""

    item = models.ForeignKey(RequestItem, on_delete=models.CASCADE, related_name="terms")
    facet = models.CharField(max_length=8, choices=Facet.choices)
    slug = models.CharField(max_length=64)

    objects = VisibleQuerySet.as_manager()
    visibility_root = "item__request"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "facet", "slug"],
                name="item_term_once",
                violation_error_message=_("This term is already recorded for this request item."),
            ),
        ]
        indexes = [models.Index(fields=["facet", "slug"], name="item_term_facet_slug")]

    def __str__(self) -> str:
        return f"{self.facet}:{self.slug}"


class OfferTerm(models.Model):
    """A vocabulary term of an offer, as the matching engine reads it (declared, else found)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="terms")
    facet = models.CharField(max_length=8, choices=Facet.choices)
    slug = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "facet", "slug"],
                name="offer_term_once",
                violation_error_message=_("This term is already recorded for this offer."),
            ),
        ]
        indexes = [models.Index(fields=["facet", "slug"], name="offer_term_facet_slug")]

    def __str__(self) -> str:
        return f"{self.facet}:{self.slug}"


def own_offers_q(user: AnyUser, prefix: str = "") -> Q:
    """Which proposals and matches of a visible request a user sees.

    The Committee's experts and the requesting State see them all; a provider sees only
    those of its own offers, never its competitors' scores or the experts' notes on them.
    """
    p = principal(user)
    if p.is_expert:
        return Q()
    return (
        Q(**{f"{prefix}item__request__state__in": p.state_ids})
        | Q(**{f"{prefix}offer__provider_organisation__in": p.organisation_ids})
        | Q(**{f"{prefix}offer__provider_state__in": p.state_ids})
    )


class ProposalQuerySet(VisibleQuerySet):
    def visibility_q(self, user: AnyUser) -> Q:
        return super().visibility_q(user) & own_offers_q(user)


class Proposal(models.Model):
    """An offer the engine proposed for a request item, with the reasons it gave."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed by an expert")
        DECLINED = "declined", _("Declined by an expert")

    class Answer(models.TextChoices):
        PENDING = "pending", pgettext_lazy("provider's answer", "Awaiting the provider's answer")
        WILLING = "willing", pgettext_lazy("provider's answer", "Willing to provide")
        UNABLE = "unable", pgettext_lazy("provider's answer", "Unable to provide")

    class DeclineReason(models.TextChoices):
        """Why an expert declined a proposal; the first five say which criterion was wrong."""

        SUBJECT = "subject", _("It does not cover the subject of the need")
        KIND = "kind", _("It is not the kind of help asked for")
        REGION = "region", _("It is not open to the requester")
        LANGUAGE = "language", _("It does not work in the requester's language")
        PERIOD = "period", _("It is not available when the help is needed")
        PROVIDER = "provider", _("The provider cannot provide it now")
        OTHER = "other", _("Another reason (see the note)")

    item = models.ForeignKey(RequestItem, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="proposals")
    rank = models.PositiveIntegerField(_("rank"), default=1)
    score = models.FloatField(_("score"))
    # The engine's reasons as codes and values; written in the reader's language at read time.
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    # Kept as a training signal for the engine's weights (see assistance.tuning).
    decline_reason = models.CharField(
        _("reason for declining"), max_length=10, choices=DeclineReason.choices, blank=True
    )
    # The provider's answer to the Committee's question "can you help?" (after distribution).
    provider_answer = models.CharField(
        _("provider's answer"), max_length=8, choices=Answer.choices, default=Answer.PENDING
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(_("provider's note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProposalQuerySet.as_manager()
    visibility_root = "item__request"

    class Meta:
        ordering = ["item", "rank", "id"]
        verbose_name = _("proposal")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "offer"],
                name="proposal_unique",
                violation_error_message=_("This offer is already proposed for this item."),
            ),
            models.CheckConstraint(
                condition=Q(status="declined") | Q(decline_reason=""),
                name="proposal_decline_reason_only_when_declined",
                violation_error_message=_("Only a declined proposal has a reason for declining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.item}"

    def can_answer(self, user: Any) -> bool:
        """Whether the user speaks for the organisation making the offer (its answer is theirs)."""
        return (
            self.offer.provider_organisation_id is not None
            and self.offer.provider_organisation_id in principal(user).organisation_ids
        )

    @property
    def reason_lines(self) -> list[dict[str, Any]]:
        """The reasons with their sentences in the active language."""
        return reason_sentences.rendered(self.reasons)

    @property
    def explanation(self) -> str:
        """The reasons as one paragraph in the active language."""
        return reason_sentences.explanation(self.reasons)


class MatchQuerySet(VisibleQuerySet):
    def visibility_q(self, user: AnyUser) -> Q:
        return super().visibility_q(user) & own_offers_q(user)


class Match(models.Model):
    """An offer confirmed by an expert for a request item, tracked to delivery."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        IN_DELIVERY = "in_delivery", _("In delivery")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    item = models.ForeignKey(RequestItem, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="matches")
    proposal = models.OneToOneField(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="match"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_on = models.DateField(_("confirmed on"), default=timezone.localdate)
    delivery_started_on = models.DateField(_("delivery started on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = MatchQuerySet.as_manager()
    visibility_root = "item__request"

    class Meta:
        ordering = ["item", "confirmed_on", "id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "offer"],
                name="match_unique",
                violation_error_message=_("This offer is already matched with this item."),
            ),
            models.CheckConstraint(
                name="match_delivered_has_date",
                violation_error_message=_(
                    "Give the delivery date of assistance marked as delivered."
                ),
                condition=~Q(status="delivered") | Q(delivered_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} → {self.item}"

    def can_edit(self, user: Any) -> bool:
        p = principal(user)
        return p.is_expert or self.offer.can_edit(user)


class TransitionQuerySet(VisibleQuerySet):
    def visibility_q(self, user: AnyUser) -> Q:
        """A step about one match is seen by whoever sees that match (not other providers)."""
        p = principal(user)
        own = Q() if p.is_expert else Q(match__isnull=True) | own_offers_q(user, "match__")
        return super().visibility_q(user) & own


class Transition(models.Model):
    """One step of the procedure, or an event within a step (objection, follow-up due)."""

    class Event(models.TextChoices):
        CREATED = "created", _("Created")
        SUBMITTED = "submitted", _("Submitted to the Committee")
        RECEIVED = "received", pgettext_lazy("procedure event", "Received")
        AUTHENTICATED = "authenticated", _("Authenticated")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        OBJECTED_DISTRIBUTION = "objected_distribution", _("State objected to distribution")
        OBJECTED_POSTING = "objected_posting", _("State objected to posting")
        OBJECTION_WITHDRAWN = "objection_withdrawn", _("Objection withdrawn")
        DISTRIBUTED = "distributed", _("Distributed to potential providers")
        SUMMARY_POSTED = "summary_posted", _("Summary posted")
        SUMMARY_REMOVED = "summary_removed", _("Summary removed")
        CONSENT_CHANGED = "consent_changed", _("Consent to publish changed")
        MATCHED = "matched", _("Match confirmed")
        MATCH_CANCELLED = "match_cancelled", _("Match cancelled")
        DELIVERY_STARTED = "delivery_started", _("Delivery started")
        DELIVERED = "delivered", _("Delivered")
        COMPLETED = "completed", pgettext_lazy("procedure event", "Completed")
        CLOSED = "closed", pgettext_lazy("procedure event", "Closed")
        FOLLOW_UP_DUE = "follow_up_due", _("One-year follow-up due")
        FEEDBACK = "feedback", _("Feedback received")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="transitions")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="transitions"
    )
    event = models.CharField(_("event"), max_length=24, choices=Event.choices)
    from_status = models.CharField(
        pgettext_lazy("status before a step", "from"),
        max_length=16,
        choices=Request.Status.choices,
        blank=True,
    )
    to_status = models.CharField(
        pgettext_lazy("status after a step", "to"), max_length=16, choices=Request.Status.choices
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    automatic = models.BooleanField(
        _("automatic"), default=False, help_text=_("Made by the timer after a silent window.")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = TransitionQuerySet.as_manager()
    visibility_root = "request"

    class Meta:
        ordering = ["request", "at", "id"]
        verbose_name = _("transition")
        indexes = [models.Index(fields=["request", "event"])]

    def __str__(self) -> str:
        return (
            f"{date_format(timezone.localtime(self.at), 'DATE_FORMAT')} {self.get_event_display()}"
        )


class Distribution(models.Model):
    """A potential provider a request was (or will be) sent to by note verbale."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="distributions")
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_distributions",
    )
    state = models.ForeignKey(
        "registry.State",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance_distributions",
    )
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("Empty while the provider is only chosen.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("distribution")
        constraints = [
            models.CheckConstraint(
                name="distribution_one_provider",
                violation_error_message=_(
                    "Send the request to either an organisation or a State, not both."
                ),
                condition=Q(organisation__isnull=False, state__isnull=True)
                | Q(organisation__isnull=True, state__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["request", "organisation"],
                condition=Q(organisation__isnull=False),
                name="distribution_unique_organisation",
                violation_error_message=_(
                    "The request has already been sent to this organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["request", "state"],
                condition=Q(state__isnull=False),
                name="distribution_unique_state",
                violation_error_message=_("The request has already been sent to this State."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.state)

    @property
    def provider(self) -> Any:
        return self.organisation or self.state


class Feedback(models.Model):
    """Feedback on a delivered match, from the requester or the provider (res. 2663 OP20)."""

    class Role(models.TextChoices):
        REQUESTER = "requester", _("Requester")
        PROVIDER = "provider", _("Provider")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="feedback")
    role = models.CharField(
        pgettext_lazy("who gave the feedback", "from"), max_length=10, choices=Role.choices
    )
    rating = models.PositiveSmallIntegerField(
        _("how well the need was met (1-5)"), null=True, blank=True
    )
    activities = models.TextField(_("activities carried out"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    opportunities = models.TextField(_("areas of opportunity"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["match", "role"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["match", "role"],
                name="feedback_one_per_role",
                violation_error_message=_(
                    "Feedback from this side has already been given for this match."
                ),
            ),
            models.CheckConstraint(
                name="feedback_rating_range",
                violation_error_message=_("The rating is a number from 1 to 5."),
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.match}"
