"""Classify the request items and offers saved before classifications were stored."""

from typing import Any

from django.db import migrations

BATCH = 500


def fill(apps: Any, schema_editor: Any) -> None:
    # Pure functions only (the classifier and the region resolver); rows through the historical
    # models, so this migration keeps working when the models change later.
    from nap1540.assistance.classifications import current_version, item_terms, offer_terms
    from nap1540.assistance.matching import RegionResolver

    RequestItem = apps.get_model("assistance", "RequestItem")
    ItemTerm = apps.get_model("assistance", "ItemTerm")
    Offer = apps.get_model("assistance", "Offer")
    OfferTerm = apps.get_model("assistance", "OfferTerm")
    State = apps.get_model("registry", "State")
    Group = apps.get_model("registry", "Group")
    version = current_version()

    item_pks = list(RequestItem.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(item_pks), BATCH):
        chunk = list(RequestItem.objects.filter(pk__in=item_pks[start : start + BATCH]))
        ItemTerm.objects.bulk_create(
            ItemTerm(item_id=item.pk, facet=facet, slug=slug)
            for item in chunk
            for facet, slug in item_terms(
                item.text,
                assistance_types=item.assistance_types,
                subjects=item.subjects,
                languages=item.languages,
                weapon_categories=item.weapon_categories,
            )
        )
        RequestItem.objects.filter(pk__in=[i.pk for i in chunk]).update(classified_with=version)

    offers = list(Offer.objects.all())
    if not offers:
        return
    members: dict[int, list[str]] = {}
    for group_id, iso3 in Group.members.through.objects.values_list("group_id", "state__iso3"):
        members.setdefault(group_id, []).append(iso3)
    resolver = RegionResolver(
        {
            "states": [
                {"iso3": iso3, "un_name": name, "aliases": aliases or []}
                for iso3, name, aliases in State.objects.values_list("iso3", "name", "aliases")
            ]
        },
        {
            "groups": [
                {"code": c, "name": n, "aliases": a or [], "members": members.get(pk, [])}
                for pk, c, n, a in Group.objects.values_list("pk", "code", "name", "aliases")
            ]
        },
    )
    regions: dict[int, set[str]] = {}
    rows = Group.members.through.objects.filter(group__kind="un_regional_group")
    for group_id, iso3 in rows.values_list("group_id", "state__iso3"):
        regions.setdefault(group_id, set()).add(iso3)
    through = Offer.served_regions.through
    for offer in offers:
        OfferTerm.objects.bulk_create(
            OfferTerm(offer_id=offer.pk, facet=facet, slug=slug)
            for facet, slug in offer_terms(
                offer.title,
                offer.description,
                assistance_types=offer.assistance_types,
                subjects=offer.subjects,
                languages=offer.languages,
            )
        )
        coverage = resolver.coverage(offer.regions)
        through.objects.bulk_create(
            through(offer_id=offer.pk, group_id=pk)
            for pk, members in regions.items()
            if coverage.states & members and not coverage.is_global
        )
        Offer.objects.filter(pk=offer.pk).update(
            classified_with=version, serves_everywhere=coverage.is_global
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0006_stored_classifications"),
        ("registry", "0005_constraint_messages"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
