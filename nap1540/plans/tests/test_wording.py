"""Sentences about plans are whole in every language, not English pieces put together."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from nap1540.plans.models import Plan


@pytest.mark.parametrize(
    ("act", "number", "day", "expected"),
    [
        ("Decree", "21", date(2017, 5, 2), "Decree No. 21 of 2 May 2017"),
        ("Decree", "21", None, "Decree No. 21"),
        ("Decree", "", date(2017, 5, 2), "Decree of 2 May 2017"),
        ("", "21", date(2017, 5, 2), "Act No. 21 of 2 May 2017"),
        ("", "", date(2017, 5, 2), "Act of 2 May 2017"),
        ("Decree", "", None, "Decree"),
    ],
)
def test_the_adopting_act_reads_as_one_phrase(act, number, day, expected) -> None:
    plan = Plan(adoption_act=act, adoption_act_number=number, adoption_act_date=day)
    with translation.override("en"):
        assert plan.adoption_text() == expected


def test_the_adopting_act_is_translated_whole() -> None:
    plan = Plan(adoption_act="Décret", adoption_act_number="21", adoption_act_date=date(2017, 5, 2))
    with translation.override("fr"):
        assert plan.adoption_text() == "Décret n\u00b0\u00a021 du 2 mai 2017"


@pytest.mark.parametrize(("count", "expected"), [(1, "1 task added."), (2, "2 tasks added.")])
def test_the_import_message_counts_tasks_in_the_singular_and_plural(
    personas, plan, count, expected
) -> None:
    from django.contrib.messages import get_messages
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from nap1540.plans.tests.test_files import _row, _xlsx

    data = _xlsx([_row(title=f"Imported {i}") for i in range(count)])
    with translation.override("en"):
        response = personas.client("coordinator").post(
            reverse("plans:import", args=[plan.pk]),
            {"file": SimpleUploadedFile("tasks.xlsx", data)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [expected]


def test_the_plan_page_marks_the_act_as_typed_and_keeps_its_number_and_date_in_order(
    personas, plan
) -> None:
    from django.urls import reverse

    plan.adoption_act = "Decree <b>"
    plan.adoption_act_number = "21"
    plan.adoption_act_date = date(2017, 5, 2)
    plan.save()
    client = personas.client("coordinator")
    with translation.override("en"):
        html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert (
        '<span data-user-content>Decree &lt;b&gt;</span> No. <bdi dir="ltr">21</bdi> '
        'of <bdi dir="ltr">2 May 2017</bdi>'
    ) in html
