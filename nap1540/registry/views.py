from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.core.http.htmx import HtmxHttpRequest, render_page
from nap1540.core.visibility import principal
from nap1540.registry import access, services
from nap1540.registry.forms import AgencyForm, PointOfContactForm
from nap1540.registry.models import Agency, Group, PointOfContact, State
from nap1540.registry.sections import region_sections, state_sections


def state_list(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    group_code = request.GET.get("group", "")
    states = State.objects.search(query)
    group = Group.objects.filter(code=group_code).first() if group_code else None
    if group is not None:
        states = states.filter(groups=group)
    page = Paginator(states.order_by("name"), 60).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "group": group,
        "groups": Group.objects.order_by("kind", "name").only(
            "code", "name", "kind", "translations"
        ),
    }
    return render_page(request, "registry/state_list.html", "registry/_state_rows.html", context)


def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = access.get_state_for_user(request.user, iso3)
    contacts = (
        PointOfContact.objects.visible_to(request.user).filter(state=state).select_related("agency")
    )
    context = {
        "state": state,
        "groups": state.groups.order_by("kind", "name"),
        "agencies": access.agencies_for_user(request.user, state),
        "contacts": contacts,
        "can_edit": principal(request.user).coordinates(state.pk),
        "sections": state_sections(request, state),
    }
    return render(request, "registry/state_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, iso3: str) -> HttpResponse:
    state = access.get_state_for_user(request.user, iso3, write=True)
    form = PointOfContactForm(request.POST or None, state=state)
    if request.method == "POST" and form.is_valid():
        services.create_contact(state=state, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Point of contact added."))
        return redirect(state)
    return render(request, "registry/contact_form.html", {"form": form, "state": state})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, pk, write=True)
    form = PointOfContactForm(request.POST or None, instance=contact, state=contact.state)
    if request.method == "POST" and form.is_valid():
        services.update_contact(contact, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Point of contact updated."))
        return redirect(contact.state)
    context = {"form": form, "state": contact.state, "contact": contact}
    return render(request, "registry/contact_form.html", context)


@login_required
@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact_for_user(request.user, pk, write=True)
    state = contact.state
    services.delete_contact(contact, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Point of contact removed."))
    return redirect(state)


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, iso3: str, pk: int | None = None) -> HttpResponse:
    state = access.get_state_for_user(request.user, iso3, write=True)
    agency = get_object_or_404(Agency, state=state, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency, state=state)
    if request.method == "POST" and form.is_valid():
        services.save_agency(state=state, agency=agency, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Agency saved."))
        return redirect(state)
    context = {"form": form, "state": state, "agency": agency}
    return render(request, "registry/agency_form.html", context)


def region_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    groups = Group.objects.annotate(size=Count("members")).prefetch_related(
        Prefetch(
            "members", queryset=State.objects.only("iso3", "name", "translations").order_by("name")
        )
    )
    if kind in Group.Kind.values:
        groups = groups.filter(kind=kind)
    context = {"groups": groups.order_by("kind", "name"), "kinds": Group.Kind.choices, "kind": kind}
    return render(request, "registry/region_list.html", context)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    group = access.get_group_for_user(request.user, code)
    context = {
        "group": group,
        "members": group.members.order_by("name"),
        "sections": region_sections(request, group),
    }
    return render(request, "registry/region_detail.html", context)
