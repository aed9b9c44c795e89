"""Offers: create and edit them, and load the offer catalogue (offers.json) by id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nap1540.accounts.models import User
from nap1540.assistance.classifications import classify_offers, current_version
from nap1540.assistance.matching_adapter import offer_index, unknown_regions
from nap1540.assistance.models import Offer
from nap1540.assistance.services.conflicts import (
    ChangedMeanwhile,
    last_writer,
    merge_changes,
    show_to_caller,
)
from nap1540.assistance.vocabulary import check_vocabulary
from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import principal
from nap1540.registry.models import Organisation, State

OFFERS_FILE = Path(__file__).resolve().parent.parent / "data" / "offers.json"


def _check_offer_writer(
    offer: Offer | None, by: User | None, organisation: Any, state: Any
) -> None:
    p = principal(by)
    if p.is_expert:
        return
    if offer is not None and offer.can_edit(by):
        return
    if offer is None and (
        (organisation is not None and organisation.pk in p.organisation_ids)
        or (state is not None and p.coordinates(state.pk))
    ):
        return
    raise PermissionDenied(_("Only the provider or a Committee expert can change this offer."))


def _after_commit(offer: Offer) -> None:
    transaction.on_commit(lambda: offer_index.offer_changed(offer))


@transaction.atomic
def create_offer(
    *,
    by: User | None,
    code: str,
    title: str,
    provider_state: State | None = None,
    provider_organisation: Organisation | None = None,
    **values: Any,
) -> Offer:
    """Add an offer; the matching index picks it up without a rebuild."""
    _check_offer_writer(None, by, provider_organisation, provider_state)
    check_vocabulary(values)
    offer = Offer(
        code=code,
        title=title,
        provider_state=provider_state,
        provider_organisation=provider_organisation,
        **values,
    )
    offer.full_clean()
    offer.save()
    classify_offers([offer])
    AuditEvent.record("assistance.offer_created", target=offer, by=by)
    _after_commit(offer)
    return offer


@transaction.atomic
def update_offer(
    offer: Offer, *, by: User | None, read: dict[str, Any] | None = None, **values: Any
) -> Offer:
    """Edit an offer: re-read under a lock, only the fields that change are written, so two
    people editing different fields both keep theirs; `read` (what the person saw) refuses a
    field someone else changed since (`ChangedMeanwhile`, naming who)."""
    _check_offer_writer(offer, by, None, None)
    check_vocabulary(values)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    changed, conflicts = merge_changes(locked, values, read)
    if conflicts:
        who = last_writer(locked, "assistance.offer_updated", conflicts)
        raise ChangedMeanwhile(locked, conflicts, by=who)
    if changed:
        locked.updated_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=[*changed, "updated_at"])
        classify_offers([locked])
        data = {name: str(getattr(locked, name)) for name in changed}
        AuditEvent.record("assistance.offer_updated", target=locked, by=by, data=data)
        _after_commit(locked)
    show_to_caller(offer, locked)
    return offer


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_OFFER_FIELDS = (
    "title",
    "description",
    "assistance_types",
    "subjects",
    "regions",
    "languages",
    "contact",
    "source_url",
    "active_from",
    "active_to",
)


def _offer_values(
    entry: dict[str, Any], where: str, report: LoadReport, providers: _Providers
) -> dict[str, Any] | None:
    from nap1540.assistance.matching import Offer as EngineOffer
    from nap1540.assistance.matching.validation import drop_unknown_labels

    # An unknown subject or language is a warning: the offer is loaded without it.
    entry, labels = drop_unknown_labels(entry, where)
    report.warnings += labels.warnings
    if labels.errors:
        report.problems += labels.errors
        return None
    try:
        parsed = EngineOffer.from_dict(entry)  # validates the dates
    except (KeyError, ValueError) as exc:
        report.problems.append(f"{where}: {exc}")
        return None
    unknown = unknown_regions(parsed.regions or ())
    if unknown:
        report.warnings.append(
            f"{where}: region(s) {', '.join(map(repr, unknown))} not recognised; kept as "
            "written and treated as unknown by matching"
        )
    values: dict[str, Any] = {
        "title": parsed.title,
        "description": parsed.description,
        "assistance_types": list(parsed.assistance_types or ()),
        "subjects": list(parsed.subjects or ()),
        "regions": list(parsed.regions or ()),
        "languages": list(parsed.languages or ()),
        "contact": str(entry.get("contact") or "")[:300],
        "source_url": str(entry.get("source_url") or ""),
        "active_from": parsed.active_from,
        "active_to": parsed.active_to,
    }
    iso3 = entry.get("provider_iso3")
    code = entry.get("provider_code")
    if iso3:
        values["provider_state"] = providers.states.get(str(iso3).upper())
        values["provider_organisation"] = None
        if values["provider_state"] is None:
            report.problems.append(f"{where}: provider_iso3 {iso3!r} is not a known State")
            return None
    else:
        values["provider_organisation"] = providers.organisations.get(str(code))
        values["provider_state"] = None
        if values["provider_organisation"] is None:
            report.problems.append(f"{where}: provider_code {code!r} is not a known organisation")
            return None
    return values


@dataclass
class _Providers:
    states: dict[str, State]
    organisations: dict[str, Organisation]


@transaction.atomic
def load_offers(path: Path | None = None, *, is_demo: bool = False) -> LoadReport:
    """Create or update offers from offers.json by their `id`; running it twice changes nothing."""
    path = path or OFFERS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    report = LoadReport()
    providers = _Providers(
        states={s.iso3: s for s in State.objects.all()},
        organisations={o.code: o for o in Organisation.objects.all()},
    )
    existing = {o.code: o for o in Offer.objects.all()}
    saved: list[Offer] = []
    for index, entry in enumerate(data.get("offers", [])):
        code = str(entry.get("id") or "")
        where = f"offers[{index}]" + (f" ({code})" if code else "")
        if not code:
            report.problems.append(f"{where}: id is missing")
            continue
        values = _offer_values(entry, where, report, providers)
        if values is None:
            continue
        offer = existing.get(code)
        if offer is None:
            offer = Offer(code=code, is_demo=is_demo, **values)
            # Codes come from the lookup above; the database enforces the constraints.
            offer.full_clean(validate_unique=False, validate_constraints=False)
            offer.save()
            existing[code] = offer
            saved.append(offer)
            report.created.append(code)
            _after_commit(offer)
            continue
        changed = [k for k, v in values.items() if getattr(offer, k) != v]
        if not changed:
            report.unchanged.append(code)
            continue
        for name in changed:
            setattr(offer, name, values[name])
        offer.updated_at = timezone.now()
        offer.full_clean(validate_unique=False, validate_constraints=False)
        offer.save()
        saved.append(offer)
        report.updated.append(code)
        _after_commit(offer)
    stale = [o for o in existing.values() if o.classified_with != current_version()]
    classify_offers(list({o.pk: o for o in (*saved, *stale)}.values()))
    if report.created or report.updated:
        AuditEvent.objects.create(
            action="assistance.offers_loaded",
            target_type="assistance.offer",
            target_id="*",
            target_repr=str(path.name),
            data={"created": len(report.created), "updated": len(report.updated)},
        )
    return report
