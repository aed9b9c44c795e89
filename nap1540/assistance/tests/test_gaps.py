"""The gaps page: stored classifications, counts in the database, pages of the long lists."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nap1540.assistance import classifications, stats
from nap1540.assistance.matching import classify
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.models import ItemTerm, Offer, OfferTerm, Request, RequestItem
from nap1540.assistance.services.offers import create_offer, update_offer
from nap1540.assistance.services.requests import add_item, create_request, update_item
from nap1540.assistance.tests.conftest import make_request
from nap1540.core.visibility import Visibility
from nap1540.registry.models import Group, Organisation, State

S = Request.Status
OLD = date(2024, 1, 8)
BIOSAFETY = "Biosafety and biosecurity training for laboratory staff handling dangerous pathogens."
GAPS_MAX = 18  # pinned below at two sizes


def subjects_of(item: RequestItem) -> set[str]:
    return set(item.terms.filter(facet="subject").values_list("slug", flat=True))


def reference_supply_and_demand(user: Any) -> tuple[Counter[Any], Counter[Any]]:
    """Demand and supply counted as the page did before classifications were stored: every
    visible item's text classified again, every active offer read from the matching index."""
    regions = list(Group.objects.filter(kind=Group.Kind.UN_REGIONAL_GROUP))
    members = {g.pk: {s.iso3 for s in g.members.all()} for g in regions}
    demand: Counter[Any] = Counter()
    visible = Request.objects.visible_to(user).exclude(status__in=(S.DRAFT, S.CLOSED))
    for item in RequestItem.objects.filter(request__in=visible):
        subjects = set(item.subjects) | set(classify(item.text).subjects)
        request = item.request
        if request.state is not None:
            iso3s = {request.state.iso3}
        elif request.group is not None:
            iso3s = {s.iso3 for s in request.group.members.all()}
        else:
            iso3s = set()
        for g in regions:
            if iso3s & members[g.pk]:
                for subject in subjects:
                    demand[(subject, g.name)] += 1
    supply: Counter[Any] = Counter()
    engine = offer_index.engine()
    for offer in Offer.objects.active_on(date.today()):
        indexed = engine.indexed(str(offer.pk))
        for g in regions:
            if indexed.coverage.is_global or indexed.coverage.states & members[g.pk]:
                for subject in indexed.subjects:
                    supply[(subject, g.name)] += 1
    return demand, supply


def as_counter(data: dict[str, Any], key: str) -> Counter[Any]:
    from nap1540.assistance import vocabulary

    slugs = list(vocabulary.SUBJECTS)
    return Counter(
        {
            (slugs[i], region): n
            for i, row in enumerate(data[key])
            for region, n in zip(data["regions"], row, strict=True)
            if n
        }
    )


def test_an_item_is_classified_when_saved_and_again_when_its_text_changes(personas):
    request = make_request(personas)
    item = request.items.get()
    assert {"export_control", "chemical"} <= subjects_of(item)
    assert item.classified_with == classifications.current_version()
    update_item(item, by=personas.expert, text=BIOSAFETY)
    assert "biosafety_biosecurity" in subjects_of(item) and "export_control" not in subjects_of(
        item
    )
    update_item(item, by=personas.expert, subjects=["nuclear"])
    assert {"biosafety_biosecurity", "nuclear"} <= subjects_of(item)


def served(offer: Offer) -> set[str]:
    return set(offer.served_regions.values_list("name", flat=True))


def test_an_offer_stores_what_the_engine_reads_and_the_regions_it_serves(personas, offers):
    caricom = Offer.objects.filter(regions=["CARICOM"]).first()
    assert caricom is not None and not caricom.serves_everywhere
    assert served(caricom) == {"Latin American and Caribbean States"}
    africa_latin = Offer.objects.get(regions=["Latin America", "Africa"])
    assert served(africa_latin) == {"African States", "Latin American and Caribbean States"}
    assert Offer.objects.filter(regions=["Global"], serves_everywhere=True).exists()
    offer = create_offer(
        by=personas.expert,
        code="test-biosafety",
        title="Laboratory biosafety course",
        description=BIOSAFETY,
        regions=["Uzbekistan"],
        provider_organisation=Organisation.objects.get(code="OSCE"),
    )
    terms = set(offer.terms.filter(facet="subject").values_list("slug", flat=True))
    assert "biosafety_biosecurity" in terms
    assert served(offer) == {"Asia-Pacific States"}
    update_offer(offer, by=personas.expert, subjects=["nuclear"], regions=["Global"])
    offer.refresh_from_db()
    assert set(offer.terms.filter(facet="subject").values_list("slug", flat=True)) == {"nuclear"}
    assert offer.serves_everywhere and not offer.served_regions.exists()


