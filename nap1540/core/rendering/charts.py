"""Server-side SVG charts: pure functions from plain data to accessible SVG strings.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (a text summary
of the data unless the caller gives one), uses a fixed palette whose colours reach 4.5:1
against white, escapes every label and contains no script. Labels longer than
`max_label_chars` are cut with an ellipsis and keep their full text in a ``<title>``.
All visible words (titles, "No data", legend entries) are parameters: pass them translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ._svg import (
    CHAR_WIDTH,
    DASHES,
    GRID,
    MARKERS,
    MUTED,
    PALETTE,
    STATUS_COLOURS,
    TEXT,
    Flip,
    Number,
    ValueFormat,
    chart_id,
    contrast_ratio,
    esc,
    finite,
    format_count,
    format_percent,
    grid_line,
    hatch_defs,
    ink_for,
    label_width,
    legend,
    marker,
    month_starts,
    nice_max,
    no_data_chart,
    num,
    scale_colour,
    summary,
    svg_root,
    text,
    text_units,
    ticks,
    title_line,
    truncate,
)

USER_CONTENT = ' data-user-content=""'

__all__ = [
    "PALETTE",
    "STATUS_COLOURS",
    "GanttTask",
    "Series",
    "bar_chart",
    "contrast_ratio",
    "format_count",
    "format_percent",
    "gantt",
    "heatmap",
    "line_chart",
    "no_data_chart",
    "stacked_bar_chart",
]


@dataclass(frozen=True)
class Series:
    """A named sequence of values; None marks a missing value."""

    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class GanttTask:
    label: str
    start: date
    end: date
    status: str = ""


# --- charts -----------------------------------------------------------------------------


def bar_chart(
    items: Sequence[tuple[str, Number | None]],
    *,
    title: str,
    desc: str | None = None,
    percent: bool = True,
    max_value: float | None = None,
    value_format: ValueFormat | None = None,
    no_data_label: str = "No data",
    colour: str = PALETTE[0],
    width: int = 640,
    max_label_chars: int = 32,
    rtl: bool = False,
    user_labels: bool = False,
) -> str:
    """Horizontal bars with their values; percentages use a fixed 0-100 scale.

    With `rtl` the chart is mirrored: labels at the right, bars growing to the left.
    `user_labels` marks the labels as people's content (``data-user-content``), such as
    agency names, which stay in the language they were written in.
    """
    items = [(label, finite(value)) for label, value in items]
    if not items:
        return no_data_chart(title=title, message=no_data_label, width=width)
    fmt = value_format or (format_percent if percent else format_count)
    present = [v for _, v in items if v is not None]
    top = 100.0 if percent else (max_value or nice_max(max(present, default=0)))
    label_w = label_width([label for label, _ in items], max_label_chars)
    left, right, row_h, top_y = label_w, 60.0, 26, 36
    plot_w = max(width - left - right, 50)
    height = top_y + row_h * len(items) + 30
    uid = chart_id("bar", items, title, percent, top, width)
    f = Flip(width, rtl)
    start, end = f.anchor("start"), f.anchor("end")
    body = [title_line(width, title)]
    for tick in ticks(top):
        x = f.x(left + plot_w * tick / top)
        body.append(grid_line(x, top_y, x, height - 26))
        body.append(text(x, height - 10, fmt(tick), anchor="middle", fill=MUTED, size=11))
    for i, (label, value) in enumerate(items):
        y = top_y + i * row_h
        body.append(
            text(
                f.x(left - 6),
                y + 17,
                label,
                anchor=end,
                max_chars=max_label_chars,
                extra=USER_CONTENT if user_labels else "",
            )
        )
        if value is None:
            body.append(
                text(f.x(left + 4), y + 17, no_data_label, anchor=start, fill=MUTED, size=11)
            )
            continue
        shown = min(max(float(value), 0.0), top)
        bar_w = plot_w * shown / top
        body.append(
            f'<rect x="{num(f.x(left, bar_w))}" y="{y + 4}" width="{num(bar_w)}" height="18" '
            f'fill="{colour}"><title>{esc(label)}: {esc(fmt(value))}</title></rect>'
        )
        body.append(text(f.x(left + bar_w + 4), y + 17, fmt(value), anchor=start))
    description = desc or summary(
        [f"{label}: {no_data_label if v is None else fmt(v)}" for label, v in items]
    )
    return svg_root(width, height, title, description, uid, body)


def stacked_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str | None = None,
    as_share: bool = False,
    value_format: ValueFormat | None = None,
    no_data_label: str = "No data",
    width: int = 640,
    max_label_chars: int = 28,
    rtl: bool = False,
    colours: Sequence[str] | None = None,
) -> str:
    """One horizontal bar per category, split by series; `as_share` scales each bar to 100 %.

    With `rtl` the chart is mirrored: labels at the right, bars growing to the left.
    `colours` gives each series its fill (statuses take theirs from `statuses`); by default
    the series take the palette in turn.
    """
    series = [Series(s.name, [finite(v) for v in s.values]) for s in series]
    totals = [
        sum(float(s.values[i] or 0) for s in series if i < len(s.values))
        for i in range(len(categories))
    ]
    if not categories or not series or not any(totals):
        return no_data_chart(title=title, message=no_data_label, width=width)
    fmt = value_format or format_count
    top = 100.0 if as_share else nice_max(max(totals))
    label_w = label_width(categories, max_label_chars)
    left, right, row_h, top_y = label_w, 20.0, 26, 56
    plot_w = max(width - left - right, 50)
    height = top_y + row_h * len(categories) + 30
    uid = chart_id("stack", categories, series, title, as_share, width)
    f = Flip(width, rtl)
    colours = [
        colours[i] if colours and i < len(colours) else PALETTE[i % len(PALETTE)]
        for i in range(len(series))
    ]
    body = [
        title_line(width, title),
        legend(10, 42, [(s.name, c) for s, c in zip(series, colours, strict=True)], 24, f),
    ]
    for tick in ticks(top):
        x = f.x(left + plot_w * tick / top)
        body.append(grid_line(x, top_y, x, height - 26))
        tick_text = format_percent(tick) if as_share else format_count(tick)
        body.append(text(x, height - 10, tick_text, anchor="middle", fill=MUTED, size=11))
    parts = []
    for i, category in enumerate(categories):
        y = top_y + i * row_h
        body.append(
            text(f.x(left - 6), y + 17, category, anchor=f.anchor("end"), max_chars=max_label_chars)
        )
        x = left
        scale = (100.0 / totals[i]) if as_share and totals[i] else 1.0
        described = []
        for s, colour in zip(series, colours, strict=True):
            raw = s.values[i] if i < len(s.values) else None
            described.append(f"{s.name} {no_data_label if raw is None else fmt(raw)}")
            if not raw or raw <= 0:
                continue
            seg_w = plot_w * float(raw) * scale / top
            body.append(
                f'<rect x="{num(f.x(x, seg_w))}" y="{y + 4}" width="{num(seg_w)}" height="18" '
                f'fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1"><title>{esc(category)}, {esc(s.name)}: '
                f"{esc(fmt(raw))}</title></rect>"
            )
            if seg_w >= len(fmt(raw)) * CHAR_WIDTH + 6:
                body.append(
                    text(
                        f.x(x + seg_w / 2),
                        y + 17,
                        fmt(raw),
                        anchor="middle",
                        fill=ink_for(colour),
                        size=11,
                    )
                )
            x += seg_w
        parts.append(f"{category}: " + ", ".join(described))
    return svg_root(width, height, title, desc or summary(parts), uid, body)


def heatmap(
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    values: Sequence[Sequence[Number | None]],
    *,
    title: str,
    desc: str | None = None,
    min_value: float = 0.0,
    max_value: float = 100.0,
    value_format: ValueFormat | None = None,
    missing_label: str = "n/a",
    missing_legend: str = "Suppressed or no data",
    no_data_label: str = "No data",
    width: int = 640,
    max_label_chars: int = 24,
    rtl: bool = False,
) -> str:
    """A grid of coloured cells; None cells are hatched grey and labelled `missing_label`.

    With `rtl` the grid is mirrored: row labels at the right, the first column next to them.
    """
    values = [[finite(v) for v in row] for row in values]
    if not row_labels or not col_labels:
        return no_data_chart(title=title, message=no_data_label, width=width)
    fmt = value_format or format_percent
    label_w = label_width(row_labels, max_label_chars)
    cell_w = max(min((width - label_w - 10) / len(col_labels), 90.0), 28.0)
    header_h = min(max_label_chars, max(len(c) for c in col_labels)) * CHAR_WIDTH * 0.72 + 12
    top_y, cell_h = 30 + header_h, 26.0
    width = max(width, int(label_w + cell_w * len(col_labels) + 10))
    height = top_y + cell_h * len(row_labels) + 46
    uid = chart_id("heat", row_labels, col_labels, values, title, min_value, max_value, width)
    span = (max_value - min_value) or 1.0
    f = Flip(width, rtl)
    start, end = f.anchor("start"), f.anchor("end")
    body = [hatch_defs(uid), title_line(width, title)]
    # Column labels slant up and away from the row labels, to the right or, mirrored, the left.
    slant = 45 if rtl else -45
    for j, col in enumerate(col_labels):
        cx, cy = f.x(label_w + j * cell_w + cell_w / 2), top_y - 6
        body.append(
            text(
                cx,
                cy,
                col,
                anchor=start,
                max_chars=max_label_chars,
                size=11,
                extra=f' transform="rotate({slant} {num(cx)} {num(cy)})"',
            )
        )
    parts = []
    for i, row in enumerate(row_labels):
        y = top_y + i * cell_h
        body.append(text(f.x(label_w - 6), y + 17, row, anchor=end, max_chars=max_label_chars))
        row_values = list(values[i]) if i < len(values) else []
        described = []
        for j, col in enumerate(col_labels):
            value = row_values[j] if j < len(row_values) else None
            x = f.x(label_w + j * cell_w, cell_w)
            shown = missing_label if value is None else fmt(value)
            described.append(f"{col} {shown}")
            fill = (
                f"url(#{uid}-hatch)" if value is None else scale_colour((value - min_value) / span)
            )
            ink = TEXT if value is None else ink_for(fill)
            body.append(
                f'<rect x="{num(x)}" y="{num(y)}" width="{num(cell_w)}" height="{num(cell_h)}" '
                f'fill="{fill}" stroke="#ffffff" stroke-width="1">'
                f"<title>{esc(row)}, {esc(col)}: {esc(shown)}</title></rect>"
            )
            if len(shown) * 6.5 <= cell_w - 4:
                body.append(text(x + cell_w / 2, y + 17, shown, anchor="middle", fill=ink, size=11))
        parts.append(f"{row}: " + ", ".join(described))
    legend_y = height - 20
    # The scale runs from the minimum at the reading start to the maximum.
    grad_dir = ' x1="1" x2="0"' if rtl else ""
    body.append(
        f'<defs><linearGradient id="{uid}-grad"{grad_dir}>'
        f'<stop offset="0" stop-color="{scale_colour(0)}"/>'
        f'<stop offset="1" stop-color="{scale_colour(1)}"/></linearGradient></defs>'
        f'<rect x="{num(f.x(10, 120))}" y="{num(legend_y - 10)}" width="120" height="12" '
        f'fill="url(#{uid}-grad)" stroke="{GRID}"/>'
    )
    body.append(text(f.x(10), legend_y + 16, fmt(min_value), anchor=start, size=11, fill=MUTED))
    body.append(text(f.x(130), legend_y + 16, fmt(max_value), anchor=end, size=11, fill=MUTED))
    body.append(
        f'<rect x="{num(f.x(150, 12))}" y="{num(legend_y - 10)}" width="12" height="12" '
        f'fill="url(#{uid}-hatch)" stroke="{GRID}"/>'
    )
    body.append(
        text(f.x(168), legend_y, f"{missing_label}: {missing_legend}", anchor=start, size=11)
    )
    return svg_root(width, height, title, desc or summary(parts), uid, body)


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str | None = None,
    percent: bool = True,
    y_max: float | None = None,
    value_format: ValueFormat | None = None,
    no_data_label: str = "No data",
    width: int = 640,
    height: int = 320,
    max_label_chars: int = 14,
    rtl: bool = False,
) -> str:
    """Lines over ordered x labels (e.g. implementation rate per review); None leaves a gap.

    With `rtl` the chart is mirrored: the first x label at the right, the value axis too.
    """
    series = [Series(s.name, [finite(v) for v in s.values]) for s in series]
    # The axis starts at the first label with a value: a trend across years does not open on
    # years without data (before the first approval, or suppressed).
    first = next(
        (
            i
            for i in range(len(x_labels))
            if any(i < len(s.values) and s.values[i] is not None for s in series)
        ),
        0,
    )
    x_labels = list(x_labels)[first:]
    series = [Series(s.name, list(s.values)[first:]) for s in series]
    present = [v for s in series for v in s.values if v is not None]
    if not x_labels or not present:
        return no_data_chart(title=title, message=no_data_label, width=width)
    fmt = value_format or (format_percent if percent else format_count)
    top = 100.0 if percent else (y_max or nice_max(max(present)))
    left, right, top_y, bottom, pad = 56.0, 20.0, 66.0, 40.0, 24.0
    plot_w, plot_h = width - left - right, height - top_y - bottom
    step = (plot_w - 2 * pad) / max(len(x_labels) - 1, 1)
    uid = chart_id("line", x_labels, series, title, percent, top, width, height)
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(series))]
    f = Flip(width, rtl)
    body = [title_line(width, title)]
    legend_x = 10.0
    for k, (s, colour) in enumerate(zip(series, colours, strict=True)):
        dash = f' stroke-dasharray="{DASHES[k % len(DASHES)]}"' if DASHES[k % len(DASHES)] else ""
        body.append(
            f'<line x1="{num(f.x(legend_x))}" y1="38" x2="{num(f.x(legend_x + 28))}" y2="38" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        body.append(marker(MARKERS[k % len(MARKERS)], f.x(legend_x + 14), 38, colour, s.name))
        body.append(text(f.x(legend_x + 34), 42, s.name, anchor=f.anchor("start"), max_chars=24))
        legend_x += 34 + text_units(truncate(s.name, 24)) * CHAR_WIDTH + 18

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (pad + i * step if len(x_labels) > 1 else plot_w / 2)
        return f.x(x), top_y + plot_h * (1 - min(max(v, 0.0), top) / top)

    for tick in ticks(top):
        _, y = xy(0, tick)
        body.append(grid_line(f.x(left), y, f.x(left + plot_w), y))
        tick_x, tick_anchor = f.x(left - 6), f.anchor("end")
        body.append(text(tick_x, y + 4, fmt(tick), anchor=tick_anchor, fill=MUTED, size=11))
    for i, label in enumerate(x_labels):
        x, _ = xy(i, 0)
        body.append(
            text(
                x, height - bottom + 18, label, anchor="middle", max_chars=max_label_chars, size=11
            )
        )
    parts = []
    for k, (s, colour) in enumerate(zip(series, colours, strict=True)):
        dash = DASHES[k % len(DASHES)]
        segment: list[str] = []
        segments = [segment]
        for i, value in enumerate(list(s.values)[: len(x_labels)]):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            x, y = xy(i, float(value))
            segment.append(f"{num(x)},{num(y)}")
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr}/>'
                )
        described = []
        for i, value in enumerate(list(s.values)[: len(x_labels)]):
            described.append(f"{x_labels[i]} {no_data_label if value is None else fmt(value)}")
            if value is not None:
                x, y = xy(i, float(value))
                tip = f"{s.name}, {x_labels[i]}: {fmt(value)}"
                body.append(marker(MARKERS[k % len(MARKERS)], x, y, colour, tip))
        parts.append(f"{s.name}: " + ", ".join(described))
    return svg_root(width, height, title, desc or summary(parts), uid, body)


def _anchor_within(x: float, text_width: float, width: float) -> str:
    """Centre a label on x unless that would push it past either edge."""
    if x - text_width / 2 < 0:
        return "start"
    if x + text_width / 2 > width:
        return "end"
    return "middle"


def gantt(
    tasks: Sequence[GanttTask],
    *,
    title: str,
    desc: str | None = None,
    today: date | None = None,
    today_label: str = "Today",
    status_labels: Mapping[str, str] | None = None,
    status_colours: Mapping[str, str] | None = None,
    date_format: Callable[[date], str] = lambda d: d.strftime("%Y-%m"),
    day_format: Callable[[date], str] = date.isoformat,
    no_data_label: str = "No data",
    width: int = 760,
    max_label_chars: int = 32,
    rtl: bool = False,
) -> str:
    """Tasks as bars on a time axis, coloured by status, with an optional "today" line.

    With `rtl` the chart is mirrored: task labels at the right and time running from right
    to left, as the page around it reads (docs/decisions/015-right-to-left.md).
    """
    if not tasks:
        return no_data_chart(title=title, message=no_data_label, width=width)
    labels = dict(status_labels or {})
    colours = {**STATUS_COLOURS, **(status_colours or {})}
    statuses = list(dict.fromkeys(t.status for t in tasks))
    spare = iter(c for c in PALETTE if c not in colours.values())
    for status in statuses:
        if status not in colours:
            colours[status] = next(spare, PALETTE[-1])
    first = min(min(t.start, t.end) for t in tasks)
    last = max(max(t.start, t.end) for t in tasks)
    if today is not None and first <= today <= last + timedelta(days=31):
        last = max(last, today)
    first = date(first.year, first.month, 1)
    last_month = month_starts(last, last)[0]
    end = date(last_month.year + last_month.month // 12, last_month.month % 12 + 1, 1)
    days = (end - first).days
    label_w = label_width([t.label for t in tasks], max_label_chars)
    left, right, top_y, row_h = label_w, 16.0, 72.0, 24
    plot_w = max(width - left - right, 100)
    height = top_y + row_h * len(tasks) + 30
    uid = chart_id("gantt", tasks, title, today, width)
    f = Flip(width, rtl)
    start_anchor, end_anchor = f.anchor("start"), f.anchor("end")

    def xpos(d: date) -> float:
        """Where day `d` falls, before any mirroring."""
        return left + plot_w * (d - first).days / days

    entries = [(labels.get(s, s) or "-", colours[s]) for s in statuses]
    body = [title_line(width, title), legend(10, 42, entries, 20, f)]
    months = month_starts(first, end)
    month_labels = [date_format(m) for m in months]
    # About 6.5 px a character at size 11, and a gap: "December 2026" needs more than "2026-12".
    room = max(60, int(6.5 * max(len(label) for label in month_labels)) + 12)
    every = max(1, len(months) // max(int(plot_w // room), 1))
    for k, month in enumerate(months):
        x = xpos(month)
        body.append(grid_line(f.x(x), top_y, f.x(x), height - 26))
        label = month_labels[k]
        # About 6.5 px a character at size 11: a label that would run past the edge is left out.
        fits = x + 2 + 6.5 * len(label) <= width
        if k % every == 0 and month < end and fits:
            label_x = f.x(x + 2)
            body.append(text(label_x, height - 10, label, anchor=start_anchor, fill=MUTED, size=11))
    parts = []
    for i, task in enumerate(tasks):
        y = top_y + i * row_h
        start, finish = sorted((task.start, task.end))
        x0, x1 = xpos(start), xpos(finish + timedelta(days=1))
        status = labels.get(task.status, task.status)
        tip = f"{task.label}: {day_format(start)} \u2013 {day_format(finish)}" + (
            f" ({status})" if status else ""
        )
        body.append(
            # Task titles are people's content: they stay in the language they were written in.
            text(
                f.x(left - 6),
                y + 16,
                task.label,
                anchor=end_anchor,
                max_chars=max_label_chars,
                extra=USER_CONTENT,
            )
        )
        bar_w = max(x1 - x0, 2)
        body.append(
            f'<rect x="{num(f.x(x0, bar_w))}" y="{y + 4}" width="{num(bar_w)}" height="16" rx="2" '
            f'fill="{colours[task.status]}"><title>{esc(tip)}</title></rect>'
        )
        parts.append(tip)
    if today is not None and first <= today < end:
        marker_text = f"{today_label} {day_format(today)}"
        x = f.x(xpos(today))
        body.append(
            f'<line x1="{num(x)}" y1="{top_y - 6}" x2="{num(x)}" y2="{num(height - 26)}" '
            f'stroke="#b3261e" stroke-width="2" stroke-dasharray="4 2"/>'
        )
        body.append(
            text(
                x,
                top_y - 8,
                marker_text,
                anchor=_anchor_within(x, len(marker_text) * 6.5, width),
                fill="#b3261e",
                size=11,
            )
        )
        parts.append(f"{today_label}: {day_format(today)}")
    return svg_root(width, height, title, desc or summary(parts), uid, body)
