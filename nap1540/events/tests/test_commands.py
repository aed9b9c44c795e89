"""`nap1540 note` and `nap1540 report` at the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from nap1540.cli import main
from nap1540.core.visibility import Visibility
from nap1540.events.tests.helpers import docx_texts, pdf_text
from nap1540.registry.models import Group


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_note_command_writes_each_format_by_slug(full_event: Any, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"note.{fmt}"
    call_command("note", full_event.slug, "--format", fmt, "--lang", "en", "-o", str(out))
    data = out.read_bytes()
    if fmt == "docx":
        assert "Information Note" in docx_texts(data)[0]
    elif fmt == "pdf":
        assert "Full roundtable." in pdf_text(data)
    else:
        assert b"<!DOCTYPE html>" in data


def test_note_command_by_id_in_russian_through_the_cli(full_event: Any, tmp_path: Path) -> None:
    out = tmp_path / "note-ru.docx"
    assert (
        main(["note", str(full_event.pk), "--format", "docx", "--lang", "ru", "-o", str(out)]) == 0
    )
    assert "Информационная записка" in docx_texts(out.read_bytes())[0]


def test_note_command_refuses_unknown_and_invisible_events(
    personas: Any, event_factory: Any, tmp_path: Path
) -> None:
    with pytest.raises(CommandError):
        call_command("note", "no-such-event", "-o", str(tmp_path / "x.pdf"))
    event = event_factory(Visibility.PRIVATE)
    with pytest.raises(CommandError):
        call_command("note", event.slug, "--as", "outsider", "-o", str(tmp_path / "x.pdf"))
    call_command(
        "note", event.slug, "--as", "viewer", "--format", "html", "-o", str(tmp_path / "ok.html")
    )
    assert (tmp_path / "ok.html").exists()


def test_report_command_writes_plan_and_region_reports(
    personas: Any, plan: Any, tmp_path: Path
) -> None:
    out = tmp_path / "plan.docx"
    call_command("report", "plan", str(plan.pk), "--format", "docx", "-o", str(out))
    assert plan.title in "\n".join(docx_texts(out.read_bytes()))
    by_state = tmp_path / "plan-uzb.pdf"
    call_command("report", "plan", "UZB", "--format", "pdf", "-o", str(by_state))
    assert by_state.read_bytes().startswith(b"%PDF-")
    group = Group.objects.filter(members=personas.uzb).order_by("code").first()
    assert group is not None
    region = tmp_path / "region.docx"
    call_command(
        "report", "region", group.code, "--format", "docx", "--lang", "ru", "-o", str(region)
    )
    assert region.stat().st_size > 0
    with pytest.raises(CommandError):
        call_command("report", "plan", "UZB", "--as", "outsider", "-o", str(tmp_path / "no.pdf"))
    with pytest.raises(CommandError):
        call_command("report", "region", "NO-SUCH", "-o", str(tmp_path / "no.pdf"))
