from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from nap1540.core.audit import AuditEvent, changes_between, snapshot
from nap1540.core.text import join_list
from nap1540.core.visibility import Actor, refuse_level_in
from nap1540.registry.models import Agency, PointOfContact, State

AGENCY_FIELDS = ("name", "acronym", "kind")


def states_from_codes(codes: list[str]) -> list[State]:
    """The States of these ISO 3166 alpha-3 codes (any case), in order; a code that names no
    State is a ValidationError that names it."""
    wanted = [c.strip().upper() for c in codes if c.strip()]
    found = {s.iso3: s for s in State.objects.filter(iso3__in=wanted)}
    missing = [c for c in dict.fromkeys(wanted) if c not in found]
    if missing:
        raise ValidationError(
            ngettext(
                "No State with the ISO code %(codes)s.",
                "No State with the ISO codes %(codes)s.",
                len(missing),
            )
            % {"codes": join_list(missing)}
        )
    return [found[c] for c in dict.fromkeys(wanted)]


CONTACT_FIELDS = ("name", "function", "agency", "email", "phone", "languages", "visibility")


@transaction.atomic
def create_contact(*, state: State, by: Actor, **values: Any) -> PointOfContact:
    """Add a national point of contact to a State."""
    contact = PointOfContact(state=state, updated_by_id=by.pk, updated_at=timezone.now())
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(contact, name, values[name])
    contact.full_clean()
    contact.save()
    AuditEvent.record(
        "contact.created", target=contact, by=by, data={"after": snapshot(contact, CONTACT_FIELDS)}
    )
    return contact


@transaction.atomic
def update_contact(contact: PointOfContact, *, by: Actor, **values: Any) -> PointOfContact:
    """Change a point of contact, keeping the before and after in the audit trail."""
    refuse_level_in(values)
    # Read "before" from the database: a bound ModelForm has already changed the instance.
    before = snapshot(PointOfContact.objects.get(pk=contact.pk), CONTACT_FIELDS)
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(contact, name, values[name])
    contact.updated_by_id = by.pk
    contact.updated_at = timezone.now()
    contact.full_clean()
    contact.save()
    changes = changes_between(before, snapshot(contact, CONTACT_FIELDS))
    AuditEvent.record("contact.updated", target=contact, by=by, data={"changes": changes})
    return contact


@transaction.atomic
def save_agency(*, state: State, by: Actor, agency: Agency | None = None, **values: Any) -> Agency:
    """Add an agency to a State or change one, with the change in the audit trail."""
    before = snapshot(Agency.objects.get(pk=agency.pk), AGENCY_FIELDS) if agency else {}
    agency = agency or Agency(state=state)
    for name in AGENCY_FIELDS:
        if name in values:
            setattr(agency, name, values[name])
    agency.full_clean()
    agency.save()
    action = "agency.updated" if before else "agency.created"
    changes = changes_between(before, snapshot(agency, AGENCY_FIELDS))
    AuditEvent.record(action, target=agency, by=by, data={"changes": changes})
    return agency


@transaction.atomic
def delete_contact(contact: PointOfContact, *, by: Actor) -> None:
    """Remove a point of contact; the audit trail keeps what it held."""
    AuditEvent.record(
        "contact.deleted", target=contact, by=by, data={"before": snapshot(contact, CONTACT_FIELDS)}
    )
    contact.delete()
