"""The colour of each status, the one source for pages, charts, DOCX, XLSX and PDF.

A status is known by its value (``Task.Status.COMPLETED`` is ``"completed"``); its label
comes from the model's `TextChoices` in the reader's language (`status_labels`), so this
module needs no model. Every fill carries white or black text at 4.5:1 or more (WCAG AA),
and the site's stylesheet writes the same hex values (`status_css`, pinned by a test of
``app.css``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StatusStyle:
    colour: str  # "#rrggbb", the fill of a bar, a badge or a table cell
    ink: str  # "#rrggbb", text written on that fill

    @property
    def colour_hex(self) -> str:
        """The fill as DOCX and XLSX write it: "2E7D32"."""
        return self.colour.lstrip("#").upper()

    @property
    def ink_hex(self) -> str:
        return self.ink.lstrip("#").upper()


GREY = StatusStyle("#5f6b7a", "#ffffff")
NAVY = StatusStyle("#1f4e79", "#ffffff")
GREEN = StatusStyle("#2e7d32", "#ffffff")
RED = StatusStyle("#b3261e", "#ffffff")
PURPLE = StatusStyle("#6a1b9a", "#ffffff")
SLATE = StatusStyle("#37474f", "#ffffff")

# Statuses of different models that mean the same thing share a colour: not begun is grey,
# under way navy, done green, late red, dropped purple, no longer current slate.
STATUS_STYLES: dict[str, StatusStyle] = {
    # tasks
    "not_started": GREY,
    "in_progress": NAVY,
    "completed": GREEN,
    "delayed": RED,
    "overdue": RED,
    "cancelled": PURPLE,
    # plans
    "draft": GREY,
    "adopted": NAVY,
    "submitted": GREEN,
    "superseded": SLATE,
    "closed": SLATE,
    # older names the charts accepted
    "planned": GREY,
    "ongoing": NAVY,
    "done": GREEN,
}
NEUTRAL = GREY


def status_style(status: str) -> StatusStyle:
    """The style of `status`, grey for a status this module does not know."""
    return STATUS_STYLES.get(status, NEUTRAL)


def status_colours() -> dict[str, str]:
    """Status value -> fill colour, as the charts take it."""
    return {status: style.colour for status, style in STATUS_STYLES.items()}


def status_labels(choices: Any) -> dict[str, str]:
    """Status value -> label in the active language, from a model's `TextChoices`."""
    return {str(value): str(label) for value, label in choices.choices}


def status_css(prefix: str, statuses: Iterable[str]) -> str:
    """The badge rules of the site's stylesheet for `statuses`, one line each."""
    return "".join(
        f".badge.{prefix}-{status} {{ background: {style.colour}; "
        f"border-color: {style.colour}; color: {style.ink}; }}\n"
        for status in statuses
        for style in [status_style(status)]
    )
