from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from nap1540.core.http.uploads import CappedFileField
from nap1540.plans.models import Plan, Task
from nap1540.plans.services.tasks import resolve_fields
from nap1540.registry.models import Agency, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PERCENT = _("Progress is a percentage from 0 to 100.")
PERCENT_ERRORS = {"min_value": PERCENT, "max_value": PERCENT, "invalid": PERCENT}


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "period_start",
            "period_end",
            "adoption_act",
            "adoption_act_number",
            "adoption_act_date",
            "coordinating_agency",
            "introduction",
            "coordination_mechanism",
        ]
        widgets = {"period_start": DATE, "period_end": DATE, "adoption_act_date": DATE}

    def __init__(self, *args: Any, state: State, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinating_agency"].queryset = Agency.objects.filter(state=state)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class TaskForm(forms.ModelForm):
    field_keys = forms.CharField(
        label=_("Matrix fields"),
        required=False,
        help_text=_("Field ids separated by commas, for example OP3(d)-N-LEG, OP3(d)-C-LEG."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = [
            "number",
            "title",
            "description",
            "section_code",
            "lead_agency",
            "supporting_agencies",
            "start_date",
            "due_date",
            "priority",
            "status",
            "progress",
            "expected_outputs",
            "indicators",
            "estimated_cost",
            "currency",
            "funding",
            "assistance_needed",
            "assistance_description",
        ]
        widgets = {
            "start_date": DATE,
            "due_date": DATE,
            "supporting_agencies": forms.CheckboxSelectMultiple,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(state_id=plan.state_id)
        self.fields["lead_agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["supporting_agencies"].queryset = agencies  # type: ignore[attr-defined]
        progress = self.fields["progress"]
        progress.validators.append(MaxValueValidator(100))  # the model's limit is a constraint
        progress.error_messages.update(PERCENT_ERRORS)  # for every validator's code
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Left empty, the next free number is used.")
        if self.instance.pk:
            self.fields["field_keys"].initial = ", ".join(
                self.instance.fields.values_list("key", flat=True)
            )
            self.fields["lock_version"].initial = self.instance.lock_version

    def clean_field_keys(self) -> list[str]:
        raw = self.cleaned_data.get("field_keys") or ""
        keys = [k.strip() for k in raw.replace(";", ",").split(",") if k.strip()]
        resolve_fields(keys)  # raises ValidationError naming unknown ids
        return keys

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date is before the start date."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["fields"] = data.pop("field_keys")
        data.pop("lock_version", None)
        data["supporting_agencies"] = list(data.get("supporting_agencies") or [])
        return data

    def validate_unique(self) -> None:
        # The plan is set by the service; uniqueness of the number is checked there.
        pass


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, error_messages=PERCENT_ERRORS
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)


class SuccessorForm(forms.Form):
    title = forms.CharField(label=_("Title of the new plan"), max_length=300)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class ImportForm(forms.Form):
    file = CappedFileField(label=_("Workbook (XLSX)"))
    dry_run = forms.BooleanField(
        label=_("Only check the workbook; add nothing"), required=False, initial=True
    )


class MatrixProposalForm(forms.Form):
    mark = forms.ChoiceField(
        label=_("Proposed mark"),
        choices=[("X", _("X: measure in place")), ("?", _("?: references incomplete"))],
        initial="X",
    )
    fields_to_change = forms.MultipleChoiceField(
        label=_("Matrix fields"), widget=forms.CheckboxSelectMultiple
    )
    instrument = forms.CharField(label=_("Legal instrument"), required=False, max_length=300)
    article = forms.CharField(label=_("Article"), required=False, max_length=100)
    date = forms.DateField(label=_("Date of the instrument"), required=False, widget=DATE)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    remarks = forms.CharField(label=_("Remarks"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keys = [(f.key, f"{f.key} {f.label}") for f in task.fields.all()]
        self.fields["fields_to_change"].choices = keys  # type: ignore[attr-defined]
        self.fields["fields_to_change"].initial = [k for k, _label in keys]

    def legal_reference(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "instrument": data.get("instrument") or "",
            "article": data.get("article") or "",
            "date": data["date"].isoformat() if data.get("date") else "",
            "link": data.get("link") or "",
        }
