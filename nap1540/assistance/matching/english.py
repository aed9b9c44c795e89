"""The engine's reasons as whole English sentences, for the command line and its JSON.

The application writes each reason in the reader's language from its code and values
(`assistance/reasons.py`, through gettext); these are the same English sentences, written
without Django. A test checks that the two agree on every reason over the bench.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from .languages import english_name
from .vocab import TERMS

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def _label(slug: str, *, keep_case: bool = False) -> str:
    term = TERMS.get(slug)
    label = term.label if term is not None else slug
    return label if keep_case else label[:1].lower() + label[1:]


def _list(items: Iterable[str]) -> str:
    return ", ".join(items)


def _labels(slugs: Iterable[str]) -> str:
    return _list(_label(s) for s in slugs)


def _languages(codes: Iterable[str]) -> str:
    return _list(english_name(c) if c not in TERMS else _label(c, keep_case=True) for c in codes)


def _quoted(words: Iterable[str]) -> str:
    return _list(f"\u201c{w}\u201d" for w in words)


def _area(area: Mapping[str, Any] | str) -> str:
    if isinstance(area, str):
        return area
    return str(area.get("name") or area.get("code") or "")


def _day(value: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _n(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _type_offered(p: Mapping[str, Any]) -> str:
    kind = _n(len(p["types"]), "kind", "kinds")
    lead = "Its description offers" if p.get("inferred") else "Offers"
    return f"{lead} the {kind} of help asked for ({_labels(p['types'])})."


def _subject_covered(p: Mapping[str, Any]) -> str:
    subject = _n(len(p["subjects"]), "subject", "subjects")
    lead = "Its description covers" if p.get("inferred") else "Covers"
    return f"{lead} the {subject} of the request ({_labels(p['subjects'])})."


def _region_serves(p: Mapping[str, Any]) -> str:
    if p["area"].get("kind") == "state":
        return f"Open to the requesting State ({_area(p['area'])})."
    return f"Open in a region that includes the requester ({_area(p['area'])})."


def _language_other(p: Mapping[str, Any]) -> str:
    own, asked = _languages(p["languages"]), _languages(p["asked"])
    if p.get("source") == "declared":
        return (
            f"The offer's working languages ({own}) are not among those the request "
            f"accepts ({asked})."
        )
    if p.get("source") == "mentioned":
        return (
            f"The offer's working languages ({own}) are not those the request asks for ({asked})."
        )
    return (
        f"The offer's working languages ({own}) do not include the language the request is "
        f"written in ({asked})."
    )


_WRITERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "type_offered": _type_offered,
    "type_not_offered": lambda p: (
        f"Does not say it offers the {_n(len(p['types']), 'kind', 'kinds')} of help asked for "
        f"({_labels(p['types'])})."
    ),
    "subject_covered": _subject_covered,
    "subject_missing": lambda p: (
        f"Does not mention {_n(len(p['subjects']), 'this subject', 'these subjects')} of the "
        f"request: {_labels(p['subjects'])}."
    ),
    "region_unchecked": lambda p: (
        f"The requester ({p['requester']}) is not recognised, so the regions were not checked."
    ),
    "region_serves": _region_serves,
    "region_serves_part": lambda p: (
        f"Serves {p['served']} of the requester's {p['total']} "
        f"{_n(p['total'], 'State', 'States')} ({_area(p['requester'])}; {_area(p['area'])})."
    ),
    "region_global": lambda p: "Open to all regions.",
    "region_unknown": lambda p: (
        f"The region the offer names ({_quoted(p['labels'])}) is not recognised: it neither "
        "counts as serving the requester nor excludes it."
    ),
    "region_not_stated": lambda p: "The offer does not say which regions it serves.",
    "region_not_served": lambda p: f"Does not serve the requester ({_area(p['requester'])}).",
    "region_excluded": lambda p: (
        f"Open only to other regions ({_quoted(p['labels'])}), not to the requester "
        f"({_area(p['requester'])})."
    ),
    "language_works_in": lambda p: (
        f"Works in the {_n(len(p['languages']), 'language', 'languages')} of the request "
        f"({_languages(p['languages'])})."
    ),
    "language_not_stated": lambda p: "The offer does not state its working languages.",
    "language_other": _language_other,
    "language_excluded": lambda p: (
        f"The offer's working languages ({_languages(p['languages'])}) are none of those the "
        f"request accepts ({_languages(p['asked'])})."
    ),
    "text_terms": lambda p: (
        f"Its description uses {_n(len(p['terms']), 'this term', 'these terms')} of the "
        f"request: {_quoted(p['terms'])}."
    ),
    "text_wording": lambda p: "Its description shares some of the request's wording.",
    "meaning_close": lambda p: (
        f"Close in meaning to the request ({p['percent']}% of the best match)."
    ),
    "period_starts": lambda p: f"Starts on {_day(p['date'])}.",
    "period_open_until": lambda p: f"Open until {_day(p['date'])}.",
    "period_ended": lambda p: (
        f"Ended on {_day(p['date'])}, before the date of the request ({_day(p['day'])})."
    ),
}


def sentence(code: str, params: Mapping[str, Any]) -> str:
    """One reason as an English sentence (empty for an unknown code)."""
    writer = _WRITERS.get(code)
    return writer(params) if writer is not None else ""
