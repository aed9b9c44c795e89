from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from nap1540.registry.models import Agency, PointOfContact, State


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "acronym", "kind"]

    def __init__(self, *args: Any, state: State, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state = state

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Agency.objects.filter(state=self.state, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("%(state)s already has an agency with this name.") % {"state": self.state}
            )
        return name


class PointOfContactForm(forms.ModelForm):
    class Meta:
        model = PointOfContact
        fields = ["name", "function", "agency", "email", "phone", "languages"]

    def __init__(self, *args: Any, state: State, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(state=state)  # type: ignore[attr-defined]
