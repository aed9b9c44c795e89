"""The plan page writes every date in the reader's language, in one style."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from nap1540.plans.models import Plan


@pytest.mark.parametrize(
    ("lang", "start", "end", "due", "isolate"),
    [
        ("en", "1 January 2014", "31 December 2016", "2 January 2015", '<bdi dir="ltr">'),
        ("fr", "1 janvier 2014", "31 d\u00e9cembre 2016", "2 janvier 2015", '<bdi dir="ltr">'),
        (
            "ar",
            "1 \u064a\u0646\u0627\u064a\u0631 2014",
            "31 \u062f\u064a\u0633\u0645\u0628\u0631 2016",
            "2 \u064a\u0646\u0627\u064a\u0631 2015",
            # A date with the Arabic month name keeps its own reading order.
            "<bdi>",
        ),
    ],
)
def test_plan_page_writes_dates_in_the_languages_style(
    personas: Any, plan: Plan, lang: str, start: str, end: str, due: str, isolate: str
) -> None:
    client = personas.client("coordinator")
    with translation.override(lang):
        page = client.get(reverse("plans:detail", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE=lang)
    html = unescape(page.content.decode())
    # Each date in the language's style, isolated so that it keeps its order in any page.
    assert f"{isolate}{start}</bdi> \u2013 {isolate}{end}</bdi>" in html
    assert f"{isolate}{due}</bdi>" in html  # task 1 is due on 2 January 2015
    assert "2015-01-02" not in html.replace('datetime="2015-01-02"', "")
    assert "01/02/2015" not in html and "02/01/2015" not in html
