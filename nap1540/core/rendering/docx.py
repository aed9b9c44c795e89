"""DOCX rendering with python-docx, including a real footnote on the title.

python-docx cannot write footnotes, so `_add_title_footnote` adds the part itself the way
Word does: a ``/word/footnotes.xml`` part (its own content type, related from the main
document part), the separator and continuation-separator footnotes (ids -1 and 0) that
Word and LibreOffice expect, ``w:footnotePr`` in the settings pointing at them, and a
``w:footnoteReference`` run in the title.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime

import cairosvg
import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from docx.oxml.text.font import CT_RPr
from docx.section import Section
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from . import fonts
from .bidi import first_strong_is_rtl, has_rtl, paragraph_is_rtl
from .document import (
    Block,
    BulletList,
    Callout,
    Chart,
    Document,
    Field,
    Heading,
    InlineContent,
    Landscape,
    PageBreak,
    Paragraph,
    Table,
    page_number_parts,
    primary_language,
    runs_of,
    xml_safe,
)
from .html import clean_svg
from .statuses import status_style

DEFAULT_FONT = "Calibri"  # on every Windows Office install; covers Latin, Cyrillic, Greek
TEXT_WIDTH_CM = 17.0  # A4 (21 cm) minus 2 cm margins
LANDSCAPE_TEXT_WIDTH_CM = 25.7  # A4 across (29.7 cm) minus 2 cm margins
HEADER_FILL = "DCE6F1"
CALLOUT_COLOURS = {
    "info": ("1F4E79", "EEF3F9"),
    "warning": ("B45309", "FDF3E7"),
    "demo": ("B3261E", "FDECEA"),
}

# Children of w:settings that must follow w:footnotePr (ECMA-376 CT_Settings sequence).
_AFTER_FOOTNOTE_PR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip
# Children of w:pPr that follow w:bidi, and of w:rPr that follow w:lang (CT_PPrBase, CT_RPr).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_fonts(rpr: CT_RPr, font: str) -> None:
    """Point the Latin slots of a w:rPr at `font`, and the East Asian and complex-script
    slots (Chinese, Arabic) at fonts that carry those scripts; theme fonts are dropped."""
    rfonts = rpr.get_or_add_rFonts()  # python-docx keeps the schema's child order
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr, family in (
        ("w:ascii", font),
        ("w:hAnsi", font),
        ("w:eastAsia", fonts.CJK),
        ("w:cs", fonts.ARABIC),
    ):
        rfonts.set(qn(attr), family)


def _set_size(rpr: CT_RPr, points: float) -> None:
    """Set the size for Latin and for complex-script (Arabic) text, which Word sizes apart."""
    half_points = str(round(points * 2))
    for name in ("w:sz", "w:szCs"):
        for old in rpr.findall(qn(name)):
            rpr.remove(old)
    size = rpr.get_or_add_sz()
    size.set(qn("w:val"), half_points)
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), half_points)
    size.addnext(size_cs)


def word_language(lang: str) -> str:
    """The tag Word and LibreOffice use: Simplified Chinese is "zh-CN" to both."""
    if primary_language(lang) == "zh":
        return "zh-TW" if "hant" in lang.lower() else "zh-CN"
    return lang


def _setup_styles(document: docx.document.Document, doc: Document, font: str) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert isinstance(rpr, CT_RPr)
    _set_fonts(rpr, font)
    # The document's language goes where its script's text looks for it: w:val for Latin and
    # Cyrillic, w:eastAsia for Chinese, w:bidi for Arabic. Latin words in a Chinese or Arabic
    # document stay English (the template's en-US): tagged Chinese, LibreOffice breaks them
    # anywhere, as it would break Chinese.
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        tag = word_language(doc.lang)
        slot = {"han": "w:eastAsia", "arabic": "w:bidi"}.get(fonts.script_of(doc.lang), "w:val")
        lang.set(qn(slot), tag)
    if doc.rtl:
        # Paragraphs a reader adds in Word run right to left too; ours each say so.
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        if ppr is not None:
            ppr.insert(0, OxmlElement("w:bidi"))
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Caption"):
        _set_fonts(styles[name].element.get_or_add_rPr(), font)
    title = styles["Title"]
    title_ppr = title.element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    title.font.bold = True
    # The template's Title spaces its letters: LibreOffice then sets Arabic glyph by glyph,
    # with gaps in the joined letters and their text out of order. The PDF spaces none.
    title_rpr = title.element.get_or_add_rPr()
    for spacing in title_rpr.findall(qn("w:spacing")):
        title_rpr.remove(spacing)
    _set_size(title.element.get_or_add_rPr(), 18)
    title.element.get_or_add_rPr().get_or_add_bCs()
    title.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    styles["Caption"].font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    # Word's built-in names and ids, so Word treats them as its own footnote styles.
    note = styles.add_style("footnote text", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    note.style_id = "FootnoteText"
    note.base_style = styles["Normal"]
    _set_size(note.element.get_or_add_rPr(), 9)
    note.paragraph_format.space_after = Pt(0)
    mark = styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER, builtin=True)
    mark.style_id = "FootnoteReference"
    mark.font.superscript = True


def direction_segments(text: str) -> list[str]:
    """Split text where it changes between right-to-left and left-to-right letters.

    Word lays out a run marked w:rtl with the complex-script font and direction throughout,
    so Arabic and Latin words need runs of their own. Spaces, digits and punctuation stay
    with the letters before them (at the start, with the letters after them).
    """
    segments: list[str] = []
    current, current_rtl = "", first_strong_is_rtl(text)
    for char in text:
        char_rtl = first_strong_is_rtl(char)
        if char_rtl is not None and current_rtl is not None and char_rtl != current_rtl:
            segments.append(current)
            current = ""
        if char_rtl is not None:
            current_rtl = char_rtl
        current += char
    return [*segments, current] if current else segments


def _run(paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Add a run per direction segment; emphasis is set for Latin/Cyrillic (b, i) and
    complex scripts (bCs, iCs). `_set_directions` marks the right-to-left runs."""
    for segment in direction_segments(xml_safe(text)):
        run = paragraph.add_run(segment)
        if bold or italic:
            rpr = run._r.get_or_add_rPr()
            if bold:
                rpr.get_or_add_b()
                rpr.get_or_add_bCs()
            if italic:
                rpr.get_or_add_i()
                rpr.get_or_add_iCs()


