"""Reading generated documents back in tests."""

from __future__ import annotations

import io


def docx_texts(data: bytes) -> list[str]:
    """Body paragraph texts in order, then the footnotes' texts."""
    import zipfile

    import docx
    from lxml import etree

    document = docx.Document(io.BytesIO(data))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    texts = []
    for element in document.element.body.iterchildren():
        if element.tag in (f"{w}p", f"{w}tbl"):
            text = "".join(t.text or "" for t in element.iter(f"{w}t"))
            if text:
                texts.append(text)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/footnotes.xml" in package.namelist():
            root = etree.fromstring(package.read("word/footnotes.xml"))
            for note in root.iter(f"{w}footnote"):
                text = "".join(t.text or "" for t in note.iter(f"{w}t")).strip()
                if text:
                    texts.append(text)
    return texts


def pdf_text(data: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return text.replace("-\n", "-")  # a hyphenated word broken across lines


def assert_in_order(text: str, parts: list[str]) -> None:
    """Every part occurs in `text`, each after the previous one (whitespace-insensitive)."""
    flat = " ".join(text.split())
    position = 0
    for part in parts:
        wanted = " ".join(part.split())
        found = flat.find(wanted, position)
        assert found >= 0, f"{wanted!r} not found after position {position} in {flat[:3000]!r}"
        position = found + len(wanted)
