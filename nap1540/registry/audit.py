"""Points of contact and agencies as a history says them; registered from RegistryConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from nap1540.core.audit import ActionType, Reading

CONTACT = "registry.PointOfContact"
AGENCY = "registry.Agency"


def _contact(reading: Reading) -> dict[str, Any]:
    return {"contact": reading.subject, "changes": reading.changes(CONTACT)}


def _agency(reading: Reading) -> dict[str, Any]:
    return {"agency": reading.subject, "changes": reading.changes(AGENCY)}


ACTIONS = (
    ActionType("contact.created", _("%(actor)s added the point of contact %(contact)s."), _contact),
    ActionType(
        "contact.updated",
        _("%(actor)s changed the point of contact %(contact)s: %(changes)s."),
        _contact,
    ),
    ActionType(
        "contact.deleted", _("%(actor)s removed the point of contact %(contact)s."), _contact
    ),
    ActionType("agency.created", _("%(actor)s added the agency %(agency)s."), _agency),
    ActionType(
        "agency.updated", _("%(actor)s changed the agency %(agency)s: %(changes)s."), _agency
    ),
)