def _add_runs(paragraph: DocxParagraph, content: InlineContent) -> None:
    for run in runs_of(content):
        _run(paragraph, run.text, bold=run.bold, italic=run.italic)


def _footnote_xml(note: str, doc: Document) -> bytes:
    footnotes = parse_xml(
        f"<w:footnotes {nsdecls('w', 'r')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:separator/></w:r></w:p></w:footnote>"
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    paragraph = footnotes.findall(f".//{qn('w:p')}")[-1]
    for segment in direction_segments(" " + xml_safe(note)):
        run, text = OxmlElement("w:r"), OxmlElement("w:t")
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        text.text = segment
        run.append(text)
        paragraph.append(run)
    _set_directions(footnotes, doc)
    return etree.tostring(footnotes, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_title_footnote(
    document: docx.document.Document, title: DocxParagraph, doc: Document
) -> None:
    assert doc.title_footnote
    content = _footnote_xml(doc.title_footnote, doc)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, content, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    footnote_pr = OxmlElement("w:footnotePr")
    for note_id in ("-1", "0"):
        ref = OxmlElement("w:footnote")
        ref.set(qn("w:id"), note_id)
        footnote_pr.append(ref)
    settings.insert_element_before(footnote_pr, *_AFTER_FOOTNOTE_PR)
    run = title.add_run()
    run.style = document.styles["footnote reference"]
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run._r.append(reference)


def _shade(cell_pr: etree._Element, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell_pr.append(shd)


def _text_width_cm(document: docx.document.Document) -> float:
    """The width between the margins of the section being written."""
    section = document.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return round(Emu(width).cm, 2)


def _add_table(document: docx.document.Document, table: Table) -> None:
    if table.caption:
        caption = document.add_paragraph(style="Caption")
        _run(caption, table.caption)
        caption.paragraph_format.keep_with_next = True
    columns = max(len(table.headers), 1)
    out: DocxTable = document.add_table(rows=1, cols=columns)
    out.style = document.styles["Table Grid"]
    out.autofit = False
    text_width = _text_width_cm(document)
    widths = [Cm(text_width * f) for f in table.width_fractions()] or [Cm(text_width)]
    # The table as wide as the text, in fixed columns: Word and LibreOffice then keep the
    # widths given rather than fitting columns to their words.
    tbl_pr = out._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    for column, width in zip(out.columns, widths, strict=True):
        column.width = width
    header = out.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))  # repeat the header row on every page
    for cell, text in zip(header.cells, table.headers, strict=False):
        _run(cell.paragraphs[0], text, bold=True)
        _shade(cell._tc.get_or_add_tcPr(), HEADER_FILL)
    for cell, width in zip(header.cells, widths, strict=True):
        cell.width = width
    for row, statuses in zip(table.padded_rows(), table.row_statuses(), strict=True):
        cells = out.add_row().cells
        for i, (cell, text, width) in enumerate(zip(cells, row, widths, strict=False)):
            cell.width = width
            if text:
                _run(cell.paragraphs[0], text, bold=i == 0 and table.row_headers)
            if statuses[i] is not None:
                style = status_style(statuses[i] or "")
                _shade(cell._tc.get_or_add_tcPr(), style.colour_hex)
                for run in cell.paragraphs[0].runs:
                    run.font.color.rgb = RGBColor.from_string(style.ink_hex)
    document.add_paragraph()  # Word merges adjacent tables; keep them apart


def _add_chart(document: docx.document.Document, chart: Chart) -> None:
    # The same checks as HTML (ValueError if malformed); CairoSVG draws glyph by glyph.
    svg = clean_svg(chart.svg, chart.alt, glyph_by_glyph=True, sized=True)
    png = chart.png or cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2, unsafe=False)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = bool(chart.caption)
    shape = paragraph.add_run().add_picture(
        io.BytesIO(png), width=Cm(min(chart.width_cm, _text_width_cm(document)))
    )
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", xml_safe(chart.alt))
    if chart.caption:
        doc_pr.set("title", xml_safe(chart.caption))
        _run(document.add_paragraph(style="Caption"), chart.caption)


