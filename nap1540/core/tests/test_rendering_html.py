import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

import pytest

from nap1540.core.rendering import charts
from nap1540.core.rendering.document import (
    BulletList,
    Callout,
    Chart,
    Document,
    Field,
    Heading,
    Metadata,
    Paragraph,
    Run,
    Table,
)
from nap1540.core.rendering.examples import FOOTNOTE, every_block
from nap1540.core.rendering.html import render_html, render_print_html

VOID = {"br", "col", "meta", "img", "hr", "input", "link"}
SCRIPT = "<script>alert(1)</script>"


class TagChecker(HTMLParser):
    """Records tags and checks that non-void HTML elements are properly nested."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack[-5:], tag)
        self.stack.pop()


def parse(html: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    return checker


def test_html_escapes_script_everywhere():
    doc = Document(
        title=SCRIPT,
        title_footnote=SCRIPT,
        lang='en"><script>',
        metadata=Metadata(author=SCRIPT, subject=SCRIPT, keywords=(SCRIPT,)),
        blocks=[
            Heading(SCRIPT),
            Paragraph([SCRIPT, Run(SCRIPT, bold=True)]),
            Field(SCRIPT, SCRIPT),
            BulletList([SCRIPT]),
            Table([SCRIPT], [[SCRIPT]], caption=SCRIPT),
            Callout(SCRIPT, title=SCRIPT),
        ],
    )
    for html in (render_html(doc, standalone=True), render_html(doc, standalone=False)):
        assert "<script" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        parse(html)
    assert "<script" not in render_print_html(doc)


def test_html_standalone_page_has_doctype_language_and_inline_css():
    html = render_html(every_block("ru"), standalone=True)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="ru" dir="ltr">' in html
    assert "<style>" in html and "DejaVu Sans" in html
    assert "<title>Информационная записка</title>" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "@import" not in html and "url(http" not in html


def test_html_fragment_is_one_article_without_page_chrome():
    html = render_html(every_block(), standalone=False)
    assert html.startswith('<article class="nap-doc" lang="en" dir="ltr">')
    assert html.endswith("</article>")
    for tag in ("<html", "<head", "<body", "<style"):
        assert tag not in html


def test_html_headings_follow_the_title_level():
    tags = parse(render_html(every_block(), standalone=False)).tags
    headings = [tag for tag, _ in tags if tag in {"h1", "h2", "h3", "h4"}]
    assert headings == ["h1", "h2", "h3"]


def test_html_tables_have_scoped_headers_and_caption():
    html = render_html(every_block(), standalone=False)
    assert "<caption>Implementation by State</caption>" in html
    assert '<th scope="col">State</th>' in html
    assert '<th scope="row">Uzbekistan</th>' in html
    # No style attribute on the site (its Content-Security-Policy refuses them); print keeps CSS.
    assert '<col width="37.50%">' in html and "style=" not in html
    assert '<col style="width: 37.50%">' in render_print_html(every_block())
    assert "<td></td>" in html  # None cell


def test_html_charts_are_figures_with_labelled_svg():
    html = render_html(every_block(), standalone=False)
    tags = parse(html).tags
    svgs = [attrs for tag, attrs in tags if tag == "svg"]
    assert len(svgs) == 2
    assert all(attrs.get("role") == "img" and attrs.get("aria-label") for attrs in svgs)
    assert svgs[0]["aria-label"] == "Bar chart: Uzbekistan 54%, Kazakhstan 100%, Zero 0%"
    assert "<figcaption>Figure 1</figcaption>" in html
    assert html.count("<figure") == 2


def test_html_chart_svg_loses_scripts_handlers_and_external_links():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'onload="evil()"><script>evil()</script><a href="https://example.org">x</a>'
        '<image xlink:href="http://example.org/i.png"/><use href="#ok"/>'
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>'
    )
    html = render_html(Document(title="T", blocks=[Chart(svg, alt="A")]), standalone=False)
    assert "evil" not in html and "example.org" not in html and "foreignObject" not in html
    assert 'href="#ok"' in html


def test_html_chart_svg_loses_entities_styles_comments_and_css_urls():
    svg = (
        '<!DOCTYPE svg [<!ENTITY x "entity">]><?xml-stylesheet href="http://e.org/s.css"?>'
        '<svg xmlns="http://www.w3.org/2000/svg" style="background: url(http://e.org/b.png)">'
        "<!-- note --><style>@import url(http://e.org/x.css);</style>"
        '<text fill="url(#grad)">a &x; b</text></svg>'
    )
    html = render_html(Document(title="T", blocks=[Chart(svg, alt="A")]), standalone=False)
    assert "e.org" not in html and "entity" not in html and "note" not in html
    assert '<text fill="url(#grad)">a  b</text>' in html


def test_html_rejects_chart_markup_that_is_not_svg():
    with pytest.raises(ValueError, match="well-formed"):
        render_html(Document(title="T", blocks=[Chart("<svg", alt="A")]), standalone=False)
    with pytest.raises(ValueError, match="svg"):
        render_html(Document(title="T", blocks=[Chart("<div/>", alt="A")]), standalone=False)


def test_html_footnote_links_to_its_text():
    html = render_html(every_block(), standalone=False, id_prefix="note-7")
    assert '<a href="#note-7-fn-1" id="note-7-fnref-1" role="doc-noteref"' in html
    assert f'<p id="note-7-fn-1" role="doc-footnote"><sup>1</sup> {FOOTNOTE}</p>' in html


def test_html_print_variant_floats_the_footnote_inside_the_title():
    html = render_print_html(every_block())
    assert f'Information Note<span class="nap-footnote">{FOOTNOTE}</span></h1>' in html
    assert "float: footnote" in html and "counter(page)" in html


def test_html_inline_runs_and_line_breaks():
    doc = Document(title="T", blocks=[Paragraph(["a\nb ", Run("c", bold=True, italic=True)])])
    assert "<p>a<br>b <strong><em>c</em></strong></p>" in render_html(doc, standalone=False)


def test_html_marks_arabic_documents_right_to_left():
    html = render_html(Document(title="مذكرة إعلامية", lang="ar"), standalone=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'dir="rtl"' in render_html(Document(title="x", lang="ar-EG"), standalone=False)


def test_html_of_an_empty_document():
    html = render_html(Document(title=""), standalone=False)
    parse(html)
    assert '<h1 class="nap-title"></h1>' in html


def test_html_chart_survives_xml_round_trip():
    svg = charts.heatmap(["A"], ["B"], [[None]], title="H")
    html = render_html(Document(title="T", blocks=[Chart(svg, alt="Heat map")]), standalone=False)
    start = html.index("<svg")
    fragment = html[start : html.index("</svg>") + 6]
    root = ET.fromstring(fragment)  # noqa: S314 - parses our own output
    assert root.get("aria-label") == "Heat map"
    assert root.find("{http://www.w3.org/2000/svg}title") is not None


ARABIC_DOC = Document(
    title="تقرير عن حالة الخطة",
    lang="ar",
    blocks=[
        Field("الخطة:", "National Action Plan (2017-2021)"),
        Field("الدولة:", "أوزبكستان"),
        Paragraph("Background recorded in English."),
        Paragraph("معدل التنفيذ 0\u00a0%"),
        Table(["المجال", "المعدل"], [["OP3(a)", "0\u00a0%"], ["الوضع الحالي", "50\u00a0%"]]),
        BulletList(["عنصر", "item"]),
    ],
)


def test_html_keeps_numbers_codes_and_english_left_to_right_in_an_arabic_document():
    html = render_html(ARABIC_DOC, standalone=False)
    assert '<article class="nap-doc" lang="ar" dir="rtl">' in html
    assert '<h1 class="nap-title">تقرير' in html
    assert '<strong>الخطة:</strong> <span dir="ltr">National Action Plan (2017-2021)</span>' in html
    assert "<strong>الدولة:</strong> أوزبكستان</p>" in html
    assert '<p dir="ltr">Background recorded in English.</p>' in html
    assert "<p>معدل التنفيذ 0\u00a0%</p>" in html
    assert '<th scope="col">المجال</th>' in html
    assert '<td><span dir="ltr">0\u00a0%</span></td>' in html
    assert '<td><span dir="ltr">50\u00a0%</span></td>' in html
    assert '<li>عنصر</li><li dir="ltr">item</li>' in html


def test_html_of_a_latin_document_has_no_direction_marks():
    html = render_html(every_block(), standalone=False)
    assert html.count("dir=") == 1  # the article's


def test_html_names_the_arabic_and_chinese_fonts_for_those_languages():
    html = render_print_html(Document(title="T", lang="zh-hans"))
    assert '<html lang="zh-Hans" dir="ltr">' in html
    assert '.nap-doc:lang(zh) { font-family: "Noto Sans CJK SC", "DejaVu Sans"' in html
    assert '.nap-doc:lang(ar) { font-family: "Noto Naskh Arabic", "Noto Sans Arabic"' in html
    assert 'html:lang(ar) { font-family: "Noto Naskh Arabic"' in html  # the page footer
    assert '.nap-doc { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic"' in html


def test_html_gives_browsers_arabic_chart_labels_as_written_and_print_their_glyphs():
    label = "حالة المهام"
    svg = charts.bar_chart([(label, 50)], title=label)
    doc = Document(title="T", lang="ar", blocks=[Chart(svg, alt=label)])
    screen = render_html(doc, standalone=False)
    assert f'font-weight="bold" direction="rtl">{label}</text>' in screen
    printed = render_print_html(doc)
    drawn = re.findall(r"<text [^>]*>([^<]*)</text>", printed)
    assert label not in drawn and label in printed  # still in the tooltips and the alt text
    assert "\ufee4" in drawn[0]  # MEEM MEDIAL FORM: the letters come joined
    assert 'direction="rtl"' not in printed
