"""Turn a Document into a downloadable file: DOCX, PDF or standalone HTML."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.text import slugify

from nap1540.core.http.downloads import download
from nap1540.core.rendering import Document

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
# Documents shown in a page too (notes), and documents made for print only (reports, agendas).
FORMATS = ("docx", "pdf", "html")
PRINT_FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    content_type: str
    filename: str


def render(doc: Document, fmt: str, *, page_numbers: str = "{page} / {pages}") -> bytes:
    """Render `doc` as `fmt`; `page_numbers` is a translated "{page} / {pages}" template."""
    if fmt == "docx":
        from nap1540.core.rendering.docx import render_docx

        return render_docx(doc, page_numbers=page_numbers)
    if fmt == "pdf":
        from nap1540.core.rendering.pdf import render_pdf

        return render_pdf(doc, page_numbers=page_numbers)
    if fmt == "html":
        from nap1540.core.rendering.html import render_html

        return render_html(doc, standalone=True).encode("utf-8")
    raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(CONTENT_TYPES)}.")


def rendered_file(
    doc: Document, fmt: str, name: str, *, page_numbers: str = "{page} / {pages}"
) -> RenderedFile:
    base = slugify(name)[:120] or "document"
    return RenderedFile(
        render(doc, fmt, page_numbers=page_numbers), CONTENT_TYPES[fmt], f"{base}.{fmt}"
    )


def file_response(file: RenderedFile, *, inline: bool = False) -> HttpResponse:
    return download(file.content, file.content_type, file.filename, inline=inline)
