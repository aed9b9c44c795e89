"""The information note in each of the six UN languages.

Every expectation is derived from the catalogues (gettext under `translation.override`) and
from Django's format files (`date_format`), so the tests check that the note uses them,
whatever their wording.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any, get_args

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext

from nap1540.core.rendering import Callout, Document, Field, Heading, Paragraph, Run
from nap1540.core.rendering.document import bcp47
from nap1540.core.rendering.files import render
from nap1540.core.visibility import Visibility
from nap1540.events import note_labels as nl
from nap1540.events import services
from nap1540.events.api import NoteLang
from nap1540.events.models import Event, NoteLanguage
from nap1540.events.notes import (
    event_note_document,
    generate_note_content,
    note_document,
    organiser_name,
)
from nap1540.events.tests.helpers import docx_texts
from nap1540.registry.models import State

OTHER_LANGUAGES = [lang for lang in nl.LANGUAGES if lang != "en"]
CONJUNCTIONS = {"ar": " و ", "zh-hans": "和", "en": " and ", "fr": " et ", "ru": " и ", "es": " y "}


@pytest.fixture
def note_event(full_event: Event, event_factory: Any, personas: Any) -> Event:
    """`full_event` held partly online, following up an earlier roundtable, with a State
    among the organisers and officials of a State the note has no demonym for."""
    earlier = event_factory(
        title="Earlier roundtable", starts_on=date(2016, 12, 20), ends_on=date(2016, 12, 21)
    )
    Event.objects.filter(pk=full_event.pk).update(
        is_online=True, follow_up_to=earlier, kind=Event.Kind.REVIEW_MEETING
    )
    full_event.refresh_from_db()
    services.add_organiser(full_event, by=None, state=personas.uzb)
    france = State.objects.get(iso3="FRA")
    services.add_participant(full_event, by=None, group="government", name="Ministry", state=france)
    return full_event


def fixed_texts(doc: Document) -> list[str]:
    """The note's own wording: title, footnote, labels, headings, group headings, notices."""
    texts = [doc.title, doc.title_footnote or "", doc.metadata.author]
    for block in doc.blocks:
        if isinstance(block, Field):
            texts.append(block.label)
        if isinstance(block, Heading):
            texts.append(block.text)
        if isinstance(block, Callout):
            texts.append(str(block.content))
        if isinstance(block, Field | Paragraph):
            content = block.value if isinstance(block, Field) else block.content
            texts += [r.text for r in content if isinstance(r, Run) and r.italic]
    return texts


