# ruff: noqa: RUF001 - Russian text: Cyrillic letters are meant, not look-alikes
"""The demo meetings, and the note generated for Vienna stating the example's facts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from nap1540.core.rendering.files import render
from nap1540.events import demo as events_demo
from nap1540.events.models import Event, Note
from nap1540.events.notes import event_note_document, generate_note_content
from nap1540.events.tests.helpers import assert_in_order, docx_texts, pdf_text

EXAMPLE = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "domain"
    / "information-note-uzbekistan-2017.md"
)

# The facts of the 2017 information note, in the note's order.
FACTS = [
    "Information Note",
    "The meeting to review implementation of the 2014 National Action Plan (NAP) of Uzbekistan "
    "to implement resolution 1540 (2004).",
    "United Nations Office of Disarmament Affairs Regional Centre for Peace and Disarmament in "
    "Asia and the Pacific (UNODA/UNRCPD) and Organization for Security and Co-operation in "
    "Europe (OSCE).",
    "22-24 May 2017, Vienna, Austria",
    "Uzbek Governmental officials:",
    "Ministry of Foreign Affairs",
    "Ministry of Emergency Situations",
    "Ministry of Health",
    "National Security Service",
    "State Inspection on Oversight of Safe Conduct of Work in Industry, Mining and Domestic "
    "Sectors",
    "UN entities, international/regional organizations:",
    "UNODA/UNRCPD",
    "OSCE Conflict Prevention Centre (CPC)",
    "1540 Committee Expert",
    "Background",
    "Resolution 1977 (2011)",
    "Bosnia and Herzegovina, Ghana, Kyrgyzstan, Lesotho, Montenegro, The former Yugoslav "
    "Republic of Macedonia, Malawi, Niger, Senegal, Tajikistan and Togo.",
    "national roundtable held in Tashkent in December 2016",
    "reviewing the status of tasks outlined in the NAP",
    "On 20-21 December 2016 the UNRCPD together with the OSCE and the Government of Uzbekistan",
    "OSCE Office in Tashkent",
    "UNRCPD 1540 Co-ordinator",
    "2017-2021",
    "Overview",
    "joint UNODA-OSCE project",
    '"Facilitating the Regional Implementation of UNSC resolution 1540 (2004)"',
    "OSCE and Central Asia regions",
    "match-making of requests and offers of assistance",
    "Additional Comments",
    "1540experts@un.org",
    "For information \u2013 not an official report.",
]


@pytest.fixture
def vienna(demo: Any) -> Event:
    return Event.objects.get(slug=events_demo.REVIEW_SLUG)


def test_demo_loads_both_meetings_with_organisers_and_participants(demo: Any) -> None:
    roundtable = Event.objects.get(slug=events_demo.ROUNDTABLE_SLUG)
    vienna = Event.objects.get(slug=events_demo.REVIEW_SLUG)
    assert (roundtable.starts_on.isoformat(), roundtable.ends_on.isoformat()) == (
        "2016-12-20",
        "2016-12-21",
    )
    assert roundtable.venue_city == "Tashkent" and roundtable.kind == "national_roundtable"
    assert vienna.venue_country is not None
    assert (vienna.venue_city, vienna.venue_country.iso3) == ("Vienna", "AUT")
    assert vienna.follow_up_to == roundtable and vienna.kind == "review_meeting"
    assert {o.organisation.code for o in roundtable.organisers.all() if o.organisation} == {
        "UNRCPD",
        "OSCE-TASHKENT",
    }
    assert any(o.state and o.state.iso3 == "UZB" for o in roundtable.organisers.all())
    assert [o.organisation.code for o in vienna.organisers.all()] == ["UNRCPD", "OSCE"]
    assert vienna.participants.filter(group="government").count() == 5
    assert set(vienna.participants.values_list("group", flat=True)) == {
        "government",
        "international",
        "committee",
    }
    assert all(e.is_demo for e in Event.objects.all())


def test_demo_is_idempotent(demo: Any) -> None:
    counts = (Event.objects.count(), Note.objects.count())
    from nap1540.events.models import Organiser, Outcome, Participant

    rows = (Participant.objects.count(), Organiser.objects.count(), Outcome.objects.count())
    events_demo.load(demo)
    assert (Event.objects.count(), Note.objects.count()) == counts
    assert (Participant.objects.count(), Organiser.objects.count(), Outcome.objects.count()) == rows


def test_vienna_note_states_the_facts_of_the_example_in_order(vienna: Event) -> None:
    doc = event_note_document(vienna, "en")
    texts = docx_texts(render(doc, "docx"))
    # The footnote text comes last in docx_texts; the body facts precede it in order.
    assert_in_order("\n".join(texts), FACTS)
    assert_in_order(pdf_text(render(doc, "pdf")), FACTS[:15])


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared domain folder is not checked out")
def test_every_word_of_substance_in_the_example_is_in_the_generated_note(vienna: Event) -> None:
    # Markdown, HTML tags and the converter's mangled footnote mark ("&lt;sup>1") go.
    example = re.sub(r"<[^>]+>", "", EXAMPLE.read_text(encoding="utf-8"))
    example = re.sub(r"&lt;sup>\d|[*#&]", " ", example)
    words = {
        w.strip(".,:;()\"'").lower()
        for w in example.split()
        if (w[:1].isupper() or any(c.isdigit() for c in w)) and len(w.strip(".,:;()\"'")) > 1
    }
    words.discard("1540experts@un.org.1")  # the footnote mark glued to the address
    content = generate_note_content(vienna, "en")
    note = " ".join(
        [
            content.event_text,
            content.organisers_text,
            content.date_venue_text,
            *(f"{h} {m}" for h, m in content.participants),
            content.background,
            content.overview,
            content.additional_comments,
            "Information Note Event Organisers Date Participants Background Overview",
            "Additional Comments For information",
        ]
    ).lower()
    missing = sorted(w for w in words if w not in note)
    assert missing == [], missing


def test_demo_russian_note_is_an_edited_russian_text(vienna: Event) -> None:
    note = Note.objects.get(event=vienna, lang="ru")
    doc = event_note_document(vienna, "ru", note)
    text = pdf_text(render(doc, "pdf"))
    assert_in_order(
        text,
        [
            "Информационная записка",
            "Мероприятие:",
            "Организаторы:",
            "Дата и место проведения:",
            "22-24 мая 2017 г., Вена, Австрия",
            "Участники:",
            "Должностные лица государственных органов Узбекистана:",
            "Комитет 1540:",
            "Для информации",
        ],
    )


def test_whole_demo_links_the_meetings_to_the_plans_and_loads_twice(db: Any) -> None:
    from nap1540.web.demo import load_demo

    ctx = load_demo()
    vienna = Event.objects.get(slug=events_demo.REVIEW_SLUG)
    if "plan_2014" in ctx.objects:
        assert vienna.plan == ctx.objects["plan_2014"]
    if "review_2017" in ctx.objects:
        assert vienna.review == ctx.objects["review_2017"]
    counts = (Event.objects.count(), Note.objects.count())
    load_demo()
    assert (Event.objects.count(), Note.objects.count()) == counts
