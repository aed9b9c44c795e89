from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nap1540.assistance.models import Request
from nap1540.core.visibility import principal
from nap1540.events.models import Event, Note, Organiser, Outcome, Participant
from nap1540.registry.models import Agency, Organisation, State


def limit(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Limit a model choice field to `queryset` (the objects the user may pick)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"


class EventForm(forms.ModelForm):
    """Create or change an event; choices are limited to what the user may see and own."""

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "state",
            "starts_on",
            "ends_on",
            "venue_city",
            "venue_country",
            "is_online",
            "states_concerned",
            "plan",
            "review",
            "requests",
            "follow_up_to",
            "background",
            "objectives",
            "overview",
            "outcomes",
            "follow_up",
            "summary",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "background": forms.Textarea(attrs={"rows": 6}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "overview": forms.Textarea(attrs={"rows": 8}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "states_concerned": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from nap1540.plans.models import Plan, Review

        p = principal(user)
        if not p.is_expert:
            limit(self, "state", State.objects.filter(pk__in=p.coordinator_state_ids))
            state_field = self.fields["state"]
            assert isinstance(state_field, forms.ModelChoiceField)
            state_field.required = True
            state_field.empty_label = None
        limit(self, "plan", Plan.objects.visible_to(user).select_related("state"))
        limit(self, "review", Review.objects.visible_to(user).select_related("plan"))
        follow = Event.objects.visible_to(user)
        if self.instance.pk:
            follow = follow.exclude(pk=self.instance.pk)
        limit(self, "follow_up_to", follow)
        limit(self, "requests", Request.objects.visible_to(user))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        state, plan, review = data.get("state"), data.get("plan"), data.get("review")
        if plan is not None and state is not None and plan.state_id != state.pk:
            self.add_error("plan", _("The plan must be a plan of the main State concerned."))
        if review is not None and plan is not None and review.plan_id != plan.pk:
            self.add_error("review", _("The review must be a review of the related plan."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values.pop("states_concerned", None)
        values.pop("requests", None)
        return values


class OrganiserForm(forms.ModelForm):
    class Meta:
        model = Organiser
        fields = ["organisation", "state", "label"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("organisation")) == bool(data.get("state")):
            raise forms.ValidationError(_("Choose an organisation or a State, not both."))
        return data


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["group", "state", "agency", "organisation", "name", "count"]

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        concerned = list(event.states_concerned.values_list("pk", flat=True))
        if event.state_id:
            concerned.append(event.state_id)
        agencies = Agency.objects.filter(state_id__in=concerned).select_related("state")
        limit(self, "agency", agencies)
        limit(self, "organisation", Organisation.objects.order_by("name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency = data.get("agency")
        if agency is not None and data.get("state") is None:
            data["state"] = agency.state
        if data.get("group") == Participant.Group.GOVERNMENT and data.get("state") is None:
            self.add_error("state", _("Governmental officials need their State."))
        if not any(data.get(k) for k in ("name", "agency", "organisation", "state")):
            raise forms.ValidationError(_("Name the participant or choose who they are."))
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service, which also fills the order.
        pass


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [
            "text",
            "action",
            "plan",
            "task",
            "task_title",
            "section_code",
            "lead_agency",
            "due_date",
            "task_status",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_date": DateInput()}

    def __init__(self, *args: Any, event: Event, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from nap1540.plans.models import Plan, Task

        owner = event.state_id or (event.plan.state_id if event.plan else 0)
        plans = Plan.objects.visible_to(user).filter(state_id=owner)
        limit(self, "plan", plans)
        limit(self, "task", Task.objects.filter(plan__in=plans).select_related("plan"))
        limit(self, "lead_agency", Agency.objects.filter(state_id=owner))

    def _post_clean(self) -> None:
        pass


class NoteForm(forms.ModelForm):
    comment = forms.CharField(label=_("What did you change?"), max_length=200, required=False)

    class Meta:
        model = Note
        fields = list(Note.CONTENT_FIELDS)
        widgets = {
            "event_text": forms.Textarea(attrs={"rows": 2}),
            "organisers_text": forms.Textarea(attrs={"rows": 3}),
            "date_venue_text": forms.TextInput(),
            "participants_text": forms.Textarea(attrs={"rows": 5}),
            "background": forms.Textarea(attrs={"rows": 12}),
            "overview": forms.Textarea(attrs={"rows": 12}),
            "additional_comments": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        pass


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Event.Kind.choices]
    )
    state = forms.CharField(label=_("State (ISO code)"), required=False, max_length=3)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
