"""Ways a real workbook gets damaged, as hypothesis strategies for the import fuzz tests.

Each strategy takes the bytes of a workbook the project itself exported and returns a copy
that no reader should accept: cut off, with flipped bytes inside a sheet's compressed data (a
bad checksum), with a required part dropped, with a part's XML cut off or broken, with no
sheets left, or with well-formed XML whose content is impossible (cell references and shared
string indexes that point nowhere).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from hypothesis import strategies as st

REQUIRED = ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def sheets(content: bytes) -> list[str]:
    return sorted(n for n in members(content) if n.startswith("xl/worksheets/sheet"))


def sheet_part(content: bytes, title: str) -> str:
    """The zip part that holds the sheet called `title`."""
    parts = members(content)
    rid = re.search(
        rb'<sheet [^>]*name="%s"[^>]*r:id="([^"]+)"' % title.encode(), parts["xl/workbook.xml"]
    )
    assert rid is not None, title
    rels = parts["xl/_rels/workbook.xml.rels"]
    target = re.search(
        rb'Target="([^"]+)"[^>]*Id="%s"|Id="%s"[^>]*Target="([^"]+)"'
        % (rid.group(1), rid.group(1)),
        rels,
    )
    assert target is not None
    path = (target.group(1) or target.group(2)).decode().lstrip("/")
    return path if path.startswith("xl/") else f"xl/{path}"


def _truncated(content: bytes) -> st.SearchStrategy[bytes]:
    # The zip's directory is at its end: any cut loses it.
    return st.integers(0, len(content) - 1).map(lambda n: content[:n])


def flip(content: bytes, name: str, where: int, mask: int) -> bytes:
    """`content` with one byte of part `name`'s compressed data changed."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(content)
    damaged[start + where % info.compress_size] ^= mask
    return bytes(damaged)


def _unpacks_unchanged(original: bytes, damaged: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(damaged)) as archive:
            return archive.read(name) == members(original)[name]
    except Exception:  # any failure to unpack is the damage wanted
        return False


def _bad_checksum(content: bytes) -> st.SearchStrategy[bytes]:
    # A flip in padding bits or in the last block's end marker can leave the data intact;
    # such a copy is not damaged and is left out.
    return (
        st.tuples(st.sampled_from(sheets(content)), st.integers(0, 10**6), st.integers(1, 255))
        .map(lambda t: (t[0], flip(content, *t)))
        .filter(lambda nd: not _unpacks_unchanged(content, nd[1], nd[0]))
        .map(lambda nd: nd[1])
    )


def _dropped(content: bytes) -> st.SearchStrategy[bytes]:
    parts = members(content)
    droppable = [n for n in parts if n in REQUIRED or n.startswith("xl/worksheets/")]
    return st.sampled_from(droppable).map(
        lambda name: rezip({n: d for n, d in parts.items() if n != name})
    )


def _broken_xml(content: bytes) -> st.SearchStrategy[bytes]:
    parts = members(content)
    xml = [n for n in parts if n.endswith(".xml") and (n in REQUIRED or "worksheets" in n)]

    def cut(name: str, fraction: float) -> bytes:
        data = parts[name].rstrip()
        return rezip({**parts, name: data[: int((len(data) - 1) * fraction)]})

    def garble(name: str, fraction: float, junk: bytes) -> bytes:
        data = parts[name]
        at = data.index(b">", int(len(data) * fraction) // 2 + 1) + 1
        return rezip({**parts, name: data[:at] + junk + data[at:]})

    return st.builds(cut, st.sampled_from(xml), st.floats(0, 1)) | st.builds(
        garble,
        st.sampled_from(xml),
        st.floats(0, 1),
        st.sampled_from([b"<", b"&nbsp;", b"</x>", b"<a b=>", b"\xff\xfe"]),
    )


def no_sheets(content: bytes) -> bytes:
    parts = members(content)
    parts["xl/workbook.xml"] = re.sub(rb"<sheet [^>]*/>", b"", parts["xl/workbook.xml"])
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = re.sub(rb"<Relationship [^>]*worksheets/[^>]*/>", b"", parts[rels])
    return rezip({n: d for n, d in parts.items() if not n.startswith("xl/worksheets/")})


def _impossible_content(content: bytes, read: list[str]) -> st.SearchStrategy[bytes]:
    parts = members(content)
    names = [n for n in read if b' r="' in parts[n]]

    def mangle(name: str, how: int) -> bytes:
        data = parts[name]
        if how == 1 and b"<v>" in data:  # a value that is no number nor string index
            data = data.replace(b"<v>", b"<v>x!", 1)
        elif how == 2 and b' t="' in data:  # a cell type no spreadsheet writes
            data = re.sub(rb' t="[^"]*"', b' t="zz"', data)
        else:  # cell references that are no cell
            data = data.replace(b' r="', b' r="!')
        return rezip({**parts, name: data})

    return st.builds(mangle, st.sampled_from(names), st.integers(0, 2))


def damaged(content: bytes, read: list[str]) -> st.SearchStrategy[bytes]:
    """Copies of `content` damaged in every way above; `read` are the sheet parts the
    importer reads (content damage elsewhere would rightly go unnoticed)."""
    makers: list[Callable[[bytes], st.SearchStrategy[bytes]]] = [
        _truncated,
        _bad_checksum,
        _dropped,
        _broken_xml,
    ]
    return st.one_of(
        [
            st.just(no_sheets(content)),
            _impossible_content(content, read),
            *(make(content) for make in makers),
        ]
    )
