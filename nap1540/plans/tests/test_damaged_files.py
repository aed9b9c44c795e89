"""Damaged workbooks, oversize files and formulas: the task import refuses them with a message
and a 4xx, and writes nothing; the command prints the message and exits non-zero."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, example, given, settings
from openpyxl import Workbook

from nap1540.core.audit import AuditEvent
from nap1540.core.tests import damage
from nap1540.plans import exports, services, workbook
from nap1540.plans.models import Plan, Task, TaskUpdate


def _exported(personas):
    source = Plan.objects.create(
        state=personas.uzb,
        title="Source",
        period_start=date(2014, 1, 1),
        period_end=date(2016, 12, 31),
    )
    for title in ("Adopt export control law", "Train customs officers", "=HYPERLINK(evil)"):
        services.create_task(source, by=None, title=title, lead_agency=personas.agency)
    return exports.plan_xlsx(source)


@pytest.fixture
def target(personas):
    return Plan.objects.create(
        state=personas.uzb,
        title="Target",
        period_start=date(2014, 1, 1),
        period_end=date(2016, 12, 31),
    )


def _database():
    return (Task.objects.count(), TaskUpdate.objects.count(), AuditEvent.objects.count())


def _post(client, plan, content, name="tasks.xlsx"):
    upload = SimpleUploadedFile(name, content)
    return client.post(f"/plans/{plan.pk}/import/", {"file": upload})


def test_the_undamaged_export_imports(personas, target):
    response = _post(personas.client("coordinator"), target, _exported(personas))
    assert response.status_code == 302
    assert sorted(target.tasks.values_list("title", flat=True)) == [
        "=HYPERLINK(evil)",
        "Adopt export control law",
        "Train customs officers",
    ]


@pytest.mark.parametrize(
    ("damage_name", "expected"),
    [
        ("truncated_xml", "is cut off or not valid XML"),
        ("bad_checksum", "its checksum does not match"),
        ("no_sheets", "The workbook has no sheets"),
        ("not_a_zip", "The file is not an Excel workbook (.xlsx), or it is damaged."),
    ],
)
def test_a_damaged_workbook_is_refused_with_what_is_wrong(personas, target, damage_name, expected):
    good = _exported(personas)
    sheet = damage.sheets(good)[0]
    parts = damage.members(good)
    if damage_name == "truncated_xml":
        content = damage.rezip({**parts, sheet: parts[sheet][: len(parts[sheet]) // 2]})
    elif damage_name == "bad_checksum":
        content = damage.flip(good, sheet, 10, 0xFF)
    elif damage_name == "no_sheets":
        content = damage.no_sheets(good)
    else:
        content = good[: len(good) // 2]
    before = _database()
    response = _post(personas.client("coordinator"), target, content)
    assert response.status_code == 422
    assert expected in response.content.decode()
    assert _database() == before


def test_a_file_above_the_cap_is_refused_by_the_service_too(personas, target, settings):
    settings.MAX_UPLOAD_MB = 1
    result = services.import_tasks(target, b"0" * (1024 * 1024 + 1), by=None)
    assert [str(e) for e in result.errors] == [
        "The file is larger than 1 MB; upload a smaller file."
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(personas, target, settings):
    settings.MAX_UPLOAD_MB = 1
    good = damage.members(_exported(personas))
    bomb = damage.rezip({**good, "xl/media/padding.bin": b"\0" * (26 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    result = services.import_tasks(target, bomb, by=None)
    assert "The workbook unpacks to more than 25 MB" in str(result.errors[0])
    assert target.tasks.count() == 0


def test_a_formula_cell_is_refused_with_its_row_and_column(personas, target):
    wb = Workbook()
    ws = wb.active
    ws.title = str(workbook.TASK_SHEET)
    ws.append(["No.", "Action", "Status"])
    ws.append(["1", '=HYPERLINK("http://evil","click")', "not_started"])
    path_content = _save(wb)
    result = services.import_tasks(target, path_content, by=None)
    assert [str(e) for e in result.errors] == [
        "Row 2, Action: Formulas are not accepted; type the value."
    ]
    assert target.tasks.count() == 0


def _save(wb):
    import io

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_command_prints_the_message_and_exits_non_zero(personas, target, tmp_path, capsys):
    good = _exported(personas)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(damage.no_sheets(good))
    with pytest.raises(CommandError) as refused:
        call_command("import_tasks", str(target.pk), str(broken))
    assert refused.value.returncode == 1
    assert "The workbook has no sheets" in capsys.readouterr().err
    assert target.tasks.count() == 0


_GOOD: list[bytes] = []


def _good(personas):
    """One export for every example (hypothesis runs them all inside one test's database)."""
    if not _GOOD:
        _GOOD.append(_exported(personas))
    return _GOOD[0]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=damage.st.data())
@example(data=None)
def test_no_damaged_export_reaches_a_server_error_or_the_database(personas, target, data):
    good = _good(personas)
    content = (
        damage.no_sheets(good)
        if data is None
        else data.draw(damage.damaged(good, [damage.sheet_part(good, str(workbook.TASK_SHEET))]))
    )
    before = _database()
    response = _post(personas.client("coordinator"), target, content)
    page = response.content.decode()
    assert response.status_code == 422, page[-2000:]
    # The refusal says why: the import's problem list, or the form's (an empty file).
    assert "The workbook was refused" in page or 'class="errorlist' in page
    assert _database() == before
