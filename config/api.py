"""The JSON API under /api/v1/: one NinjaAPI, a router per app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
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


class ErrorOut(Schema):
    """Every error: a sentence saying what to fix, and for bad input the fields concerned."""

    detail: str
    errors: list[dict[str, Any]] | None = None


ERROR_RESPONSES = {
    "400": "The request could not be understood.",
    "401": "The API token is unknown, expired or revoked.",
    "403": "You can see this record but may not change it, or the CSRF check failed.",
    "404": "No such record that you can see.",
    "409": "Someone else changed this record since you read it.",
    "422": "The input is not valid; `errors` names each field and problem.",
}


class Nap1540API(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Document the shared error shape on every operation, as the handlers below return it."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                # Anonymous callers are allowed: they see public records only.
                if operation.get("security") and {} not in operation["security"]:
                    operation["security"].append({})
                responses = operation.setdefault("responses", {})
                for code, description in ERROR_RESPONSES.items():
                    if int(code) in responses:  # the operation documents it already
                        continue
                    responses.setdefault(
                        code,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema


api = Nap1540API(
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


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    detail = "Invalid input: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


def _register_routers() -> None:
    from nap1540.accounts.api import me_router
    from nap1540.accounts.api import router as sharing_router
    from nap1540.assistance.api import router as assistance_router
    from nap1540.events.api import router as events_router
    from nap1540.matrix.api import frameworks_router
    from nap1540.matrix.api import router as matrix_router
    from nap1540.plans.api import router as plans_router
    from nap1540.registry.api import router as registry_router
    from nap1540.reports.api import router as reports_router

    api.add_router("/", registry_router)
    api.add_router("/", me_router)
    api.add_router("/", frameworks_router)
    api.add_router("/sharing/", sharing_router)
    api.add_router("/matrix/", matrix_router)
    api.add_router("/plans/", plans_router)
    api.add_router("/assistance/", assistance_router)
    api.add_router("/events/", events_router)
    api.add_router("/reports/", reports_router)


_register_routers()
