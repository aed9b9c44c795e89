from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Actor, refuse_level_in
from nap1540.registry.models import Agency, PointOfContact, State

AGENCY_FIELDS = ("name", "acronym", "kind")
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
        "contact.created", target=contact, by=by, data={"after": contact.as_audit_data()}
    )
    return contact


@transaction.atomic
def update_contact(contact: PointOfContact, *, by: Actor, **values: Any) -> PointOfContact:
    """Change a point of contact, keeping the before and after in the audit trail."""
    refuse_level_in(values)
    # Read "before" from the database: a bound ModelForm has already changed the instance.
    before = PointOfContact.objects.get(pk=contact.pk).as_audit_data()
    for name in CONTACT_FIELDS:
        if name in values:
            setattr(contact, name, values[name])
    contact.updated_by_id = by.pk
    contact.updated_at = timezone.now()
    contact.full_clean()
    contact.save()
    after = contact.as_audit_data()
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    AuditEvent.record("contact.updated", target=contact, by=by, data={"changes": changes})
    return contact


@transaction.atomic
def save_agency(*, state: State, by: Actor, agency: Agency | None = None, **values: Any) -> Agency:
    """Add an agency to a State or change one, with the change in the audit trail."""
    before = (
        {k: getattr(Agency.objects.get(pk=agency.pk), k) for k in AGENCY_FIELDS} if agency else {}
    )
    agency = agency or Agency(state=state)
    for name in AGENCY_FIELDS:
        if name in values:
            setattr(agency, name, values[name])
    agency.full_clean()
    agency.save()
    after = {k: getattr(agency, k) for k in AGENCY_FIELDS}
    action = "agency.updated" if before else "agency.created"
    changes = {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}
    AuditEvent.record(action, target=agency, by=by, data={"changes": changes})
    return agency


@transaction.atomic
def delete_contact(contact: PointOfContact, *, by: Actor) -> None:
    """Remove a point of contact; the audit trail keeps what it held."""
    AuditEvent.record(
        "contact.deleted", target=contact, by=by, data={"before": contact.as_audit_data()}
    )
    contact.delete()
