"""HTML rendering of the document model, for pages and as the source of PDF output.

All text is escaped here; the returned string is safe to mark as safe in a template
(``{{ html|safe }}``). Chart SVG is treated as trusted markup from `rendering.charts`, but is
still parsed and stripped of scripts, event handlers and external references.
"""

from __future__ import annotations

from html import escape

from lxml import etree

from . import fonts
from .bidi import glyph_order, has_rtl, paragraph_is_rtl
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
    plain_text,
    runs_of,
    xml_safe,
)
from .statuses import STATUS_STYLES

SVG_NS = "http://www.w3.org/2000/svg"

FONT_STACK = fonts.css_stack("en")


def _font_rules(selector: str) -> str:
    """The font stack for `selector`, with the script's font first in Arabic and Chinese."""
    return (
        f"{selector} {{ font-family: {FONT_STACK}; }}\n"
        f"{selector}:lang(ar) {{ font-family: {fonts.css_stack('ar')}; }}\n"
        f"{selector}:lang(zh) {{ font-family: {fonts.css_stack('zh')}; }}\n"
    )


DOCUMENT_CSS = (
    _font_rules(".nap-doc")
    + """
.nap-doc { line-height: 1.45; color: #1a1a1a; overflow-wrap: break-word; }
.nap-doc h1, .nap-doc h2, .nap-doc h3, .nap-doc h4 { line-height: 1.2; margin: 1.2em 0 .4em; }
.nap-doc h1 { font-size: 1.6em; }
.nap-doc h2 { font-size: 1.3em; }
.nap-doc h3 { font-size: 1.1em; }
.nap-doc h4 { font-size: 1em; }
.nap-doc p { margin: 0 0 .6em; }
.nap-doc sup { font-size: .65em; line-height: 0; }
.nap-doc table { border-collapse: collapse; width: 100%; margin: .8em 0; table-layout: fixed; }
.nap-doc caption { caption-side: top; text-align: start; font-weight: bold; padding: .3em 0; }
.nap-doc th, .nap-doc td { border: 1px solid #8c8c8c; padding: .25em .45em; text-align: start;
  vertical-align: top; }
.nap-doc thead th { background: #dce6f1; }
.nap-doc tbody th { background: #f2f2f2; }
.nap-doc figure { margin: 1em 0; }
.nap-doc figure svg { width: 100%; height: auto; }
.nap-doc figure img { max-width: 100%; height: auto; }
.nap-doc figcaption { font-size: .9em; color: #404040; margin-top: .3em; }
.nap-callout { border-inline-start: 4px solid #1f4e79; background: #eef3f9; padding: .5em .8em;
  margin: .8em 0; }
.nap-callout--warning { border-color: #b45309; background: #fdf3e7; }
.nap-callout--demo { border-color: #b3261e; background: #fdecea; }
.nap-callout p { margin: 0; }
.nap-footnotes { border-top: 1px solid #8c8c8c; margin-top: 2em; padding-top: .4em;
  font-size: .85em; }
"""
    # A status cell has its badge's colours (`rendering.statuses`), on screen and in print.
    + "".join(
        f".nap-doc td.nap-status--{status} {{ background: {style.colour}; color: {style.ink}; }}\n"
        for status, style in STATUS_STYLES.items()
    )
)

# The page footer inherits its font from the root element, so the root names the fonts too.
PRINT_CSS = (
    _font_rules("html")
    + """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: {page_numbers}; font-size: 8pt; color: #404040; }
  @footnote { border-top: .5pt solid #8c8c8c; padding-top: 4pt; } }
/* Tables too wide for a portrait page print across the page (`Landscape`). */
@page landscape { size: A4 landscape; }
.nap-landscape { page: landscape; break-before: page; break-after: page; }
html { font-size: 10pt; }
body { margin: 0; }
.nap-doc h1, .nap-doc h2, .nap-doc h3, .nap-doc h4 { break-after: avoid; }
.nap-doc tr, .nap-doc figure { break-inside: avoid; }
.nap-page-break { break-after: page; }
.nap-footnote { float: footnote; font-size: 8pt; font-weight: normal; line-height: 1.3;
  font-style: normal; }
/* The call inherits from the 8pt footnote, not from the title: size it absolutely. */
.nap-footnote::footnote-call { content: counter(footnote); vertical-align: super;
  font-size: 10pt; line-height: 0; }
.nap-footnote::footnote-marker { content: counter(footnote); vertical-align: super;
  font-size: 70%; padding-inline-end: 2pt; }
"""
)


def _attr(text: str) -> str:
    """Escaped text for attribute values and <title>."""
    return escape(xml_safe(text), quote=True)


def _text(text: str) -> str:
    """Escaped element text; line breaks become <br>."""
    return _attr(text).replace("\n", "<br>")


def inline_html(content: InlineContent) -> str:
    """Escaped HTML for inline content, with <strong>/<em> for emphasis."""
    out = []
    for run in runs_of(content):
        html = _text(run.text)
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        out.append(html)
    return "".join(out)


