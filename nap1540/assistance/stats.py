"""Gaps and outcomes: unmatched requests, unused offers, supply and demand, procedure times.

Everything starts from `Request.objects.visible_to(user)`, as the pages do, so an anonymous
visitor's figures count public requests only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean, median
from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from nap1540.assistance import vocabulary
from nap1540.assistance.models import Facet, ItemTerm, Match, Offer, OfferTerm, Request
from nap1540.core.rendering.charts import format_count, heatmap
from nap1540.registry.models import Group

UNMATCHED_AFTER_DAYS = 90
S = Request.Status


def unmatched_requests(user: Any, *, days: int, today: date) -> Any:
    """Submitted, still open requests with no confirmed match, received more than `days` ago."""
    live = Match.objects.filter(item__request=OuterRef("pk")).exclude(status=Match.Status.CANCELLED)
    return (
        Request.objects.visible_to(user)
        .exclude(status__in=(S.DRAFT, S.COMPLETED, S.CLOSED))
        .filter(received_on__lte=today - timedelta(days=days))
        .filter(~Exists(live))
        .select_related("state", "group")
        .order_by("received_on", "pk")
    )


def unused_offers() -> Any:
    """Offers never matched to any request item (cancelled matches do not count)."""
    used = Match.objects.filter(offer=OuterRef("pk")).exclude(status=Match.Status.CANCELLED)
    return (
        Offer.objects.filter(is_withdrawn=False)
        .filter(~Exists(used))
        .select_related("provider_state", "provider_organisation")
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class Durations:
    label: str
    count: int
    median_days: float | None
    mean_days: float | None


def _durations(label: str, pairs: list[tuple[date | None, date | None]]) -> Durations:
    days = [(end - start).days for start, end in pairs if start and end and end >= start]
    if not days:
        return Durations(label, 0, None, None)
    return Durations(label, len(days), float(median(days)), round(mean(days), 1))


def procedure_times(user: Any) -> list[Durations]:
    """Days from receipt to acknowledgement, to the first match and to completion."""
    rows = list(
        Request.objects.visible_to(user)
        .exclude(status=S.DRAFT)
        .values_list("received_on", "acknowledged_on", "matched_on", "completed_on")
    )
    return [
        _durations(_("Time to acknowledge"), [(r[0], r[1]) for r in rows]),
        _durations(_("Time to match"), [(r[0], r[2]) for r in rows]),
        _durations(_("Time to deliver"), [(r[0], r[3]) for r in rows]),
    ]


def _counts(rows: Any) -> Counter[tuple[str, int]]:
    return Counter({(slug, group): n for slug, group, n in rows})


def supply_and_demand(user: Any, *, today: date | None = None) -> dict[str, Any]:
    """Counts of request items (demand) and offers (supply) by subject and UN regional group.

    Counted in the database from the stored classifications (classifications.py), over the
    requests `user` may see: an item of a State counts in its State's group, an item of a
    regional organisation in each group one of its members is in. An offer counts in every
    group if it serves everywhere, else in each group it serves a State of (`served_regions`)."""
    regions = list(
        Group.objects.filter(kind=Group.Kind.UN_REGIONAL_GROUP)
        .order_by("name")
        .values_list("pk", "name")
    )
    region_pks = [pk for pk, _name in regions]
    visible = Request.objects.visible_to(user).exclude(status__in=(S.DRAFT, S.CLOSED)).values("pk")
    items = ItemTerm.objects.filter(facet=Facet.SUBJECT, item__request__in=visible).order_by()
    demand = _counts(
        items.filter(item__request__state__groups__in=region_pks)
        .values_list("slug", "item__request__state__groups")
        .annotate(n=Count("item", distinct=True))
    ) + _counts(
        items.filter(
            item__request__state__isnull=True,
            item__request__group__members__groups__in=region_pks,
        )
        .values_list("slug", "item__request__group__members__groups")
        .annotate(n=Count("item", distinct=True))
    )
    active = Offer.objects.active_on(today or timezone.localdate()).values("pk")
    offers = OfferTerm.objects.filter(facet=Facet.SUBJECT, offer__in=active).order_by()
    everywhere = dict(
        offers.filter(offer__serves_everywhere=True)
        .values_list("slug")
        .annotate(n=Count("offer", distinct=True))
        .values_list("slug", "n")
    )
    supply = _counts(
        offers.filter(offer__serves_everywhere=False, offer__served_regions__in=region_pks)
        .values_list("slug", "offer__served_regions")
        .annotate(n=Count("offer", distinct=True))
    )
    for slug, n in everywhere.items():
        for pk in region_pks:
            supply[(slug, pk)] += n
    subjects = list(vocabulary.SUBJECTS)
    gaps = [
        {"subject": vocabulary.label(s), "region": name, "demand": demand[(s, pk)]}
        for s in subjects
        for pk, name in regions
        if demand[(s, pk)] and not supply[(s, pk)]
    ]
    return {
        "regions": [name for _pk, name in regions],
        "subjects": [vocabulary.label(s) for s in subjects],
        "demand": [[demand[(s, pk)] for pk, _name in regions] for s in subjects],
        "supply": [[supply[(s, pk)] for pk, _name in regions] for s in subjects],
        "gaps": gaps,
    }


HEATMAP_WIDTH = 900
HEATMAP_LABEL_CHARS = 40


def heatmaps(data: dict[str, Any]) -> dict[str, str]:
    """SVG heatmaps of demand and supply (server-side, accessible)."""
    out = {}
    for key, title in (
        ("demand", _("Demand: request items by subject and region")),
        ("supply", _("Supply: offers by subject and region served")),
    ):
        values = data[key]
        top = max((v for row in values for v in row), default=0)
        out[key] = heatmap(
            data["subjects"],
            data["regions"],
            values,
            title=title,
            min_value=0,
            max_value=float(max(top, 1)),
            value_format=format_count,
            no_data_label=_("No data"),
            missing_label=_("n/a"),
            missing_legend=_("No data"),
            # Wide enough that the last rotated region label is not cut at the right edge,
            # and labels long enough for "Latin American and Caribbean States" and
            # "National coordination and action plans" to show whole.
            width=HEATMAP_WIDTH,
            max_label_chars=HEATMAP_LABEL_CHARS,
            rtl=get_language_bidi(),
        )
    return out
