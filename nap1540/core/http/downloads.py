"""Every file the site hands out goes through `download()`: one set of headers for all.

A download is named (`Content-Disposition`, with an RFC 6266 `filename*` for names outside
ASCII), never sniffed, and never kept by a shared cache: exports of a State's private plan or
matrix must not linger in a proxy or a browser's disk cache (`Cache-Control: private,
no-store`). A document shown inline as HTML gets a policy of its own: no script, no framing.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


def disposition(filename: str, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "replace").decode("ascii").replace('"', "")
    if ascii_name == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def download(
    content: bytes | str, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if content_type.startswith("text/html"):
        # A downloaded note is a document, not a page of the site: no scripts, no framing.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
