"""SVG building blocks shared by `rendering.charts`: palette, escaping, text, legends."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from html import escape

from . import fonts
from .bidi import first_strong_is_rtl
from .document import xml_safe
from .fonts import is_wide
from .statuses import status_colours

PALETTE = (
    "#1f4e79",  # navy
    "#b45309",  # amber
    "#2e7d32",  # green
    "#6a1b9a",  # purple
    "#c2185b",  # raspberry
    "#00695c",  # teal
    "#5d4037",  # brown
    "#455a64",  # blue grey
)
# The one mapping of `statuses`: a Gantt bar has the colour of its status badge.
STATUS_COLOURS = status_colours()
TEXT = "#1a1a1a"
MUTED = "#595959"
GRID = "#d0d0d0"
MISSING_FILL = "#e0e0e0"
# DejaVu Sans first: it has Latin, Cyrillic and Arabic (with the presentation forms that
# `bidi.glyph_order` writes), and CairoSVG uses only the first family of the list.
FONT = f"{fonts.LATIN}, {fonts.ARABIC_SANS}, {fonts.CJK}, Verdana, Arial, sans-serif"
# A label with Chinese characters names the CJK font first, which also has Latin letters.
CJK_FONT = f"{fonts.CJK}, {fonts.LATIN}, sans-serif"
CHAR_WIDTH = 7.0  # average advance of a 12 px DejaVu Sans glyph, for layout estimates
WIDE_CHAR = 1.75  # a Chinese character is about as wide as it is high: 1.75 average glyphs

Number = float | int
ValueFormat = Callable[[float], str]


def finite(value: Number | None) -> float | None:
    """The value as a float, or None when it is missing, NaN or infinite."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def format_percent(value: float) -> str:
    return f"{value:.0f}%"


def format_count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


# --- low-level helpers ------------------------------------------------------------------


def esc(text: str) -> str:
    return escape(xml_safe(text), quote=True)


def num(x: float) -> str:
    out = f"{x:.1f}"
    return out[:-2] if out.endswith(".0") else out


def chart_id(*parts: object) -> str:
    """A deterministic id prefix, so several charts can share one HTML page."""
    return "c" + hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:10]


def text_units(text: str) -> float:
    """The width of `text` in average Latin glyphs, counting Chinese characters as wider."""
    return sum(WIDE_CHAR if is_wide(c) else 1.0 for c in text)


def truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[: max(1, max_chars - 1)].rstrip() + "\u2026"


def text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    max_chars: int | None = None,
    fill: str = TEXT,
    size: int = 12,
    extra: str = "",
) -> str:
    shown = truncate(text, max_chars) if max_chars else text
    if first_strong_is_rtl(shown):
        # Read from the right; the same box, so the anchor names the other edge.
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
        extra += ' direction="rtl"'
    if any(is_wide(c) for c in shown):
        extra += f' font-family="{CJK_FONT}"'
    element = (
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" fill="{fill}" '
        f'font-size="{size}"{extra}>{esc(shown)}</text>'
    )
    if shown != text:
        return f"<g><title>{esc(text)}</title>{element}</g>"
    return element


_OTHER_END = {"start": "end", "end": "start"}


@dataclass(frozen=True)
class Flip:
    """The horizontal axis of a chart, mirrored for right-to-left readers when `rtl`.

    Charts are laid out left to right and place every x through `x` and every text anchor
    through `anchor`: in Arabic the labels stand at the right, bars grow to the left and
    time runs from right to left (docs/decisions/015-right-to-left.md).
    """

    width: float
    rtl: bool = False

    def x(self, x: float, w: float = 0.0) -> float:
        """Where a box laid out from `x`, `w` wide, starts once mirrored."""
        return self.width - x - w if self.rtl else x

    def anchor(self, anchor: str) -> str:
        return _OTHER_END.get(anchor, anchor) if self.rtl else anchor


# The smallest text of a chart, in its own units: at `min_width` or wider it reads at 11 px.
MIN_FONT_SIZE = 11
# Widths (in px) a chart is never drawn narrower than, so that its text stays readable; the
# page's stylesheet gives each its rule (``svg.nap-chart--640 { min-width: 40rem }``).
MIN_WIDTHS = (640, 760, 900, 1200)


def min_width(width: float) -> int:
    """The narrowest rendering of a chart `width` units across that keeps 11 px text."""
    return next((w for w in MIN_WIDTHS if width <= w), MIN_WIDTHS[-1])