def _add_callout(document: docx.document.Document, callout: Callout) -> None:
    paragraph = document.add_paragraph()
    border_colour, fill = CALLOUT_COLOURS.get(callout.tone, CALLOUT_COLOURS["info"])
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for attr, value in (("val", "single"), ("sz", "24"), ("space", "6"), ("color", border_colour)):
        left.set(qn(f"w:{attr}"), value)
    borders.append(left)
    ppr.append(borders)  # pBdr then shd: the order CT_PPr requires
    _shade(ppr, fill)
    if callout.title:
        _run(paragraph, callout.title + " ", bold=True)
    _add_runs(paragraph, callout.content)


def _numbered_list_id(document: docx.document.Document) -> int:
    """A fresh numbering instance of "List Number" that restarts at 1."""
    style_numpr = document.styles["List Number"].element.pPr.numPr
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(style_numpr.numId.val).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _add_list(document: docx.document.Document, block: BulletList) -> None:
    num_id = _numbered_list_id(document) if block.ordered else None
    for item in block.items:
        paragraph = document.add_paragraph(style="List Number" if block.ordered else "List Bullet")
        if num_id is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
        _add_runs(paragraph, item)


def _set_orientation(section: Section, landscape: bool) -> None:
    across, down = Mm(297), Mm(210)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (across, down) if landscape else (down, across)


def _add_landscape(document: docx.document.Document, block: Landscape, *, last: bool) -> None:
    """The blocks in a landscape section, then a portrait one unless nothing follows."""
    _set_orientation(document.add_section(WD_SECTION.NEW_PAGE), True)
    for inner in block.blocks:
        _add_block(document, inner)
    if not last:  # an empty portrait section would print a blank last page
        _set_orientation(document.add_section(WD_SECTION.NEW_PAGE), False)


def _add_block(document: docx.document.Document, block: Block) -> None:
    if isinstance(block, Heading):
        _run(document.add_heading("", level=min(max(block.level, 1), 3)), block.text)
    elif isinstance(block, Paragraph):
        _add_runs(document.add_paragraph(), block.content)
    elif isinstance(block, Field):
        paragraph = document.add_paragraph()
        _run(paragraph, block.label, bold=True)
        _run(paragraph, " ")
        _add_runs(paragraph, block.value)
    elif isinstance(block, BulletList):
        _add_list(document, block)
    elif isinstance(block, Table):
        _add_table(document, block)
    elif isinstance(block, Chart):
        _add_chart(document, block)
    elif isinstance(block, PageBreak):
        document.add_page_break()
    elif isinstance(block, Callout):
        _add_callout(document, block)
    elif isinstance(block, Landscape):
        _add_landscape(document, block, last=False)
    else:
        raise TypeError(f"Unknown block type: {type(block).__name__}")


