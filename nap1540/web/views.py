from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nap1540.accounts.models import Membership
from nap1540.core.references import can_see
from nap1540.registry.sections import dashboard_panels


def dashboard(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.filter(user=request.user, is_active=True).select_related(
                "state", "agency", "organisation"
            )
        )
    # The home page is the user's work queue: each app's panel lists what waits for them.
    context = {"memberships": memberships, "panels": dashboard_panels(request)}
    return render(request, "web/dashboard.html", context)


@staff_member_required
def view_on_site(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """The admin's "view on site" redirect, for records the administrator may see only.

    Django's own would redirect to any record's address, naming it in the Location header.
    """
    obj = None
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is not None:
        obj = model._default_manager.filter(pk=object_id).first() if object_id.isdigit() else None
    if obj is None or not can_see(request.user, obj):
        raise Http404(_("No such record, or it is not shared with you."))
    return shortcut(request, content_type_id, object_id)


def document_css(request: HttpRequest) -> HttpResponse:
    """The stylesheet of documents shown in a page (the CSP refuses inline <style>)."""
    from nap1540.core.rendering.html import DOCUMENT_CSS

    response = HttpResponse(DOCUMENT_CSS, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
