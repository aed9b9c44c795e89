"""Regional status: approved and visible matrices only; aggregates suppressed under 3 States."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from nap1540.core.visibility import Visibility
from nap1540.matrix import services
from nap1540.matrix.region_charts import charts
from nap1540.matrix.tests.conftest import build_matrix
from nap1540.registry.models import Group, State

CENTRAL_ASIA = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


@pytest.fixture
def region(personas, framework):
    """Central Asia: three public approved matrices, one committee-only, one private draft."""
    states = {s.iso3: s for s in State.objects.filter(iso3__in=CENTRAL_ASIA)}
    build_matrix(
        states["KAZ"],
        {"OP1-01": "X", "OP1-02": "X"},
        approve=True,
        approved_at=datetime(2015, 1, 1, tzinfo=UTC),
    )
    build_matrix(
        states["KAZ"], {"OP2-N-01": "X"}, approve=True, approved_at=datetime(2019, 1, 1, tzinfo=UTC)
    )
    build_matrix(
        states["KGZ"],
        {"OP1-01": "X", "OP2-C-01": "NA"},
        approve=True,
        approved_at=datetime(2017, 1, 1, tzinfo=UTC),
    )
    build_matrix(
        states["TJK"], {"OP1-01": "?"}, approve=True, approved_at=datetime(2019, 6, 1, tzinfo=UTC)
    )
    build_matrix(
        states["TKM"],
        {"OP1-01": "X", "OP1-03": "X"},
        approve=True,
        visibility=Visibility.COMMITTEE,
        approved_at=datetime(2019, 6, 1, tzinfo=UTC),
    )
    build_matrix(
        states["UZB"],
        dict.fromkeys(["OP1-01", "OP1-02", "OP1-03"], "X"),
        draft_visibility=Visibility.PRIVATE,
    )
    return Group.objects.get(code="CENTRAL-ASIA")


def test_only_approved_and_visible_matrices_count(personas, region):
    public = services.group_coverage(region, None)
    assert [r["iso3"] for r in public["heatmap"]["rows"]] == ["KAZ", "KGZ", "TJK"]
    assert public["states_counted"] == 3 and public["states_total"] == 5
    assert not public["suppressed"]
    expert = services.group_coverage(region, personas.expert)
    assert [r["iso3"] for r in expert["heatmap"]["rows"]] == ["KAZ", "KGZ", "TJK", "TKM"]
    coordinator = services.group_coverage(region, personas.coordinator)  # sees UZB's draft
    assert "UZB" not in [r["iso3"] for r in coordinator["heatmap"]["rows"]]


def test_heatmap_names_the_states_as_the_un_does_in_the_readers_language(personas, region):
    with translation.override("ru"):
        rows = services.group_coverage(region, None)["heatmap"]["rows"]
    assert [r["name"] for r in rows] == ["Казахстан", "Кыргызстан", "Таджикистан"]


def test_coverage_figures(personas, region):
    data = services.group_coverage(region, None)
    kaz = next(r for r in data["heatmap"]["rows"] if r["iso3"] == "KAZ")
    assert kaz["version"] == 2  # the latest approved version
    op1 = next(s for s in data["sections"] if s["code"] == "OP1")
    # KAZ 2 X, KGZ 1 X, TJK 0 X, over 3 x 31 OP1 fields.
    assert op1["marks"]["X"] == 3 and op1["marks"]["?"] == 1
    assert op1["coverage"] == round(100 * 3 / 93, 1)
    op2 = next(s for s in data["sections"] if s["code"] == "OP2")
    assert op2["coverage"] == round(100 * 1 / (3 * 39 - 1), 1)  # KGZ's NA does not apply
    weapons = {w["code"]: w for w in data["weapons"]}
    assert set(weapons) == {"N", "C", "B", "-"}
    assert weapons["N"]["marks"]["X"] == 1


def test_trend_follows_approval_years_and_is_suppressed_early(personas, region):
    trend = services.group_coverage(region, None)["trend"]
    assert [t["year"] for t in trend] == [2015, 2016, 2017, 2018, 2019]
    assert [t["states"] for t in trend] == [1, 1, 2, 2, 3]
    assert [t["suppressed"] for t in trend] == [True, True, True, True, False]
    assert trend[0]["overall"] is None and trend[-1]["overall"] is not None


def test_aggregates_over_fewer_than_three_states_are_suppressed(personas, region):
    group = Group.objects.create(code="TWO", name="Two States", kind=Group.Kind.USER)
    group.members.set(State.objects.filter(iso3__in=["KAZ", "KGZ"]))
    data = services.group_coverage(group, None)
    assert data["suppressed"] and data["overall"] is None
    assert all(s["coverage"] is None and s["marks"] is None for s in data["sections"])
    assert all(w["coverage"] is None for w in data["weapons"])
    page = personas.client("anonymous").get("/matrix/regions/TWO/").content.decode()
    assert "Aggregates are not shown: fewer than 3 States" in page
    csv_text = personas.client("anonymous").get("/matrix/regions/TWO/export.csv").content.decode()
    assert "suppressed (fewer than 3 States)" in csv_text


def test_region_page_has_charts_and_exports(personas, region):
    client = personas.client("anonymous")
    page = client.get("/matrix/regions/CENTRAL-ASIA/").content.decode()
    assert page.count("<svg") >= 4 and "<script" not in page.split("</header>")[1]
    assert "Coverage by State and section" in page and "Kyrgyzstan" in page
    section = client.get("/regions/CENTRAL-ASIA/").content.decode()
    assert "Regional status of 1540 matrices" in section
    rows = list(
        csv.reader(
            io.StringIO(client.get("/matrix/regions/CENTRAL-ASIA/export.csv").content.decode())
        )
    )
    assert [
        "State code",
        "State",
        "Version",
        "Approved",
        "Overall (%)",
        "OP1",
        "OP2",
        "OP3(a)",
        "OP3(b)",
        "OP3(c)",
        "OP3(d)",
    ] in rows
    workbook = load_workbook(
        io.BytesIO(client.get("/matrix/regions/CENTRAL-ASIA/export.xlsx").content)
    )
    assert workbook.sheetnames == ["Sections", "Weapon categories", "States", "Trend"]


def test_region_stats_command(personas, region, capsys):
    call_command("region_stats", "--group", "CENTRAL-ASIA", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["group"]["code"] == "CENTRAL-ASIA" and data["states_counted"] == 3
    call_command(
        "region_stats", "--group", "CENTRAL-ASIA", "--format", "json", "--as-user", "expert"
    )
    assert json.loads(capsys.readouterr().out)["states_counted"] == 4
    call_command("region_stats", "--group", "CENTRAL-ASIA", "--format", "csv")
    assert "KGZ,Kyrgyzstan" in capsys.readouterr().out


def test_api_group_stats_respects_visibility(personas, region):
    assert (
        personas.client("anonymous")
        .get("/api/v1/matrix/groups/CENTRAL-ASIA/stats")
        .json()["states_counted"]
        == 3
    )
    assert (
        personas.client("expert")
        .get("/api/v1/matrix/groups/CENTRAL-ASIA/stats")
        .json()["states_counted"]
        == 4
    )
    assert personas.client("anonymous").get("/api/v1/matrix/groups/NOPE/stats").status_code == 404


def test_trend_legend_fits_every_section_inside_the_chart(personas, region):
    """The legend ("All sections" + six codes) used to run past the 640px chart edge."""
    svg = str(charts(services.group_coverage(region, None))["trend"])
    size = re.search(r'<svg[^>]* viewBox="0 0 ([\d.]+) [\d.]+"', svg)
    assert size is not None
    width = float(size.group(1))
    legend = {
        label: float(x)
        for x, label in re.findall(r'<text x="([\d.]+)" y="42"[^>]*>([^<]+)</text>', svg)
    }
    assert {"All sections", "OP1", "OP3(d)"} <= set(legend)
    assert all(x + len(label) * 7 <= width for label, x in legend.items())


def test_region_charts_stack_on_a_tablet_instead_of_shrinking(personas, region):
    page = personas.client("anonymous").get("/matrix/regions/CENTRAL-ASIA/").content.decode()
    assert '<div class="grid mx-charts">' in page
    css = finders.find("matrix/matrix.css")
    assert isinstance(css, str)
    rule = ".mx-charts { grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px)"
    assert rule in Path(css).read_text(encoding="utf-8")


def test_region_table_dates_use_the_same_format_as_other_pages(personas, region):
    page = personas.client("anonymous").get("/matrix/regions/CENTRAL-ASIA/").content.decode()
    shown = date_format(date(2019, 1, 1), "DATE_FORMAT")
    assert f'<td><bdi dir="ltr">{shown}</bdi></td>' in page and "2019-01-01" not in page


def test_region_charts_are_figures_with_captions_and_summaries(personas, region):
    from nap1540.core.tests.pages import chart_figures as _figures

    page = personas.client("anonymous").get("/matrix/regions/CENTRAL-ASIA/").content.decode()
    assert len(_figures(page)) == 4  # sections, weapons, States x sections, the trend
    assert "from the first year with data" in page
