"""Uzbekistan's agencies and points of contact as named in the 2017 information note."""

from __future__ import annotations

from typing import Any

from nap1540.core.visibility import Visibility
from nap1540.registry.models import Agency, PointOfContact, State

UZBEKISTAN_AGENCIES = [
    ("Ministry of Foreign Affairs", "MFA", Agency.Kind.FOREIGN_AFFAIRS),
    ("Ministry of Emergency Situations", "MES", Agency.Kind.EMERGENCY),
    ("Ministry of Health", "MoH", Agency.Kind.HEALTH),
    ("National Security Service", "NSS", Agency.Kind.SECURITY),
    (
        "State Inspection on Oversight of Safe Conduct of Work in Industry, Mining and "
        "Domestic Sectors",
        "Sanoatgeokontekhnazorat",
        Agency.Kind.INDUSTRY,
    ),
    ("State Customs Committee", "SCC", Agency.Kind.CUSTOMS),
]
KAZAKHSTAN_AGENCIES = [("Ministry of Foreign Affairs", "MFA", Agency.Kind.FOREIGN_AFFAIRS)]

# Fictional people: the note names ministries, not officials.
UZBEKISTAN_CONTACTS = [
    (
        "Demo contact: 1540 national coordinator",
        "Head of the 1540 desk",
        "MFA",
        "coordinator.1540@example.org",
        "Uzbek, Russian, English",
        Visibility.PUBLIC,
    ),
    (
        "Demo contact: biosafety focal point",
        "Chief specialist",
        "MoH",
        "biosafety@example.org",
        "Uzbek, Russian",
        Visibility.COMMITTEE,
    ),
    (
        "Demo contact: export control liaison",
        "Deputy head of division",
        "NSS",
        "exports@example.org",
        "Uzbek, Russian",
        Visibility.PRIVATE,
    ),
]


def _agencies(state: State, rows: list[tuple[str, str, Agency.Kind]]) -> dict[str, Agency]:
    out = {}
    for name, acronym, kind in rows:
        agency, _created = Agency.objects.get_or_create(
            state=state, name=name, defaults={"acronym": acronym, "kind": kind, "is_demo": True}
        )
        out[acronym] = agency
    return out


def load(ctx: Any) -> None:
    uzb = State.objects.get(iso3="UZB")
    kaz = State.objects.get(iso3="KAZ")
    agencies = _agencies(uzb, UZBEKISTAN_AGENCIES)
    ctx.objects["uzb"] = uzb
    ctx.objects["kaz"] = kaz
    ctx.objects["uzb_agencies"] = agencies
    ctx.objects["kaz_agencies"] = _agencies(kaz, KAZAKHSTAN_AGENCIES)
    for name, function, acronym, email, languages, visibility in UZBEKISTAN_CONTACTS:
        PointOfContact.objects.get_or_create(
            state=uzb,
            name=name,
            defaults={
                "function": function,
                "agency": agencies[acronym],
                "email": email,
                "languages": languages,
                "visibility": visibility,
                "is_demo": True,
            },
        )
