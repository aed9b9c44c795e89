"""Cleaning of marks and evidence: one set of rules for forms, the API, imports and services.

Plain Python, no database. `clean_values` normalises what it accepts (whitespace, line
ends, mark spellings) so that cleaning twice gives the same result; the Excel round-trip
depends on that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from nap1540.core.text import join_list, quoted
from nap1540.matrix.models import REFERENCE_KEYS, Mark, SourceKind

EVIDENCE_KEYS = (
    "mark",
    "legal_reference",
    "enforcement_reference",
    "remarks",
    "source_kind",
    "source_document",
    "source_page",
    "source_url",
)
REFERENCE_LIMITS = {"instrument": 300, "article": 100, "date": 40, "link": 500}
TEXT_LIMITS = {"remarks": 4000, "source_document": 300, "source_page": 40, "source_url": 500}
MARK_SPELLINGS = {"X": "X", "?": "?", "NA": "NA", "N/A": "NA", "": ""}
# XML 1.0 cannot hold these; spreadsheets and our exports would lose them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class ValueProblem:
    """A value that cannot be stored; `name` is the key, dotted for reference parts."""

    name: str
    message: str


def blank_snapshot() -> dict[str, Any]:
    return {
        "mark": "",
        "legal_reference": dict.fromkeys(REFERENCE_KEYS, ""),
        "enforcement_reference": dict.fromkeys(REFERENCE_KEYS, ""),
        "remarks": "",
        "source_kind": "",
        "source_document": "",
        "source_page": "",
        "source_url": "",
    }


def is_blank(snapshot: Mapping[str, Any] | None) -> bool:
    return snapshot is None or dict(snapshot) == blank_snapshot()


def clean_mark(value: Any) -> str:
    text = "" if value is None else str(value).strip().upper()
    if text not in MARK_SPELLINGS:
        raise ValueError(
            _("mark %(value)s is not one of X, ?, NA or blank") % {"value": quoted(str(value)[:20])}
        )
    return MARK_SPELLINGS[text]


def clean_text(value: Any, *, limit: int, multiline: bool = False, link: bool = False) -> str:
    """Strip, normalise line ends (multi-line) or runs of spaces (single-line), check length."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if _ILLEGAL.search(value):
        raise ValueError(_("contains control characters that cannot be stored"))
    if multiline:
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    else:
        text = _SPACES.sub(" ", value).strip()
    if len(text) > limit:
        raise ValueError(
            _("is %(length)d characters long; at most %(limit)d are allowed")
            % {"length": len(text), "limit": limit}
        )
    if link and text and not _LINK.match(text):
        raise ValueError(
            _("%(value)s is not a web address starting with http:// or https://")
            % {"value": quoted(text[:60])}
        )
    return text


def clean_source_kind(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if text in SourceKind.values:
        return text
    for kind in SourceKind:
        if text.casefold() == str(kind.label).casefold():
            return kind.value
    allowed = join_list(v for v in SourceKind.values if v)
    raise ValueError(
        _("source %(value)s is not one of %(allowed)s or blank")
        % {"value": quoted(text[:40]), "allowed": allowed}
    )


def clean_reference(value: Any, name: str, problems: list[ValueProblem]) -> dict[str, str]:
    out = dict.fromkeys(REFERENCE_KEYS, "")
    if value is None:
        return out
    if not isinstance(value, Mapping):
        problems.append(
            ValueProblem(name, _("must be an object with instrument, article, date and link"))
        )
        return out
    for key in value:
        if key not in REFERENCE_KEYS:
            problems.append(
                ValueProblem(
                    f"{name}.{key}", _("unknown part; use instrument, article, date or link")
                )
            )
    for key in REFERENCE_KEYS:
        try:
            out[key] = clean_text(value.get(key), limit=REFERENCE_LIMITS[key], link=key == "link")
        except ValueError as exc:
            problems.append(ValueProblem(f"{name}.{key}", str(exc)))
    return out


def clean_values(
    data: Mapping[str, Any], *, partial: bool = True
) -> tuple[dict[str, Any], list[ValueProblem]]:
    """Normalise mark and evidence; return the cleaned values and every problem found.

    With `partial`, only the keys present are returned (an edit of some parts);
    otherwise missing keys are blank.
    """
    problems: list[ValueProblem] = []
    cleaned: dict[str, Any] = {} if partial else blank_snapshot()
    for key in data:
        if key not in EVIDENCE_KEYS:
            problems.append(ValueProblem(key, _("unknown value name")))
    for key in EVIDENCE_KEYS:
        if key not in data:
            continue
        value = data[key]
        try:
            if key == "mark":
                cleaned[key] = clean_mark(value)
            elif key in ("legal_reference", "enforcement_reference"):
                cleaned[key] = clean_reference(value, key, problems)
            elif key == "source_kind":
                cleaned[key] = clean_source_kind(value)
            else:
                cleaned[key] = clean_text(
                    value,
                    limit=TEXT_LIMITS[key],
                    multiline=key == "remarks",
                    link=key == "source_url",
                )
        except ValueError as exc:
            problems.append(ValueProblem(key, str(exc)))
    return cleaned, problems


def mark_choices() -> list[tuple[str, str]]:
    return [(m.value, str(m.label)) for m in Mark]
