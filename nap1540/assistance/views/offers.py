"""Offers (public), the overview, public summaries, gaps and outcomes, feedback."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from nap1540.accounts.auth import acting_user
from nap1540.assistance import access, classifications, stats, vocabulary, workflow
from nap1540.assistance import reasons as reason_sentences
from nap1540.assistance.forms import FeedbackForm, OfferForm
from nap1540.assistance.fromplans import items_from_tasks, tasks_needing_assistance
from nap1540.assistance.matching_adapter import offer_index, unknown_regions
from nap1540.assistance.models import Feedback, Offer, Request
from nap1540.assistance.services import requests as request_services
from nap1540.assistance.services.conflicts import ChangedMeanwhile
from nap1540.assistance.services.matches import feedback_role_for, give_feedback
from nap1540.assistance.services.offers import create_offer, update_offer
from nap1540.assistance.views.common import shown_again
from nap1540.core.http.htmx import HtmxHttpRequest, render_page, vary_on_htmx, wants_fragment
from nap1540.core.http.params import int_param
from nap1540.core.text import join_list, quoted
from nap1540.core.visibility import principal

S = Request.Status


def index(request: HttpRequest) -> HttpResponse:
    """Overview: the user's requests by step, and the ways in."""
    visible = Request.objects.visible_to(request.user)
    recent = visible.select_related("state", "group").order_by("-date", "-id")[:10]
    p = principal(request.user)
    context = {
        "recent": recent,
        "offer_count": Offer.objects.filter(is_withdrawn=False).count(),
        "posted_count": Request.objects.posted().count(),
        "can_create": p.is_expert or bool(p.coordinator_state_ids),
        "can_offer": p.is_expert or bool(p.organisation_ids),
        "show_tasks": bool(p.coordinator_state_ids),
        "tasks": tasks_needing_assistance(request.user, p.coordinator_state_ids)
        if p.coordinator_state_ids
        else [],
        "requested": items_from_tasks(request.user, p.coordinator_state_ids)
        if p.coordinator_state_ids
        else [],
    }
    return render(request, "assistance/index.html", context)


