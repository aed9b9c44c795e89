"""Answering htmx: the fragment it swaps in, or the whole page.

A page and its htmx fragment share one URL (the task filter pushes `?status=...` into
the address bar). When Back finds no snapshot in htmx's history cache, htmx asks that
URL again with `HX-Request: true` *and* `HX-History-Restore-Request: true` and puts the
answer in place of the whole `<body>`: that request must get the whole page, or Back
shows bare table rows. The answer differs by those headers, so it says so in `Vary`,
and a browser's cache never hands a fragment to a full page load (Back from another
page) or a page to a swap.

django-htmx's middleware (config/settings.py) reads the headers into `request.htmx`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

Response = TypeVar("Response", bound=HttpResponseBase)


class HtmxHttpRequest(HttpRequest):
    """A request that has been through django-htmx's `HtmxMiddleware`."""

    htmx: HtmxDetails


def wants_fragment(request: HtmxHttpRequest, target: str | None = None) -> bool:
    """Whether htmx is swapping the answer into part of the page (into `target`, if given)."""
    htmx = request.htmx
    if not htmx or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def vary_on_htmx(response: Response, *, target: str | None = None) -> Response:
    """Say that `response` depends on the headers `wants_fragment` reads."""
    headers = ["HX-Request", "HX-History-Restore-Request"]
    if target is not None:
        headers.append("HX-Target")
    patch_vary_headers(response, headers)
    return response


def render_page(
    request: HtmxHttpRequest,
    page_template: str,
    fragment_template: str,
    context: Mapping[str, Any],
    *,
    target: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The fragment for an htmx swap (into `target`, if given), else the whole page."""
    template = fragment_template if wants_fragment(request, target) else page_template
    response = render(request, template, context, status=status)
    return vary_on_htmx(response, target=target)