def document_text(doc: Document) -> str:
    html = render(doc, "html").decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_note_languages_are_the_sites_six_languages_in_order() -> None:
    codes = tuple(code for code, _name in settings.LANGUAGES)
    assert nl.LANGUAGES == codes == ("ar", "zh-hans", "en", "fr", "ru", "es")
    assert tuple(NoteLanguage.values) == codes
    assert get_args(NoteLang) == codes


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_title_labels_and_headings_are_the_catalogues_translation(
    note_event: Event, lang: str
) -> None:
    doc = event_note_document(note_event, lang)
    texts = fixed_texts(doc)
    with translation.override(lang):
        assert doc.title == gettext("Information Note")
        assert doc.title_footnote == gettext(nl.LABELS["footnote"])
        for msgid in ("Event:", "Organisers:", "Date and venue:", "Participants:"):
            assert gettext(msgid) in texts, msgid
        for msgid in ("Background", "Overview", "Additional Comments"):
            assert gettext(msgid) in texts, msgid
    assert doc.lang == bcp47(lang)  # zh-hans is written zh-Hans, as BCP 47 has it


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_english_label_remains_in_a_note_in_another_language(
    note_event: Event, event_factory: Any, lang: str
) -> None:
    content = generate_note_content(note_event, lang)
    docs = [
        event_note_document(note_event, lang),
        event_note_document(event_factory(title="Empty"), lang),  # "None recorded."
        note_document(content, lang, is_demo=True),  # the demo notice
    ]
    own = " ".join(text for doc in docs for text in fixed_texts(doc))
    text = " ".join(document_text(doc) for doc in docs) + " " + own  # the author: metadata
    for key, msgid in nl.LABELS.items():
        with translation.override(lang):
            translated = gettext(msgid)
        assert translated != msgid, key
        if key == "contact":
            assert translated % {"email": nl.CONTACT_EMAIL} == content.additional_comments
        else:
            assert translated in text, key
        assert msgid not in own, key  # the recorded content may use English words
    english = generate_note_content(note_event, "en")
    for part in ("organisers_text", "date_venue_text", "additional_comments"):
        assert getattr(content, part) != getattr(english, part)
    english_headings = {heading for heading, _members in english.participants}
    assert not english_headings & {heading for heading, _members in content.participants}
    follow_up = nl.follow_up_sentence(
        note_event.kind, "national_roundtable", "Tashkent", date(2016, 12, 20), lang
    )
    assert follow_up in content.background
    assert "was a follow-up" not in content.background


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_dates_are_in_the_languages_own_style(note_event: Event, lang: str) -> None:
    content = generate_note_content(note_event, lang)
    start, end = note_event.starts_on, note_event.ends_on  # 3-4 July 2017
    with translation.override(lang):
        first, last = date_format(start, "DATE_FORMAT"), date_format(end, "DATE_FORMAT")
        month_year = date_format(date(2016, 12, 20), "YEAR_MONTH_FORMAT")
    assert content.date_venue_text.startswith(nl.format_date_range(start, end, lang))
    # Within a month the range names the month and year once: at the last day, or in
    # Chinese at the first ("2017年7月3日至4日").
    assert (first if lang == "zh-hans" else last) in content.date_venue_text
    if lang not in nl.MONTHS_AFTER_IN:
        assert month_year in content.background  # "held in Tashkent in December 2016"
    else:
        assert nl.format_month_year(date(2016, 12, 20), lang) in content.background


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_one_day_event_has_the_languages_date_format(event_factory: Any, lang: str) -> None:
    event = event_factory(starts_on=date(2017, 5, 22), ends_on=date(2017, 5, 22))
    content = generate_note_content(event, lang)
    with translation.override(lang):
        assert content.date_venue_text.startswith(date_format(event.starts_on, "DATE_FORMAT"))


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_organisers_are_joined_with_the_languages_conjunction(full_event: Event, lang: str) -> None:
    content = generate_note_content(full_event, lang)
    organisers = list(full_event.organisers.all())
    unrcpd, osce = (organiser_name(o, lang) for o in organisers)
    with translation.override(lang):  # each organisation's name in the note's language
        names = [str(o.organisation) for o in organisers]
    assert unrcpd.startswith(names[0]) and osce.startswith(names[1])
    if lang == "en":
        assert unrcpd.endswith(" (UNRCPD)") and osce.endswith(" (OSCE)")
    if lang == "ru":
        assert osce == "Организация по безопасности и сотрудничеству в Европе (ОБСЕ)"
    assert content.organisers_text == nl.sentence(f"{unrcpd}{CONJUNCTIONS[lang]}{osce}", lang)


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_state_names_and_demonyms_are_in_the_notes_language(
    note_event: Event, personas: Any, lang: str
) -> None:
    france = State.objects.get(iso3="FRA")
    with translation.override("fr"):  # the reader's language does not leak into the note
        content = generate_note_content(note_event, lang)
    with translation.override(lang):
        uzbekistan, france_name = str(personas.uzb), str(france)
    headings = [heading for heading, _members in content.participants]
    # France has no demonym in any language: "Governmental officials of France".
    with translation.override(lang):
        assert gettext("Governmental officials of %(state)s") % {"state": france_name} in headings
    if lang == "en":
        assert "Uzbek Governmental officials" in headings
        assert "the Government of Uzbekistan" in content.organisers_text
    elif lang == "ru":  # the State's name in the genitive, from the table
        assert "Должностные лица государственных органов Узбекистана" in headings
        assert "Правительство Узбекистана" in content.organisers_text
    else:
        with translation.override(lang):
            officials = gettext("Governmental officials of %(state)s") % {"state": uzbekistan}
            government = gettext("the Government of %(state)s") % {"state": uzbekistan}
        assert officials in headings
        assert government in content.organisers_text


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_head_counts_and_sentence_ends_follow_the_language(full_event: Event, lang: str) -> None:
    content = generate_note_content(full_event, lang)
    members = dict(content.participants)
    committee = nl.labels(lang)["committee"]
    expected = nl.people("1540 Committee Expert", 2, lang)
    with translation.override(lang):
        full_stop = pgettext("a sentence ending with a full stop", "%(sentence)s.")
    assert members[committee] == full_stop % {"sentence": expected}


