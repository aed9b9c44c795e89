"""web/_form_errors.html: one summary above every form, each error a link to its field."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class ContactForm(forms.Form):
    name = forms.CharField(label="Name")
    count = forms.IntegerField(label="Count")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        self.add_error(None, "Someone else changed the record.")
        return self.cleaned_data


def _summary(form: forms.Form) -> str:
    return render_to_string("web/_form_errors.html", {"form": form})


def test_summary_lists_the_form_error_then_each_field_error_linked_to_its_field():
    html = _summary(ContactForm({"name": "", "count": "many", "version": "x"}))
    assert 'role="alert"' in html and 'tabindex="-1"' in html and "data-error-summary" in html
    assert 'id="form-errors" ' in html and 'aria-labelledby="form-errors-h"' in html
    assert '<h2 id="form-errors-h">The form was not saved.' in html
    assert "<li>Someone else changed the record.</li>" in html
    assert '<a href="#id_name">Name: This field is required.</a>' in html
    assert '<a href="#id_count">Count: Enter a whole number.</a>' in html
    # A hidden field cannot take focus: its error is listed without a link.
    assert 'href="#id_version"' not in html and "<li>Enter a whole number.</li>" in html
    assert html.index("Someone else") < html.index("#id_name") < html.index("#id_count")


def test_no_summary_for_an_unbound_or_valid_form():
    assert _summary(ContactForm()).strip() == ""

    class Valid(forms.Form):
        name = forms.CharField()

    assert _summary(Valid({"name": "x"})).strip() == ""


def test_two_forms_on_a_page_get_their_own_summary_ids():
    html = _summary(ContactForm({"org-name": ""}, prefix="org"))
    assert 'id="org-errors"' in html and 'href="#id_org-name"' in html


def test_summary_reads_in_the_page_language():
    with translation.override("fr"):
        html = _summary(ContactForm({"name": ""}))
    assert "Le formulaire n\u2019a pas été enregistré." in html
    assert "Name : " in html


def test_fields_are_marked_invalid_and_sized_by_content():
    form = ContactForm({"name": "", "count": "2", "version": "1"})
    name = str(form["name"])
    assert 'aria-invalid="true"' in name and 'aria-describedby="id_name_error"' in name
    assert 'id="id_name_error"' in str(form["name"].errors)
    count = str(form["count"])
    assert "aria-invalid" not in count and 'class="field-number"' in count
    assert 'class="field-wide"' in str(form["notes"])
    assert 'class="field-line"' in name