def test_the_counts_from_stored_terms_are_those_of_classifying_every_text(personas, offers):
    make_request(personas, step=S.DISTRIBUTED, today=OLD)
    make_request(personas, state=personas.kaz, text=BIOSAFETY)
    caricom = create_request(
        by=personas.expert, group=Group.objects.get(code="CARICOM"), title="Regional need"
    )
    add_item(caricom, by=personas.expert, text="Legislative drafting on export control.")
    add_item(caricom, by=personas.expert, text=BIOSAFETY, subjects=["nuclear"])
    for persona in ("expert", "coordinator", "anonymous"):
        user = personas.user(persona)
        data = stats.supply_and_demand(user)
        demand, supply = reference_supply_and_demand(user)
        assert as_counter(data, "demand") == demand, persona
        assert as_counter(data, "supply") == supply, persona
    expert = as_counter(stats.supply_and_demand(personas.expert), "demand")
    assert expert[("biosafety_biosecurity", "Latin American and Caribbean States")] == 1
    assert expert[("export_control", "Asia-Pacific States")] == 1  # Uzbekistan's
    assert expert[("biosafety_biosecurity", "Asia-Pacific States")] == 1  # Kazakhstan's


def test_counts_by_subject_leave_out_requests_the_viewer_may_not_open(personas, offers):
    """A committee-only request of Kazakhstan counts for the Committee, not for Uzbekistan's
    coordinator nor for a visitor, and its title shows to neither."""
    make_request(personas, state=personas.kaz, text=BIOSAFETY, today=OLD, title="Kazakh labs")
    region = "Asia-Pacific States"

    def biosafety(persona: str) -> int:
        data = stats.supply_and_demand(personas.user(persona))
        return as_counter(data, "demand")[("biosafety_biosecurity", region)]

    assert biosafety("expert") == 1
    assert biosafety("coordinator") == 0
    assert biosafety("anonymous") == 0
    assert "Kazakh labs" in personas.client("expert").get("/assistance/gaps/").content.decode()
    for persona in ("coordinator", "anonymous"):
        page = personas.client(persona).get("/assistance/gaps/").content.decode()
        assert "Kazakh labs" not in page, persona
    make_request(personas, text=BIOSAFETY, visibility=Visibility.PUBLIC)
    assert biosafety("anonymous") == 1  # a public request counts for everyone


def test_a_changed_vocabulary_is_shown_and_reclassify_brings_the_counts_back(personas, offers):
    make_request(personas, today=OLD)
    before = stats.supply_and_demand(personas.expert)
    ItemTerm.objects.all().delete()
    OfferTerm.objects.all().delete()
    RequestItem.objects.update(classified_with="old")
    Offer.objects.update(classified_with="")
    page = personas.client("expert").get("/assistance/gaps/").content.decode()
    assert "nap1540 reclassify" in page
    out = io.StringIO()
    call_command("reclassify", stdout=out)
    assert "1 request items and 47 offers classified" in out.getvalue()
    assert stats.supply_and_demand(personas.expert) == before
    page = personas.client("expert").get("/assistance/gaps/").content.decode()
    assert "nap1540 reclassify" not in page


def test_the_migration_fills_the_terms_of_rows_saved_before(personas, offers):
    import importlib

    from django.apps import apps

    make_request(personas, state=personas.kaz, text=BIOSAFETY)
    before = stats.supply_and_demand(personas.expert)
    ItemTerm.objects.all().delete()
    OfferTerm.objects.all().delete()
    Offer.served_regions.through.objects.all().delete()
    RequestItem.objects.update(classified_with="")
    Offer.objects.update(classified_with="", serves_everywhere=False)
    migration = importlib.import_module(
        "nap1540.assistance.migrations.0007_fill_stored_classifications"
    )
    migration.fill(apps, None)
    assert stats.supply_and_demand(personas.expert) == before
    assert not classifications.out_of_date()


