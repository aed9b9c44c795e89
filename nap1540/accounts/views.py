"""The sharing page: one place, for every kind of record, where a State decides who sees it.

Also the login page, which in demo mode lists the demo logins."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from nap1540.accounts import sharing
from nap1540.accounts.auth import acting_user
from nap1540.accounts.demo import demo_logins
from nap1540.core.text import join_list, sentences
from nap1540.core.visibility import LEVEL_ORDER, Visibility, may_manage
from nap1540.registry.models import Group, State


class LoginView(auth_views.LoginView):
    """Django's login; in demo mode (`NAP1540_DEMO`) it also lists the demo logins."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = demo_logins() if settings.NAP1540_DEMO else []
        return context


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Who sees it"), choices=Visibility.choices)
    confirm = forms.BooleanField(required=False)


class ShareForm(forms.Form):
    states = forms.ModelMultipleChoiceField(
        label=gettext_lazy("States"), queryset=State.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=gettext_lazy("or a group of States"), queryset=Group.objects.none(), required=False
    )

    def __init__(self, *args: Any, owner_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = State.objects.exclude(pk=owner_id) if owner_id else State.objects.all()
        self.fields["states"].queryset = others.order_by("name")  # type: ignore[attr-defined]
        self.fields["group"].queryset = Group.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("states") and not data.get("group"):
            raise ValidationError(_("Choose at least one State or a group."))
        return data


def _levels(current: str) -> list[dict[str, Any]]:
    return [
        {
            "value": value,
            "label": label,
            "who": sharing.audience_sentence(value),
            "current": value == current,
            "wider": LEVEL_ORDER[Visibility(value)] > LEVEL_ORDER[Visibility(current)],
        }
        for value, label in Visibility.choices
    ]


def _page(request: HttpRequest, record: Any, kind: str, **extra: Any) -> HttpResponse:
    can_share = record.can_share(request.user)
    context = {
        "record": record,
        "kind": kind,
        "record_url": record.get_absolute_url(),
        "levels": _levels(record.visibility),
        "who": sharing.audience_sentence(record.visibility),
        "shares": sharing.shares_of(record),
        "history": sharing.history_lines(record, request.user),
        "can_share": can_share,
        "share_form": extra.pop("share_form", None)
        or (ShareForm(owner_id=record.owner_id) if can_share else None),
        **extra,
    }
    return render(request, "accounts/sharing.html", context, status=extra.get("status", 200))


@login_required
@require_http_methods(["GET", "POST"])
def sharing_page(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record = sharing.record_for(request.user, kind, pk)
    if not may_manage(record, request.user):
        raise PermissionDenied(_("Who sees a record is decided, and shown, by its own State."))
    if request.method == "GET":
        return _page(request, record, kind)
    action = request.POST.get("action", "")
    try:
        if action == "level":
            form = LevelForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose private, committee or public."))
            level = form.cleaned_data["level"]
            try:
                sharing.set_level(
                    record,
                    level=level,
                    by=acting_user(request),
                    confirmed=form.cleaned_data["confirm"],
                )
            except sharing.ConfirmationNeeded:
                return _page(
                    request,
                    record,
                    kind,
                    confirm_level=level,
                    confirm_who=sharing.audience_sentence(level),
                )
            messages.success(
                request,
                _("Now seen by: %(who)s") % {"who": sharing.audience_sentence(level)},
            )
        elif action == "share":
            share_form = ShareForm(request.POST, owner_id=record.owner_id)
            if not share_form.is_valid():
                return _page(request, record, kind, share_form=share_form, status=422)
            new = sharing.share_with(
                record,
                by=acting_user(request),
                states=share_form.cleaned_data["states"],
                group=share_form.cleaned_data["group"],
            )
            messages.success(
                request,
                _("Shared with %(states)s.") % {"states": join_list(s.state for s in new)}
                if new
                else _("It was already shared with every State you chose."),
            )
        elif action == "withdraw":
            state = State.objects.filter(iso3=request.POST.get("state", "")).first()
            group = Group.objects.filter(code=request.POST.get("group", "")).first()
            if state is None and group is None:
                raise ValidationError(_("Say which State or group to stop sharing with."))
            count = sharing.withdraw(record, by=acting_user(request), state=state, group=group)
            messages.success(
                request,
                ngettext(
                    "Sharing withdrawn from %(count)d State.",
                    "Sharing withdrawn from %(count)d States.",
                    count,
                )
                % {"count": count},
            )
        else:
            raise ValidationError(_("Unknown action; use the buttons on this page."))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect("sharing", kind=kind, pk=record.pk)
    return redirect("sharing", kind=kind, pk=record.pk)