@pytest.mark.parametrize("lang", nl.LANGUAGES)
def test_note_page_links_the_six_languages(personas: Any, full_event: Event, lang: str) -> None:
    client = personas.client("coordinator")
    page = client.get(reverse("events:note", args=[full_event.slug, lang]))
    assert page.status_code == 200
    html = page.content.decode()
    for code in nl.LANGUAGES:
        name = translation.get_language_info(code)["name_local"]
        if code == lang:
            assert re.search(rf'<strong lang="{code}"[^>]*>{name[:1].upper()}', html), code
        else:
            href = reverse("events:note", args=[full_event.slug, code])
            assert f'href="{href}" lang="{code}"' in html, code
            assert client.get(href).status_code == 200
    assert f'lang="{lang}"' in html  # the preview of the note itself
    for fmt in ("docx", "pdf", "html"):
        href = reverse("events:note_download", args=[full_event.slug, lang, fmt])
        assert f'href="{href}"' in html


def test_event_page_links_the_note_in_six_languages(personas: Any, full_event: Event) -> None:
    page = personas.client("coordinator").get(reverse("events:detail", args=[full_event.slug]))
    html = page.content.decode()
    for code in nl.LANGUAGES:
        href = reverse("events:note", args=[full_event.slug, code])
        assert f'href="{href}" lang="{code}"' in html, code
        assert translation.get_language_info(code)["name_local"][1:] in html


def test_chinese_note_has_its_own_address_and_downloads(personas: Any, full_event: Event) -> None:
    client = personas.client("coordinator")
    assert reverse("events:note", args=[full_event.slug, "zh-hans"]).endswith("/note/zh-hans/")
    download = client.get(
        reverse("events:note_download", args=[full_event.slug, "zh-hans", "docx"])
    )
    assert download.status_code == 200
    assert "information-note-" in download["Content-Disposition"]
    with translation.override("zh-hans"):
        assert gettext("Information Note") in docx_texts(download.content)[0]


def test_api_lists_six_note_links_that_work(personas: Any, event_factory: Any) -> None:
    event = event_factory(Visibility.COMMITTEE)
    client = personas.client("expert")
    links = client.get(f"/api/v1/events/{event.slug}/notes").json()
    assert [link["lang"] for link in links] == list(nl.LANGUAGES)
    for link in links:
        assert client.get(link["page"]).status_code == 200
        assert client.get(link["html"]).status_code == 200
        note = client.get(f"/api/v1/events/{event.slug}/notes/{link['lang']}")
        assert note.status_code == 200
        with translation.override(link["lang"]):
            contact = gettext(nl.LABELS["contact"]) % {"email": nl.CONTACT_EMAIL}
        assert note.json()["additional_comments"] == contact
    assert client.get(links[1]["api_download"] + "?format=docx").status_code == 200


def test_note_command_writes_each_language(full_event: Event, tmp_path: Any) -> None:
    from django.core.management import call_command

    for lang in nl.LANGUAGES:
        out = tmp_path / f"note-{lang}.html"
        call_command("note", full_event.slug, "--format", "html", "--lang", lang, "-o", str(out))
        html = out.read_text()
        with translation.override(lang):
            assert gettext("Information Note") in unescape(html)
        assert f'lang="{bcp47(lang)}"' in html
