"""A review recorded from a meeting's page: the plan's form, prefilled, linked to the meeting."""

from datetime import date
from typing import Any

from django.urls import reverse

from nap1540.events.models import Event
from nap1540.plans.models import Review


def _meeting(personas: Any, plan: Any, *, state: Any = None) -> Event:
    return Event.objects.create(
        kind=Event.Kind.REVIEW_MEETING,
        title="Vienna review meeting",
        slug=f"vienna-review-{(state or personas.uzb).iso3.lower()}",
        starts_on=date(2017, 5, 22),
        ends_on=date(2017, 5, 23),
        state=state or personas.uzb,
        plan=plan if state is None else None,
        visibility="private",
    )


def _url(event: Event) -> str:
    return reverse("events:record_review", args=[event.slug])


def _post(client: Any, event: Event) -> Any:
    return client.post(_url(event), {"title": "Review", "held_on": "2017-05-23", "notes": ""})


def test_review_form_prefills_the_date_and_title_from_the_meeting(personas, plan):
    event = _meeting(personas, plan)
    html = personas.client("coordinator").get(_url(event)).content.decode()
    assert 'value="2017-05-23"' in html
    assert 'value="Vienna review meeting"' in html
    assert event.get_absolute_url() in html


def test_plan_review_form_refuses_a_malformed_date_with_the_format_to_use(personas, plan):
    client = personas.client("coordinator")
    page = client.get(f"/plans/{plan.pk}/reviews/new/?held_on=23/05/2017")
    assert page.status_code == 400
    assert "held_on must be a date written as YYYY-MM-DD" in page.content.decode()


def test_review_recorded_from_a_meeting_is_linked_to_it(personas, plan):
    event = _meeting(personas, plan)
    response = _post(personas.client("coordinator"), event)
    review = Review.objects.get(plan=plan)
    assert response["Location"] == review.get_absolute_url()
    event.refresh_from_db()
    assert event.review == review


def test_another_states_meeting_records_no_review(personas, plan):
    foreign = _meeting(personas, plan, state=personas.kaz)
    response = _post(personas.client("coordinator"), foreign)
    assert response.status_code == 404
    assert not Review.objects.filter(plan=plan).exists()
    foreign.refresh_from_db()
    assert foreign.review is None


def test_focal_point_cannot_record_a_review_for_a_meeting(personas, plan):
    event = _meeting(personas, plan)
    response = _post(personas.client("focal"), event)
    assert response.status_code in (403, 404)
    assert not Review.objects.filter(plan=plan).exists()


def test_review_page_links_back_to_its_meeting(personas, plan):
    event = _meeting(personas, plan)
    client = personas.client("coordinator")
    _post(client, event)
    review = Review.objects.get(plan=plan)
    page = client.get(review.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page
