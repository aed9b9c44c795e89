"""Plain-Python parts: layout, coverage maths, value cleaning, diffing."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nap1540.matrix import stats
from nap1540.matrix.diffing import FieldInfo, diff_snapshots
from nap1540.matrix.layout import row_label, section_rows
from nap1540.matrix.values import blank_snapshot, clean_values


@dataclass
class F:
    key: str
    label: str
    order: int
    weapon_category: str


def test_weapon_fields_become_one_row_with_n_c_b_cells():
    fields = [
        F("OP2-N-01", "Prohibition: manufacture/produce (nuclear weapons)", 1, "N"),
        F("OP2-N-MOD", "Same prohibitions applied to means of delivery of N weapons", 2, "N"),
        F("OP2-C-01", "Prohibition: manufacture/produce (chemical weapons)", 3, "C"),
        F("OP2-C-MOD", "Same prohibitions applied to means of delivery of C weapons", 4, "C"),
        F("OP2-B-01", "Prohibition: manufacture/produce (biological weapons)", 5, "B"),
        F("OP3(a)-N-SPEC1", "IAEA safeguards (N)", 6, "N"),
    ]
    rows = section_rows(fields, weapon_columns=True)
    assert [(r.row_key, r.label, sorted(r.cells)) for r in rows] == [
        ("OP2-*-01", "Prohibition: manufacture/produce", ["B", "C", "N"]),
        ("OP2-*-MOD", "Same prohibitions applied to means of delivery", ["C", "N"]),
        ("OP3(a)-*-SPEC1", "IAEA safeguards", ["N"]),
    ]


def test_plain_sections_keep_one_row_per_field():
    rows = section_rows(
        [F("OP1-01", "NPT", 1, ""), F("OP1-02", "NWFZ", 2, "")], weapon_columns=False
    )
    assert [(r.row_key, r.label) for r in rows] == [("OP1-01", "NPT"), ("OP1-02", "NWFZ")]
    assert row_label("Border control (B)") == "Border control"


def test_coverage_ignores_na_and_is_none_when_nothing_applies():
    assert stats.coverage({"X": 2, "?": 1, "NA": 1, "": 1}) == pytest.approx(50.0)
    assert stats.coverage({"NA": 3}) is None
    summary = stats.summarise([("OP1", "", "X"), ("OP2", "N", "?"), ("OP2", "C", "X")])
    assert stats.by_section(summary)["OP2"] == {"X": 1, "?": 1, "NA": 0, "": 0}
    assert stats.by_weapon(summary)["-"]["X"] == 1


def test_cell_index_adds_and_reduces_flat_summaries():
    a = stats.summarise([("OP1", "", "X"), ("OP2", "N", "?")])
    b = stats.summarise([("OP1", "", "NA"), ("OP2", "C", "X")])
    index = stats.CellIndex([a, b])
    both = index.add(index.flatten(a), index.flatten(b))
    sections, weapons, total = index.reduce(both)
    assert sections == {"OP1": [1, 0, 1, 0], "OP2": [1, 1, 0, 0]}
    assert weapons == {"-": [1, 0, 1, 0], "N": [0, 1, 0, 0], "C": [1, 0, 0, 0]}
    assert total == [2, 1, 1, 0]
    assert stats.vector_coverage(total) == pytest.approx(66.7)
    assert index.reduce(index.add(both, index.flatten(b), -1))[2] == [1, 1, 0, 0]


def test_cleaning_normalises_and_reports_every_problem():
    cleaned, problems = clean_values(
        {"mark": " x ", "remarks": " a\r\nb ", "source_page": " 1  2 "}
    )
    assert cleaned == {"mark": "X", "remarks": "a\nb", "source_page": "1 2"}
    assert problems == []
    again, _ = clean_values(cleaned)
    assert again == cleaned
    _, problems = clean_values(
        {
            "mark": "Y",
            "legal_reference": {"link": "ftp://x", "page": "1"},
            "source_kind": "rumour",
            "remarks": "bad\x00char",
            "colour": "red",
        }
    )
    assert {p.name for p in problems} == {
        "mark",
        "legal_reference.link",
        "legal_reference.page",
        "source_kind",
        "remarks",
        "colour",
    }


def test_diff_reports_changed_parts_added_and_removed():
    a, b = blank_snapshot(), blank_snapshot() | {"mark": "X", "remarks": "new"}
    info = {k: FieldInfo(k, "OP1", 1, i, k) for i, k in enumerate(["k1", "k2", "k3"])}
    rows = diff_snapshots({"k1": a, "k2": a}, {"k1": b, "k3": a}, info)
    assert [(r.key, r.status, r.parts) for r in rows] == [
        ("k1", "changed", ("mark", "remarks")),
        ("k2", "removed", ("mark",)),
        ("k3", "added", ("mark",)),
    ]


def test_iso_dates_are_shown_in_the_readers_date_format():
    from datetime import date

    from django.utils import translation
    from django.utils.formats import date_format

    from nap1540.matrix.templatetags.matrix_tags import iso_dates

    def shown(day: date) -> str:
        return date_format(day, "DATE_FORMAT")

    with translation.override("en"):
        both = iso_dates(["2015-06-01", "2020-09-01"])
        assert both == f"{shown(date(2015, 6, 1))}; {shown(date(2020, 9, 1))}"
        assert iso_dates("2019-01-01") == shown(date(2019, 1, 1)) != "2019-01-01"
        assert iso_dates(None) == iso_dates([]) == ""
        assert iso_dates(["not a date"]) == "not a date"
    with translation.override("ru"):
        assert "2015" in iso_dates(["2015-06-01"]) and "-06-" not in iso_dates(["2015-06-01"])