def _dir(text: str, rtl: bool) -> str:
    """A dir attribute for an element whose text runs against the document's direction."""
    if paragraph_is_rtl(text, rtl_document=rtl) == rtl:
        return ""
    return ' dir="ltr"' if rtl else ' dir="rtl"'


def _isolated(html: str, text: str, rtl: bool) -> str:
    """Inline HTML kept in its own direction, e.g. "0 %" or "OP3(a)" in an Arabic table."""
    attr = _dir(text, rtl)
    return f"<span{attr}>{html}</span>" if attr else html


def _drop(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _glyph_order_labels(root: etree._Element) -> None:
    """Shape and order right-to-left labels for renderers that draw glyph by glyph."""
    swap = {"start": "end", "end": "start"}
    for element in root.iter(f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}tspan"):
        if not element.text or not has_rtl(element.text):
            continue
        rtl = element.attrib.pop("direction", None) == "rtl"
        element.text = glyph_order(element.text, rtl=rtl or None)
        if rtl:  # now laid out left to right: the anchor names the other edge
            anchor = element.get("text-anchor", "start")
            element.set("text-anchor", swap.get(anchor, anchor))


def clean_svg(svg: str, alt: str, *, glyph_by_glyph: bool = False, sized: bool = False) -> str:
    """Re-serialise chart SVG without script, style, foreign elements or external links.

    With `sized`, the root gets the width and height of its viewBox (for CairoSVG).
    With `glyph_by_glyph`, right-to-left labels are shaped and put in visual order for
    WeasyPrint's and CairoSVG's SVG text, which neither shapes nor reorders (see `bidi`);
    browsers get the labels as they are.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(svg.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"Chart.svg is not well-formed XML: {exc}") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError("Chart.svg must have an <svg> root in the SVG namespace")
    for element in list(root.iter()):
        if not isinstance(element.tag, str):  # entity references left unresolved
            _drop(element)
            continue
        namespace, _, local = element.tag.rpartition("}")
        if namespace != "{" + SVG_NS or local in {"script", "style", "foreignObject"}:
            _drop(element)
            continue
        for name, value in list(element.attrib.items()):
            attr = name.rpartition("}")[2].lower()
            lowered = value.strip().lower()
            if (
                attr.startswith("on")
                or (attr == "href" and not lowered.startswith(("#", "data:image/")))
                or ("url(" in lowered and "url(#" not in lowered)
            ):
                del element.attrib[name]
    if glyph_by_glyph:
        _glyph_order_labels(root)
    if sized:  # an image converter wants the size in units, not the 100 % of a page's box
        box = (root.get("viewBox") or "").split()
        if len(box) == 4:
            root.set("width", box[2])
            root.set("height", box[3])
    root.set("role", "img")
    if alt:
        root.set("aria-label", xml_safe(alt))
        root.attrib.pop("aria-labelledby", None)
    return etree.tostring(root, encoding="unicode")


def _col(fraction: float, for_print: bool) -> str:
    # The site's Content-Security-Policy refuses style attributes; browsers honour the width
    # attribute. WeasyPrint reads only CSS, so print keeps the style.
    width = f"{fraction * 100:.2f}%"
    return f'<col style="width: {width}">' if for_print else f'<col width="{width}">'


def _table(table: Table, for_print: bool, rtl: bool) -> str:
    def cell(text: str) -> str:
        return _isolated(_text(text), text, rtl)

    parts = ['<table class="nap-table">']
    if table.caption:
        parts.append(f"<caption>{cell(table.caption)}</caption>")
    if table.headers:
        cols = "".join(_col(f, for_print) for f in table.width_fractions())
        parts.append(f"<colgroup>{cols}</colgroup>")
        heads = "".join(f'<th scope="col">{cell(h)}</th>' for h in table.headers)
        parts.append(f"<thead><tr>{heads}</tr></thead>")
    parts.append("<tbody>")
    for row, statuses in zip(table.padded_rows(), table.row_statuses(), strict=True):
        cells = []
        for i, text in enumerate(row):
            if i == 0 and table.row_headers:
                cells.append(f'<th scope="row">{cell(text)}</th>')
            elif statuses[i] is not None:
                status = _attr(statuses[i] or "")
                cells.append(f'<td class="nap-status nap-status--{status}">{cell(text)}</td>')
            else:
                cells.append(f"<td>{cell(text)}</td>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _block(block: Block, *, for_print: bool, rtl: bool) -> str:
    """One block; text that runs against the document's direction keeps its own."""
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 3) + 1
        return f"<h{level}{_dir(block.text, rtl)}>{_text(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p{_dir(plain_text(block.content), rtl)}>{inline_html(block.content)}</p>"
    if isinstance(block, Field):
        value = _isolated(inline_html(block.value), plain_text(block.value), rtl)
        return (
            f'<p class="nap-field"{_dir(block.label, rtl)}><strong>{_text(block.label)}</strong> '
            f"{value}</p>"
        )
    if isinstance(block, BulletList):
        tag = "ol" if block.ordered else "ul"
        items = "".join(
            f"<li{_dir(plain_text(item), rtl)}>{inline_html(item)}</li>" for item in block.items
        )
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, Table):
        return _table(block, for_print, rtl)
    if isinstance(block, Chart):
        svg = clean_svg(block.svg, block.alt, glyph_by_glyph=for_print)
        caption = ""
        if block.caption:
            caption = f"<figcaption{_dir(block.caption, rtl)}>{_text(block.caption)}</figcaption>"
        return f'<figure class="nap-chart">{svg}{caption}</figure>'
    if isinstance(block, Landscape):
        inner = "\n".join(_block(b, for_print=for_print, rtl=rtl) for b in block.blocks)
        return f'<section class="nap-landscape">{inner}</section>'
    if isinstance(block, PageBreak):
        return '<div class="nap-page-break" aria-hidden="true"></div>'
    if isinstance(block, Callout):
        title = f"<strong>{_text(block.title)}</strong> " if block.title else ""
        text = f"{block.title or ''} {plain_text(block.content)}"
        return (
            f'<aside class="nap-callout nap-callout--{_attr(block.tone)}" role="note"'
            f"{_dir(text, rtl)}><p>{title}{inline_html(block.content)}</p></aside>"
        )
    raise TypeError(f"Unknown block type: {type(block).__name__}")


