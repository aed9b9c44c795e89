"""The JSON API under /api/v1/: one NinjaAPI, a router per app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from nap1540.accounts.models import APIToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nap_…` with a token from the admin or `nap1540 issue-token`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = APIToken.authenticate(token)
        if user is None:
            raise AuthenticationError(401, "The API token is unknown, expired or revoked.")
        request.user = user
        return user


class SessionOrAnonymous(APIKeyCookie):
    """The browser session (CSRF-checked on writes), or an anonymous visitor."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user


api = NinjaAPI(
    title="nap1540 API",
    version="1",
    description=(
        "Resolution 1540 implementation data: States, groups, organisations, matrices, "
        "national action plans, assistance and events. Anonymous callers see public records; "
        "authenticate with a bearer token or a browser session to see more."
    ),
    auth=[TokenAuth(), SessionOrAnonymous()],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or "You may not do this.")


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "; ".join(exc.messages))


def _register_routers() -> None:
    from nap1540.registry.api import router as registry_router

    api.add_router("/", registry_router)
    for module in ("matrix", "plans", "assistance", "events"):
        try:
            imported = __import__(f"nap1540.{module}.api", fromlist=["router"])
        except ModuleNotFoundError as exc:
            if exc.name != f"nap1540.{module}.api":
                raise
            continue
        api.add_router(f"/{module}/", imported.router)


_register_routers()
