import io
import posixpath
import zipfile
from xml.etree import ElementTree as ET

import docx
import pytest

from nap1540.core.rendering.document import (
    BulletList,
    Callout,
    CellValue,
    Chart,
    Document,
    Field,
    Paragraph,
    Table,
)
from nap1540.core.rendering.docx import render_docx
from nap1540.core.rendering.examples import FOOTNOTE, every_block, uzbekistan_information_note

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - parses our own renderer's output


def assert_valid_package(data: bytes) -> zipfile.ZipFile:
    """Every part is declared in [Content_Types].xml, every internal rel target exists."""
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    names = package.namelist()
    assert len(names) == len(set(names))
    types = xml(package.read("[Content_Types].xml"))
    defaults = {d.get("Extension", "").lower() for d in types.iter(f"{CT}Default")}
    overrides = {o.get("PartName") for o in types.iter(f"{CT}Override")}
    for override in overrides:
        assert override is not None and override.lstrip("/") in names, override
    for name in names:
        if name == "[Content_Types].xml" or name.endswith("/"):
            continue
        extension = name.rsplit(".", 1)[-1].lower()
        assert f"/{name}" in overrides or extension in defaults, name
        if name.endswith((".xml", ".rels")):
            xml(package.read(name))  # well-formed
    for rels_name in (n for n in names if n.endswith(".rels")):
        source_dir = posixpath.dirname(posixpath.dirname(rels_name))
        for rel in xml(package.read(rels_name)).iter(f"{PR}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(source_dir, target))
            )
            assert path in names, f"{rels_name}: {target}"
    return package


def body_texts(data: bytes) -> list[str]:
    """Paragraph and table-cell texts of the body, in document order."""
    document = docx.Document(io.BytesIO(data))
    texts = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            texts.append("".join(t.text or "" for t in element.iter(f"{W}t")))
        elif element.tag == f"{W}tbl":
            for cell in element.iter(f"{W}tc"):
                texts.append("".join(t.text or "" for t in cell.iter(f"{W}t")))
    return [t for t in texts if t]


def test_docx_reads_back_title_fields_and_table_in_order():
    doc = Document(
        title="Information Note",
        blocks=[
            Field("Event:", "The meeting to review the NAP."),
            Field("Date and venue:", "22-24 May 2017, Vienna"),
            Table(["State", "Rate"], [["Uzbekistan", "54%"]], caption="Rates"),
            Paragraph("After the table."),
        ],
    )
    texts = body_texts(render_docx(doc))
    assert texts[:8] == [
        "Information Note",
        "Event: The meeting to review the NAP.",
        "Date and venue: 22-24 May 2017, Vienna",
        "Rates",
        "State",
        "Rate",
        "Uzbekistan",
        "54%",
    ]
    assert texts[-1] == "After the table."


def test_docx_field_label_is_bold_and_value_is_not():
    data = render_docx(Document(title="T", blocks=[Field("Event:", "Review")]))
    runs = docx.Document(io.BytesIO(data)).paragraphs[1].runs
    assert runs[0].text == "Event:" and runs[0].bold
    assert not runs[-1].bold and runs[-1].text == "Review"


