"""`nap1540 note EVENT --format docx|pdf|html --lang ar|zh-hans|en|fr|ru|es -o FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from nap1540.core.rendering.files import FORMATS as NOTE_FORMATS
from nap1540.events.management.commands._common import acting_user, write_output
from nap1540.events.note_labels import LANGUAGES


class Command(BaseCommand):
    help = (
        "Write the information note on an event (by id or slug) as DOCX, PDF or HTML. "
        "The edited text is used when there is one; otherwise the note is generated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's id or slug")
        parser.add_argument("--format", choices=NOTE_FORMATS, default="pdf")
        parser.add_argument("--lang", choices=LANGUAGES, default="en")
        parser.add_argument("-o", "--output", required=True, help="file to write, or - for stdout")
        parser.add_argument(
            "--as",
            dest="as_user",
            default="",
            help="username whose visibility applies (default: every event, as the operator)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from nap1540.events.access import event_queryset, get_event_for_user
        from nap1540.events.documents import note_file

        user = acting_user(options["as_user"])
        ref = str(options["event"])
        if user is None:
            event = event_queryset().filter(slug=ref).first()
            if event is None and ref.isdigit():
                event = event_queryset().filter(pk=int(ref)).first()
            if event is None:
                raise CommandError(f"No event with id or slug {ref!r}.")
        else:
            try:
                event = get_event_for_user(user, ref)
            except Http404:
                raise CommandError(f"No event {ref!r} that {user} can see.") from None
        file = note_file(event, options["lang"], options["format"])
        write_output(self, file.content, options["output"])
        if options["output"] != "-":
            self.stderr.write(f"Wrote {Path(options['output'])} ({len(file.content)} bytes).")