def svg_root(width: float, height: float, title: str, desc: str, uid: str, body: list[str]) -> str:
    """The chart's root: it scales to the width of its box (viewBox, width 100 %), never
    below `min_width` on a page, and names its title and its summary for screen readers."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'viewBox="0 0 {num(width)} {num(height)}" role="img" '
        f'class="nap-chart nap-chart--{min_width(width)}" '
        f'aria-labelledby="{uid}-t {uid}-d" font-family="{FONT}" font-size="12" direction="ltr">'
        f'<title id="{uid}-t">{esc(title)}</title><desc id="{uid}-d">{esc(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def summary(parts: Sequence[str], limit: int = 4000) -> str:
    return truncate("; ".join(parts), limit)


def hatch_defs(uid: str) -> str:
    return (
        f'<defs><pattern id="{uid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{MISSING_FILL}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#9e9e9e" stroke-width="2"/></pattern></defs>'
    )


def title_line(width: float, title: str) -> str:
    return text(width / 2, 20, title, anchor="middle", size=14, extra=' font-weight="bold"')


def no_data_chart(*, title: str, message: str = "No data", width: int = 640) -> str:
    """A placeholder chart that says there is nothing to show."""
    height = 120
    uid = chart_id("empty", title, message, width)
    body = [
        title_line(width, title),
        f'<rect x="10" y="34" width="{width - 20}" height="{height - 44}" fill="#f5f5f5" '
        f'stroke="{GRID}" stroke-dasharray="4 3"/>',
        text(width / 2, 34 + (height - 44) / 2 + 5, message, anchor="middle", fill=MUTED),
    ]
    return svg_root(width, height, title, message, uid, body)


def nice_max(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if not math.isfinite(value) or value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    if magnitude == 0.0:  # a subnormal value: its power of ten underflows to zero
        return 1.0
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def ticks(maximum: float, count: int = 4) -> list[float]:
    """Evenly spaced ticks from 0; whole-number steps when the maximum is a whole number.

    A chart of 5 tasks gets ticks 0, 1, 2, 3, 4, 5 rather than 1.25, 2.5, 3.75.
    """
    if maximum >= 1 and float(maximum).is_integer():
        whole = int(maximum)
        options = (whole,) if whole <= 10 else (count, 5, 2)
        count = next((c for c in options if whole % c == 0), count)
    return [maximum * i / count for i in range(count + 1)]


def legend(
    x: float,
    y: float,
    entries: Sequence[tuple[str, str]],
    max_chars: int,
    flip: Flip | None = None,
) -> str:
    """Colour swatches with their names in one line, from the reading start of the chart."""
    flip = flip or Flip(0)
    out = []
    for name, colour in entries:
        swatch = num(flip.x(x, 12))
        out.append(f'<rect x="{swatch}" y="{num(y - 10)}" width="12" height="12" fill="{colour}"/>')
        out.append(text(flip.x(x + 16), y, name, anchor=flip.anchor("start"), max_chars=max_chars))
        x += 16 + text_units(truncate(name, max_chars)) * CHAR_WIDTH + 18
    return "".join(out)


def label_width(labels: Sequence[str], max_chars: int) -> float:
    longest = max((text_units(truncate(label, max_chars)) for label in labels), default=0)
    return longest * CHAR_WIDTH + 12


@lru_cache(maxsize=4096)
def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def scale_colour(t: float) -> str:
    """Sequential blue scale from #eef4fb (t=0) to #08306b (t=1)."""
    low, high = (0xEE, 0xF4, 0xFB), (0x08, 0x30, 0x6B)
    t = min(max(t, 0.0), 1.0)
    return "#" + "".join(
        f"{round(lo + (hi - lo) * t):02x}" for lo, hi in zip(low, high, strict=True)
    )


@lru_cache(maxsize=4096)  # a heatmap of 193 States asks for the same few hundred fills
def ink_for(fill: str) -> str:
    return (
        "#ffffff"
        if contrast_ratio(fill, "#ffffff") >= contrast_ratio(fill, "#000000")
        else "#000000"
    )


MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


def marker(kind: str, x: float, y: float, colour: str, tip: str) -> str:
    """A data point marker; the shape varies by series so colour is not the only cue."""
    title = f"<title>{esc(tip)}</title>"
    if kind == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="{colour}">{title}</circle>'
    if kind == "square":
        corners = [(x - 4, y - 4), (x + 4, y - 4), (x + 4, y + 4), (x - 4, y + 4)]
    elif kind == "triangle":
        corners = [(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)]
    else:
        corners = [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
    points = " ".join(f"{num(px)},{num(py)}" for px, py in corners)
    return f'<polygon points="{points}" fill="{colour}">{title}</polygon>'


def grid_line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{GRID}"/>'


def month_starts(first: date, last: date) -> list[date]:
    months = []
    current = date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months
