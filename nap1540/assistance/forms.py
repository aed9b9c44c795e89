from __future__ import annotations

import contextlib
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from nap1540.assistance import vocabulary
from nap1540.assistance.matching.languages import iso_code
from nap1540.assistance.models import Channel, Feedback, Priority
from nap1540.core.text import quoted
from nap1540.core.visibility import principal
from nap1540.registry.models import Group, Organisation, PointOfContact, State
from nap1540.registry.services import states_from_codes

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


class _LanguagesMixin:
    """Working languages: the common ones as boxes, any other ISO 639 language typed in.

    A typed value that names no language is a warning (in `warnings`), not a refusal: the
    rest of the form is saved and the person is told what was left out."""

    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        declared = list(self.initial.get("languages") or ())
        if declared:
            self.initial["languages"] = [c for c in declared if c in vocabulary.LANGUAGES]
            others = [c for c in declared if c not in vocabulary.LANGUAGES]
            self.initial["other_languages"] = ", ".join(others)

    def clean_other_languages(self) -> list[str]:
        codes: list[str] = []
        for value in (self.cleaned_data.get("other_languages") or "").split(","):
            if not value.strip():
                continue
            code = iso_code(value)
            if code is None:
                self.warnings.append(
                    _("%(value)s is not a language we know (ISO 639); it was left out.")
                    % {"value": quoted(value.strip())}
                )
            elif code not in codes:
                codes.append(code)
        return codes

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        others = data.pop("other_languages", None) or []
        languages = list(data.get("languages") or ())
        data["languages"] = languages + [c for c in others if c not in languages]
        return data

    def changes(self) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """As ReadBack's, with the boxes and the typed languages read back as one field."""
        values, read = super().changes()  # type: ignore[misc]
        if {"languages", "other_languages"} & set(self.changed_data):  # type: ignore[attr-defined]
            values["languages"] = self.cleaned_data["languages"]
            if read is not None:
                seen = {}
                for name in ("languages", "other_languages"):
                    bound = self[name]  # type: ignore[index]
                    seen[name] = bound.field.hidden_widget().value_from_datadict(
                        self.data,  # type: ignore[attr-defined]
                        self.files,  # type: ignore[attr-defined]
                        bound.html_initial_name,
                    )
                boxes = list(seen["languages"] or [])
                typed = [iso_code(v) for v in str(seen["other_languages"] or "").split(",")]
                read["languages"] = boxes + [c for c in typed if c and c not in boxes]
        return values, read


def _other_languages() -> forms.CharField:
    return forms.CharField(
        label=_("Other working languages"),
        required=False,
        help_text=_("Comma-separated ISO 639 codes or English names: ja, ko, fil, Swahili..."),
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
    requester_label = forms.CharField(
        label=_("Or a requester not in these lists"),
        max_length=200,
        required=False,
        help_text=_(
            "As the request names it. Its items are ranked without a region check until an "
            "administrator adds the organisation and its members."
        ),
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
            del self.fields["state"], self.fields["group"], self.fields["requester_label"]
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
        if "state" in self.fields:
            chosen = [data.get("state"), data.get("group"), data.get("requester_label")]
            if sum(bool(value) for value in chosen) != 1:
                raise forms.ValidationError(
                    _("Choose one requester: a State, an organisation or another name.")
                )
        return data


class ItemForm(_LanguagesMixin, ReadBack, forms.Form):
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
    other_languages = _other_languages()
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )


class RegionsField(forms.CharField):
    """Regions served, typed comma-separated and kept as a list (shown, and read back, joined)."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(self.prepare_value(value)) or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class OfferForm(_LanguagesMixin, ReadBack, _ChoicesMixin, forms.Form):
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
    regions = RegionsField(
        label=_("Regions served"),
        required=False,
        help_text=_("Comma-separated, as you would write them: All, OSCE area, Central Asia..."),
    )
    languages = _multi(_("Working languages"), vocabulary.LANGUAGES)
    other_languages = _other_languages()
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


class StepForm(forms.Form):
    """The note recorded with a procedure step; a refused step comes back as its errors, with
    the note as typed."""

    note = forms.CharField(
        label=_("Note (recorded with the step)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "step-%s")
        super().__init__(*args, **kwargs)


class ProvidersForm(forms.Form):
    """The potential providers an expert chooses before distribution."""

    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    states = forms.CharField(
        label=_("States (ISO codes, separated by commas)"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "CAN, USA"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "providers-%s")
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            is_provider=True
        ).order_by("name")

    def clean_states(self) -> list[State]:
        return states_from_codes(re.split(r"[\s,;]+", self.cleaned_data["states"]))
