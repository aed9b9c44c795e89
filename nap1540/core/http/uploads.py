"""One size cap for every upload: `settings.MAX_UPLOAD_MB` (environment variable MAX_UPLOAD_MB).

Forms use `CappedFileField`, which says how large the file was and what the limit is;
`UploadSizeMiddleware` refuses any request body above the cap before Django reads it, so a
huge upload never fills memory or disk.

Workbooks: `open_workbook` checks an uploaded .xlsx (size, zip, checksums, XML, sheets) before
openpyxl reads it, and importers answer READ_ERRORS raised while reading rows with
`damaged_workbook`; every import reads through them, so a damaged file gets a message, never a
server error.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

# Room for the other fields of a multipart form next to the file itself.
FORM_OVERHEAD = 256 * 1024


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def too_large_message() -> str:
    return _("The file is larger than %(limit)d MB; upload a smaller file.") % {
        "limit": settings.MAX_UPLOAD_MB
    }


class CappedFileField(forms.FileField):
    """A file field that refuses files above the site's upload cap."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        if file is not None and getattr(file, "size", 0) > max_upload_bytes():
            raise forms.ValidationError(too_large_message())
        return file


class UploadSizeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + FORM_OVERHEAD:
            message = too_large_message()
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


# --- workbooks: every way an uploaded .xlsx can be broken, said in words a person can act on


class UnreadableUpload(ValueError):
    """An uploaded file that cannot be read; the message says what is wrong and what to do."""


# A workbook is a zip of XML parts; a real one expands to a few times its size. A part that
# expands far beyond the upload cap is a zip bomb, refused before it is unpacked.
UNPACKED_FACTOR = 25
_REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")

# What openpyxl and the zip and XML layers raise on damaged input, once the structure checks
# below have passed (a well-formed part with impossible content, an unknown cell type...).
READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    ElementTree.ParseError,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
)


def check_size(data: bytes) -> None:
    """Refuse content above the upload cap (commands read files without the form's check)."""
    if len(data) > max_upload_bytes():
        raise UnreadableUpload(too_large_message())


def _not_a_workbook() -> UnreadableUpload:
    return UnreadableUpload(
        _(
            "The file is not an Excel workbook (.xlsx), or it is damaged. Open it in a "
            "spreadsheet program, save it as .xlsx and upload it again."
        )
    )


def _check_parts(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_a_workbook() from None
    with archive:
        names = set(archive.namelist())
        missing = [name for name in _REQUIRED_PARTS if name not in names]
        if missing:
            raise _not_a_workbook()
        for target in _workbook_targets(archive):
            if target not in names:
                raise UnreadableUpload(
                    _(
                        "The workbook is damaged: its part %(part)s is missing. Save it again "
                        "from the spreadsheet program, or use an earlier copy."
                    )
                    % {"part": target}
                )
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > max_upload_bytes() * UNPACKED_FACTOR:
            raise UnreadableUpload(
                _(
                    "The workbook unpacks to more than %(limit)d MB; split it into smaller "
                    "workbooks and upload them one by one."
                )
                % {"limit": int(settings.MAX_UPLOAD_MB) * UNPACKED_FACTOR}
            )
        for info in archive.infolist():
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
                # zipfile says "Bad CRC-32" when the stored checksum does not match.
                raise UnreadableUpload(
                    _(
                        "The workbook is damaged: its part %(part)s cannot be unpacked (its "
                        "checksum does not match). Save it again from the spreadsheet "
                        "program, or use an earlier copy."
                    )
                    % {"part": info.filename}
                ) from None
            if info.filename.endswith((".xml", ".rels")):
                _check_xml(info.filename, content)


def _workbook_targets(archive: zipfile.ZipFile) -> list[str]:
    """The parts (sheets, shared strings, styles) the workbook's relationships point to."""
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError):
        return ["xl/_rels/workbook.xml.rels"]
    targets = []
    for rel in rels:
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        target = str(rel.get("Target"))
        targets.append(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
    return targets


def _check_xml(part: str, content: bytes) -> None:
    try:
        # expat (>= 2.4) refuses entity expansion bombs; ElementTree fetches no external entity.
        for _event, _element in ElementTree.iterparse(io.BytesIO(content)):  # noqa: S314
            pass
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise UnreadableUpload(
            _(
                "The workbook is damaged: its part %(part)s is cut off or not valid XML "
                "(line %(line)d, column %(column)d). Save it again from the spreadsheet "
                "program, or use an earlier copy."
            )
            % {"part": part, "line": line, "column": column}
        ) from None


def damaged_workbook(error: BaseException) -> UnreadableUpload:
    """The message for damage found only while reading the rows."""
    return UnreadableUpload(
        _(
            "The workbook is damaged and cannot be read (%(error)s). Save it again from the "
            "spreadsheet program, or use an earlier copy."
        )
        % {"error": (str(error) or type(error).__name__)[:200]}
    )


def open_workbook(data: bytes, *, data_only: bool = False) -> Workbook:
    """Open an uploaded .xlsx after checking its size, zip structure, checksums and XML.

    Raises UnreadableUpload with a message saying what is wrong. The workbook is opened
    read-only: catch READ_ERRORS while reading its rows (answer them with
    `damaged_workbook`) and close it when done.
    """
    check_size(data)
    _check_parts(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it skips (defined names of a missing sheet, unknown
            # extensions); what it cannot skip it raises, and that is answered below.
            warnings.simplefilter("ignore", UserWarning)
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except READ_ERRORS as exc:
        raise damaged_workbook(exc) from None
    if not wb.sheetnames:
        wb.close()
        raise UnreadableUpload(
            _("The workbook has no sheets; upload the workbook exported from this site.")
        )
    return wb
