"""Open the DOCX and XLSX output in LibreOffice (headless) when it is installed.

These tests are skipped when `soffice` is not on PATH; they are the closest offline check
that a real office suite accepts the files as they are.
"""

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from nap1540.core.rendering.docx import render_docx
from nap1540.core.rendering.examples import FOOTNOTE, every_block, uzbekistan_information_note
from nap1540.core.rendering.xlsx import new_workbook, workbook_bytes, write_table

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert_all_to_pdf(sources: list[Path], outdir: Path, *, timeout: int = 180) -> list[Path]:
    """Convert `sources` in one LibreOffice run (one start-up); the PDFs it was to write."""
    assert SOFFICE is not None
    profile = (outdir / "lo-profile").as_uri()
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell, our own temp files
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    targets = [outdir / f"{source.stem}.pdf" for source in sources]
    missing = [t.name for t in targets if not t.exists()]
    assert not missing, f"no PDF for {missing}: {result.stdout}{result.stderr}"
    return targets


def convert_to_pdf(source: Path, tmp_path: Path) -> str:
    (target,) = convert_all_to_pdf([source], tmp_path)
    reader = pypdf.PdfReader(target)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_libreoffice_opens_the_docx_with_its_footnote(tmp_path: Path):
    source = tmp_path / "note.docx"
    source.write_bytes(render_docx(uzbekistan_information_note()))
    text = convert_to_pdf(source, tmp_path)
    assert text.startswith("Information Note")
    assert "Event: The meeting to review implementation" in text
    assert FOOTNOTE in text
    assert text.index("Additional Comments") < text.index(FOOTNOTE)


def test_libreoffice_opens_a_russian_docx_with_every_block(tmp_path: Path):
    source = tmp_path / "every.docx"
    source.write_bytes(render_docx(every_block("ru")))
    text = convert_to_pdf(source, tmp_path)
    assert "Информационная записка" in text and "Узбекистан" in text


def test_libreoffice_opens_the_xlsx(tmp_path: Path):
    wb = new_workbook(title="Export")
    ws = wb.active
    assert ws is not None
    write_table(ws, ["State", "Formula-like"], [["Узбекистан", "=1+1"], ["Kazakhstan", "@x"]])
    source = tmp_path / "export.xlsx"
    source.write_bytes(workbook_bytes(wb))
    text = convert_to_pdf(source, tmp_path)
    assert "Узбекистан" in text and "'=1+1" in text
