"""Stored classifications: each request item and offer is put under vocabulary terms once, when
it is saved, so that the gaps page counts rows in the database instead of re-reading every text.

- A request item's terms are what it declares plus what the classifier finds in its text (the
  union the gaps page has always counted); an offer's are what the matching engine reads: its
  declared facets, else those found in its title and description, and where it is available
  (everywhere, or the UN regional groups of the States its "regions served" name).
- Each row carries the version of the vocabulary it was classified with (`VERSION`: a digest of
  `matching/data/vocabulary.json` and of `REVISION`). When the keywords change, so does the
  version; `nap1540 reclassify` then re-classifies the rows stamped with another one, and the
  gaps page says that some counts are out of date until it has run. Bump `REVISION` when the
  classifier's code changes what it finds. When reference groups or States change (who is in
  CARICOM, in the admin), `place_all_offers` resolves every offer's regions again after the
  save commits (see `matching_adapter.connect_reference_signals`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from nap1540.assistance.matching import RegionResolver
from nap1540.assistance.matching.classify import classify
from nap1540.assistance.matching.text import detect_language
from nap1540.assistance.matching_adapter import build_resolver
from nap1540.assistance.models import Facet, ItemTerm, Offer, OfferTerm, RequestItem

REVISION = "1"
VOCABULARY_FILE = Path(__file__).resolve().parent / "matching" / "data" / "vocabulary.json"
BATCH = 500

Terms = list[tuple[str, str]]  # (facet, slug)


@cache
def current_version() -> str:
    """The stamp of the vocabulary and classifier in use (12 hex digits)."""
    digest = hashlib.sha256(REVISION.encode() + b"\0" + VOCABULARY_FILE.read_bytes())
    return digest.hexdigest()[:12]


def _unique(pairs: Iterable[tuple[str, str]]) -> Terms:
    return list(dict.fromkeys(pairs))


def item_terms(
    text: str,
    *,
    assistance_types: Sequence[str] = (),
    subjects: Sequence[str] = (),
    languages: Sequence[str] = (),
    weapon_categories: Sequence[str] = (),
) -> Terms:
    """The terms of a request item: declared ones, then those found in its text."""
    found = classify(text)
    return _unique(
        [
            *((Facet.TYPE.value, s) for s in (*assistance_types, *found.types)),
            *((Facet.SUBJECT.value, s) for s in (*subjects, *found.subjects)),
            *((Facet.LANGUAGE.value, s) for s in (*languages, *found.languages)),
            *((Facet.WEAPON.value, s) for s in weapon_categories),
        ]
    )


def offer_terms(
    title: str,
    description: str,
    *,
    assistance_types: Sequence[str] = (),
    subjects: Sequence[str] = (),
    languages: Sequence[str] = (),
) -> Terms:
    """The terms of an offer as the engine reads them: each facet declared, else found."""
    text = f"{title}. {description}"
    found = classify(text, detect_language(text))
    return _unique(
        [
            *((Facet.TYPE.value, s) for s in (assistance_types or found.types)),
            *((Facet.SUBJECT.value, s) for s in (subjects or found.subjects)),
            *((Facet.LANGUAGE.value, s) for s in (languages or found.languages)),
        ]
    )


@transaction.atomic
def classify_items(items: Sequence[RequestItem]) -> None:
    """Store the terms of `items` (replacing the old ones) stamped with the current version."""
    if not items:
        return
    version = current_version()
    pks = [item.pk for item in items]
    ItemTerm.objects.filter(item__in=pks).delete()
    ItemTerm.objects.bulk_create(
        ItemTerm(item_id=item.pk, facet=facet, slug=slug)
        for item in items
        for facet, slug in item_terms(
            item.text,
            assistance_types=item.assistance_types,
            subjects=item.subjects,
            languages=item.languages,
            weapon_categories=item.weapon_categories,
        )
    )
    RequestItem.objects.filter(pk__in=pks).update(classified_with=version)
    for item in items:
        item.classified_with = version


@transaction.atomic
def classify_offers(offers: Sequence[Offer], *, resolver: RegionResolver | None = None) -> None:
    """Store the terms and the regions served of `offers`, stamped with the current version."""
    if not offers:
        return
    version = current_version()
    resolver = resolver or build_resolver()
    regions = un_regions()
    pks = [offer.pk for offer in offers]
    OfferTerm.objects.filter(offer__in=pks).delete()
    OfferTerm.objects.bulk_create(
        OfferTerm(offer_id=offer.pk, facet=facet, slug=slug)
        for offer in offers
        for facet, slug in offer_terms(
            offer.title,
            offer.description,
            assistance_types=offer.assistance_types,
            subjects=offer.subjects,
            languages=offer.languages,
        )
    )
    _place_offers(offers, resolver, regions, classified_with=version)
    for offer in offers:
        offer.classified_with = version


def _place_offers(
    offers: Sequence[Offer],
    resolver: RegionResolver,
    regions: dict[int, frozenset[str]],
    **stamp: str,
) -> None:
    """Store where each offer is available: everywhere, or the UN regional groups it serves.

    `stamp` are more fields to set on every offer in the same update."""
    pks = [offer.pk for offer in offers]
    through = Offer.served_regions.through
    through.objects.filter(offer_id__in=pks).delete()
    everywhere: list[int] = []
    served: list[Any] = []
    for offer in offers:
        coverage = resolver.coverage(offer.regions)
        offer.serves_everywhere = coverage.is_global
        if coverage.is_global:
            everywhere.append(offer.pk)
            continue  # counted in every region: no need to list the States
        served.extend(
            through(offer_id=offer.pk, group_id=pk)
            for pk, members in regions.items()
            if coverage.states & members
        )
    through.objects.bulk_create(served)
    Offer.objects.filter(pk__in=pks).update(serves_everywhere=False, **stamp)
    Offer.objects.filter(pk__in=everywhere).update(serves_everywhere=True)


@transaction.atomic
def place_all_offers(*, batch: int = BATCH) -> int:
    """Resolve every offer's "regions served" again, after States or groups changed.

    Only where offers are available is stored again (their terms do not depend on the
    registry). Returns how many offers were placed."""
    resolver = build_resolver()
    regions = un_regions()
    pks = list(Offer.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), batch):
        chunk = Offer.objects.filter(pk__in=pks[start : start + batch]).only("regions")
        _place_offers(list(chunk), resolver, regions)
    return len(pks)


def un_regions() -> dict[int, frozenset[str]]:
    """The UN regional groups, each with the ISO3 codes of its members."""
    from nap1540.registry.models import Group

    members: dict[int, set[str]] = {}
    rows = Group.members.through.objects.filter(group__kind=Group.Kind.UN_REGIONAL_GROUP)
    for group_id, iso3 in rows.values_list("group_id", "state__iso3"):
        members.setdefault(group_id, set()).add(iso3)
    return {pk: frozenset(iso3s) for pk, iso3s in members.items()}


def out_of_date() -> bool:
    """Whether some item or offer was classified with another vocabulary (or never)."""
    version = current_version()
    return (
        RequestItem.objects.exclude(classified_with=version).exists()
        or Offer.objects.exclude(classified_with=version).exists()
    )


def reclassify(*, everything: bool = False, batch: int = BATCH) -> tuple[int, int]:
    """Re-classify the items and offers stamped with another version (all if `everything`).

    Returns how many items and offers were classified. Offers keep their `updated_at`: the
    matching index does not need to re-read them."""
    version = current_version()
    items = RequestItem.objects.all()
    offers = Offer.objects.all()
    if not everything:
        items = items.exclude(classified_with=version)
        offers = offers.exclude(classified_with=version)
    item_pks = list(items.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(item_pks), batch):
        chunk = RequestItem.objects.filter(pk__in=item_pks[start : start + batch])
        classify_items(list(chunk.only(*_ITEM_FIELDS)))
    offer_pks = list(offers.order_by("pk").values_list("pk", flat=True))
    resolver = build_resolver() if offer_pks else None
    for start in range(0, len(offer_pks), batch):
        chunk_offers = Offer.objects.filter(pk__in=offer_pks[start : start + batch])
        classify_offers(list(chunk_offers.only(*_OFFER_FIELDS)), resolver=resolver)
    return len(item_pks), len(offer_pks)


_ITEM_FIELDS = ("text", "assistance_types", "subjects", "languages", "weapon_categories")
_OFFER_FIELDS = ("title", "description", "assistance_types", "subjects", "languages", "regions")
