"""Pages and downloads for information notes and draft agendas."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nap1540.accounts.auth import acting_user
from nap1540.core.rendering import files
from nap1540.core.rendering.html import render_html
from nap1540.core.text import sentences
from nap1540.events import access, services
from nap1540.events.agenda import agenda_document, agenda_items, draft_agenda
from nap1540.events.forms import NoteForm
from nap1540.events.models import Event, Note
from nap1540.events.note_labels import LANGUAGES, page_numbers
from nap1540.events.notes import NoteContent, event_note_document, generate_note_content


def _page_numbers() -> str:
    return _("Page {page} of {pages}")


def note_file(event: Event, lang: str, fmt: str) -> files.RenderedFile:
    """The note on `event` in `lang` as a file; the caller has checked visibility."""
    if fmt not in files.FORMATS:
        raise Http404(_("Notes are available as DOCX, PDF and HTML."))
    note = access.get_note(event, lang)
    doc = event_note_document(event, lang, note)
    name = f"information-note-{event.slug}-{lang}"
    return files.rendered_file(doc, fmt, name, page_numbers=page_numbers(lang))


def note(request: HttpRequest, ref: str, lang: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    access.check_note_language(lang)
    saved = access.get_note(event, lang)
    doc = event_note_document(event, lang, saved)
    context = {
        "event": event,
        "lang": lang,
        "note": saved,
        "note_langs": LANGUAGES,
        "formats": files.FORMATS,
        "can_edit": event.can_edit(request.user),
        "outdated": saved is not None and saved.updated_at < event.updated_at,
        "document_html": mark_safe(render_html(doc, standalone=False, id_prefix=f"note-{lang}")),
    }
    return render(request, "events/note.html", context)


def note_download(request: HttpRequest, ref: str, lang: str, fmt: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    access.check_note_language(lang)
    return files.file_response(note_file(event, lang, fmt))


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, ref: str, lang: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    access.check_note_language(lang)
    saved = access.get_note(event, lang)
    content = NoteContent.from_note(saved) if saved else generate_note_content(event, lang)
    form = NoteForm(request.POST or None, initial=content.as_fields())
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in Note.CONTENT_FIELDS}
        services.save_note(
            event,
            lang,
            NoteContent.from_fields(data),
            by=acting_user(request),
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Information note saved."))
        return redirect("events:note", ref=event.slug, lang=lang)
    context = {"event": event, "lang": lang, "form": form, "note": saved}
    return render(request, "events/note_form.html", context)


@login_required
@require_POST
def note_regenerate(request: HttpRequest, ref: str, lang: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    access.check_note_language(lang)
    services.regenerate_note(event, lang, by=acting_user(request))
    messages.success(request, _("The note was regenerated from the event's records."))
    return redirect("events:note", ref=event.slug, lang=lang)


def note_history(request: HttpRequest, ref: str, lang: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    saved = access.get_note(event, lang)
    revisions = saved.revisions.select_related("created_by") if saved else []
    context = {
        "event": event,
        "lang": lang,
        "note": saved,
        "revisions": revisions,
        "can_edit": event.can_edit(request.user),
    }
    return render(request, "events/note_history.html", context)


@login_required
@require_POST
def note_restore(request: HttpRequest, ref: str, lang: str, number: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref, write=True)
    saved = access.get_note(event, lang)
    if saved is None:
        raise Http404(_("This note has not been edited yet."))
    try:
        services.restore_revision(saved, number, by=acting_user(request))
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("Revision %(n)s restored.") % {"n": number})
    return redirect("events:note", ref=event.slug, lang=lang)


# --- agenda ------------------------------------------------------------------------------


def agenda(request: HttpRequest, ref: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    draft = draft_agenda(event, request.user)
    context = {
        "event": event,
        "agenda": draft,
        "items": agenda_items(draft) if draft else [],
        "formats": files.PRINT_FORMATS,
    }
    return render(request, "events/agenda.html", context)


def agenda_download(request: HttpRequest, ref: str, fmt: str) -> HttpResponse:
    event = access.get_event_for_user(request.user, ref)
    if fmt not in files.PRINT_FORMATS:
        raise Http404(_("Agendas are available as DOCX and PDF."))
    draft = draft_agenda(event, request.user)
    if draft is None:
        raise Http404(_("This event has no plan you can see, so there is no agenda."))
    file = files.rendered_file(
        agenda_document(draft), fmt, f"agenda-{event.slug}", page_numbers=_page_numbers()
    )
    return files.file_response(file)
