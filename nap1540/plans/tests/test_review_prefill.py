"""The review form opened from a meeting's page: date prefilled, review linked to the meeting."""

from datetime import date
from typing import Any

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


def _post(client: Any, plan: Any, query: str, **extra: Any) -> Any:
    return client.post(
        f"/plans/{plan.pk}/reviews/new/{query}",
        {"title": "Review", "held_on": "2017-05-23", "notes": "", **extra},
    )


def test_review_form_prefills_the_date_and_title_from_the_meeting(personas, plan):
    event = _meeting(personas, plan)
    client = personas.client("coordinator")
    page = client.get(f"/plans/{plan.pk}/reviews/new/?held_on=2017-05-23&event={event.pk}")
    html = page.content.decode()
    assert 'value="2017-05-23"' in html
    assert 'value="Vienna review meeting"' in html
    assert f'name="event" value="{event.pk}"' in html
    assert event.get_absolute_url() in html


def test_review_form_ignores_a_malformed_date(personas, plan):
    client = personas.client("coordinator")
    page = client.get(f"/plans/{plan.pk}/reviews/new/?held_on=23/05/2017&event=abc")
    assert page.status_code == 200
    assert 'name="event"' not in page.content.decode()


def test_review_recorded_from_a_meeting_is_linked_to_it(personas, plan):
    event = _meeting(personas, plan)
    client = personas.client("coordinator")
    response = _post(client, plan, "", event=event.pk)
    review = Review.objects.get(plan=plan)
    assert response["Location"] == review.get_absolute_url()
    event.refresh_from_db()
    assert event.review == review


def test_review_is_not_linked_to_another_states_meeting(personas, plan):
    foreign = _meeting(personas, plan, state=personas.kaz)
    client = personas.client("coordinator")
    _post(client, plan, f"?event={foreign.pk}", event=foreign.pk)
    assert Review.objects.filter(plan=plan).count() == 1
    foreign.refresh_from_db()
    assert foreign.review is None


def test_focal_point_cannot_link_a_meeting_they_cannot_edit(personas, plan):
    event = _meeting(personas, plan)
    plan.refresh_from_db()
    client = personas.client("focal")
    response = _post(client, plan, "", event=event.pk)
    event.refresh_from_db()
    assert event.review is None
    assert response.status_code in (302, 403)


def test_review_page_links_back_to_its_meeting(personas, plan):
    event = _meeting(personas, plan)
    client = personas.client("coordinator")
    _post(client, plan, "", event=event.pk)
    review = Review.objects.get(plan=plan)
    page = client.get(review.get_absolute_url()).content.decode()
    assert event.get_absolute_url() in page
