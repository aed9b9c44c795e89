"""Damaged matrix workbooks: the import page answers 422 with what is wrong, the command
prints it and exits 1, and nothing is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nap1540.core.audit import AuditEvent
from nap1540.core.tests import damage
from nap1540.matrix import exports
from nap1540.matrix.models import Entry, EntryChange, Matrix

_GOOD: list[bytes] = []


def _good(uzb_matrices):
    """One export for every example (hypothesis runs them all inside one test's database)."""
    if not _GOOD:
        _GOOD.append(exports.matrix_workbook(uzb_matrices["v3"]))
    return _GOOD[0]


def _database():
    return (
        list(Entry.objects.order_by("pk").values_list("pk", "mark", "revision", "remarks")),
        EntryChange.objects.count(),
        list(Matrix.objects.order_by("pk").values_list("pk", "version", "status")),
        AuditEvent.objects.count(),
    )


def _post(client, content):
    upload = SimpleUploadedFile("matrix.xlsx", content)
    return client.post("/matrix/UZB/import/", {"workbook": upload})


def test_the_undamaged_export_imports(personas, uzb_matrices):
    response = _post(personas.client("coordinator"), _good(uzb_matrices))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("truncated_xml", "is cut off or not valid XML"),
        ("bad_checksum", "its checksum does not match"),
        ("no_sheets", "The workbook has no sheets"),
    ],
)
def test_a_damaged_workbook_is_refused_with_what_is_wrong(personas, uzb_matrices, how, expected):
    good = _good(uzb_matrices)
    sheet = damage.sheets(good)[1]
    parts = damage.members(good)
    if how == "truncated_xml":
        content = damage.rezip({**parts, sheet: parts[sheet][: len(parts[sheet]) // 2]})
    elif how == "bad_checksum":
        content = damage.flip(good, sheet, 10, 0xFF)
    else:
        content = damage.no_sheets(good)
    before = _database()
    response = _post(personas.client("coordinator"), content)
    assert response.status_code == 422
    assert expected in response.content.decode()
    assert _database() == before


def test_the_command_prints_what_is_wrong_and_exits_1(personas, uzb_matrices, tmp_path, capsys):
    broken = tmp_path / "broken.xlsx"
    good = _good(uzb_matrices)
    sheet = damage.sheets(good)[1]
    broken.write_bytes(damage.flip(good, sheet, 10, 0xFF))
    before = _database()
    with pytest.raises(CommandError) as refused:
        call_command("import_matrix", str(broken))
    assert refused.value.returncode == 1
    assert "its checksum does not match" in capsys.readouterr().err
    assert _database() == before


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_damaged_export_reaches_a_server_error_or_the_database(personas, uzb_matrices, data):
    good = _good(uzb_matrices)
    content = data.draw(damage.damaged(good, damage.sheets(good)))
    before = _database()
    response = _post(personas.client("coordinator"), content)
    page = response.content.decode()
    assert response.status_code == 422, page[-1500:]
    assert "problem" in page or 'class="errorlist' in page
    assert _database() == before