def offer_list(request: HtmxHttpRequest) -> HttpResponse:
    qs = Offer.objects.visible_to(request.user).select_related(
        "provider_state", "provider_organisation"
    )
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("type", "")
    subject = request.GET.get("subject", "")
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(provider_state__name__icontains=q)
            | Q(provider_organisation__name__icontains=q)
            | Q(provider_organisation__acronym__icontains=q)
        )
    if not request.GET.get("withdrawn"):
        qs = qs.filter(is_withdrawn=False)
    p = principal(request.user)
    # "My offers": the provider's own organisation's (or the coordinator's State's) offers.
    mine = bool(request.GET.get("mine")) and bool(p.organisation_ids or p.coordinator_state_ids)
    if mine:
        qs = qs.filter(
            Q(provider_organisation__in=p.organisation_ids)
            | Q(provider_state__in=p.coordinator_state_ids)
        )
    offers = list(qs.order_by("title"))
    # Vocabulary facets are JSON lists: filtered here, not by a database-specific lookup.
    if kind in vocabulary.ASSISTANCE_TYPES:
        offers = [o for o in offers if kind in o.assistance_types]
    if subject in vocabulary.SUBJECTS:
        offers = [o for o in offers if subject in o.subjects]
    page = Paginator(offers, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "mine": mine,
        "can_have_own": bool(p.organisation_ids or p.coordinator_state_ids),
        "q": q,
        "type": kind,
        "subject": subject,
        "types": vocabulary.choices(vocabulary.ASSISTANCE_TYPES),
        "subjects": vocabulary.choices(vocabulary.SUBJECTS),
        "can_offer": p.is_expert or bool(p.organisation_ids) or bool(p.coordinator_state_ids),
    }
    return render_page(
        request, "assistance/offer_list.html", "assistance/_offer_rows.html", context
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, pk)
    fits = []
    if request.user.is_authenticated:
        open_items = request_services.open_items().filter(
            request__in=Request.objects.visible_to(request.user).values("pk")
        )
        by_pk = {str(i.pk): i for i in open_items}
        for found in offer_index.rank_items(offer, by_pk.values(), top=10):
            explanation = reason_sentences.explanation(reason_sentences.stored(found.reasons))
            fits.append(
                {"item": by_pk[found.request_id], "proposal": found, "explanation": explanation}
            )
    context = {
        "offer": offer,
        "fits": fits,
        "can_edit": offer.can_edit(request.user),
        "matches": offer.matches.filter(
            item__request__in=Request.objects.visible_to(request.user).values("pk")
        ).select_related("item", "item__request"),
    }
    return render(request, "assistance/offer_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            offer = create_offer(by=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Offer added."))
            _warn(request, form)
            return redirect(offer)
    return render(request, "assistance/offer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = access.get_offer_for_user(request.user, pk, write=True)
    initial = {
        f: getattr(offer, f)
        for f in (
            "title",
            "description",
            "assistance_types",
            "subjects",
            "languages",
            "contact",
            "source_url",
            "active_from",
            "active_to",
            "is_withdrawn",
        )
    }
    initial["regions"] = offer.regions

    def make_form(data: Any) -> OfferForm:
        form = OfferForm(data, user=request.user, editing=True, initial=initial)
        form.send_back_what_is_shown()  # so a save writes only what this person changed
        return form

    form, status = make_form(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        values, read = form.changes()
        try:
            update_offer(offer, by=acting_user(request), read=read, **values)
        except ChangedMeanwhile as exc:
            form, status = shown_again(make_form, request.POST, form, offer, exc), 409
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Offer updated."))
            _warn(request, form)
            return redirect(offer)
    context = {"form": form, "offer": offer}
    return render(request, "assistance/offer_form.html", context, status=status)


def _warn(request: HttpRequest, form: OfferForm) -> None:
    """Labels the matching cannot read: saved as written, and the person is told."""
    for warning in form.warnings:
        messages.warning(request, warning)
    unknown = unknown_regions(form.cleaned_data.get("regions") or ())
    if unknown:
        messages.warning(
            request,
            _(
                "Region not recognised: %(regions)s. It is kept as written; matching treats it "
                "as unknown (neither serving everyone nor excluding anyone)."
            )
            % {"regions": join_list(quoted(label) for label in unknown)},
        )


def public_summaries(request: HttpRequest) -> HttpResponse:
    """Posted summaries of requests, as on the Committee's web site (only with consent)."""
    posted = (
        Request.objects.posted()
        .select_related("state", "group")
        .prefetch_related("items")
        .order_by("-summary_posted_on", "-id")
    )
    page = Paginator(posted, 50).get_page(request.GET.get("page"))
    for obj in page.object_list:
        obj.summary_text = workflow.summary_for_reader(obj)
        obj.facet_lines = _facet_lines(obj)
    return render(request, "assistance/public_summaries.html", {"page": page})


def _facet_lines(obj: Request) -> list[str]:
    """What each item is about, in the reader's language (never the items' own wording).

    Empty when the posted summary is the composed one, which already lists exactly this.
    """
    if workflow.has_generated_summary(obj):
        return []
    lines = []
    for item in obj.items.all():
        types = join_list(vocabulary.labels(item.assistance_types))
        subjects = join_list(vocabulary.labels(item.subjects))
        if types and subjects:
            line = pgettext("an item's kinds of help, then its subjects", "%(types)s: %(subjects)s")
            lines.append(line % {"types": types, "subjects": subjects})
        else:
            lines.append(types or subjects or _("Assistance"))
    return lines


# Ten years: the longest wait the gaps page looks back over.
MAX_DAYS = 3650
GAPS_PAGE_SIZE = 50


def gaps(request: HtmxHttpRequest) -> HttpResponse:
    """Gaps and outcomes over the requests the user may see.

    The two long lists are paginated, each by its own parameter; htmx turns a page of one list
    by asking for that list's section alone (`HX-Target`), which skips the charts."""
    days = int_param(
        request, "days", default=stats.UNMATCHED_AFTER_DAYS, minimum=0, maximum=MAX_DAYS
    )
    today = timezone.localdate()
    requests_page = request.GET.get("page", "")
    offers_page = request.GET.get("offers_page", "")
    context: dict[str, Any] = {
        "days": days,
        # What each list's page links keep of the other parameters.
        "unmatched_query": urlencode({"days": days, "offers_page": offers_page}),
        "unused_query": urlencode({"days": days, "page": requests_page}),
    }

    def unmatched() -> Any:
        qs = stats.unmatched_requests(request.user, days=days, today=today)
        return Paginator(qs, GAPS_PAGE_SIZE).get_page(requests_page)

    def unused() -> Any:
        return Paginator(stats.unused_offers(), GAPS_PAGE_SIZE).get_page(offers_page)

    if wants_fragment(request, "gaps-unmatched"):
        context["unmatched"] = unmatched()
        response = render(request, "assistance/_gaps_unmatched.html", context)
        return vary_on_htmx(response, target="gaps-unmatched")
    if wants_fragment(request, "gaps-unused"):
        context["unused"] = unused()
        return vary_on_htmx(
            render(request, "assistance/_gaps_unused.html", context), target="gaps-unused"
        )
    data = stats.supply_and_demand(request.user, today=today)
    context |= {
        "unmatched": unmatched(),
        "unused": unused(),
        "times": stats.procedure_times(request.user),
        "charts": stats.heatmaps(data),
        "gap_rows": data["gaps"],
        "out_of_date": classifications.out_of_date(),
    }
    return vary_on_htmx(render(request, "assistance/gaps.html", context), target="gaps-unused")


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    match = access.get_match_for_user(request.user, pk)
    if role not in Feedback.Role.values or role not in feedback_role_for(match, request.user):
        raise PermissionDenied(_("You cannot give feedback for this side of the match."))
    existing = match.feedback.filter(role=role).first()
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            give_feedback(match, by=acting_user(request), role=role, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you: feedback recorded."))
            return redirect(match.item.get_absolute_url())
    context = {"form": form, "match": match, "role": Feedback.Role(role)}
    return render(request, "assistance/feedback_form.html", context)
