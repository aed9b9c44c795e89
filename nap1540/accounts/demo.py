"""One demo user per role; all share the demo password printed by `nap1540 demo`."""

from __future__ import annotations

from typing import Any

from nap1540.accounts.models import Membership, User
from nap1540.core.demo import DEMO_PASSWORD
from nap1540.registry.models import Organisation

Role = Membership.Role

# username, full name, role, scope ("UZB", "UZB:MES" for an agency, "ORG:<code>", "" committee)
DEMO_USERS = [
    ("coordinator", "Demo National Coordinator (Uzbekistan)", Role.COORDINATOR, "UZB"),
    ("focal", "Demo Focal Point (Ministry of Emergency Situations)", Role.FOCAL_POINT, "UZB:MES"),
    ("viewer", "Demo Viewer (Uzbekistan)", Role.VIEWER, "UZB"),
    ("expert", "Demo 1540 Committee Expert", Role.EXPERT, ""),
    ("admin", "Demo Committee Administrator", Role.ADMIN, ""),
    ("provider", "Demo Assistance Provider (OSCE)", Role.PROVIDER, "ORG:OSCE"),
    ("outsider", "Demo National Coordinator (Kazakhstan)", Role.COORDINATOR, "KAZ"),
]
DEMO_USERNAMES = [row[0] for row in DEMO_USERS]


def demo_logins() -> list[dict[str, Any]]:
    """The demo accounts present in the database, for the login page in demo mode."""
    memberships = {
        m.user.username: m
        for m in Membership.objects.filter(
            user__username__in=DEMO_USERNAMES, user__is_active=True, is_active=True
        ).select_related("user", "state", "agency", "organisation")
    }
    logins = []
    for username, _name, role, _scope in DEMO_USERS:
        membership = memberships.get(username)
        if membership is None or membership.role != role:
            continue
        logins.append(
            {
                "username": username,
                "role": membership.get_role_display(),
                "state": membership.state,
                "agency": membership.agency,
                "organisation": membership.organisation,
                "password": DEMO_PASSWORD,
            }
        )
    return logins


def load(ctx: Any) -> None:
    for username, full_name, role, scope in DEMO_USERS:
        first, _sep, last = full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save()
        membership: dict[str, Any] = {"user": user, "role": role}
        if scope.startswith("ORG:"):
            membership["organisation"] = Organisation.objects.get(code=scope[4:])
        elif scope:
            iso3, _sep, agency = scope.partition(":")
            membership["state"] = ctx.objects["uzb" if iso3 == "UZB" else "kaz"]
            if agency:
                membership["agency"] = ctx.objects["uzb_agencies"][agency]
        Membership.objects.get_or_create(**membership)
        ctx.users[username] = user
