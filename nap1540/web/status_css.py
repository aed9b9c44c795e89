"""The status badges of the site's stylesheet, written from `rendering.statuses`.

``app.css`` carries the block between `BEGIN` and `END`; a test fails when the block
differs from what `block` writes, and ``python manage.py status_css`` rewrites it.
"""

from __future__ import annotations

from pathlib import Path

from nap1540.core.rendering.statuses import status_css, status_style
from nap1540.plans.models import Plan, Task

STYLESHEET = Path(__file__).parent / "static" / "nap1540" / "app.css"
BEGIN = "/* Status badges: written by `manage.py status_css` from core/rendering/statuses.py. */\n"
END = "/* End of the status badges. */\n"


def block() -> str:
    """The badge rules: task statuses (``st-``), plan statuses (``pl-``) and "overdue"."""
    overdue = status_style("overdue")
    return (
        BEGIN
        + status_css("st", Task.Status.values)
        + status_css("pl", Plan.Status.values)
        + f".badge.overdue {{ background: {overdue.colour}; border-color: {overdue.colour}; "
        f"color: {overdue.ink}; }}\n" + END
    )


def current() -> str:
    """The block as the stylesheet has it now, or "" when it has none."""
    text = STYLESHEET.read_text(encoding="utf-8")
    start = text.find(BEGIN)
    if start < 0:
        return ""
    end = text.find(END, start)
    return text[start : end + len(END)] if end >= 0 else text[start:]


def write() -> None:
    """Replace the block in the stylesheet, or add it at the end."""
    text = STYLESHEET.read_text(encoding="utf-8")
    old = current()
    text = text.replace(old, block()) if old else text + block()
    STYLESHEET.write_text(text, encoding="utf-8")
