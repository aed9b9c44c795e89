"""Where to go after a form: the page's own `next`, only when it stays on this site."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: Any, *args: Any) -> HttpResponseRedirect:
    """Redirect to POST/GET `next` if it is a URL of this site, else to `fallback`.

    `next=https://elsewhere.example/` or `//elsewhere.example/` would send the user off the
    platform right after an action they trust; such values are ignored, never followed.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(fallback, *args)