def _set_directions(root: etree._Element, doc: Document) -> None:
    """Mark the direction and the language of every paragraph, run and table below `root`.

    A paragraph runs right to left (w:bidi) by `paragraph_is_rtl`: in an Arabic document,
    every paragraph says which way it runs, and a table cell running left to right ("0 %",
    "OP3(a)") keeps to the right like the rest of its table. Runs with Arabic letters are
    marked w:rtl, which makes Word use their complex-script font and size; in an Arabic or
    Chinese document they also carry the document's language (w:lang w:bidi / w:eastAsia).
    Tables of a right-to-left document put their first column on the right (w:bidiVisual).
    """
    tag = word_language(doc.lang)
    han = fonts.script_of(doc.lang) == "han"
    for paragraph in root.iter(qn("w:p")):
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        rtl = paragraph_is_rtl(text, rtl_document=doc.rtl)
        if not (rtl or doc.rtl):
            continue
        ppr = paragraph.get_or_add_pPr()
        bidi = OxmlElement("w:bidi")
        if not rtl:
            bidi.set(qn("w:val"), "0")
        ppr.insert_element_before(bidi, *_AFTER_BIDI)
        if not rtl and paragraph.getparent().tag == qn("w:tc"):
            ppr.jc_val = WD_ALIGN_PARAGRAPH.RIGHT
        if rtl:  # paragraph borders keep their sides under w:bidi: a callout's is at the start
            for left in ppr.findall(f"{qn('w:pBdr')}/{qn('w:left')}"):
                left.tag = qn("w:right")
    for run in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        rtl, wide = has_rtl(text), han and any(fonts.is_wide(c) for c in text)
        if not (rtl or wide):
            continue
        rpr = run.get_or_add_rPr()
        if rtl:
            rpr.get_or_add_rtl()
        if (rtl and doc.rtl) or wide:
            lang = OxmlElement("w:lang")
            lang.set(qn("w:bidi" if rtl else "w:eastAsia"), tag)
            rpr.insert_element_before(lang, *_AFTER_LANG)
        if wide:  # punctuation shared with Latin text takes the Chinese font too
            rpr.get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
    if doc.rtl:
        for table in root.iter(qn("w:tbl")):
            table.bidiVisual_val = WD_TABLE_DIRECTION.RTL


def _add_page_numbers(document: docx.document.Document, template: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, value in page_number_parts(template):
        if kind == "text":
            _run(paragraph, value)
            continue
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE " if value == "page" else " NUMPAGES ")
        placeholder = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"  # shown until the application updates the field
        placeholder.append(text)
        field.append(placeholder)
        paragraph._p.append(field)


def _property(text: str) -> str:
    """Core properties are limited to 255 characters; the full text stays in the body."""
    value = xml_safe(text or "")
    return value if len(value) <= 255 else value[:254] + "…"


def _set_properties(
    document: docx.document.Document, doc: Document, keywords: Sequence[str]
) -> None:
    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    props.title = _property(doc.title)
    props.language = doc.lang
    props.author = _property(doc.metadata.author)
    props.last_modified_by = _property(doc.metadata.author)
    props.subject = _property(doc.metadata.subject)
    props.keywords = _property(", ".join(keywords))
    props.comments = ""
    props.created = doc.metadata.created or now
    props.modified = now
    props.revision = 1


def render_docx(
    doc: Document, *, font: str = DEFAULT_FONT, page_numbers: str | None = "{page} / {pages}"
) -> bytes:
    """Render `doc` as an A4 DOCX; the title footnote becomes a Word footnote.

    `font` is the document default for Latin and Cyrillic text (Calibri: Word on Windows has
    it and LibreOffice maps it to metric-compatible Carlito or falls back to DejaVu); Chinese
    and Arabic text use the East Asian and complex-script fonts of `rendering.fonts`, and
    paragraphs, runs and tables are marked with their direction and language
    (`_set_directions`). `page_numbers` is a translated template with ``{page}``/``{pages}``,
    or None for no footer.
    """
    document = docx.Document()
    package_rels = document.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[rid]  # the template's blank preview image would misrepresent the file
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    _setup_styles(document, doc, font)
    _set_properties(document, doc, doc.metadata.keywords)
    title = document.add_paragraph(style="Title")
    _run(title, doc.title)
    if doc.title_footnote:
        _add_title_footnote(document, title, doc)
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Landscape):
            _add_landscape(document, block, last=i == len(doc.blocks) - 1)
        else:
            _add_block(document, block)
    if page_numbers:
        _add_page_numbers(document, page_numbers)
    _set_directions(document.element.body, doc)
    _set_directions(section.footer._element, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
