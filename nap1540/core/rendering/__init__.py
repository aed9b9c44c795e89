"""Shared rendering layer: a neutral document model rendered to DOCX, PDF and HTML,
accessible SVG charts, and safe XLSX helpers. No Django settings are needed."""

from .document import (
    Block,
    BulletList,
    Callout,
    Chart,
    Document,
    Field,
    Heading,
    Landscape,
    Metadata,
    PageBreak,
    Paragraph,
    Run,
    StatusCell,
    Table,
)

__all__ = [
    "Block",
    "BulletList",
    "Callout",
    "Chart",
    "Document",
    "Field",
    "Heading",
    "Landscape",
    "Metadata",
    "PageBreak",
    "Paragraph",
    "Run",
    "StatusCell",
    "Table",
]