def test_docx_title_carries_a_real_footnote():
    data = render_docx(uzbekistan_information_note())
    package = assert_valid_package(data)
    notes = xml(package.read("word/footnotes.xml"))
    by_id = {n.get(f"{W}id"): n for n in notes.iter(f"{W}footnote")}
    assert by_id["-1"].get(f"{W}type") == "separator"
    assert by_id["0"].get(f"{W}type") == "continuationSeparator"
    note_text = "".join(t.text or "" for t in by_id["1"].iter(f"{W}t"))
    assert note_text.strip() == FOOTNOTE
    assert by_id["1"].find(f".//{W}footnoteRef") is not None

    body = xml(package.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    title = body.find(f"{W}p")
    assert title is not None
    assert "".join(t.text or "" for t in title.iter(f"{W}t")) == "Information Note"
    reference = title.find(f".//{W}footnoteReference")
    assert reference is not None and reference.get(f"{W}id") == "1"

    rels = xml(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL}
    assert targets == {"footnotes.xml"}
    types = xml(package.read("[Content_Types].xml"))
    declared = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert declared["/word/footnotes.xml"] == FOOTNOTES_CT
    settings = xml(package.read("word/settings.xml"))
    separators = settings.findall(f"{W}footnotePr/{W}footnote")
    assert [s.get(f"{W}id") for s in separators] == ["-1", "0"]


def test_docx_without_footnote_has_no_footnotes_part():
    package = assert_valid_package(render_docx(Document(title="Plain")))
    assert "word/footnotes.xml" not in package.namelist()


def test_docx_every_block_type_gives_a_valid_package():
    data = render_docx(every_block())
    package = assert_valid_package(data)
    pictures = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(pictures) == 2
    assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_docx_chart_picture_has_alt_text_and_caption():
    data = render_docx(every_block())
    document = docx.Document(io.BytesIO(data))
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert descriptions[0].startswith("Bar chart: Uzbekistan 54%")
    assert "Figure 1" in [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Caption"
    ]


def test_docx_rejects_chart_markup_that_is_not_svg():
    with pytest.raises(ValueError, match="well-formed"):
        render_docx(Document(title="T", blocks=[Chart("<svg><g>", alt="A")]))


def test_docx_sets_core_properties_and_default_language():
    data = render_docx(every_block("ru"))
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Информационная записка"
    assert document.core_properties.language == "ru"
    assert document.core_properties.author == "Группа экспертов"
    styles = xml(zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml"))
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "ru"
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts is not None and fonts.get(f"{W}ascii") == "Calibri"
    assert fonts.get(f"{W}asciiTheme") is None


def test_docx_keeps_russian_text():
    texts = body_texts(render_docx(every_block("ru")))
    assert texts[0] == "Информационная записка"
    assert "Мероприятие: Обзор плана" in texts
    assert "Узбекистан" in texts


def test_docx_table_header_row_repeats_and_is_shaded():
    data = render_docx(Document(title="T", blocks=[Table(["A", "B"], [[1, 2]])]))
    table = docx.Document(io.BytesIO(data)).tables[0]
    first_row = table.rows[0]._tr
    assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
    assert first_row.find(f".//{W}shd") is not None
    assert [c.text for c in table.rows[1].cells] == ["1", "2"]


def test_docx_ordered_lists_each_restart_numbering():
    doc = Document(title="T", blocks=[BulletList(["a", "b"], ordered=True)] * 2)
    document = docx.Document(io.BytesIO(render_docx(doc)))
    num_ids = {p._p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)") for p in document.paragraphs[1:]}
    assert len(num_ids) == 2


def test_docx_drops_characters_xml_cannot_hold():
    doc = Document(title="Bad\x00title", blocks=[Paragraph("a\x0bb\x1fc"), Field("L\x07", "v")])
    texts = body_texts(render_docx(doc))
    assert texts[:3] == ["Badtitle", "abc", "L v"]


def test_docx_handles_a_50000_character_paragraph_and_a_500_row_table():
    long_text = ("Lorem ipsum dolor sit amet " * 2000)[:50_000]
    rows: list[list[CellValue]] = [[f"State {i}", i, "x" * (i % 40)] for i in range(500)]
    doc = Document(title="Large", blocks=[Paragraph(long_text), Table(["S", "N", "X"], rows)])
    data = render_docx(doc)
    assert_valid_package(data)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[1].text == long_text
    assert len(document.tables[0].rows) == 501


def test_docx_of_an_empty_document_is_valid():
    data = render_docx(Document(title=""))
    assert_valid_package(data)
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == ""


def test_docx_footer_has_page_number_fields():
    data = render_docx(Document(title="T"), page_numbers="Page {page} of {pages}")
    footer = xml(zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml"))
    fields = [f.get(f"{W}instr", "").strip() for f in footer.iter(f"{W}fldSimple")]
    texts = [t.text for t in footer.iter(f"{W}t")]
    assert fields == ["PAGE", "NUMPAGES"]
    assert texts[0] == "Page " and " of " in texts


def test_a_title_longer_than_core_properties_allow_still_renders():
    import io

    import docx as python_docx

    from nap1540.core.rendering.document import Document, Paragraph
    from nap1540.core.rendering.docx import render_docx

    title = "Plan status report " * 30
    data = render_docx(Document(title=title, lang="en", blocks=[Paragraph("Body")]))
    opened = python_docx.Document(io.BytesIO(data))
    assert len(opened.core_properties.title) == 255
    assert opened.paragraphs[0].text.startswith("Plan status report")


ARABIC = Document(
    title="مذكرة إعلامية",
    title_footnote="للعلم \u2013 ليست تقريرا رسميا.",
    lang="ar",
    blocks=[
        Field("الخطة:", "National Action Plan"),
        Paragraph("Background recorded in English."),
        Table(["المجال", "المعدل"], [["OP3(a)", "0\u00a0%"]]),
        Callout("بيانات تجريبية.", tone="demo"),
    ],
)


def paragraphs_of(data: bytes, part: str = "word/document.xml") -> list[ET.Element]:
    return list(xml(zipfile.ZipFile(io.BytesIO(data)).read(part)).iter(f"{W}p"))


def text_of(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def bidi_of(paragraph: ET.Element) -> str | None:
    bidi = paragraph.find(f"{W}pPr/{W}bidi")
    return None if bidi is None else bidi.get(f"{W}val", "1")


def test_docx_arabic_paragraphs_run_right_to_left_and_english_ones_left_to_right():
    data = render_docx(ARABIC)
    assert_valid_package(data)
    by_text = {text_of(p): p for p in paragraphs_of(data)}
    assert bidi_of(by_text["مذكرة إعلامية"]) == "1"
    assert bidi_of(by_text["الخطة: National Action Plan"]) == "1"
    assert bidi_of(by_text["Background recorded in English."]) == "0"
    cell = by_text["0\u00a0%"]
    assert bidi_of(cell) == "0"
    jc = cell.find(f"{W}pPr/{W}jc")
    assert jc is not None and jc.get(f"{W}val") == "right"  # like the rest of the table
    footnote = [p for p in paragraphs_of(data, "word/footnotes.xml") if "للعلم" in text_of(p)]
    assert footnote and bidi_of(footnote[0]) == "1"


def test_docx_arabic_runs_are_rtl_with_their_language_and_latin_runs_apart():
    field = next(p for p in paragraphs_of(render_docx(ARABIC)) if "الخطة" in text_of(p))
    runs = [(text_of(r), r.find(f"{W}rPr/{W}rtl") is not None) for r in field.iter(f"{W}r")]
    assert runs == [("الخطة:", True), (" ", False), ("National Action Plan", False)]
    lang = field.find(f"{W}r/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}bidi") == "ar"


def test_docx_arabic_tables_put_the_first_column_on_the_right_and_callouts_start_there():
    data = render_docx(ARABIC)
    body = xml(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    assert body.find(f".//{W}tbl/{W}tblPr/{W}bidiVisual") is not None
    callout = next(p for p in paragraphs_of(data) if text_of(p) == "بيانات تجريبية.")
    assert callout.find(f"{W}pPr/{W}pBdr/{W}right") is not None
    assert callout.find(f"{W}pPr/{W}pBdr/{W}left") is None


def test_docx_styles_name_fonts_and_languages_for_arabic_and_chinese_text():
    for doc, slot, tag in (
        (ARABIC, "bidi", "ar"),
        (Document(title="说明", lang="zh-hans"), "eastAsia", "zh-CN"),
    ):
        styles = xml(zipfile.ZipFile(io.BytesIO(render_docx(doc))).read("word/styles.xml"))
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        assert defaults is not None
        lang, fonts = defaults.find(f"{W}lang"), defaults.find(f"{W}rFonts")
        assert lang is not None and lang.get(f"{W}{slot}") == tag
        assert lang.get(f"{W}val") == "en-US"  # Latin words in the document stay English
        assert fonts is not None and fonts.get(f"{W}cs") == "Noto Naskh Arabic"
        assert fonts.get(f"{W}eastAsia") == "Noto Sans CJK SC"


def test_docx_title_does_not_space_its_letters_apart():
    # Spaced letters break Arabic's joins; LibreOffice then sets the title glyph by glyph.
    styles = xml(zipfile.ZipFile(io.BytesIO(render_docx(ARABIC))).read("word/styles.xml"))
    title = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Title")
    assert title.find(f"{W}rPr/{W}b") is not None
    assert title.find(f"{W}rPr/{W}spacing") is None


def test_docx_chinese_runs_carry_their_language_and_the_east_asian_font_hint():
    data = render_docx(Document(title="计划进展报告", lang="zh-hans", blocks=[Paragraph("OP1")]))
    title, code = paragraphs_of(data)[:2]
    lang, fonts = title.find(f"{W}r/{W}rPr/{W}lang"), title.find(f"{W}r/{W}rPr/{W}rFonts")
    assert lang is not None and lang.get(f"{W}eastAsia") == "zh-CN"
    assert fonts is not None and fonts.get(f"{W}hint") == "eastAsia"
    assert code.find(f"{W}r/{W}rPr") is None
    assert docx.Document(io.BytesIO(data)).core_properties.language == "zh-Hans"
