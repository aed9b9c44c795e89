from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from nap1540.assistance.models import Request
from nap1540.core.text import sentences


def note_of(request: HttpRequest) -> str:
    return request.POST.get("note", "").strip()


def fail(request: HttpRequest, obj: Request, exc: ValidationError) -> HttpResponse:
    """Show a refused step as a message on the request page (the state did not change)."""
    messages.error(request, sentences(exc.messages))
    return redirect(obj)
