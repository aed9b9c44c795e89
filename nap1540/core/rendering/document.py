"""A small, neutral document model rendered to DOCX, PDF and HTML.

Callers build a `Document` from plain, already translated strings; the renderers in this
package decide how each block looks. Nothing here imports Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Literal

# XML 1.0 forbids most C0 controls (tab, LF and CR are allowed), lone surrogates and U+FFFE/FFFF.
# python-docx and lxml raise on them, so every renderer strips them from user text.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_RTL_LANGUAGES = frozenset({"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


def xml_safe(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot carry."""
    return _XML_ILLEGAL.sub("", text)


def primary_language(lang: str) -> str:
    """The primary subtag of a language tag, lower case: "zh-hans" -> "zh", "fr_CH" -> "fr"."""
    return lang.replace("_", "-").split("-")[0].lower()


def is_rtl(lang: str) -> bool:
    """Tell whether a BCP 47 language tag is written right to left (Arabic is a UN language)."""
    return primary_language(lang) in _RTL_LANGUAGES


def bcp47(lang: str) -> str:
    """A language code as BCP 47 writes it: Django's "zh-hans" -> "zh-Hans", "en_gb" -> "en-GB"."""
    first, *rest = lang.replace("_", "-").split("-")
    subtags = [first.lower()]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha():
            subtags.append(subtag.title())  # script
        elif len(subtag) == 2:
            subtags.append(subtag.upper())  # region
        else:
            subtags.append(subtag.lower())
    return "-".join(subtags)


def page_number_parts(template: str) -> list[tuple[str, str]]:
    """Split a translated "Page {page} of {pages}" template into ("text", ...) and
    ("field", "page" | "pages") parts; other braces stay literal text."""
    parts: list[tuple[str, str]] = []
    rest = xml_safe(template)
    while rest:
        head, sep, tail = rest.partition("{")
        if head:
            parts.append(("text", head))
        if not sep:
            break
        name, closed, after = tail.partition("}")
        if closed and name in {"page", "pages"}:
            parts.append(("field", name))
            rest = after
        else:
            parts.append(("text", "{"))
            rest = tail
    return parts


@dataclass(frozen=True)
class Run:
    """A span of inline text with optional emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = str | Run
InlineContent = str | Sequence[Inline]
"""Inline content: a plain string, or a sequence of strings and `Run`s."""


def runs_of(content: InlineContent) -> tuple[Run, ...]:
    """Normalise inline content to a tuple of `Run`s, dropping empty spans."""
    items: Sequence[Inline] = [content] if isinstance(content, str) else content
    runs = (Run(item) if isinstance(item, str) else item for item in items)
    return tuple(run for run in runs if run.text)


def plain_text(content: InlineContent) -> str:
    """Concatenate the text of inline content, dropping emphasis."""
    return "".join(run.text for run in runs_of(content))


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is the highest level below the document title."""

    text: str
    level: Literal[1, 2, 3] = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text; "\\n" inside a run is a line break."""

    content: InlineContent

    @property
    def runs(self) -> tuple[Run, ...]:
        return runs_of(self.content)


@dataclass(frozen=True)
class Field:
    """A bold label followed by its value, as in "**Event:** The meeting to review ...".

    The label carries its own punctuation ("Event:", French "Lieu :") because that is
    language-specific and comes from the caller's translation.
    """

    label: str
    value: InlineContent


@dataclass(frozen=True)
class BulletList:
    """A list of items; each item is inline content."""

    items: Sequence[InlineContent]
    ordered: bool = False


@dataclass(frozen=True)
class StatusCell:
    """A table cell that shows a status: its label on the status's colour (`statuses`).

    `status` is the value ("completed"), `text` what the cell says, already translated.
    """

    text: str
    status: str

    def __str__(self) -> str:
        return self.text


CellValue = str | int | float | Decimal | StatusCell | None


def cell_text(value: CellValue) -> str:
    """Format a table cell; callers pre-format numbers when the locale matters."""
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Table:
    """A table with one header row.

    `widths` are relative weights (e.g. ``(1, 3, 1)``), one per column; when omitted the
    columns share the width equally. With `row_headers`, the first cell of each row is a
    header for that row (``<th scope="row">`` in HTML).
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[CellValue]]
    widths: Sequence[float] | None = None
    caption: str | None = None
    row_headers: bool = False

    def __post_init__(self) -> None:
        if self.widths is not None and len(self.widths) != len(self.headers):
            raise ValueError("Table.widths needs one weight per header")
        if self.widths is not None and any(w <= 0 for w in self.widths):
            raise ValueError("Table.widths must be positive")

    def width_fractions(self) -> list[float]:
        """Column widths as fractions of the table width, summing to 1."""
        count = len(self.headers)
        if count == 0:
            return []
        weights = list(self.widths) if self.widths is not None else [1.0] * count
        total = float(sum(weights))
        return [float(w) / total for w in weights]

    def padded_rows(self) -> list[list[str]]:
        """Rows as text, padded or cut to the number of headers."""
        count = len(self.headers)
        out = []
        for row in self.rows:
            cells = [cell_text(v) for v in list(row)[:count]]
            out.append(cells + [""] * (count - len(cells)))
        return out

    def row_statuses(self) -> list[list[str | None]]:
        """The status of each cell of `padded_rows`, None where a cell shows no status."""
        count = len(self.headers)
        out = []
        for row in self.rows:
            cells = [v.status if isinstance(v, StatusCell) else None for v in list(row)[:count]]
            out.append(cells + [None] * (count - len(cells)))
        return out


