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

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from nap1540.assistance import vocabulary
from nap1540.assistance.matching import classify
from nap1540.assistance.matching_adapter import offer_index
from nap1540.assistance.models import Match, Offer, Request, RequestItem
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
        .order_by("received_on")
    )


def unused_offers() -> Any:
    """Offers never matched to any request item (cancelled matches do not count)."""
    return (
        Offer.objects.filter(is_withdrawn=False)
        .annotate(used=Count("matches", filter=~Q(matches__status=Match.Status.CANCELLED)))
        .filter(used=0)
        .select_related("provider_state", "provider_organisation")
        .order_by("title")
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


def _regions() -> list[Group]:
    return list(
        Group.objects.filter(kind=Group.Kind.UN_REGIONAL_GROUP)
        .prefetch_related("members")
        .order_by("name")
    )


def supply_and_demand(user: Any) -> dict[str, Any]:
    """Counts of request items (demand) and offers (supply) by subject and UN regional group."""
    regions = _regions()
    members = {g.pk: {s.iso3 for s in g.members.all()} for g in regions}
    demand: Counter[tuple[str, int]] = Counter()
    items = (
        RequestItem.objects.filter(request__in=Request.objects.visible_to(user).values("pk"))
        .exclude(request__status__in=(S.DRAFT, S.CLOSED))
        .select_related("request", "request__state", "request__group")
        .prefetch_related("request__group__members")
    )
    for item in items:
        item_subjects = set(item.subjects) | set(classify(item.text).subjects)
        request = item.request
        iso3s: set[str]
        if request.state is not None:
            iso3s = {request.state.iso3}
        elif request.group is not None:
            iso3s = {s.iso3 for s in request.group.members.all()}
        else:
            iso3s = set()
        for group in regions:
            if iso3s & members[group.pk]:
                for subject in item_subjects:
                    demand[(subject, group.pk)] += 1
    supply: Counter[tuple[str, int]] = Counter()
    engine = offer_index.engine()
    for offer in Offer.objects.active_on(timezone.localdate()).only("pk"):
        key = str(offer.pk)
        if key not in engine:
            continue
        indexed = engine.indexed(key)
        for group in regions:
            if indexed.coverage.is_global or indexed.coverage.states & members[group.pk]:
                for subject in indexed.subjects:
                    supply[(subject, group.pk)] += 1
    subjects = list(vocabulary.SUBJECTS)
    gaps = [
        {"subject": vocabulary.label(s), "region": g.name, "demand": demand[(s, g.pk)]}
        for s in subjects
        for g in regions
        if demand[(s, g.pk)] and not supply[(s, g.pk)]
    ]
    return {
        "regions": [g.name for g in regions],
        "subjects": [vocabulary.label(s) for s in subjects],
        "demand": [[demand[(s, g.pk)] for g in regions] for s in subjects],
        "supply": [[supply[(s, g.pk)] for g in regions] for s in subjects],
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
