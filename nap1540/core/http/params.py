"""Query parameters read through one checker: a bad value is a 400 that says what to fix.

Views call `int_param` / `date_param` instead of `int(request.GET[...])`; they raise
`BadParameter`, which `BadParameterMiddleware` answers with 400 and the message (JSON under
/api/). Django's `Paginator.get_page` already falls back on a bad page number and stays as is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class BadParameter(Exception):
    """A query parameter that cannot be used; the message names it and its allowed values."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def int_param(request: HttpRequest, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """The whole number in ?name=, or `default` when absent or empty."""
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw) if len(raw) <= 20 else None
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise BadParameter(
            _("%(name)s must be a whole number from %(minimum)d to %(maximum)d.")
            % {"name": name, "minimum": minimum, "maximum": maximum}
        )
    return value


def date_param(request: HttpRequest, name: str, *, default: date | None = None) -> date | None:
    """The date in ?name=YYYY-MM-DD, or `default` when absent or empty."""
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        if len(raw) != len("2025-03-31"):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            _("%(name)s must be a date written as YYYY-MM-DD, for example 2025-03-31.")
            % {"name": name}
        ) from None


class BadParameterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BadParameter):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": exception.message}, status=400)
        return HttpResponse(exception.message, status=400, content_type="text/plain; charset=utf-8")
