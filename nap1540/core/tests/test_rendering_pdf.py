import io
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DictionaryObject

from nap1540.core.rendering.document import CellValue, Document, Field, Landscape, Paragraph, Table
from nap1540.core.rendering.examples import FOOTNOTE, every_block, uzbekistan_information_note
from nap1540.core.rendering.pdf import OfflineURLFetcher, render_pdf


def read(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data), strict=True)


def squashed(text: str) -> str:
    return " ".join(text.split())


def embedded_fonts(reader: pypdf.PdfReader) -> dict[str, set[str]]:
    """Base font name -> kinds of embedded font file, for every font used on any page."""
    found: dict[str, set[str]] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        fonts = resources.get("/Font", DictionaryObject()).get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants.get_object()[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            kinds = {k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor}
            found.setdefault(str(font["/BaseFont"]), set()).update(kinds)
    return found


def test_pdf_text_comes_out_in_reading_order_with_the_footnote_last():
    reader = read(render_pdf(uzbekistan_information_note()))
    text = squashed(reader.pages[0].extract_text())
    markers = [
        "Information Note1",
        "Event: The meeting to review implementation",
        "Organisers: United Nations",
        "Date and venue: 22-24 May 2017, Vienna, Austria",
        "Participants: Uzbek Governmental officials:",
        "Background",
        "Overview",
        "Additional Comments",
        "1 " + FOOTNOTE,
        "1 / 1",
    ]
    positions = [text.find(marker) for marker in markers]
    assert -1 not in positions, text
    assert positions == sorted(positions)


def test_pdf_is_a4_with_page_numbers_in_the_footer():
    doc = Document(title="Long", blocks=[Paragraph("Text. " * 600)] * 4)
    reader = read(render_pdf(doc, page_numbers="Page {page} of {pages}"))
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    last = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert squashed(page.extract_text()).endswith(f"Page {number} of {last}")


def test_pdf_page_number_template_cannot_break_out_of_css():
    doc = Document(title="T")
    reader = read(render_pdf(doc, page_numbers='"}</style><script>x</script>{page}\\'))
    assert squashed(reader.pages[0].extract_text()).endswith('"}</style><script>x</script>1\\')


def test_pdf_extracts_russian_text_and_embeds_dejavu_subsets():
    reader = read(render_pdf(every_block("ru")))
    text = squashed(" ".join(page.extract_text() for page in reader.pages))
    for phrase in ("Информационная записка", "Мероприятие: Обзор плана", "Узбекистан"):
        assert phrase in text
    assert "Для информации \u2013 не официальный отчёт." in text
    fonts = embedded_fonts(reader)
    assert fonts and all(kinds for kinds in fonts.values()), fonts
    assert any("/FontFile2" in kinds for kinds in fonts.values())
    assert any("DejaVu" in name for name in fonts)


def test_pdf_metadata_has_title_author_and_language():
    reader = read(render_pdf(every_block("ru")))
    assert reader.metadata is not None
    assert reader.metadata.title == "Информационная записка"
    assert reader.metadata.author == "Группа экспертов"
    assert reader.root_object.get("/Lang") == "ru"


def test_pdf_is_tagged_for_screen_readers_unless_turned_off():
    mark_info = read(render_pdf(every_block())).root_object["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject) and mark_info["/Marked"]
    assert "/MarkInfo" not in read(render_pdf(every_block(), tagged=False)).root_object


def test_pdf_escapes_markup_in_text():
    doc = Document(title="<b>T</b>", blocks=[Field("<i>L:</i>", "<script>alert(1)</script>")])
    text = squashed(read(render_pdf(doc)).pages[0].extract_text())
    assert "<b>T</b>" in text
    assert "<i>L:</i> <script>alert(1)</script>" in text


def test_pdf_handles_a_50000_character_paragraph_and_a_500_row_table():
    unbroken = "x" * 5_000  # one long word must wrap, not overflow or crash
    long_text = ("Lorem ipsum dolor sit amet " * 2000)[:45_000] + unbroken
    rows: list[list[CellValue]] = [[f"State {i}", i, "note"] for i in range(500)]
    doc = Document(title="Large", blocks=[Paragraph(long_text), Table(["S", "N", "X"], rows)])
    reader = read(render_pdf(doc))
    assert len(reader.pages) > 10
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "State 0" in text and "State 499" in text


def test_pdf_of_an_empty_document_is_valid():
    reader = read(render_pdf(Document(title="")))
    assert len(reader.pages) == 1


def test_pdf_renders_every_block_type():
    reader = read(render_pdf(every_block()))
    text = squashed(" ".join(page.extract_text() for page in reader.pages))
    for phrase in ("Demo Demo data", "Implementation by State", "Implementation rate", "Plan"):
        assert phrase in text


def test_offline_fetcher_refuses_network_urls():
    fetcher = OfflineURLFetcher()
    for url in ("http://example.org/a.png", "https://example.org/f.woff2", "ftp://h/x"):
        with pytest.raises(ValueError, match="Refusing"):
            fetcher.fetch(url)


def test_offline_fetcher_serves_data_urls():
    response = OfflineURLFetcher().fetch("data:text/plain;base64,aGk=")
    assert response.read() == b"hi"
    response.close()


def test_offline_fetcher_serves_files_only_below_allowed_roots(tmp_path: Path):
    allowed = tmp_path / "static"
    allowed.mkdir()
    (allowed / "a.css").write_text("p {}")
    (tmp_path / "secret.txt").write_text("no")
    fetcher = OfflineURLFetcher([allowed])
    response = fetcher.fetch((allowed / "a.css").as_uri())
    assert response.read() == b"p {}"
    response.close()
    with pytest.raises(ValueError, match="outside the allowed roots"):
        fetcher.fetch((allowed / ".." / "secret.txt").as_uri())
    with pytest.raises(ValueError, match="outside the allowed roots"):
        OfflineURLFetcher().fetch((allowed / "a.css").as_uri())


def test_pdf_of_an_arabic_document_embeds_noto_naskh_arabic_and_extracts_arabic():
    doc = Document(title="تقرير عن حالة الخطة", lang="ar", blocks=[Field("الدولة:", "أوزبكستان")])
    reader = read(render_pdf(doc, page_numbers="الصفحة {page} من {pages}"))
    text = squashed(reader.pages[0].extract_text())
    assert "تقرير عن حالة الخطة" in text and "أوزبكستان" in text and "الصفحة" in text
    assert any("Noto-Naskh-Arabic" in name for name in embedded_fonts(reader))
    assert reader.root_object.get("/Lang") == "ar"


def test_pdf_of_a_chinese_document_embeds_noto_sans_cjk_sc():
    state = Field("国家\uff1a", "乌兹别克斯坦")  # State: Uzbekistan
    doc = Document(title="计划进展报告", lang="zh-hans", blocks=[state])
    reader = read(render_pdf(doc))
    assert "乌兹别克斯坦" in reader.pages[0].extract_text()
    fonts = embedded_fonts(reader)
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
    assert reader.root_object.get("/Lang") == "zh-Hans"


def test_an_unchanged_document_is_laid_out_once_and_a_changed_one_again(monkeypatch):
    import weasyprint

    laid_out = []
    write_pdf = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        laid_out.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    doc = Document(title="Cached once", blocks=[Paragraph("The same content, twice.")])
    first = render_pdf(doc)
    again = render_pdf(
        Document(title="Cached once", blocks=[Paragraph("The same content, twice.")])
    )
    assert again == first and len(laid_out) == 1
    changed = render_pdf(Document(title="Cached once", blocks=[Paragraph("Other content.")]))
    assert len(laid_out) == 2
    assert "Other content." in squashed(read(changed).pages[0].extract_text())
    # Documents that may read files are laid out every time: the files can change.
    render_pdf(doc, file_roots=[Path(__file__).parent])
    assert len(laid_out) == 3


def test_pdf_prints_a_landscape_block_across_the_page_and_goes_back_upright():
    wide = Table([f"Column {i}" for i in range(9)], [[f"cell {i}" for i in range(9)]] * 3)
    doc = Document(
        title="Wide",
        blocks=[
            Paragraph("Before."),
            Landscape([Paragraph("The wide table."), wide]),
            Paragraph("After."),
        ],
    )
    reader = read(render_pdf(doc))
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    assert sizes == [(595, 842), (842, 595), (595, 842)]
    assert "Column 8" in reader.pages[1].extract_text()
    assert "After." in reader.pages[2].extract_text()
