"""The `ltr` filter keeps codes, numbers and digit dates left to right in Arabic text."""

from __future__ import annotations

from datetime import date

from django.template import Context, Template
from django.utils import translation


def _render(source: str, **context: object) -> str:
    return Template("{% load direction %}" + source).render(Context(context))


def test_a_state_code_is_isolated_left_to_right():
    assert _render("({{ code|ltr }})", code="UZB") == '(<bdi dir="ltr">UZB</bdi>)'


def test_the_value_is_escaped():
    assert _render("{{ v|ltr }}", v="<b>OP1-01</b>") == (
        '<bdi dir="ltr">&lt;b&gt;OP1-01&lt;/b&gt;</bdi>'
    )


def test_a_date_keeps_the_reader_format_and_an_arabic_month_its_own_direction():
    with translation.override("ar"):
        shown = _render('{{ d|date:"DATE_FORMAT"|ltr }}', d=date(2017, 5, 22))
        digits = _render('{{ d|date:"Y-m-d"|ltr }}', d=date(2017, 5, 22))
    assert shown == "<bdi>22 مايو 2017</bdi>"
    assert digits == '<bdi dir="ltr">2017-05-22</bdi>'


def test_a_number_is_localised_and_nothing_is_left_empty():
    assert _render("{{ n|ltr }}|{{ none|ltr }}|{{ blank|ltr }}", n=1540, none=None, blank="") == (
        '<bdi dir="ltr">1540</bdi>|None|'
    )
