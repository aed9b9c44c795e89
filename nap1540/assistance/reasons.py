"""The matching engine's reasons, written in the reader's language.

The engine gives each reason a code and plain values (see `matching.models.REASON_CODES`);
proposals store exactly that, and every page, the API and letters write the sentence here, at
read time, in the active language. Lists sit in parentheses or after a colon, so that a name
keeps its dictionary form in every language (no case endings to agree with a verb).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from nap1540.assistance import vocabulary
from nap1540.core.rendering.formats import fmt_date
from nap1540.core.text import join_list, quoted, sentences
from nap1540.registry.models import state_name

# Languages whose common nouns (and names of languages) are written in lower case inside a
# sentence: a label "Formation" or "Français" reads "formation", "français" there.
_LOWER_INSIDE = ("fr", "es", "ru")


def _lang() -> str:
    return (get_language() or "en").split("-")[0]


def _inside(label: str, *, language_name: bool = False) -> str:
    """A vocabulary label as it is written inside a sentence in the active language."""
    lang = _lang()
    if lang in _LOWER_INSIDE or (lang == "en" and not language_name):
        return label[:1].lower() + label[1:]
    return label


def _labels(slugs: Iterable[str], mapping: Mapping[str, Any]) -> str:
    return join_list(_inside(str(mapping.get(s, s))) for s in slugs)


def language_names(codes: Iterable[str]) -> str:
    """Working languages named in the reader's language ("français, anglais")."""
    return join_list(_inside(vocabulary.language_name(c), language_name=True) for c in codes)


def quoted_words(words: Iterable[str]) -> str:
    """Words of a request or an offer, each in the reader's quotation marks, as one list."""
    return join_list(quoted(w) for w in words)


def area_name(area: Mapping[str, Any] | str) -> str:
    """A State in the reader's language; a group by its name in the registry."""
    if isinstance(area, str):
        return area
    if area.get("kind") == "state" and area.get("code"):
        return state_name(area["code"], area.get("name") or area["code"])
    return str(area.get("name") or area.get("code") or "")


def _day(value: str) -> str:
    return fmt_date(date.fromisoformat(value))


def _types(p: Mapping[str, Any]) -> str:
    return _labels(p["types"], vocabulary.ASSISTANCE_TYPES)


def _subjects(p: Mapping[str, Any]) -> str:
    return _labels(p["subjects"], vocabulary.SUBJECTS)


def _type_offered(p: Mapping[str, Any]) -> str:
    n, types = len(p["types"]), _types(p)
    if p.get("inferred"):
        return ngettext(
            "Its description offers the kind of help asked for (%(types)s).",
            "Its description offers the kinds of help asked for (%(types)s).",
            n,
        ) % {"types": types}
    return ngettext(
        "Offers the kind of help asked for (%(types)s).",
        "Offers the kinds of help asked for (%(types)s).",
        n,
    ) % {"types": types}


def _type_not_offered(p: Mapping[str, Any]) -> str:
    return ngettext(
        "Does not say it offers the kind of help asked for (%(types)s).",
        "Does not say it offers the kinds of help asked for (%(types)s).",
        len(p["types"]),
    ) % {"types": _types(p)}


def _subject_covered(p: Mapping[str, Any]) -> str:
    n, subjects = len(p["subjects"]), _subjects(p)
    if p.get("inferred"):
        return ngettext(
            "Its description covers the subject of the request (%(subjects)s).",
            "Its description covers the subjects of the request (%(subjects)s).",
            n,
        ) % {"subjects": subjects}
    return ngettext(
        "Covers the subject of the request (%(subjects)s).",
        "Covers the subjects of the request (%(subjects)s).",
        n,
    ) % {"subjects": subjects}


def _subject_missing(p: Mapping[str, Any]) -> str:
    return ngettext(
        "Does not mention this subject of the request: %(subjects)s.",
        "Does not mention these subjects of the request: %(subjects)s.",
        len(p["subjects"]),
    ) % {"subjects": _subjects(p)}


def _region_serves(p: Mapping[str, Any]) -> str:
    area = p["area"]
    if area.get("kind") == "state":
        return _("Open to the requesting State (%(state)s).") % {"state": area_name(area)}
    return _("Open in a region that includes the requester (%(region)s).") % {
        "region": area_name(area)
    }


def _region_serves_part(p: Mapping[str, Any]) -> str:
    return ngettext(
        "Serves %(served)s of the requester's %(total)s State (%(requester)s; %(region)s).",
        "Serves %(served)s of the requester's %(total)s States (%(requester)s; %(region)s).",
        p["total"],
    ) % {
        "served": p["served"],
        "total": p["total"],
        "requester": area_name(p["requester"]),
        "region": area_name(p["area"]),
    }


