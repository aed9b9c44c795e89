"""Every form's fields sized to what they hold (settings.FORM_RENDERER is this Renderer).

A number or a date needs a few characters, a code a few more, a sentence the line and a text the
whole width; app.css styles the `field-*` classes. Django itself marks a field with errors
`aria-invalid` and points its `aria-describedby` at `<id>_error` (the error list) and
`<id>_helptext`; web/_form_errors.html lists the errors above the form.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.renderers import DjangoTemplates

SHORT_TEXT = 20  # characters: a code, a number, a currency


def size_class(field: forms.Field) -> str:
    """The CSS class for the width the field's widget needs, or '' (choices keep their own)."""
    widget = field.widget
    if isinstance(widget, forms.Textarea):
        return "field-wide"
    if isinstance(widget, forms.NumberInput):
        return "field-number"
    if isinstance(widget, forms.DateInput | forms.DateTimeInput | forms.TimeInput):
        return "field-date"
    if isinstance(widget, forms.TextInput | forms.EmailInput | forms.URLInput):
        max_length = getattr(field, "max_length", None)
        if max_length is not None and max_length <= SHORT_TEXT:
            return "field-short"
        return "field-line"
    return ""


class SizedBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        size = size_class(self.field)
        if size:
            classes = str(attrs.get("class") or self.field.widget.attrs.get("class") or "").split()
            if size not in classes:
                attrs["class"] = " ".join([*classes, size])
        return attrs


class Renderer(DjangoTemplates):
    bound_field_class = SizedBoundField

    # Django renders each <option> through two includes (each checkbox or radio through
    # four); a select of 193 States cost 11 ms of a page. The templates kept here write the
    # options in place and render the same HTML.
    OWN_TEMPLATES: ClassVar[dict[str, str]] = {
        "django/forms/widgets/select.html": "core/widgets/select.html",
        "django/forms/widgets/checkbox_select.html": "core/widgets/multiple_input.html",
        "django/forms/widgets/radio.html": "core/widgets/multiple_input.html",
    }

    def get_template(self, template_name: str) -> Any:
        return super().get_template(self.OWN_TEMPLATES.get(template_name, template_name))
