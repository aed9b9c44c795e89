"""Plain data in and out of the matching engine: offers, request items, proposals, reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from . import english
from .classify import resolve_declared
from .vocab import Facet, lookup

Criterion = Literal[
    "assistance_type", "subject", "region", "language", "text", "meaning", "period"
]  # fmt: skip

CRITERIA: tuple[Criterion, ...] = (
    "assistance_type", "subject", "region", "language", "text", "meaning", "period"
)  # fmt: skip


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _strings(value: Any) -> tuple[str, ...] | None:
    """A tuple of strings; None (infer / not stated) for a missing value or an empty list."""
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value) or None


def _slugs(facet: Facet, value: Any, field_name: str) -> tuple[str, ...] | None:
    values = _strings(value)
    if values is None:
        return None
    slugs, unknown = resolve_declared(facet, values)
    if unknown:
        raise ValueError(f"{field_name}: unknown value(s) {', '.join(map(repr, unknown))}")
    return slugs


@dataclass(frozen=True)
class Offer:
    """An offer of assistance. Facets left as None are inferred from the title and description."""

    id: str
    provider: str
    title: str
    description: str = ""
    provider_type: str = ""
    assistance_types: tuple[str, ...] | None = None
    subjects: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    active_from: date | None = None
    active_to: date | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Offer:
        """Build from the JSON shape of offers.json; labels are turned into vocabulary slugs."""
        return cls(
            id=str(data["id"]),
            provider=str(data.get("provider") or ""),
            title=str(data.get("title") or ""),
            description=str(data.get("description") or ""),
            provider_type=str(data.get("provider_type") or ""),
            assistance_types=_slugs("type", data.get("assistance_types"), "assistance_types"),
            subjects=_slugs("subject", data.get("subjects"), "subjects"),
            regions=_strings(data.get("regions")),
            languages=_slugs("language", data.get("languages"), "languages"),
            active_from=_date(data.get("active_from")),
            active_to=_date(data.get("active_to")),
        )


@dataclass(frozen=True)
class RequestItem:
    """One item of an assistance request.

    `requester` is an ISO3 code or a group's name or code (e.g. CARICOM). Declared facets
    (from a form) are merged with what is found in the text. `languages`, when given, are the
    only working languages the requester accepts: offers known to work in none of them are
    excluded. Without it, the language of the text is a preference, not a filter.
    `text_language` is the language the text is written in (an ISO 639-1 code such as "fr"),
    when the caller knows it; the engine detects it otherwise.
    """

    id: str
    requester: str
    text: str
    date: date | None = None
    assistance_types: tuple[str, ...] | None = None
    subjects: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None
    text_language: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RequestItem:
        """Build from the JSON shape of the batch input."""
        return cls(
            id=str(data["id"]),
            requester=str(data["requester"]),
            text=str(data.get("text") or ""),
            date=_date(data.get("date")),
            assistance_types=_slugs("type", data.get("assistance_types"), "assistance_types"),
            subjects=_slugs("subject", data.get("subjects"), "subjects"),
            languages=_slugs("language", data.get("languages"), "languages"),
            text_language=_language_code(data.get("text_language")),
        )


def _language_code(value: Any) -> str | None:
    """An ISO 639-1 code, or None; raises on a value that is not a known language."""
    if value is None or value == "":
        return None
    found = lookup("language", str(value).replace("_", "-").split("-")[0])
    if found is None:
        raise ValueError(f"text_language: unknown language {value!r}")
    return found[0]


@dataclass(frozen=True)
class Reason:
    """Why a proposal scored as it did, on one criterion. `points` is its share of the score.

    `code` names the sentence and `params` holds its plain values (vocabulary slugs, region and
    language codes, ISO dates, the request's own words), so that the application can write the
    reason in the reader's language; `text` is the English sentence, for the command line.
    The codes are listed in REASON_CODES.
    """

    criterion: Criterion
    text: str  # "" for the English sentence of `code` (matching.english)
    points: float = 0.0
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.text and self.code:
            object.__setattr__(self, "text", english.sentence(self.code, self.params))

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "code": self.code,
            "params": dict(self.params),
            "text": self.text,
            "points": round(self.points, 4),
        }


# Every reason code and the parameters it carries. An area is {"kind", "code", "name"}
# (kind "state" or "group"; code the ISO3 or group code); dates are ISO strings.
REASON_CODES: dict[str, tuple[str, ...]] = {
    "type_offered": ("types", "inferred"),
    "type_not_offered": ("types",),
    "subject_covered": ("subjects", "inferred", "terms"),
    "subject_missing": ("subjects",),
    "region_unchecked": ("requester",),
    "region_serves": ("area", "label"),
    "region_serves_part": ("area", "label", "served", "total", "requester"),
    "region_global": (),
    "region_unknown": ("labels",),
    "region_not_stated": (),
    "region_not_served": ("requester",),
    "region_excluded": ("labels", "requester"),
    "language_works_in": ("languages",),
    "language_not_stated": (),
    "language_other": ("languages", "asked", "source"),
    "language_excluded": ("languages", "asked"),
    "text_terms": ("terms", "slugs"),
    "text_wording": (),
    "meaning_close": ("percent",),
    "period_starts": ("date",),
    "period_open_until": ("date",),
    "period_ended": ("date", "day"),
}


@dataclass(frozen=True)
class Proposal:
    """An offer proposed for a request item (or the assessment of a pair that is excluded)."""

    request_id: str
    offer_id: str
    score: float
    reasons: tuple[Reason, ...]
    eligible: bool = True
    exclusions: tuple[Reason, ...] = field(default=())

    @property
    def explanation(self) -> str:
        """The reasons as one paragraph of English sentences."""
        return " ".join(r.text for r in (*self.exclusions, *self.reasons))

    def criteria(self) -> set[str]:
        """Criteria that raised the score."""
        return {r.criterion for r in self.reasons if r.points > 0}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "offer_id": self.offer_id,
            "score": round(self.score, 4),
            "reasons": [r.to_dict() for r in self.reasons],
            "explanation": self.explanation,
        }
        if not self.eligible:
            data["eligible"] = False
            data["exclusions"] = [r.to_dict() for r in self.exclusions]
        return data


@dataclass(frozen=True)
class Weights:
    """Relative weight of each criterion in the combined score (renormalised per request
    over the criteria that apply: no subject in the request, no subject weight)."""

    assistance_type: float = 0.15
    subject: float = 0.35
    region: float = 0.10
    language: float = 0.05
    text: float = 0.30
    meaning: float = 0.25

    def of(self, criterion: str) -> float:
        return float(getattr(self, criterion, 0.0))

    def to_dict(self) -> dict[str, float]:
        return {name: self.of(name) for name in WEIGHTED}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Weights:
        """Weights from JSON; raises on an unknown criterion or a negative weight."""
        unknown = sorted(set(data) - set(WEIGHTED))
        if unknown:
            raise ValueError(f"weights: unknown criterion {', '.join(map(repr, unknown))}")
        values = {name: float(value) for name, value in data.items()}
        if any(v < 0 for v in values.values()):
            raise ValueError("weights: a weight cannot be negative")
        return cls(**values)


# The criteria that carry a weight (period only excludes offers).
WEIGHTED: tuple[Criterion, ...] = (
    "assistance_type", "subject", "region", "language", "text", "meaning"
)  # fmt: skip


def offers_from_dicts(items: Iterable[Mapping[str, Any]]) -> list[Offer]:
    """Offers from JSON-shaped dicts (see `Offer.from_dict`)."""
    return [Offer.from_dict(item) for item in items]
