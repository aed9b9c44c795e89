from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect

from nap1540.assistance.models import Request
from nap1540.core.text import sentences


def note_of(request: HttpRequest) -> str:
    return request.POST.get("note", "").strip()


def fail(request: HttpRequest, obj: Request, exc: ValidationError) -> HttpResponse:
    """Show a refused step as a message on the request page (the state did not change)."""
    messages.error(request, sentences(exc.messages))
    return redirect(obj)


def as_read_now(post: QueryDict, form: Any, record: Any, names: list[str]) -> QueryDict:
    """The posted form, with what the page showed of `names` replaced by the stored values:
    shown again after a conflict, saving it once more is a deliberate overwrite."""
    data = post.copy()
    for name in names:
        bound = form[name]
        value = bound.field.prepare_value(getattr(record, name))
        values = value if isinstance(value, list | tuple) else [value]
        data.setlist(bound.html_initial_name, ["" if v is None else str(v) for v in values])
    return data


def shown_again(
    make_form: Callable[[Any], Any], post: QueryDict, form: Any, record: Any, exc: Any
) -> Any:
    """The form refused by `exc` (`ChangedMeanwhile`), shown again over the stored record: the
    person's input kept, the fields someone else changed read as they are now, and why."""
    record.refresh_from_db()
    form = make_form(as_read_now(post, form, record, exc.fields))
    form.is_valid()
    form.add_error(None, exc)
    return form
