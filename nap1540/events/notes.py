"""Information notes: generated from an event's records, edited, laid out as a Document.

The layout follows the Group of Experts' notes (see
`../shared/domain/information-note-uzbekistan-2017.md`): the title "Information Note" with
a footnote saying it is not an official report; Event; Organisers; Date and venue;
Participants by group; then Background, Overview and Additional Comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.utils import translation

from nap1540.core.references import may_quote
from nap1540.core.rendering import (
    Block,
    Callout,
    Document,
    Field,
    Heading,
    Metadata,
    Paragraph,
    Run,
)
from nap1540.events import note_labels as nl

if TYPE_CHECKING:
    from nap1540.events.models import Event, Note, Organiser, Participant

PARTICIPANT_GROUPS = ("government", "international", "committee", "other")


@dataclass
class NoteContent:
    """The editable text of a note; `participants` holds (group heading, members) pairs."""

    event_text: str = ""
    organisers_text: str = ""
    date_venue_text: str = ""
    participants: list[tuple[str, str]] = field(default_factory=list)
    background: str = ""
    overview: str = ""
    additional_comments: str = ""

    def as_fields(self) -> dict[str, str]:
        """The content as the Note model's text fields."""
        data = asdict(self)
        data.pop("participants")
        data["participants_text"] = format_participants(self.participants)
        return data

    @classmethod
    def from_fields(cls, data: dict[str, str]) -> NoteContent:
        return cls(
            event_text=data.get("event_text", ""),
            organisers_text=data.get("organisers_text", ""),
            date_venue_text=data.get("date_venue_text", ""),
            participants=parse_participants(data.get("participants_text", "")),
            background=data.get("background", ""),
            overview=data.get("overview", ""),
            additional_comments=data.get("additional_comments", ""),
        )

    @classmethod
    def from_note(cls, note: Note) -> NoteContent:
        return cls.from_fields(note.content_dict())


def format_participants(groups: Iterable[tuple[str, str]]) -> str:
    return "\n".join(f"{heading}: {members}" if heading else members for heading, members in groups)


def parse_participants(text: str) -> list[tuple[str, str]]:
    """One group per line, "Heading: members"; a line without ": " has no heading."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        heading, sep, members = line.partition(": ")
        out.append((heading.strip(), members.strip()) if sep else ("", line))
    return out


def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; single line breaks stay inside a paragraph."""
    parts = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [p.strip() for p in parts if p.strip()]


# --- generation from records -------------------------------------------------------------


def organiser_name(organiser: Organiser, lang: str) -> str:
    if organiser.label:
        return organiser.label
    if organiser.organisation_id is not None:
        org = organiser.organisation
        assert org is not None
        with translation.override(lang):
            return org.full_name()
    state = organiser.state
    assert state is not None
    return nl.government_organiser(state, state.iso3, lang)


def participant_name(participant: Participant, lang: str) -> str:
    with translation.override(lang):  # an organisation's name in the note's language
        name = participant.display_name
    if participant.count and participant.count > 1:
        return nl.people(name, participant.count, lang)
    return name


def participant_groups(participants: Iterable[Participant], lang: str) -> list[tuple[str, str]]:
    """Group participants as the note does: each State's officials, then the other groups."""
    words = nl.labels(lang)
    government: dict[int, tuple[str, list[str]]] = {}
    others: dict[str, list[str]] = {g: [] for g in PARTICIPANT_GROUPS[1:]}
    for participant in participants:
        name = participant_name(participant, lang)
        if participant.group == "government":
            state = participant.state
            assert state is not None
            heading = nl.government_officials(state, state.iso3, lang)
            government.setdefault(state.pk, (heading, []))[1].append(name)
        else:
            others.setdefault(participant.group, []).append(name)
    out = [
        (heading, nl.sentence(nl.join_names(names, lang), lang))
        for heading, names in government.values()
    ]
    for group, names in others.items():
        if names:
            out.append((words.get(group, group), nl.sentence(nl.join_names(names, lang), lang)))
    return out


def date_and_venue(event: Event, lang: str) -> str:
    parts = [nl.format_date_range(event.starts_on, event.ends_on, lang), event.venue_city]
    if event.venue_country_id is not None:
        with translation.override(lang):
            parts.append(str(event.venue_country))
    if event.is_online:
        parts.append(nl.labels(lang)["online"])
    return nl.join_venue(parts, lang)


