"""Working languages as ISO 639 codes: any language a provider teaches in, not a fixed list.

A declared language is stored as its ISO 639-1 code when it has one ("ja", "ko", "fr") and as
its ISO 639-3 code otherwise ("fil", "yue"), so that "jpn", "Japanese" and "ja-JP" all become
"ja" and the engine compares like with like. The code tables are pycountry's copy of ISO 639-3
(already a dependency for ISO 3166), read offline; names in other languages come from the
iso639-3 gettext catalogues that pycountry ships (see `nap1540.assistance.vocabulary`).
"""

from __future__ import annotations

from functools import cache

import pycountry


def _record(value: str) -> object | None:
    key = value.strip()
    if not key:
        return None
    # "pt-BR", "zh_Hans", "ja-JP": the primary subtag names the language.
    primary = key.replace("_", "-").split("-")[0]
    if primary.isalpha() and len(primary) in (2, 3):
        found = pycountry.languages.get(alpha_2=primary.lower()) if len(primary) == 2 else None
        if found is None and len(primary) == 3:
            found = pycountry.languages.get(alpha_3=primary.lower())
            if found is None:
                # ISO 639-2/B codes such as "fre", "chi", "ger".
                found = pycountry.languages.get(bibliographic=primary.lower())
        if found is not None:
            return found
    try:
        return pycountry.languages.lookup(key)  # English names: "Japanese", "Yue Chinese"
    except LookupError:
        return None


@cache
def iso_code(value: str) -> str | None:
    """The canonical code of a language (ISO 639-1 if it has one, else ISO 639-3), or None."""
    found = _record(value)
    if found is None:
        return None
    return str(getattr(found, "alpha_2", None) or found.alpha_3)  # type: ignore[attr-defined]


@cache
def english_name(code: str) -> str:
    """The ISO 639 English name of a canonical code ("Yue Chinese"); the code if unknown."""
    found = _record(code)
    return str(found.name) if found is not None else code  # type: ignore[attr-defined]
