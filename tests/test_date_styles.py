"""Every page, document and message writes dates in one style per language.

A date is shown in the language's DATE_FORMAT ("2 December 2026", "2 décembre 2026",
"2026年12月2日"), a moment in DATETIME_FORMAT (that date and the time). A period may be
a year ("Y") or a month (YEAR_MONTH_FORMAT). ISO dates are for machines only: `<time
datetime=>`, input values, CSV/XLSX cells, JSON, file names and slugs. These tests read the
templates and the code so that the old mix ("Y-m-d", "SHORT_DATE_FORMAT", "j M Y") cannot
come back.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "nap1540"

SHOWN_FORMATS = {"DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "Y"}
# Formats for machines, allowed only inside these attributes.
MACHINE_FORMATS = {"Y-m-d", "c"}
MACHINE_ATTRIBUTES = ("datetime", "value", "data-date", "min", "max")

DATE_FILTER = re.compile(r"\|(date|time)(?::(\"[^\"]*\"|'[^']*'))?")

# Python that formats dates with strftime or an f-string "%" spec on purpose, for machines.
MACHINE_STRFTIME = {
    # A chart's month axis default; the pages pass YEAR_MONTH_FORMAT.
    "core/rendering/charts.py",
    # A date input's value (ISO, what <input type="date"> reads).
    "plans/forms.py",
    # The event's URL slug.
    "events/services.py",
    # A letter's file name.
    "assistance/views/requests.py",
}


def _templates() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("templates/**/*") if p.is_file())


def _python() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and "formats" not in p.parts
    )


def _in_machine_attribute(text: str, start: int) -> bool:
    before = text[max(0, text.rfind("<", 0, start)) : start]
    match = re.search(r'([\w-]+)="[^"]*$', before)
    return bool(match and match.group(1) in MACHINE_ATTRIBUTES)


def test_templates_show_dates_only_in_the_languages_formats() -> None:
    wrong = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in DATE_FILTER.finditer(text):
            name, quoted = match.group(1), match.group(2)
            fmt = quoted[1:-1] if quoted else ("DATE_FORMAT" if name == "date" else "TIME")
            if fmt in SHOWN_FORMATS:
                continue
            if fmt in MACHINE_FORMATS and _in_machine_attribute(text, match.start()):
                continue
            line = text.count("\n", 0, match.start()) + 1
            wrong.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)}")
    assert not wrong, "dates shown in another format:\n" + "\n".join(wrong)


def _date_format_calls(tree: ast.AST) -> list[tuple[int, str]]:
    """`date_format(value, "FMT")` and `formats.date_format(...)` calls with their format."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name != "date_format" or len(node.args) < 2:
            continue
        arg = node.args[1]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            out.append((node.lineno, arg.value))
    return out


def _strftime_uses(tree: ast.AST) -> list[int]:
    """Lines calling `.strftime()` or formatting a value with an f-string "%" spec."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "strftime"
        ):
            lines.append(node.lineno)
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                v.value
                for v in getattr(node.format_spec, "values", [])
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if "%" in spec and re.search(r"%[a-zA-Z]", spec):
                lines.append(node.lineno)
    return lines


def test_python_shows_dates_only_in_the_languages_formats() -> None:
    wrong = []
    for path in _python():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(PACKAGE))
        for line, fmt in _date_format_calls(tree):
            if fmt not in SHOWN_FORMATS:
                wrong.append(f"{where}:{line}: date_format(..., {fmt!r})")
        if where not in MACHINE_STRFTIME:
            wrong += [f"{where}:{line}: strftime" for line in _strftime_uses(tree)]
    assert not wrong, "dates formatted for display in another format:\n" + "\n".join(wrong)


def test_the_scanner_catches_the_old_styles() -> None:
    """The checks above would see each style that used to be mixed in."""
    for old in ('"Y-m-d"', '"SHORT_DATE_FORMAT"', '"j M Y"', '"j E Y"', '"j M Y H:i"'):
        text = "<td>{{ d|date:" + old + " }}</td>"
        match = DATE_FILTER.search(text)
        assert match is not None
        assert match.group(2)[1:-1] not in SHOWN_FORMATS
    assert _in_machine_attribute('<time datetime="{{ d|date:', 25)
    assert not _in_machine_attribute("<td>{{ d|date:", 8)
    tree = ast.parse('x = f"{d:%Y-%m-%d}"\ny = d.strftime("%d %b")\nz = date_format(d, "j M")')
    assert sorted(_strftime_uses(tree)) == [1, 2]
    assert _date_format_calls(tree) == [(3, "j M")]
