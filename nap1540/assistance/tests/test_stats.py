"""Gaps and outcomes: the supply-and-demand heatmaps stay readable."""

from __future__ import annotations

import re

from nap1540.assistance import stats

REGIONS = [
    "African States",
    "Asia-Pacific States",
    "Eastern European States",
    "Latin American and Caribbean States",
    "Western European and other States",
]
SUBJECTS = ["Nuclear", "Material accounting and security", "National coordination and action plans"]


def test_heatmaps_show_region_and_subject_names_whole_and_inside_the_chart() -> None:
    counts = [[1] * len(REGIONS) for _ in SUBJECTS]
    charts = stats.heatmaps(
        {"subjects": SUBJECTS, "regions": REGIONS, "demand": counts, "supply": counts}
    )
    for svg in charts.values():
        assert "…" not in svg
        for label in [*REGIONS, *SUBJECTS]:
            assert f">{label}<" in svg
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))  # type: ignore[union-attr]
        # The last region label is rotated 45 degrees up and to the right from the centre of
        # its column; it must end inside the drawing, not be cut at the right edge.
        last = re.findall(r'<text x="([\d.]+)"[^>]*rotate\(-45', svg)[-1]
        reach = float(last) + len(REGIONS[-1]) * 7 * 0.72
        assert reach <= width
