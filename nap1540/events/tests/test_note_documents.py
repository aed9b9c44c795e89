# ruff: noqa: RUF001 - Russian text: Cyrillic letters are meant, not look-alikes
"""The information note as DOCX, PDF and HTML: layout order, validity, fonts, edge cases."""

from __future__ import annotations

import io
from typing import Any

import docx
import pypdf
import pytest

from nap1540.core.rendering.files import render
from nap1540.core.tests.test_rendering_docx import assert_valid_package
from nap1540.events import services
from nap1540.events.note_labels import LANGUAGES, group_heading, labels
from nap1540.events.notes import event_note_document, generate_note_content
from nap1540.events.tests.helpers import assert_in_order, docx_texts, pdf_text

EN = labels("en")
RU = labels("ru")


def expected_order(labels: dict[str, str], groups: list[str]) -> list[str]:
    return [
        labels["title"],
        labels["event"],
        labels["organisers"],
        labels["date_venue"],
        labels["participants"],
        *groups,
        labels["footnote"][:60],
    ]


EN_GROUPS = [
    "Uzbek Governmental officials:",
    "UN entities, international/regional organizations:",
    "1540 Committee:",
    "Civil society, industry and others:",
]


def _pdf_fonts(data: bytes) -> list[dict[str, Any]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = []
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.append({"name": str(font.get("/BaseFont")), "embedded": embedded})
    return fonts


def test_docx_has_event_organisers_date_participants_and_footnote_in_order(full_event: Any) -> None:
    data = render(event_note_document(full_event, "en"), "docx")
    texts = docx_texts(data)
    assert_in_order("\n".join(texts), expected_order(EN, EN_GROUPS))
    assert texts[-1].startswith(EN["footnote"][:40])
    body = "\n".join(texts)
    assert "Full roundtable." in body
    assert "3-4 July 2017, Tashkent, Uzbekistan" in body
    assert "1540 Committee Expert (2 people)" in body
    assert_in_order(body, ["Background", "Overview", "Additional Comments", "1540experts@un.org"])


def test_docx_footnote_is_a_real_footnote_on_the_title(full_event: Any) -> None:
    data = render(event_note_document(full_event, "en"), "docx")
    package = assert_valid_package(data)
    document_xml = package.read("word/document.xml").decode()
    assert "w:footnoteReference" in document_xml
    assert "word/footnotes.xml" in package.namelist()
    title = docx.Document(io.BytesIO(data)).paragraphs[0]
    assert title.style is not None and title.style.name == "Title"
    assert title.text.startswith("Information Note")


def test_pdf_has_the_same_order_with_the_footnote_after_the_participants(full_event: Any) -> None:
    data = render(event_note_document(full_event, "en"), "pdf")
    assert data.startswith(b"%PDF-")
    first_page = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert_in_order(first_page, expected_order(EN, EN_GROUPS))


def test_pdf_text_is_selectable_and_fonts_are_embedded(full_event: Any) -> None:
    data = render(event_note_document(full_event, "en"), "pdf")
    assert "Information Note" in pdf_text(data)
    fonts = _pdf_fonts(data)
    assert fonts and all(f["embedded"] for f in fonts), fonts


def test_russian_note_uses_russian_labels_and_embeds_cyrillic_fonts(full_event: Any) -> None:
    groups = [
        "Должностные лица государственных органов Узбекистана:",
        "Структуры ООН, международные и региональные организации:",
        "Комитет 1540:",
        "Гражданское общество, промышленность и другие:",
    ]
    pdf = render(event_note_document(full_event, "ru"), "pdf")
    text = pdf_text(pdf)
    assert_in_order(text, expected_order(RU, groups))
    assert "3-4 июля 2017 г., Tashkent, Узбекистан" in text
    assert "Страница 1 из 1" not in text  # page numbers come from the caller's template
    fonts = _pdf_fonts(pdf)
    assert fonts and all(f["embedded"] for f in fonts)
    docx_data = render(event_note_document(full_event, "ru"), "docx")
    assert_valid_package(docx_data)
    assert_in_order("\n".join(docx_texts(docx_data)), expected_order(RU, groups))
    assert docx.Document(io.BytesIO(docx_data)).core_properties.language == "ru"


def test_html_note_is_a_standalone_page_with_the_footnote(full_event: Any) -> None:
    html = render(event_note_document(full_event, "en"), "html").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert 'role="doc-footnote"' in html
    assert_in_order(html, ["Information Note", "Event:", "Organisers:", "Date and venue:"])


def test_note_for_an_event_without_participants_or_organisers_is_well_formed(
    event_factory: Any,
) -> None:
    event = event_factory(title="Empty", background="", overview="")
    content = generate_note_content(event, "en")
    assert content.participants == [] and content.organisers_text == ""
    doc = event_note_document(event, "en")
    data = render(doc, "docx")
    assert_valid_package(data)
    assert_in_order("\n".join(docx_texts(data)), ["Participants:", EN["none"], EN["footnote"][:40]])
    pdf = render(doc, "pdf")
    assert_in_order(pdf_text(pdf), ["Event:", "Participants:", EN["none"], "Additional Comments"])
    assert "<article" in render(doc, "html").decode()


def test_note_with_very_long_texts_is_well_formed(personas: Any, event_factory: Any) -> None:
    long_word = "Nonproliferation" * 40  # 640 characters without a break
    paragraph = ("The participants discussed export controls at length. " * 60).strip()
    event = event_factory(
        title="A" * 390,
        venue_city="Tashkent " * 10,
        background="\n\n".join([paragraph] * 15),
        overview=f"{long_word}\n\n" + "\n\n".join([paragraph] * 25),
        objectives="\x0bcontrol\x00characters are dropped",
    )
    assert event.objectives == "\x0bcontrolcharacters are dropped"  # NUL never reaches the DB
    for i in range(60):
        services.add_participant(
            event, by=None, group="other", name=f"Organisation {i} " + "x" * 200
        )
    doc = event_note_document(event, "en")
    data = render(doc, "docx")
    assert_valid_package(data)
    texts = docx_texts(data)
    assert texts[-1].startswith(EN["footnote"][:40])
    assert sum(len(t) for t in texts) > 100_000
    pdf = render(doc, "pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 10
    assert EN["footnote"][:30] in reader.pages[0].extract_text()
    assert "Additional Comments" in pdf_text(pdf)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_edited_note_text_is_what_gets_exported(full_event: Any, lang: str) -> None:
    content = generate_note_content(full_event, lang)
    content.overview = "Edited overview, with a new sentence."
    content.participants = [("Special guests", "Ms A and Mr B.")]
    note = services.save_note(full_event, lang, content, by=None)
    texts = "\n".join(docx_texts(render(event_note_document(full_event, lang, note), "docx")))
    assert "Edited overview, with a new sentence." in texts
    assert f"{group_heading('Special guests', lang)} Ms A and Mr B." in texts
    assert "Overview paragraph." not in texts
