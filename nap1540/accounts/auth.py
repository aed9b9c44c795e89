"""The acting user of a request, typed as `User` for the services that record who acted."""

from __future__ import annotations

from django.http import HttpRequest

from nap1540.accounts.models import User
from nap1540.core.http.actors import signed_in


def acting_user(request: HttpRequest) -> User:
    """The signed-in `User` of the request; PermissionDenied (403) for a visitor."""
    user = signed_in(request)
    assert isinstance(user, User)  # AUTH_USER_MODEL
    return user