def _quotable_previous(event: Event) -> Event | None:
    """The event this one follows up, when every reader of this event's note may read it."""
    previous = event.follow_up_to
    return previous if previous is not None and may_quote(previous, event) else None


def _follow_up_paragraph(event: Event, lang: str) -> str:
    previous = _quotable_previous(event)
    sentences = []
    if previous is not None:
        with translation.override(lang):
            place = previous.venue_city or (
                str(previous.venue_country) if previous.venue_country else ""
            )
        sentences.append(
            nl.follow_up_sentence(event.kind, previous.kind, place or "-", previous.starts_on, lang)
        )
    if event.objectives.strip():
        sentences.append(" ".join(paragraphs(event.objectives)))
    return nl.run_on(sentences, lang)


def generate_note_content(event: Event, lang: str) -> NoteContent:
    """Write the note's text from the event's records, in `lang` (one of `nl.LANGUAGES`)."""
    with translation.override(lang):  # State names come out in the note's language
        words = nl.labels(lang)
        organisers = [
            organiser_name(o, lang)
            for o in event.organisers.select_related("organisation", "state")
        ]
        background = paragraphs(event.background)
        follow_up = _follow_up_paragraph(event, lang)
        if follow_up:
            background.append(follow_up)
        previous = _quotable_previous(event)
        if previous is not None and previous.summary.strip():
            background.extend(paragraphs(previous.summary))
        overview = [*paragraphs(event.overview), *paragraphs(event.outcomes)]
        overview += paragraphs(event.follow_up)
        return NoteContent(
            event_text=nl.sentence(event.title, lang),
            organisers_text=nl.sentence(nl.join_names(organisers, lang), lang),
            date_venue_text=date_and_venue(event, lang),
            participants=participant_groups(
                event.participants.select_related("state", "agency", "organisation"), lang
            ),
            background="\n\n".join(background),
            overview="\n\n".join(overview),
            additional_comments=words["contact"] % {"email": nl.CONTACT_EMAIL},
        )


# --- layout --------------------------------------------------------------------------------


def _participant_runs(heading: str, members: str, lang: str) -> list[str | Run]:
    if not heading:
        return [members]
    return [Run(nl.group_heading(heading, lang), italic=True), f" {members}"]


def note_document(
    content: NoteContent,
    lang: str,
    *,
    subject: str = "",
    keywords: tuple[str, ...] = (),
    is_demo: bool = False,
) -> Document:
    """Lay a note out as a Document; every label comes from `note_labels` for `lang`."""
    words = nl.labels(lang)
    blocks: list[Block] = [
        Field(words["event"], content.event_text),
        Field(words["organisers"], content.organisers_text),
        Field(words["date_venue"], content.date_venue_text),
    ]
    groups = content.participants or [("", words["none"])]
    first, *rest = groups
    blocks.append(Field(words["participants"], _participant_runs(*first, lang)))
    blocks.extend(Paragraph(_participant_runs(*group, lang)) for group in rest)
    for key, text in (
        ("background", content.background),
        ("overview", content.overview),
        ("additional_comments", content.additional_comments),
    ):
        blocks.append(Heading(words[key]))
        blocks.extend(Paragraph(p) for p in paragraphs(text))
    if is_demo:
        blocks.append(Callout(words["demo_notice"], tone="demo"))
    return Document(
        title=words["title"],
        title_footnote=words["footnote"],
        lang=lang,
        blocks=blocks,
        metadata=Metadata(
            author=words["author"],
            # DOCX core properties hold at most 255 characters.
            subject=subject[:250],
            keywords=tuple(k[:60] for k in ("1540", *keywords)),
        ),
    )


def event_note_document(event: Event, lang: str, note: Note | None = None) -> Document:
    """The note for `event` in `lang`: the edited text when there is one, else generated."""
    content = (
        NoteContent.from_note(note) if note is not None else generate_note_content(event, lang)
    )
    with translation.override(lang):
        keywords = tuple(str(s) for s in [event.state] if s is not None)
    return note_document(
        content, lang, subject=event.title, keywords=keywords, is_demo=event.is_demo
    )
