"""export-matrix and import-matrix from the command line; the matrix generator."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from nap1540.matrix.models import Matrix
from nap1540.matrix.synth import generate


def test_export_then_import_from_the_command_line(personas, uzb_matrices, tmp_path, capsys):
    path = tmp_path / "uzb.xlsx"
    call_command("export_matrix", "--state", "UZB", "--version", "2", "-o", str(path))
    assert "Uzbekistan" in capsys.readouterr().out
    assert load_workbook(path)["Matrix"]["B4"].value == "UZB"
    call_command("import_matrix", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert out.startswith("No problems. Would change")
    call_command("import_matrix", str(path), "--user", "coordinator")
    assert "Imported into" in capsys.readouterr().out
    v3 = uzb_matrices["v3"]
    assert v3.entries.get(field__key="OP1-03").mark == ""  # v2 had it blank


def test_import_prints_every_problem_and_fails(personas, uzb_matrices, tmp_path, capsys):
    path = tmp_path / "uzb.xlsx"
    call_command("export_matrix", "--state", "UZB", "-o", str(path))
    wb = load_workbook(path)
    wb["OP1"]["D5"] = "Y"
    wb["OP2"]["A5"] = "OP2-Z-01"
    wb.save(path)
    with pytest.raises(CommandError) as failed:
        call_command("import_matrix", str(path))
    assert failed.value.returncode == 1
    err = capsys.readouterr().err
    assert "uzb.xlsx: Sheet OP1, row 5, column D: mark “Y” is not one of X, ?, NA or blank" in err
    assert "uzb.xlsx: Sheet OP2, row 5, column A: unknown field id “OP2-Z-01”" in err
    assert uzb_matrices["v3"].entries.get(field__key="OP1-01").mark == "X"


def test_import_refuses_the_wrong_state(personas, uzb_matrices, tmp_path, capsys):
    path = tmp_path / "uzb.xlsx"
    call_command("export_matrix", "--state", "UZB", "-o", str(path))
    with pytest.raises(CommandError):
        call_command("import_matrix", str(path), "--state", "KAZ")
    assert "this workbook is the matrix of UZB, not of KAZ" in capsys.readouterr().err


def test_export_respects_as_user(personas, uzb_matrices, tmp_path):
    with pytest.raises(CommandError, match="No matrix of UZB"):
        call_command(
            "export_matrix",
            "--state",
            "UZB",
            "--version",
            "3",
            "--as-user",
            "outsider",
            "-o",
            str(tmp_path / "x.xlsx"),
        )
    call_command(
        "export_matrix", "--state", "UZB", "--format", "csv", "-o", str(tmp_path / "x.csv")
    )
    assert (tmp_path / "x.csv").read_text().startswith("State,Version,Section,Field id")


def test_synth_fills_full_approved_matrices(personas, framework):
    made = generate(states=4, versions=3)
    assert (made.states, made.matrices) == (4, 12)
    matrices = Matrix.objects.filter(is_demo=True)
    assert matrices.count() == 12
    assert all(m.status == "approved" and m.summary for m in matrices)
    first = matrices.first()
    assert first is not None and first.entries.count() == framework.fields.count()
    again = generate(states=4, versions=3)
    assert again.skipped == 4 and again.matrices == 0


def test_nap1540_cli_runs_commands_with_dashes(personas, uzb_matrices, tmp_path):
    from nap1540.cli import main

    out = io.StringIO()
    path = tmp_path / "cli.xlsx"
    assert main(["export-matrix", "--state", "UZB", "-o", str(path)]) == 0
    assert path.stat().st_size > 5000
    del out
