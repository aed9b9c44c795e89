from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nap1540.accounts.models import Membership
from nap1540.registry.models import Group, Organisation, State
from nap1540.web.dashboard import dashboard_panels


def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.filter(user=request.user, is_active=True).select_related(
                "state", "agency", "organisation"
            )
        )
    context = {
        "memberships": memberships,
        "counts": {
            "states": State.objects.count(),
            "groups": Group.objects.count(),
            "organisations": Organisation.objects.count(),
        },
        "panels": dashboard_panels(request),
    }
    return render(request, "web/dashboard.html", context)
