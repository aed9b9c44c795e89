from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from nap1540.assistance import vocabulary
from nap1540.assistance.models import Channel, Feedback, Priority
from nap1540.core.visibility import principal
from nap1540.registry.models import Group, Organisation, PointOfContact, State

_CHECKS = forms.CheckboxSelectMultiple


class _ChoicesMixin:
    fields: dict[str, forms.Field]

    def _choices(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class ReadBack:
    """A form that sends back the values it showed (hidden `initial-*` inputs), so a save
    writes only what this person changed and knows what they saw when they opened it."""

    fields: dict[str, forms.Field]
    data: Any
    files: Any
    changed_data: list[str]
    cleaned_data: dict[str, Any]

    if TYPE_CHECKING:  # given by forms.Form, which comes after this mixin

        def __getitem__(self, name: str) -> forms.BoundField: ...

    def send_back_what_is_shown(self) -> None:
        for field in self.fields.values():
            field.show_hidden_initial = True

    def changes(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """The values this person changed and, for each, the value they saw (None: no
        record of what they saw, as from an older page: every field is written)."""
        names = [n for n in self.fields if self[n].html_initial_name in self.data]
        if not names:
            return dict(self.cleaned_data), None
        values: dict[str, Any] = {}
        read: dict[str, Any] = {}
        for name in self.changed_data:
            if name not in self.cleaned_data:
                continue
            values[name] = self.cleaned_data[name]
            bound = self[name]
            raw = bound.field.hidden_widget().value_from_datadict(
                self.data, self.files, bound.html_initial_name
            )
            with contextlib.suppress(forms.ValidationError):  # unreadable: not checked
                read[name] = bound.field.to_python(raw)
        return values, read


def _multi(label: Any, mapping: dict[str, Any]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=vocabulary.choices(mapping), required=False, widget=_CHECKS
    )


class RequestForm(ReadBack, _ChoicesMixin, forms.Form):
    """A request's description: experts choose the requester, coordinators draft for their State."""

    state = forms.ModelChoiceField(
        label=_("Requesting State"), queryset=State.objects.all(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("Or a regional organisation"),
        queryset=Group.objects.filter(kind=Group.Kind.ORGANISATION),
        required=False,
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(
        label=_("Date of request"), widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    contact = forms.ModelChoiceField(
        label=_("Point of contact"), queryset=PointOfContact.objects.none(), required=False
    )
    contact_name = forms.CharField(
        label=_("Or name of the contact"), max_length=200, required=False
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    consent_to_publish = forms.BooleanField(
        label=_("The State consents to a summary being posted publicly"), required=False
    )
    public_summary = forms.CharField(
        label=_("Public summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Posted on the public pages only with consent and after the objection window."),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        fixed_state: State | None = None,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_state = fixed_state
        p = principal(user)
        if editing or fixed_state is not None or not p.is_expert:
            del self.fields["state"], self.fields["group"]
        if editing:
            del self.fields["consent_to_publish"]
        state = fixed_state
        if state is not None:
            self._choices("contact").queryset = PointOfContact.objects.visible_to(user).filter(
                state=state
            )
        else:
            self._choices("contact").queryset = PointOfContact.objects.visible_to(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "state" in self.fields and bool(data.get("state")) == bool(data.get("group")):
            raise forms.ValidationError(_("Choose either a requesting State or an organisation."))
        return data


class ItemForm(ReadBack, forms.Form):
    text = forms.CharField(
        label=_("Need"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is needed, for whom, by when. The drafting aid flags generic wording."),
    )
    section_codes = forms.MultipleChoiceField(
        label=_("Matrix sections"),
        choices=[(c, c) for c in vocabulary.SECTIONS],
        required=False,
        widget=_CHECKS,
    )
    weapon_categories = _multi(_("Weapon categories"), vocabulary.WEAPON_CATEGORIES)
    assistance_types = _multi(_("Assistance types"), vocabulary.ASSISTANCE_TYPES)
    subjects = _multi(_("Subjects"), vocabulary.SUBJECTS)
    languages = _multi(_("Working languages accepted"), vocabulary.LANGUAGES)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )


class OfferForm(_ChoicesMixin, forms.Form):
    provider_state = forms.ModelChoiceField(
        label=_("Provider State"), queryset=State.objects.all(), required=False
    )
    provider_organisation = forms.ModelChoiceField(
        label=_("Or provider organisation"), queryset=Organisation.objects.all(), required=False
    )
    code = forms.SlugField(label=_("Code"), max_length=80)
    title = forms.CharField(label=_("Programme"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    assistance_types = _multi(_("Assistance types"), vocabulary.ASSISTANCE_TYPES)
    subjects = _multi(_("Subjects"), vocabulary.SUBJECTS)
    regions = forms.CharField(
        label=_("Regions served"),
        required=False,
        help_text=_("Comma-separated, as you would write them: All, OSCE area, Central Asia..."),
    )
    languages = _multi(_("Working languages"), vocabulary.LANGUAGES)
    contact = forms.CharField(label=_("Contact"), max_length=300, required=False)
    source_url = forms.URLField(
        label=_("Source"), required=False, max_length=500, assume_scheme="https"
    )
    active_from = forms.DateField(
        label=_("Active from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    active_to = forms.DateField(
        label=_("Active until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_withdrawn = forms.BooleanField(label=_("Withdrawn"), required=False)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        p = principal(user)
        if editing:
            del self.fields["provider_state"], self.fields["provider_organisation"]
            del self.fields["code"]
        else:
            del self.fields["is_withdrawn"]
            if not p.is_expert:
                self._choices("provider_organisation").queryset = Organisation.objects.filter(
                    pk__in=p.organisation_ids
                )
                self._choices("provider_state").queryset = State.objects.filter(
                    pk__in=p.coordinator_state_ids
                )

    def clean_regions(self) -> list[str]:
        raw = self.cleaned_data.get("regions") or ""
        return [part.strip() for part in raw.split(",") if part.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "provider_state" in self.fields and bool(data.get("provider_state")) == bool(
            data.get("provider_organisation")
        ):
            raise forms.ValidationError(_("Choose either a provider State or an organisation."))
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The offer cannot end before it starts."))
        return data


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["rating", "activities", "achievements", "opportunities"]
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "opportunities": forms.Textarea(attrs={"rows": 3}),
            "rating": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Said next to the field, before the database constraint (feedback_rating_range) is met.
        rating = self.fields["rating"]
        rating.validators += [MinValueValidator(1), MaxValueValidator(5)]
        message = _("The rating is a number from 1 to 5.")
        rating.error_messages.update({"min_value": message, "max_value": message})


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
