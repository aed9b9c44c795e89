"""PDF rendering through WeasyPrint, from the print variant of the HTML rendering.

Fonts come from the system through fontconfig (`rendering.fonts` names them for each script:
DejaVu Sans for Latin, Cyrillic and Greek, Noto Naskh Arabic, Noto Sans CJK SC) and WeasyPrint
embeds subsets of them. Chart labels are shaped and ordered first (`bidi`), since WeasyPrint
draws SVG text glyph by glyph. Nothing is fetched from the network: the URL
fetcher refuses every scheme except ``data:`` and, only under explicitly allowed
directories, ``file:``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .cache import remember_bytes
from .document import Document
from .html import render_print_html


class OfflineURLFetcher(URLFetcher):
    """Fetch ``data:`` URLs, and ``file:`` URLs below `file_roots`; refuse everything else."""

    def __init__(self, file_roots: Sequence[Path] = ()) -> None:
        super().__init__(allowed_protocols=("data", "file"))
        self.file_roots = tuple(Path(root).resolve() for root in file_roots)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.file_roots):
                raise ValueError(f"Refusing file URL outside the allowed roots: {url}")
        elif scheme != "data":
            raise ValueError(f"Refusing to fetch {scheme or 'relative'} URL offline: {url}")
        return super().fetch(url, headers)


def render_pdf(
    doc: Document,
    *,
    page_numbers: str = "{page} / {pages}",
    file_roots: Sequence[Path] = (),
    tagged: bool = True,
) -> bytes:
    """Render `doc` as an A4 PDF with page numbers and the title footnote.

    `page_numbers` is a translated template such as "Page {page} of {pages}".
    `file_roots` lists directories whose files the HTML may reference (none by default).
    `tagged` writes a structure tree for screen readers; it roughly doubles the layout
    time of very long tables, so bulk exports may turn it off.
    """
    html = render_print_html(doc, page_numbers=page_numbers)

    def lay_out() -> bytes:
        fetcher = OfflineURLFetcher(file_roots)
        pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
            pdf_identifier=None, custom_metadata=False, pdf_tags=tagged
        )
        assert pdf is not None  # write_pdf returns bytes when no target is given
        return bytes(pdf)

    # The same HTML lays out to the same PDF: keyed by its hash, a second download of an
    # unchanged document (by anyone whose page says the same) costs a file read. Files the
    # HTML may reference can change under the same HTML, so such documents are not kept.
    if file_roots:
        return lay_out()
    return remember_bytes(cache_key(html, tagged=tagged), lay_out)


# Raise when the layout changes for the same HTML (new write_pdf options, new fonts).
LAYOUT_REVISION = 1


def cache_key(html: str, *, tagged: bool) -> str:
    digest = hashlib.sha256(html.encode()).hexdigest()
    return f"pdf:{LAYOUT_REVISION}:{weasyprint.__version__}:{int(tagged)}:{digest}"
