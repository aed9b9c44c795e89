"""The font families documents name for each script, the same in every renderer.

All are Debian packages that `scripts/setup.sh` installs and fontconfig finds offline:
DejaVu Sans (fonts-dejavu-core: Latin, Cyrillic, Greek and a basic Arabic), Noto Naskh
Arabic and Noto Sans Arabic (fonts-noto-core) and Noto Sans CJK SC (fonts-noto-cjk, with the
glyph forms of Simplified Chinese; without it fontconfig may pick the Japanese forms).
"""

from __future__ import annotations

import unicodedata

from .document import primary_language

LATIN = "DejaVu Sans"
ARABIC = "Noto Naskh Arabic"  # the book style of Arabic text, for running text
ARABIC_SANS = "Noto Sans Arabic"  # for cells and labels
CJK = "Noto Sans CJK SC"
_EVERY = (LATIN, "Noto Sans", ARABIC, ARABIC_SANS, CJK, "Liberation Sans", "Arial")


def script_of(lang: str) -> str:
    """ "arabic", "han" or "latin" (which also stands for Cyrillic and Greek) for a language."""
    primary = primary_language(lang)
    if primary in {"ar", "fa", "ur", "ps", "sd", "ug"}:
        return "arabic"
    if primary == "zh":
        return "han"
    return "latin"


def families(lang: str) -> tuple[str, ...]:
    """Font families for text in `lang`, best first; the first carries the language's script.

    Every family follows, so a word in another script still finds its glyphs.
    """
    head = {"arabic": (ARABIC, ARABIC_SANS, LATIN), "han": (CJK, LATIN)}.get(
        script_of(lang), (LATIN,)
    )
    return head + tuple(family for family in _EVERY if family not in head)


def css_stack(lang: str) -> str:
    """A CSS font-family value for text in `lang`."""
    return ", ".join(f'"{family}"' for family in families(lang)) + ", sans-serif"


def is_wide(char: str) -> bool:
    """Whether a character is East Asian wide: Chinese characters and full-width punctuation."""
    return unicodedata.east_asian_width(char) in ("W", "F")