@dataclass(frozen=True)
class Chart:
    """A chart as trusted SVG markup (from `rendering.charts`), with its text alternative.

    `png` is an optional pre-rendered fallback; DOCX rendering converts the SVG itself
    when it is absent. `width_cm` is the printed width.
    """

    svg: str
    alt: str
    caption: str | None = None
    png: bytes | None = None
    width_cm: float = 16.0


@dataclass(frozen=True)
class PageBreak:
    """Start a new page in paged output (DOCX, PDF); ignored on screen."""


@dataclass(frozen=True)
class Callout:
    """A highlighted box, e.g. a "Demo data" banner or a warning."""

    content: InlineContent
    title: str | None = None
    tone: Literal["info", "warning", "demo"] = "info"


@dataclass(frozen=True)
class Landscape:
    """Blocks printed on landscape pages: tables too wide for a portrait page.

    DOCX puts them in a landscape section of their own, PDF on landscape pages; on screen
    they read as the blocks around them. Table widths there share the landscape width.
    """

    blocks: Sequence[Block]


Block = Heading | Paragraph | Field | BulletList | Table | Chart | PageBreak | Callout | Landscape


@dataclass(frozen=True)
class Metadata:
    """Document properties written to DOCX core properties and PDF metadata."""

    author: str = ""
    subject: str = ""
    keywords: Sequence[str] = ()
    created: datetime | None = None


@dataclass
class Document:
    """A titled document made of blocks.

    `title_footnote` becomes a real footnote attached to the title (superscript mark in
    the title, text at the foot of the first page). `lang` is a BCP 47 tag ("en", "ru",
    "fr-CH", "ar"); Django's codes are accepted and written the BCP 47 way ("zh-hans" becomes
    "zh-Hans"). It sets the direction, the fonts and the language the renderers declare.
    """

    title: str
    blocks: list[Block] = field(default_factory=list)
    title_footnote: str | None = None
    lang: str = "en"
    metadata: Metadata = field(default_factory=Metadata)

    def __post_init__(self) -> None:
        self.lang = bcp47(self.lang) if self.lang else "en"

    @property
    def rtl(self) -> bool:
        return is_rtl(self.lang)