def _article(doc: Document, *, for_print: bool, id_prefix: str) -> str:
    lang = _attr(doc.lang)
    id_prefix = _attr(id_prefix)
    direction = "rtl" if doc.rtl else "ltr"
    title = _text(doc.title)
    footer = ""
    if doc.title_footnote:
        note = _text(doc.title_footnote)
        if for_print:
            # WeasyPrint moves the span to the page's footnote area and leaves a call mark.
            title += f'<span class="nap-footnote">{note}</span>'
        else:
            ref, target = f"{id_prefix}-fnref-1", f"{id_prefix}-fn-1"
            title += (
                f'<sup><a href="#{target}" id="{ref}" role="doc-noteref" '
                f'aria-describedby="{target}">1</a></sup>'
            )
            footer = (
                f'<footer class="nap-footnotes"><p id="{target}" role="doc-footnote">'
                f"<sup>1</sup> {note}</p></footer>"
            )
    body = "\n".join(_block(block, for_print=for_print, rtl=doc.rtl) for block in doc.blocks)
    return (
        f'<article class="nap-doc" lang="{lang}" dir="{direction}">\n'
        f'<h1 class="nap-title"{_dir(doc.title, doc.rtl)}>{title}</h1>\n{body}\n{footer}</article>'
    )


def _head(doc: Document, css: str) -> str:
    meta = doc.metadata
    tags = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_attr(doc.title)}</title>",
    ]
    if meta.author:
        tags.append(f'<meta name="author" content="{_attr(meta.author)}">')
    if meta.subject:
        tags.append(f'<meta name="description" content="{_attr(meta.subject)}">')
    if meta.keywords:
        tags.append(f'<meta name="keywords" content="{_attr(", ".join(meta.keywords))}">')
    if meta.created:
        tags.append(f'<meta name="dcterms.created" content="{meta.created.isoformat()}">')
    tags.append('<meta name="generator" content="nap1540">')
    return "<head>" + "".join(tags) + f"<style>{css}</style></head>"


def render_html(doc: Document, *, standalone: bool, id_prefix: str = "nap-doc") -> str:
    """Render `doc` as a full HTML page (inline CSS) or as an includable fragment.

    The fragment is an ``<article class="nap-doc">`` styled by `DOCUMENT_CSS`, which the
    site's stylesheet is expected to include. `id_prefix` keeps footnote ids unique when
    several documents share a page.
    """
    article = _article(doc, for_print=False, id_prefix=id_prefix)
    if not standalone:
        return article
    return _page(doc, article, DOCUMENT_CSS + "body { max-width: 52em; margin: 2em auto; }")


def _page(doc: Document, article: str, css: str) -> str:
    direction = "rtl" if doc.rtl else "ltr"
    return (
        f'<!DOCTYPE html>\n<html lang="{_attr(doc.lang)}" dir="{direction}">'
        f"{_head(doc, css)}<body>{article}</body></html>"
    )


def _css_string(text: str) -> str:
    # CSS escapes keep quotes, backslashes and "</style>" from leaving the string.
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text)
    return f'"{escaped}"'


def render_print_html(doc: Document, *, page_numbers: str = "{page} / {pages}") -> str:
    """The standalone HTML that `render_pdf` lays out: A4, footer page numbers, footnotes.

    `page_numbers` is a translated template with ``{page}`` and ``{pages}`` placeholders,
    e.g. "Page {page} of {pages}".
    """
    pieces = [
        f"counter({value})" if kind == "field" else _css_string(value)
        for kind, value in page_number_parts(page_numbers)
    ]
    content = " ".join(pieces) or '""'
    css = DOCUMENT_CSS + PRINT_CSS.replace("{page_numbers}", content)
    return _page(doc, _article(doc, for_print=True, id_prefix="nap-doc"), css)
