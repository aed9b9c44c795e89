import re
from datetime import date
from xml.etree import ElementTree as ET

import cairosvg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nap1540.core.rendering import charts
from nap1540.core.rendering.charts import GanttTask, Series

S = "{http://www.w3.org/2000/svg}"
LONG = "The former Yugoslav Republic of Macedonia and a much longer organisation name"


def example_charts() -> dict[str, str]:
    return {
        "bar": charts.bar_chart([("Uzbekistan", 54), ("Kazakhstan", None)], title="Rates"),
        "count": charts.bar_chart([("A", 3), ("B", 12)], title="Counts", percent=False),
        "stacked": charts.stacked_bar_chart(
            ["Nuclear", "Chemical"],
            [Series("Yes", [10, 5]), Series("No", [2, None])],
            title="Matrix",
        ),
        "share": charts.stacked_bar_chart(
            ["Nuclear"], [Series("Yes", [1]), Series("No", [3])], title="Share", as_share=True
        ),
        "heatmap": charts.heatmap(
            ["KAZ", "UZB"], ["2(a)", "3(b)"], [[0, None], [100, 50]], title="H"
        ),
        "line": charts.line_chart(
            ["2016", "2017", "2019"],
            [Series("UZB", [10, None, 80]), Series("KGZ", [0, 5, 100])],
            title="Rate",
        ),
        "gantt": charts.gantt(
            [
                GanttTask("Draft law", date(2017, 1, 1), date(2017, 6, 30), "completed"),
                GanttTask("Train", date(2017, 3, 1), date(2018, 2, 1), "in_progress"),
                GanttTask("Custom status", date(2018, 1, 1), date(2018, 1, 1), "blocked"),
            ],
            title="Plan",
            today=date(2017, 9, 1),
            status_labels={"completed": "Completed", "in_progress": "In progress"},
        ),
        "empty": charts.no_data_chart(title="Nothing"),
    }


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - parses our own output
    assert root.tag == f"{S}svg"
    return root


@pytest.mark.parametrize("name", list(example_charts()))
def test_chart_is_well_formed_accessible_svg(name: str):
    svg = example_charts()[name]
    root = parse(svg)
    assert root.get("role") == "img"
    title, desc = list(root)[:2]
    assert title.tag == f"{S}title" and title.text
    assert desc.tag == f"{S}desc" and desc.text
    labelled_by = (root.get("aria-labelledby") or "").split()
    assert labelled_by == [title.get("id"), desc.get("id")]
    assert "<script" not in svg and not re.search(r"\son\w+=", svg)
    assert not re.search(r'href="(?!#)', svg) and "url(http" not in svg


@pytest.mark.parametrize("name", list(example_charts()))
def test_chart_renders_to_png_with_cairosvg(name: str):
    png = cairosvg.svg2png(bytestring=example_charts()[name].encode(), unsafe=False)
    assert png.startswith(b"\x89PNG")


def test_chart_ids_differ_between_charts_and_repeat_for_equal_input():
    ids = [parse(svg).get("aria-labelledby") for svg in example_charts().values()]
    assert len(set(ids)) == len(ids)
    assert example_charts()["heatmap"] == example_charts()["heatmap"]


@pytest.mark.parametrize(
    "svg",
    [
        charts.bar_chart([], title="T", no_data_label="Нет данных"),
        charts.stacked_bar_chart(["A"], [Series("x", [0])], title="T", no_data_label="Нет данных"),
        charts.heatmap([], ["c"], [], title="T", no_data_label="Нет данных"),
        charts.line_chart(["2017"], [Series("x", [None])], title="T", no_data_label="Нет данных"),
        charts.gantt([], title="T", no_data_label="Нет данных"),
    ],
)
def test_empty_data_gives_a_clear_no_data_chart(svg: str):
    root = parse(svg)
    texts = [t.text for t in root.iter(f"{S}text")]
    assert "Нет данных" in texts
    assert root.findtext(f"{S}desc") == "Нет данных"


def test_long_labels_are_truncated_with_the_full_text_in_a_title():
    root = parse(charts.bar_chart([(LONG, 40)], title="T", max_label_chars=20))
    groups = [g for g in root.iter(f"{S}g") if g.find(f"{S}title") is not None]
    assert groups[0].findtext(f"{S}title") == LONG
    shown = groups[0].findtext(f"{S}text") or ""
    assert shown.endswith("\u2026") and len(shown) == 20
    assert LONG in (root.findtext(f"{S}desc") or "")


