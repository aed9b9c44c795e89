"""The widget templates kept in core (options written in place) render Django's own HTML."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates

from nap1540.core.forms import Renderer

CHOICES = [("", "---"), *((str(i), f"State <{i}> & “co”") for i in range(1, 194))]


class Everything(forms.Form):
    state = forms.ChoiceField(choices=CHOICES, required=False)
    states = forms.MultipleChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(
        choices=[("Asia", [("a", "A"), ("b", "B")]), ("Europe", [("c", "C")]), ("x", "Plain")]
    )
    answer = forms.NullBooleanField()
    level = forms.ChoiceField(choices=CHOICES[:4], widget=forms.RadioSelect)
    checks = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    grouped_checks = forms.MultipleChoiceField(
        choices=[("Asia", [("a", "A"), ("b", "B")]), ("x", "Plain")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns"}),
    )


DATA = {
    "state": "5",
    "states": ["1", "7"],
    "grouped": "c",
    "level": "2",
    "checks": ["3", "9"],
    "grouped_checks": ["b"],
}


def test_every_choice_widget_renders_as_djangos_own_templates_do():
    ours, django = Everything(DATA), Everything(DATA, renderer=DjangoTemplates())
    assert isinstance(ours.renderer, Renderer)
    for name in Everything.base_fields:
        assert str(ours[name]) == str(django[name]), name
    html = str(ours["state"])
    assert html.count("<option") == 194
    assert '<option value="5" selected>State &lt;5&gt; &amp; “co”</option>' in html
    checks = str(ours["checks"])
    assert checks.count('type="checkbox"') == 194
    assert 'value="9" id="id_checks_9" checked>' in checks
