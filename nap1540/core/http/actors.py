"""Who acts in a request: the signed-in user, or a refusal that says to sign in."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from nap1540.core.visibility import Actor


def signed_in(request: HttpRequest) -> Actor:
    """The request's user if signed in; PermissionDenied (403) for a visitor."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to do this."))
    # AUTH_USER_MODEL (accounts.User) is the one implementation of Actor.
    return cast("Actor", user)