def bar_widths(svg: str) -> list[float]:
    return [
        float(r.get("width", 0))
        for r in parse(svg).iter(f"{S}rect")
        if r.find(f"{S}title") is not None
    ]


def test_percent_bars_span_zero_to_full_width_and_clamp_out_of_range_values():
    widths = bar_widths(charts.bar_chart([("a", 0), ("b", 100), ("c", 150), ("d", -5)], title="T"))
    assert widths[0] == 0 and widths[3] == 0
    assert widths[1] == widths[2] > 0
    texts = [
        t.text for t in parse(charts.bar_chart([("a", 0), ("b", 100)], title="T")).iter(f"{S}text")
    ]
    assert "0%" in texts and "100%" in texts


def test_count_bars_scale_to_a_round_maximum():
    svg = charts.bar_chart([("a", 7), ("b", 0)], title="T", percent=False)
    texts = [t.text for t in parse(svg).iter(f"{S}text")]
    assert "10" in texts and "7" in texts


def test_custom_value_format_is_used():
    svg = charts.bar_chart([("a", 54)], title="T", value_format=lambda v: f"{v:.0f}\u00a0%")
    assert "54\u00a0%" in [t.text for t in parse(svg).iter(f"{S}text")]


def test_labels_are_escaped():
    svg = charts.bar_chart([('<b>"A&B"</b>', 10)], title="<script>x</script>")
    assert "<b>" not in svg and "<script>" not in svg
    root = parse(svg)
    assert root.findtext(f"{S}title") == "<script>x</script>"
    assert '<b>"A&B"</b>' in [t.text for t in root.iter(f"{S}text")]


def test_heatmap_shows_missing_values_hatched_and_labelled():
    svg = charts.heatmap(["UZB"], ["a", "b"], [[50, None]], title="H", missing_label="s.o.")
    root = parse(svg)
    assert root.find(f".//{S}pattern") is not None
    cells = [r for r in root.iter(f"{S}rect") if r.find(f"{S}title") is not None]
    assert cells[1].get("fill", "").startswith("url(#")
    assert cells[1].findtext(f"{S}title") == "UZB, b: s.o."
    assert "s.o." in [t.text for t in root.iter(f"{S}text")]


def test_heatmap_text_contrasts_with_its_cell():
    svg = charts.heatmap(["r"], ["lo", "hi"], [[0, 100]], title="H")
    inks = [t.get("fill") for t in parse(svg).iter(f"{S}text") if t.text in {"0%", "100%"}]
    assert inks[:2] == ["#000000", "#ffffff"]


def test_line_chart_breaks_the_line_at_missing_values():
    svg = charts.line_chart(["a", "b", "c"], [Series("s", [1, None, 3])], title="L", percent=False)
    root = parse(svg)
    assert root.find(f".//{S}polyline") is None  # two single points, no segment
    assert len([c for c in root.iter(f"{S}circle")]) == 3  # 2 points + legend marker


def test_gantt_marks_today_and_colours_by_status():
    svg = example_charts()["gantt"]
    root = parse(svg)
    assert "Today 2017-09-01" in [t.text for t in root.iter(f"{S}text")]
    bars = {
        r.findtext(f"{S}title"): r.get("fill")
        for r in root.iter(f"{S}rect")
        if r.find(f"{S}title") is not None
    }
    assert (
        bars["Draft law: 2017-01-01 \u2013 2017-06-30 (Completed)"]
        == charts.STATUS_COLOURS["completed"]
    )
    assert bars["Custom status: 2018-01-01 \u2013 2018-01-01 (blocked)"] in charts.PALETTE


def test_gantt_accepts_tasks_that_end_before_they_start():
    svg = charts.gantt([GanttTask("Odd", date(2018, 5, 1), date(2018, 1, 1))], title="G")
    assert "Odd: 2018-01-01 \u2013 2018-05-01" in svg


@pytest.mark.parametrize("colour", charts.PALETTE + tuple(charts.STATUS_COLOURS.values()))
def test_palette_colours_reach_text_contrast_against_white(colour: str):
    assert charts.contrast_ratio(colour, "#ffffff") >= 4.5


@given(
    labels=st.lists(st.text(max_size=80), max_size=6),
    values=st.lists(st.one_of(st.none(), st.floats()), min_size=6, max_size=6),
)
def test_any_labels_and_values_give_well_formed_charts(
    labels: list[str], values: list[float | None]
):
    items = list(zip(labels, values, strict=False))
    parse(charts.bar_chart(items, title="".join(labels[:1]) or "T"))
    parse(charts.bar_chart(items, title="T", percent=False))
    series = [Series(label, values) for label in labels]
    parse(charts.stacked_bar_chart(labels, series, title="T"))
    parse(charts.line_chart(labels, series, title="T"))
    parse(charts.heatmap(labels, labels, [values] * len(labels), title="T"))