def _language_other(p: Mapping[str, Any]) -> str:
    values = {"languages": language_names(p["languages"]), "asked": language_names(p["asked"])}
    if p.get("source") == "declared":
        return (
            _(
                "The offer's working languages (%(languages)s) are not among those the request "
                "accepts (%(asked)s)."
            )
            % values
        )
    if p.get("source") == "mentioned":
        return (
            _(
                "The offer's working languages (%(languages)s) are not those the request asks "
                "for (%(asked)s)."
            )
            % values
        )
    return (
        _(
            "The offer's working languages (%(languages)s) do not include the language the "
            "request is written in (%(asked)s)."
        )
        % values
    )


def _text_terms(p: Mapping[str, Any]) -> str:
    return ngettext(
        "Its description uses this term of the request: %(terms)s.",
        "Its description uses these terms of the request: %(terms)s.",
        len(p["terms"]),
    ) % {"terms": quoted_words(p["terms"])}


_WRITERS: dict[str, Any] = {
    "type_offered": _type_offered,
    "type_not_offered": _type_not_offered,
    "subject_covered": _subject_covered,
    "subject_missing": _subject_missing,
    "region_unchecked": lambda p: (
        _("The requester (%(requester)s) is not recognised, so the regions were not checked.")
        % {"requester": p["requester"]}
    ),
    "region_serves": _region_serves,
    "region_serves_part": _region_serves_part,
    "region_global": lambda p: _("Open to all regions."),
    "region_unknown": lambda p: (
        _(
            "The region the offer names (%(regions)s) is not recognised: it neither counts as "
            "serving the requester nor excludes it."
        )
        % {"regions": quoted_words(p["labels"])}
    ),
    "region_not_stated": lambda p: _("The offer does not say which regions it serves."),
    "region_not_served": lambda p: (
        _("Does not serve the requester (%(requester)s).")
        % {"requester": area_name(p["requester"])}
    ),
    "region_excluded": lambda p: (
        _("Open only to other regions (%(regions)s), not to the requester (%(requester)s).")
        % {"regions": quoted_words(p["labels"]), "requester": area_name(p["requester"])}
    ),
    "language_works_in": lambda p: (
        ngettext(
            "Works in the language of the request (%(languages)s).",
            "Works in the languages of the request (%(languages)s).",
            len(p["languages"]),
        )
        % {"languages": language_names(p["languages"])}
    ),
    "language_not_stated": lambda p: _("The offer does not state its working languages."),
    "language_other": _language_other,
    "language_excluded": lambda p: (
        _(
            "The offer's working languages (%(languages)s) are none of those the request "
            "accepts (%(asked)s)."
        )
        % {"languages": language_names(p["languages"]), "asked": language_names(p["asked"])}
    ),
    "text_terms": _text_terms,
    "text_wording": lambda p: _("Its description shares some of the request's wording."),
    "meaning_close": lambda p: (
        _("Close in meaning to the request (%(percent)s%% of the best match).")
        % {"percent": p["percent"]}
    ),
    "period_starts": lambda p: _("Starts on %(date)s.") % {"date": _day(p["date"])},
    "period_open_until": lambda p: _("Open until %(date)s.") % {"date": _day(p["date"])},
    "period_ended": lambda p: (
        _("Ended on %(date)s, before the date of the request (%(day)s).")
        % {"date": _day(p["date"]), "day": _day(p["day"])}
    ),
}


def text(reason: Mapping[str, Any]) -> str:
    """One stored reason as a sentence in the active language.

    A reason stored before reasons had codes keeps its English text (``legacy``) until the
    proposals are ranked again.
    """
    writer = _WRITERS.get(str(reason.get("code") or ""))
    params = reason.get("params") or {}
    if writer is None:
        return str(params.get("text") or reason.get("text") or "")
    return str(writer(params))


def is_english_only(reason: Mapping[str, Any]) -> bool:
    """Whether the reason is an old English sentence that has no code to translate it by."""
    return str(reason.get("code") or "") not in _WRITERS


def rendered(reasons: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Stored reasons with their sentence in the active language (for pages and the API)."""
    return [
        {
            "criterion": r.get("criterion", ""),
            "code": r.get("code", ""),
            "params": r.get("params") or {},
            "points": r.get("points", 0.0),
            "text": text(r),
            "english_only": is_english_only(r),
        }
        for r in reasons
    ]


def explanation(reasons: Sequence[Mapping[str, Any]]) -> str:
    """All the reasons as one paragraph in the active language."""
    # One space between sentences; none in Chinese.
    return sentences(map(text, reasons))


def stored(reasons: Iterable[Any]) -> list[dict[str, Any]]:
    """The engine's reasons as stored on a proposal: code and values, no English sentence."""
    out = []
    for r in reasons:
        data = r.to_dict()
        data.pop("text", None)
        out.append(data)
    return out
