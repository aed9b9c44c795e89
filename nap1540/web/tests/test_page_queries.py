"""The heavy pages cost the same queries at two data sizes (issue 13: every page fast at scale).

Both sizes come from `nap1540 synth`: a few States with few records, then more States with
more versions, requests, events and participants each. The page is requested once before
counting (the process's first page fills Django's content-type cache).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nap1540.events.models import Event, Participant
from nap1540.plans.synth import members
from nap1540.registry.models import Group, Organisation

pytestmark = pytest.mark.django_db

# The main menu's counts of what waits for the signed-in user are part of every page.
MAX_QUERIES = 16
SMALL = ["--states", "3", "--versions", "1", "--requests", "2", "--events", "2"]
LARGE = ["--states", "9", "--versions", "2", "--requests", "7", "--events", "3"]
COMMON = ["--tasks", "4", "--reviews", "1", "--items", "3", "--offers", "12", "--replace"]


def count(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def fill(size: list[str]) -> None:
    call_command("synth", *size, *COMMON, stdout=io.StringIO())
    group, _ = Group.objects.get_or_create(
        code="TEST-ALL", defaults={"name": "Every synthetic State", "kind": Group.Kind.USER}
    )
    n = int(size[1])
    group.members.set(members(n))


def more_participants(event: Event) -> None:
    """Every organisation of the registry takes part too: far more participants than before."""
    group = Participant.Group.INTERNATIONAL
    Participant.objects.bulk_create(
        Participant(event=event, group=group, order=100 + i, organisation=o)
        for i, o in enumerate(Organisation.objects.order_by("pk")[:25])
    )


def second_state_event() -> Event:
    event = Event.objects.filter(state=members(2)[1]).order_by("starts_on").first()
    assert event is not None
    return event


PAGES: dict[str, Callable[[], str]] = {
    "UN-wide region page": lambda: "/regions/TEST-ALL/",
    "UN-wide matrix region page": lambda: "/matrix/regions/TEST-ALL/",
    "matrix index": lambda: "/matrix/",
    "calendar": lambda: "/events/calendar/",
    "State page": lambda: f"/states/{members(2)[1].iso3}/",
    "information note": lambda: f"/events/{second_state_event().slug}/note/en/",
    # Demand and supply by region from stored terms, two paginated lists (test_gaps.py pins
    # the same page with the services' own writes and for three personas).
    "gaps page": lambda: "/assistance/gaps/?days=0",
}
# A page that needs more than the common budget, and why.
LIMITS = {"gaps page": 18}  # the charts' two GROUP BY counts and both lists' pages


@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_the_data(personas, page, capsys):
    client = personas.client("expert")
    fill(SMALL)
    small = count(client, PAGES[page]())
    fill(LARGE)
    more_participants(second_state_event())
    large = count(client, PAGES[page]())
    assert small == large <= LIMITS.get(page, MAX_QUERIES), (small, large)


def unmatched_total(client: Any) -> int:
    """How many unmatched requests the gaps page says it lists (over all its pages)."""
    page = client.get("/assistance/gaps/?days=0").content.decode()
    found = re.search(r"Requests 1 to \d+ of (\d+)\.", page)
    assert found is not None, "no unmatched request listed"
    return int(found.group(1))


def test_the_larger_size_really_shows_more(personas, capsys):
    """The pages above list more at the larger size: the pins compare different data."""
    client = personas.client("expert")
    fill(SMALL)
    state = members(2)[1]
    small = (
        client.get(f"/states/{state.iso3}/").content.decode().count('href="/assistance/requests/')
    )
    small_unmatched = unmatched_total(client)
    fill(LARGE)
    event = second_state_event()
    more_participants(event)
    large = (
        client.get(f"/states/{state.iso3}/").content.decode().count('href="/assistance/requests/')
    )
    assert large > small > 0
    note = client.get(f"/events/{event.slug}/note/en/").content.decode()
    last = list(Organisation.objects.order_by("pk")[:25])[-1]
    assert last.name in note
    calendar = client.get("/events/calendar/").content.decode()
    assert sum(s.name in calendar for s in members(9)) >= 7
    assert unmatched_total(client) > small_unmatched > 0
