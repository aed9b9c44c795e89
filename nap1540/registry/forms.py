from __future__ import annotations

from typing import Any

from django import forms

from nap1540.registry.models import Agency, PointOfContact, State


class PointOfContactForm(forms.ModelForm):
    class Meta:
        model = PointOfContact
        fields = ["name", "function", "agency", "email", "phone", "languages", "visibility"]

    def __init__(self, *args: Any, state: State, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(state=state)  # type: ignore[attr-defined]