def many_requests(personas: Any, n: int) -> None:
    for i in range(n):
        make_request(personas, today=OLD, title=f"Need number {i:03d}")


def unmatched_titles(page: str) -> list[str]:
    return re.findall(r">(Need number \d+)</a>", page)


def test_unmatched_requests_come_in_pages_with_accessible_links(personas, offers):
    many_requests(personas, 55)
    client = personas.client("expert")
    first = client.get("/assistance/gaps/?days=30").content.decode()
    assert len(unmatched_titles(first)) == 50
    assert '<nav class="pagination" aria-label="Pages of unmatched requests">' in first
    assert '<span aria-current="page">Page 1 of 2</span>' in first
    assert "Requests 1 to 50 of 55." in first
    assert 'href="?days=30&amp;offers_page=&amp;page=2"' in first
    second = client.get("/assistance/gaps/?days=30&page=2").content.decode()
    assert len(unmatched_titles(second)) == 5
    assert set(unmatched_titles(first)).isdisjoint(unmatched_titles(second))
    assert 'rel="prev"' in second
    # A page number out of range or not a number shows a page, never an error.
    assert client.get("/assistance/gaps/?page=99").status_code == 200
    assert client.get("/assistance/gaps/?page=abc&offers_page=-3").status_code == 200
    assert client.get("/assistance/gaps/?days=99999&page=2").status_code == 400


def test_htmx_turns_a_page_of_one_list_without_the_charts(personas, offers):
    many_requests(personas, 55)
    client = personas.client("expert")
    response = client.get(
        "/assistance/gaps/?days=30&page=2",
        headers={"HX-Request": "true", "HX-Target": "gaps-unmatched"},
    )
    html = response.content.decode()
    assert html.startswith('<section class="card" id="gaps-unmatched"')
    assert len(unmatched_titles(html)) == 5 and "<svg" not in html
    assert "HX-Target" in response["Vary"]
    offers_page = client.get(
        "/assistance/gaps/?offers_page=1",
        headers={"HX-Request": "true", "HX-Target": "gaps-unused"},
    ).content.decode()
    assert 'id="gaps-unused"' in offers_page and "Offers 1 to" in offers_page
    full = client.get("/assistance/gaps/?days=30&page=2").content.decode()
    assert 'id="gaps-unmatched"' in full and 'id="gaps-unused"' in full and "<svg" in full


def count_queries(client: Any, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["expert", "coordinator", "anonymous"])
def test_gaps_page_queries_do_not_grow_with_requests_or_offers(personas, offers, persona):
    client = personas.client(persona)
    make_request(personas, today=OLD)
    client.get("/assistance/gaps/")  # the first page fills Django's content-type cache
    small = count_queries(client, "/assistance/gaps/")
    small_fragment = count_queries(
        client, "/assistance/gaps/?page=1", **{"HX-Request": "true", "HX-Target": "gaps-unmatched"}
    )
    many_requests(personas, 60)
    group = create_request(
        by=personas.expert, group=Group.objects.get(code="CARICOM"), title="Regional need"
    )
    add_item(group, by=personas.expert, text=BIOSAFETY)
    osce = Organisation.objects.get(code="OSCE")
    for i in range(60):
        create_offer(
            by=personas.expert,
            code=f"extra-{i}",
            title=f"Extra programme {i}",
            description=BIOSAFETY,
            regions=[State.objects.order_by("pk")[i].iso3],
            provider_organisation=osce,
        )
    large = count_queries(client, "/assistance/gaps/?page=2&offers_page=2")
    large_fragment = count_queries(
        client, "/assistance/gaps/?page=2", **{"HX-Request": "true", "HX-Target": "gaps-unmatched"}
    )
    assert large == small <= GAPS_MAX
    assert large_fragment == small_fragment < small
