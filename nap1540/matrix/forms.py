from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from nap1540.core.http.uploads import CappedFileField
from nap1540.matrix.models import REFERENCE_KEYS, Entry, Framework, Mark, SourceKind
from nap1540.matrix.values import REFERENCE_LIMITS, TEXT_LIMITS, clean_values

PART_LABELS = {
    "instrument": _("Instrument"),
    "article": _("Article"),
    "date": _("Date"),
    "link": _("Link"),
}


class EntryForm(forms.Form):
    """Mark and evidence of one field; `revision` is the value the editor started from."""

    mark = forms.ChoiceField(label=_("Mark"), choices=Mark.choices, required=False)
    legal_instrument = forms.CharField(
        label=_("Legal instrument"), required=False, max_length=REFERENCE_LIMITS["instrument"]
    )
    legal_article = forms.CharField(
        label=_("Article"), required=False, max_length=REFERENCE_LIMITS["article"]
    )
    legal_date = forms.CharField(
        label=_("Date"), required=False, max_length=REFERENCE_LIMITS["date"]
    )
    legal_link = forms.CharField(
        label=_("Link"), required=False, max_length=REFERENCE_LIMITS["link"]
    )
    enforcement_instrument = forms.CharField(
        label=_("Penalties: instrument"), required=False, max_length=REFERENCE_LIMITS["instrument"]
    )
    enforcement_article = forms.CharField(
        label=_("Penalties: article"), required=False, max_length=REFERENCE_LIMITS["article"]
    )
    enforcement_date = forms.CharField(
        label=_("Penalties: date"), required=False, max_length=REFERENCE_LIMITS["date"]
    )
    enforcement_link = forms.CharField(
        label=_("Penalties: link"), required=False, max_length=REFERENCE_LIMITS["link"]
    )
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices, required=False)
    source_document = forms.CharField(
        label=_("Source document"), required=False, max_length=TEXT_LIMITS["source_document"]
    )
    source_page = forms.CharField(
        label=_("Page"), required=False, max_length=TEXT_LIMITS["source_page"]
    )
    source_url = forms.CharField(
        label=_("Source link"), required=False, max_length=TEXT_LIMITS["source_url"]
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMITS["remarks"],
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_for(cls, entry: Entry) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "mark": entry.mark,
            "remarks": entry.remarks,
            "source_kind": entry.source_kind,
            "source_document": entry.source_document,
            "source_page": entry.source_page,
            "source_url": entry.source_url,
            "revision": entry.revision,
        }
        for prefix, ref in (
            ("legal", entry.legal_reference),
            ("enforcement", entry.enforcement_reference),
        ):
            for part in REFERENCE_KEYS:
                initial[f"{prefix}_{part}"] = ref.get(part, "")
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "mark": data["mark"],
            "legal_reference": {p: data[f"legal_{p}"] for p in REFERENCE_KEYS},
            "enforcement_reference": {p: data[f"enforcement_{p}"] for p in REFERENCE_KEYS},
            "remarks": data["remarks"],
            "source_kind": data["source_kind"],
            "source_document": data["source_document"],
            "source_page": data["source_page"],
            "source_url": data["source_url"],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        _cleaned, problems = clean_values(self.values(), partial=True)
        for p in problems:
            name = p.name.replace("_reference.", "_")
            self.add_error(name if name in self.fields else None, p.message)
        return data

    def reference_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (str(_("Legal basis")), [self[f"legal_{p}"] for p in REFERENCE_KEYS]),
            (
                str(_("Enforcement: civil/criminal penalties")),
                [self[f"enforcement_{p}"] for p in REFERENCE_KEYS],
            ),
        ]


class FilterForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), required=False)
    weapon = forms.ChoiceField(
        label=_("Weapon category"),
        required=False,
        choices=[
            ("", _("All")),
            ("N", _("Nuclear")),
            ("C", _("Chemical")),
            ("B", _("Biological")),
            ("-", _("General (no category)")),
        ],
    )
    mark = forms.ChoiceField(
        label=_("Mark"),
        required=False,
        choices=[("", _("All")), ("X", "X"), ("?", "?"), ("NA", "NA"), ("blank", _("blank"))],
    )
    changed_since = forms.DateField(
        label=_("Changed since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    as_of = forms.DateField(
        label=_("As it stood on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, sections: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("All")), *sections]  # type: ignore[attr-defined]


class HeaderForm(forms.Form):
    report_date = forms.DateField(
        label=_("Date of report"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    addenda = forms.CharField(
        label=_("Dates of addenda / additional reports"),
        required=False,
        help_text=_("YYYY-MM-DD, separated by semicolons."),
    )

    def clean_addenda(self) -> list[Any]:
        from datetime import date

        out = []
        for part in filter(None, (p.strip() for p in self.cleaned_data["addenda"].split(";"))):
            try:
                out.append(date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(
                    _("%(value)s is not a date in the form YYYY-MM-DD."), params={"value": part}
                ) from None
        return out


class ImportForm(forms.Form):
    workbook = CappedFileField(label=_("Matrix workbook (.xlsx)"))
    dry_run = forms.BooleanField(label=_("Only check, do not save"), required=False)


class MigrateForm(forms.Form):
    framework = forms.ModelChoiceField(
        label=_("Template version"), queryset=Framework.objects.none()
    )

    def __init__(self, *args: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]
