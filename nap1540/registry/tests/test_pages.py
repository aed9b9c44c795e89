from __future__ import annotations

import re

import pytest

from nap1540.core.audit import AuditEvent, history_lines
from nap1540.registry.models import Group, PointOfContact

pytestmark = pytest.mark.django_db


def test_states_index_searches_by_name_and_code(client):
    body = client.get("/states/?q=uzbek").content.decode()
    assert "Uzbekistan" in body
    assert "Kazakhstan" not in body
    assert "Uzbekistan" in client.get("/states/?q=UZB").content.decode()


def test_states_index_filters_by_group(client):
    response = client.get("/states/?group=CENTRAL-ASIA")
    names = [s.name for s in response.context["page"]]
    assert names == ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]


def test_htmx_search_returns_only_the_rows(client):
    response = client.get("/states/?q=Tajik", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Tajikistan" in body
    assert "<html" not in body


def test_states_index_query_count_does_not_grow_with_states(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/states/")


def test_state_page_shows_profile_groups_and_agencies(personas, client):
    body = client.get("/states/UZB/").content.decode()
    assert "Republic of Uzbekistan" in body
    assert "Central Asia" in body
    assert "OSCE" in body
    assert "Ministry of Emergency Situations" in body


def test_unknown_state_is_a_404(client):
    assert client.get("/states/XXX/").status_code == 404


def test_regions_index_lists_groups_with_their_members(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = client.get("/regions/").content.decode()
    assert "Central Asia" in body
    assert "African States" in body
    assert "Holy See" in body
    assert body.count('href="/regions/') >= Group.objects.count()
    # A link inside <summary> is a control within a control, out of a keyboard's reach.
    summaries = re.findall(r"<summary>(.*?)</summary>", body, re.S)
    assert len(summaries) >= Group.objects.count()
    assert not [s for s in summaries if "<a " in s]


def test_region_page_lists_members(client):
    body = client.get("/regions/CENTRAL-ASIA/").content.decode()
    for name in ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]:
        assert name in body


def test_interface_switches_to_russian(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/states/UZB/"})
    assert response.status_code == 302
    body = client.get("/states/UZB/").content.decode()
    assert 'lang="ru"' in body
    assert "Государства" in body  # navigation: States
    assert "Узбекистан" in body  # the State's name
    assert "Профиль" in body  # the State page's sections


def test_coordinator_adds_and_edits_a_contact_with_history(personas):
    client = personas.client("coordinator")
    response = client.post(
        "/states/UZB/contacts/new/",
        {
            "name": "Ms A",
            "function": "Desk officer",
            "agency": personas.agency.pk,
            "email": "a@example.org",
            "languages": "Uzbek",
        },
    )
    assert response.status_code == 302
    contact = PointOfContact.objects.get(name="Ms A")
    client.post(
        f"/contacts/{contact.pk}/edit/",
        {
            "name": "Ms A",
            "function": "Head of desk",
            "agency": personas.agency.pk,
            "email": "a@example.org",
            "languages": "Uzbek",
            "visibility": "public",  # ignored: who sees it changes on its sharing page
        },
    )
    events = list(AuditEvent.for_target(contact).order_by("created_at", "id"))
    assert [e.action for e in events] == ["contact.created", "contact.updated"]
    assert events[1].actor == personas.coordinator
    assert events[1].data["changes"]["function"] == ["Desk officer", "Head of desk"]
    assert "visibility" not in events[1].data["changes"]
    assert history_lines(events, personas.coordinator)[1].text == (
        "coordinator changed the point of contact Ms A: function: Desk officer → Head of desk."
    )
    contact.refresh_from_db()
    assert contact.visibility == "private"


def test_contact_form_explains_a_bad_email(personas):
    response = personas.client("coordinator").post(
        "/states/UZB/contacts/new/", {"name": "B", "email": "not-an-email", "visibility": "public"}
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not PointOfContact.objects.filter(name="B").exists()


def test_agency_of_another_state_is_refused(personas):
    from nap1540.registry.models import Agency

    kaz_agency = Agency.objects.create(state=personas.kaz, name="KAZ MFA")
    response = personas.client("coordinator").post(
        "/states/UZB/contacts/new/", {"name": "C", "agency": kaz_agency.pk, "visibility": "public"}
    )
    assert response.status_code == 200
    assert not PointOfContact.objects.filter(name="C").exists()


def test_demo_loads_twice_without_duplicates():
    from nap1540.accounts.models import User
    from nap1540.web.demo import load_demo

    load_demo()
    counts = (User.objects.count(), PointOfContact.objects.count())
    load_demo()
    assert (User.objects.count(), PointOfContact.objects.count()) == counts
    assert PointOfContact.objects.filter(is_demo=True).count() >= 3


def test_coordinator_adds_and_renames_an_agency(personas):
    from nap1540.registry.models import Agency

    client = personas.client("coordinator")
    response = client.post(
        "/states/UZB/agencies/new/", {"name": "State Customs Committee", "kind": "customs"}
    )
    assert response.status_code == 302
    agency = Agency.objects.get(state=personas.uzb, name="State Customs Committee")
    client.post(
        f"/states/UZB/agencies/{agency.pk}/edit/",
        {"name": "Customs Committee", "acronym": "SCC", "kind": "customs"},
    )
    agency.refresh_from_db()
    assert (agency.name, agency.acronym) == ("Customs Committee", "SCC")
    change = AuditEvent.for_target(agency).filter(action="agency.updated").get()
    assert change.data["changes"]["name"] == ["State Customs Committee", "Customs Committee"]


def test_duplicate_agency_name_is_explained(personas):
    response = personas.client("coordinator").post(
        "/states/UZB/agencies/new/", {"name": "ministry of health", "kind": "health"}
    )
    assert response.status_code == 200
    assert "already has an agency with this name" in response.content.decode()
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'role="alert"' in page
    assert "agency_unique" not in page


@pytest.mark.parametrize("persona", ["focal", "viewer", "expert", "outsider", "provider"])
def test_only_the_coordinator_manages_agencies(personas, persona):
    response = personas.client(persona).post(
        "/states/UZB/agencies/new/", {"name": "Sneaky agency", "kind": "other"}
    )
    assert response.status_code == 403
    edit = personas.client(persona).get(f"/states/UZB/agencies/{personas.agency.pk}/edit/")
    assert edit.status_code == 403
