"""Server-side SVG charts of the regional status (shared renderer in web.rendering)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from nap1540.core.rendering._svg import CHAR_WIDTH
from nap1540.core.rendering.charts import Series, bar_chart, heatmap, line_chart


def _legend_width(names: Iterable[str]) -> int:
    """Width the line chart needs to fit its one-line legend (mirrors its layout)."""
    return int(20 + sum(34 + min(len(n), 24) * CHAR_WIDTH + 18 for n in names))


def charts(data: dict[str, Any]) -> dict[str, SafeString]:
    """Bar charts by section and weapon, the States x sections heatmap and the trend line."""
    suppressed = data["suppressed"]
    no_data = (
        _("Suppressed: fewer than %(n)d States") % {"n": data["min_states"]}
        if (suppressed)
        else _("No data")
    )
    out: dict[str, str] = {}
    out["sections"] = bar_chart(
        [] if suppressed else [(s["code"], s["coverage"]) for s in data["sections"]],
        title=_("Coverage by section (share of applicable fields marked X)"),
        no_data_label=no_data,
        rtl=get_language_bidi(),
    )
    out["weapons"] = bar_chart(
        [] if suppressed else [(w["label"], w["coverage"]) for w in data["weapons"]],
        title=_("Coverage by weapon category"),
        no_data_label=no_data,
        rtl=get_language_bidi(),
    )
    rows = data["heatmap"]["rows"]
    out["heatmap"] = heatmap(
        [r["name"] for r in rows],
        data["heatmap"]["columns"],
        [r["values"] for r in rows],
        title=_("Coverage by State and section"),
        missing_label=_("n/a"),
        missing_legend=_("no field of this section applies"),
        no_data_label=_("No approved matrix you can see"),
        rtl=get_language_bidi(),
    )
    trend = data["trend"]
    series = [Series(_("All sections"), [t["overall"] for t in trend])]
    for code in data["heatmap"]["columns"]:
        series.append(Series(code, [t["sections"].get(code) for t in trend]))
    out["trend"] = line_chart(
        [str(t["year"]) for t in trend],
        series if any(t["overall"] is not None for t in trend) else [],
        title=_("Coverage across approval years"),
        no_data_label=no_data if suppressed else _("No data"),
        # One legend line for "All sections" and every section code: wide enough for all.
        width=max(640, _legend_width(s.name for s in series)),
        rtl=get_language_bidi(),
    )
    # The renderer escapes every label and emits no script.
    return {k: mark_safe(v) for k, v in out.items()}
