"""One size cap for every upload: `settings.MAX_UPLOAD_MB` (environment variable MAX_UPLOAD_MB).

Forms use `CappedFileField`, which says how large the file was and what the limit is;
`UploadSizeMiddleware` refuses any request body above the cap before Django reads it, so a
huge upload never fills memory or disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

# Room for the other fields of a multipart form next to the file itself.
FORM_OVERHEAD = 256 * 1024


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(limit)d MB; upload a smaller file.") % {
        "limit": settings.MAX_UPLOAD_MB
    }


class CappedFileField(forms.FileField):
    """A file field that refuses files above the site's upload cap."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file is not None and getattr(file, "size", 0) > max_upload_bytes():
            raise forms.ValidationError(too_large_message())
        return file


class UploadSizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + FORM_OVERHEAD:
            message = too_large_message()
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