def test_count_axes_use_whole_number_ticks():
    from nap1540.core.rendering._svg import ticks

    assert ticks(5.0) == [0, 1, 2, 3, 4, 5]
    assert ticks(50.0) == [0, 10, 20, 30, 40, 50]
    assert ticks(100.0) == [0, 25, 50, 75, 100]
    assert ticks(2.5) == [0, 0.625, 1.25, 1.875, 2.5]


def test_gantt_month_labels_stay_inside_the_chart():
    import re
    from datetime import date

    from nap1540.core.rendering import charts

    tasks = [charts.GanttTask("Task", date(2014, 1, 1), date(2016, 12, 31), "completed")]
    svg = charts.gantt(tasks, title="Timeline", width=500)
    labels = re.findall(r'<text x="([\d.]+)"[^>]*>(\d{4}-\d{2})</text>', svg)
    assert len(labels) >= 4
    for x, label in labels:
        assert float(x) + 6 * len(label) <= 500


def texts(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314 - parses our own output
    assert root.get("direction") == "ltr"  # the layout does not turn round in an Arabic page
    return {t.text or "": t for t in root.iter(f"{S}text")}


def test_arabic_labels_read_from_the_right_within_the_same_box():
    label = "تم الإنجاز"  # completed
    drawn = texts(charts.bar_chart([(label, 50), ("OP1", 20)], title="Rates"))
    # Bar labels end at the bars: for right-to-left text that edge is where it starts.
    assert drawn[label].get("direction") == "rtl" and drawn[label].get("text-anchor") == "start"
    assert drawn["OP1"].get("direction") is None and drawn["OP1"].get("text-anchor") == "end"


def bar_start(svg: str) -> float:
    root = ET.fromstring(svg)  # noqa: S314 - parses our own output
    bar = root.find(f"{S}rect[@fill='{charts.PALETTE[0]}']")
    assert bar is not None
    return float(bar.get("x", "0"))


def test_chinese_labels_name_the_cjk_font_first_and_get_room_for_wide_characters():
    label = "已完成任务"  # tasks completed
    svg = charts.bar_chart([(label, 50)], title="Rates")
    assert (texts(svg)[label].get("font-family") or "").startswith("Noto Sans CJK SC")
    assert bar_start(svg) > bar_start(charts.bar_chart([("abcde", 50)], title="Rates"))


# --- right to left (docs/decisions/015-right-to-left.md) ---------------------------------

TASKS = [
    GanttTask("Draft law", date(2017, 1, 1), date(2017, 6, 30), "completed"),
    GanttTask("Train", date(2017, 3, 1), date(2018, 2, 1), "in_progress"),
]


def bars(svg: str) -> dict[str, tuple[float, float]]:
    """Each titled rectangle's (left, right) edge, keyed by its title."""
    return {
        r.findtext(f"{S}title", ""): (
            float(r.get("x", 0)),
            float(r.get("x", 0)) + float(r.get("width", 0)),
        )
        for r in parse(svg).iter(f"{S}rect")
        if r.find(f"{S}title") is not None
    }


def test_arabic_bar_chart_puts_the_labels_at_the_right_and_grows_bars_to_the_left():
    label = "تم الإنجاز"  # completed
    svg = charts.bar_chart([(label, 50), ("OP1", 100)], title="Rates", width=640, rtl=True)
    drawn = texts(svg)
    (left, right), (full_left, full_right) = bars(svg).values()
    assert right == full_right  # both bars start from the same edge, at the right
    assert full_left < left  # and the larger one reaches further to the left
    for name in (label, "OP1"):
        assert float(drawn[name].get("x", 0)) > right
    # The label box begins past the bars: Arabic starts there, read from the right.
    assert drawn[label].get("direction") == "rtl" and drawn[label].get("text-anchor") == "end"
    assert drawn["OP1"].get("text-anchor") == "start"
    assert float(drawn["50%"].get("x", 0)) < left  # the value sits past the bar's end


def test_arabic_gantt_runs_time_from_right_to_left():
    svg = charts.gantt(TASKS, title="Plan", today=date(2017, 9, 1), width=600, rtl=True)
    spans = bars(svg)
    draft = spans["Draft law: 2017-01-01 \u2013 2017-06-30 (completed)"]
    train = spans["Train: 2017-03-01 \u2013 2018-02-01 (in_progress)"]
    assert draft[1] > train[1] and draft[0] > train[0]  # the earlier task stands further right
    months = [
        (float(t.get("x", 0)), t.text or "")
        for t in parse(svg).iter(f"{S}text")
        if re.fullmatch(r"\d{4}-\d{2}", t.text or "")
    ]
    assert months == sorted(months, key=lambda m: m[1]) and len(months) >= 3
    assert [x for x, _ in months] == sorted((x for x, _ in months), reverse=True)
    for x, label in months:
        assert x - 6 * len(label) >= 0 and x <= 600  # inside the chart, ending at its tick
    labels = texts(svg)
    assert float(labels["Draft law"].get("x", 0)) > max(right for _, right in spans.values())


def test_arabic_heatmap_and_line_chart_start_at_the_right():
    heat = charts.heatmap(["KAZ"], ["2(a)", "3(b)"], [[10, 90]], title="H", rtl=True)
    cells = bars(heat)
    assert cells["KAZ, 2(a): 10%"][0] > cells["KAZ, 3(b): 90%"][0]
    assert "rotate(45 " in heat and "rotate(-45 " not in heat
    line = charts.line_chart(["2016", "2019"], [Series("UZB", [10, 80])], title="L", rtl=True)
    points = {t.text: float(t.get("x", 0)) for t in parse(line).iter(f"{S}text")}
    assert points["2016"] > points["2019"]


@pytest.mark.parametrize("rtl", [False, True])
def test_mirroring_keeps_every_shape_inside_the_chart(rtl: bool):
    for svg in (
        charts.bar_chart([("A", 100), ("B", 0)], title="T", rtl=rtl),
        charts.stacked_bar_chart(["A"], [Series("x", [3]), Series("y", [1])], title="T", rtl=rtl),
        charts.heatmap(["A"], ["1", "2"], [[0, 100]], title="T", rtl=rtl),
        charts.gantt(TASKS, title="T", rtl=rtl),
    ):
        width = float(parse(svg).get("viewBox", "0 0 0 0").split()[2])
        for left, right in bars(svg).values():
            assert 0 <= left <= right <= width


def _every_chart(rtl: bool = False) -> list[str]:
    return [
        charts.bar_chart([("A", 100), ("B", 0)], title="T", rtl=rtl),
        charts.stacked_bar_chart(["A"], [Series("x", [3]), Series("y", [1])], title="T", rtl=rtl),
        charts.heatmap(["A"], ["1", "2"], [[0, 100]], title="T", rtl=rtl),
        charts.line_chart(["2020", "2021"], [Series("x", [10, 20])], title="T", rtl=rtl),
        charts.gantt(TASKS, title="T", rtl=rtl),
        charts.no_data_chart(title="T"),
    ]


@pytest.mark.parametrize("rtl", [False, True])
def test_every_chart_scales_to_its_box_and_never_below_a_readable_width(rtl):
    for svg in _every_chart(rtl):
        root = parse(svg)
        _x, _y, width, height = (float(v) for v in root.get("viewBox", "").split())
        assert width > 0 and height > 0
        assert root.get("width") == "100%"  # fills the card; its height follows the viewBox
        assert root.get("height") is None
        # The page draws it at least `min_width` px wide: 11 px text stays 11 px or more.
        found = re.search(r"nap-chart--(\d+)", root.get("class", ""))
        assert found is not None
        minimum = int(found.group(1))
        assert minimum >= width
        sizes = [
            float(t.get("font-size", 12)) for t in root.iter("{http://www.w3.org/2000/svg}text")
        ]
        assert min(sizes) * minimum / width >= 11


def test_a_trend_across_years_starts_at_the_first_year_with_data():
    years = ["2016", "2017", "2018", "2019", "2020"]
    svg = charts.line_chart(
        years,
        [
            Series("All sections", [None, None, 40, 55, 60]),
            Series("OP1", [None, None, None, 50, 70]),
        ],
        title="Coverage across approval years",
    )
    labels = re.findall(r">(20\d\d)</text>", svg)
    assert labels == ["2018", "2019", "2020"]
    assert "2016" not in svg and "2017" not in svg
    # A gap after the first year with data stays a gap on the axis.
    gap = charts.line_chart(years, [Series("x", [None, 10, None, 30, 40])], title="T")
    assert re.findall(r">(20\d\d)</text>", gap) == ["2017", "2018", "2019", "2020"]
