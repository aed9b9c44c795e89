"""Arabic shaping and right-to-left ordering for renderers that draw text glyph by glyph.

Browsers, Pango (WeasyPrint's HTML text) and word processors shape Arabic and order mixed
right-to-left text themselves. The SVG text renderers of WeasyPrint and CairoSVG do not: they
place one character after another from left to right, so an Arabic chart label comes out
backwards with every letter in its isolated form. `glyph_order` turns such a label into what
those renderers need: Arabic letters in their contextual presentation forms (Unicode's Arabic
Presentation Forms, which DejaVu Sans and the Noto Arabic fonts carry) and the characters in
visual order, by a one-line subset of the Unicode Bidirectional Algorithm (UAX #9: weak and
neutral types, implicit levels, reordering and mirroring; no explicit embeddings). Everything
comes from `unicodedata`, so no table is kept here. It is meant for short labels only.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from itertools import chain

_RTL = frozenset({"R", "AL"})
_LAM = "\u0644"
_ALEFS = frozenset("\u0622\u0623\u0625\u0627")  # alef with madda, hamza above/below, plain
_TATWEEL = "\u0640"  # joins on both sides, has no forms of its own
_FORMS = ("isolated", "final", "initial", "medial")
# Brackets and quotation marks (guillemets) drawn the other way round in right-to-left text.
_MIRRORS = dict(
    zip("()[]{}<>\u00ab\u00bb\u2039\u203a", ")(][}{><\u00bb\u00ab\u203a\u2039", strict=True)
)


def has_rtl(text: str) -> bool:
    """Whether `text` holds a right-to-left letter (Arabic, Hebrew, ...)."""
    return any(unicodedata.bidirectional(c) in _RTL for c in text)


def first_strong_is_rtl(text: str) -> bool | None:
    """Direction of the first strong character (UAX #9 rule P2), None when there is none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return True
        if kind == "L":
            return False
    return None


@cache
def _presentation_forms() -> dict[str, dict[str, str]]:
    """Base letter (or lam + alef) -> {"isolated": ..., "final": ..., ...} from Unicode names."""
    forms: dict[str, dict[str, str]] = {}
    for code in chain(range(0xFB50, 0xFE00), range(0xFE70, 0xFEFF)):
        char = chr(code)
        name = unicodedata.name(char, "")
        base = unicodedata.normalize("NFKC", char)
        lam_alef = len(base) == 2 and base[0] == _LAM and base[1] in _ALEFS
        if not (name.startswith("ARABIC LETTER ") and len(base) == 1) and not lam_alef:
            continue
        for form in _FORMS:
            if name.endswith(f" {form.upper()} FORM"):
                forms.setdefault(base, {}).setdefault(form, char)
    return forms


def _joins_forward(char: str) -> bool:
    """Dual-joining letters connect to the letter after them."""
    forms = _presentation_forms().get(char, {})
    return char == _TATWEEL or "initial" in forms or "medial" in forms


def _joins_back(char: str) -> bool:
    """Dual- and right-joining letters connect to the letter before them."""
    return char == _TATWEEL or "final" in _presentation_forms().get(char, {})


def shape_arabic(text: str) -> str:
    """Replace Arabic letters by their contextual forms, and lam + alef by its ligature.

    Arabic combining marks (vowel signs, shadda) are dropped.
    """
    if not has_rtl(text):
        return text
    forms = _presentation_forms()
    chars = list(text)
    out: list[str] = []
    previous = ""  # the last letter written, skipping combining marks (they are transparent)
    i = 0
    while i < len(chars):
        char = chars[i]
        if unicodedata.category(char) == "Mn":
            # Vowel signs and shadda are left out: drawn alone, HarfBuzz puts each on a
            # dotted circle. Labels read as well without them, as most Arabic text is written.
            if not unicodedata.name(char, "").startswith("ARABIC"):
                out.append(char)
            i += 1
            continue
        if char not in forms:
            out.append(char)
            previous = char
            i += 1
            continue
        key, step = char, 1
        if char == _LAM and i + 1 < len(chars) and chars[i + 1] in _ALEFS:
            key, step = char + chars[i + 1], 2
        after = next((c for c in chars[i + step :] if unicodedata.category(c) != "Mn"), "")
        joined_before = _joins_forward(previous) and _joins_back(char)
        joined_after = len(key) == 1 and _joins_forward(char) and _joins_back(after)
        form = _FORMS[(2 if joined_after else 0) + (1 if joined_before else 0)]
        letter_forms = forms[key]
        out.append(letter_forms.get(form) or letter_forms.get("isolated") or key)
        previous = key[-1]
        i += step
    return "".join(out)


def _resolved_types(text: str, base: int) -> list[str]:
    """Bidi types after the weak (W1-W7) and neutral (N1-N2) rules, for one line."""
    types = [unicodedata.bidirectional(c) or "ON" for c in text]
    sos = "R" if base else "L"
    strong = sos
    for i, kind in enumerate(types):  # W1-W3
        if kind == "NSM":
            kind = types[i - 1] if i else sos
        if kind == "EN" and strong == "AL":
            kind = "AN"
        if kind in ("L", "R", "AL"):
            strong = kind
        types[i] = "R" if kind == "AL" else kind
    for i in range(1, len(types) - 1):  # W4
        left, mid, right = types[i - 1], types[i], types[i + 1]
        if (left == right == "EN" and mid in ("ES", "CS")) or (
            left == right == "AN" and mid == "CS"
        ):
            types[i] = left
    for i, kind in enumerate(types):  # W5: European terminators next to a number join it
        if kind != "ET":
            continue
        j = i
        while j < len(types) and types[j] == "ET":
            j += 1
        if (i and types[i - 1] == "EN") or (j < len(types) and types[j] == "EN"):
            types[i:j] = ["EN"] * (j - i)
    strong = sos
    for i, kind in enumerate(types):  # W6, W7
        if kind in ("ES", "ET", "CS"):
            types[i] = kind = "ON"
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            types[i] = "L"
    i = 0
    while i < len(types):  # N1, N2: a neutral run takes the direction around it, else the base
        if types[i] in ("L", "R", "EN", "AN"):
            i += 1
            continue
        j = i
        while j < len(types) and types[j] not in ("L", "R", "EN", "AN"):
            j += 1
        before = sos if i == 0 else ("L" if types[i - 1] == "L" else "R")
        after = sos if j == len(types) else ("L" if types[j] == "L" else "R")
        types[i:j] = [before if before == after else sos] * (j - i)
        i = j
    return types


def visual_order(text: str, *, rtl: bool | None = None) -> str:
    """One line of text in the order it is displayed, left to right.

    The paragraph direction is `rtl`, or when None that of the first strong character.
    Brackets in right-to-left runs are mirrored.
    """
    if not has_rtl(text):
        return text
    if rtl is None:
        rtl = bool(first_strong_is_rtl(text))
    base = 1 if rtl else 0
    levels = []
    for kind in _resolved_types(text, base):  # I1, I2
        if base == 0:
            levels.append({"R": 1, "AN": 2, "EN": 2}.get(kind, 0))
        else:
            levels.append(2 if kind in ("L", "EN", "AN") else 1)
    chars = [_MIRRORS.get(c, c) if level % 2 else c for c, level in zip(text, levels, strict=True)]
    for level in range(max(levels), 0, -1):  # L2: reverse every run at or above each level
        i = 0
        while i < len(chars):
            if levels[i] < level:
                i += 1
                continue
            j = i
            while j < len(chars) and levels[j] >= level:
                j += 1
            chars[i:j] = chars[i:j][::-1]
            levels[i:j] = levels[i:j][::-1]
            i = j
    return "".join(chars)


def glyph_order(text: str, *, rtl: bool | None = None) -> str:
    """`text` shaped and in visual order, for a renderer that draws it glyph by glyph."""
    return visual_order(shape_arabic(text), rtl=rtl)


def paragraph_is_rtl(text: str, *, rtl_document: bool) -> bool:
    """Whether a paragraph (or a table cell, or a field's value) of `text` runs right to left.

    In a right-to-left document, text without a right-to-left letter (English, a code, a
    number such as "0 %") runs left to right, so it is not turned around; in a left-to-right
    document, text whose first strong character is right-to-left runs right to left (as
    HTML's ``dir="auto"`` would have it). Empty text takes the document's direction.
    """
    if rtl_document:
        return has_rtl(text) or not text.strip()
    return bool(first_strong_is_rtl(text))
