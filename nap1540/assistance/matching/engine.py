"""The matching engine: one offer index, ranked proposals with per-criterion reasons.

The index is built once and then updated offer by offer (``add_offer`` / ``remove_offer``):
the BM25 postings grow in place, and the per-offer facet rows live in NumPy arrays that double
in capacity, so adding an offer never rebuilds anything. Ranking a request item is a handful of
vectorised operations over all offers; reasons are written only for the proposals returned.

Score = weighted mean, over the criteria that apply to the request (weights in models.Weights:
subject 0.35, text 0.30, assistance type 0.15, region 0.10, language 0.05, meaning 0.25), of:
- assistance_type, subject: overlap between the request's terms (declared or found in its text)
  and the offer's (declared, else found in its text); mostly coverage of what was asked, a little
  specificity, so a focused programme beats a catalogue that lists everything;
- region: 1 when a named region of the offer contains the requester (0.5 + 0.5 x the share of
  a group requester's States served), 0.75 for a global offer, 0.5 (neutral) when the offer's
  regions are not stated or not recognised; an offer known not to serve the requester is
  excluded;
- language: 1 when the offer works in the request's language, 0 when it is known not to,
  0.5 when the offer does not say; a request's declared `languages` are a hard filter;
- text: BM25 of the request against the offer's words, relative to the best offer (but never
  scaled up more than twofold, so a weak best match stays weak);
- meaning (optional): cosine similarity of sentence embeddings, scaled the same way.
Offers whose ``active_to`` is before the request date are excluded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from .bm25 import IncrementalBM25
from .classify import Classification, classify
from .models import CRITERIA, Criterion, Offer, Proposal, Reason, RequestItem, Weights
from .regions import Area, Coverage, RegionResolver
from .semantic import LEXICAL_ONLY, Embedder, SemanticStatus, load_embedder
from .text import detect_language, guess_language, tokens
from .vocab import SUBJECT_SLUGS, TERMS, TYPE_SLUGS

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_FAR_FUTURE = date.max.toordinal()
REGION_GLOBAL = 0.75
NEUTRAL = 0.5
LEXICAL_MAX_BOOST = 2.0
SEMANTIC_FLOOR = 0.55
_ORDER = {criterion: i for i, criterion in enumerate(CRITERIA)}
COMPACT_AFTER = 1000  # dead rows (withdrawn or replaced offers) tolerated before compacting


class _Grow:
    """A NumPy array whose first axis doubles in capacity as rows are appended."""

    def __init__(self, width: int | None, dtype: Any, fill: Any = 0) -> None:
        self.fill = fill
        shape = (16,) if width is None else (16, width)
        self.data: npt.NDArray[Any] = np.full(shape, fill, dtype=dtype)

    def set(self, row: int, value: Any) -> None:
        if row >= self.data.shape[0]:
            grown = np.full((max(row + 1, 2 * self.data.shape[0]), *self.data.shape[1:]),
                            self.fill, dtype=self.data.dtype)  # fmt: skip
            grown[: self.data.shape[0]] = self.data
            self.data = grown
        self.data[row] = value

    def view(self, n: int) -> npt.NDArray[Any]:
        return self.data[:n]


@dataclass(frozen=True)
class IndexedOffer:
    """An offer with its facets resolved, as the engine sees it."""

    offer: Offer
    row: int
    types: tuple[str, ...]
    types_inferred: bool
    subjects: tuple[str, ...]
    subjects_inferred: bool
    languages: tuple[str, ...]
    coverage: Coverage


@dataclass(frozen=True)
class _Query:
    request: RequestItem
    classification: Classification
    types: tuple[str, ...]
    subjects: tuple[str, ...]
    tokens: tuple[str, ...]
    requester: Area | None
    languages: tuple[str, ...]
    language_source: str
    strict_languages: bool
    day: date
    language: str = "en"  # the language the text is tokenised in


@dataclass(frozen=True)
class Features:
    """The unweighted criterion scores of the live offers (in insertion order) for one item."""

    offer_ids: tuple[str, ...]
    parts: dict[Criterion, FloatArray]
    eligible: BoolArray


@dataclass
class _Scores:
    parts: dict[Criterion, FloatArray]
    total: FloatArray
    weight_sum: float
    excluded: dict[Criterion, BoolArray]
    eligible: BoolArray
    idf: dict[str, float]


def _vector(slugs: Iterable[str], universe: Sequence[str]) -> FloatArray:
    chosen = set(slugs)
    return np.array([1.0 if s in chosen else 0.0 for s in universe])


# The subject of a request that names resolution 1540 and nothing more specific.
GENERIC_SUBJECT = "national_coordination"
_RESOLUTION = re.compile(r"(?<!\d)1540(?!\d)")


def _names_the_resolution(text: str) -> bool:
    """Whether a text names resolution 1540 (the number, in any language or script)."""
    return bool(_RESOLUTION.search(text))


@lru_cache(maxsize=4096)
def _english_tokens(gloss: str) -> tuple[str, ...]:
    return tuple(tokens(gloss, "en"))


def _gloss_tokens(found: Classification) -> list[str]:
    """BM25 tokens of the English glosses of the keywords found in another language."""
    return [token for _, gloss in found.translations for token in _english_tokens(gloss)]


def _area(area: Area) -> dict[str, str]:
    """A region as plain data for a reason: the application names it in the reader's language."""
    return {"kind": area.kind, "code": area.code, "name": area.name}


def _implied(found: Classification, slug: str) -> bool:
    return any(h.slug == slug and h.implied_by for h in found.hits)


@lru_cache(maxsize=4096)
def _phrase_tokens(phrase: str, language: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(phrase, language) if not any(ch.isdigit() for ch in t))


def _domain_phrases(
    found: Classification, language: str
) -> list[tuple[str, str, tuple[tuple[str, ...], ...]]]:
    """(the request's words, slug, token sets standing for them) for each subject or type hit."""
    glosses: dict[str, list[str]] = {}
    for words_in_text, gloss in found.translations:
        glosses.setdefault(words_in_text, []).append(gloss)
    out = []
    for hit in found.hits:
        if hit.facet == "language" or hit.implied_by:
            continue
        for words_in_text in hit.keywords:
            candidates = [_phrase_tokens(words_in_text, language)]
            candidates += [_english_tokens(g) for g in glosses.get(words_in_text, ())]
            out.append((words_in_text, hit.slug, tuple(candidates)))
    return out


class MatchingEngine:
    """Ranks offers for request items and request items for offers, with reasons."""

    def __init__(
        self,
        resolver: RegionResolver | None = None,
        *,
        semantic: bool | Embedder = False,
        weights: Weights | None = None,
    ) -> None:
        self.resolver = resolver or RegionResolver()
        self.weights = weights or Weights()
        self.embedder: Embedder | None
        if semantic is True:
            self.embedder, self.semantic_status = load_embedder()
        elif semantic is False:
            self.embedder, self.semantic_status = None, LEXICAL_ONLY
        else:
            self.embedder = semantic
            self.semantic_status = SemanticStatus(
                True, True, f"semantic matching with {semantic.name}"
            )
        self._bm25 = IncrementalBM25()
        self._offers: list[IndexedOffer | None] = []
        self._row_of: dict[str, int] = {}
        self._alive = _Grow(None, np.bool_, False)
        self._types = _Grow(len(TYPE_SLUGS), np.float64)
        self._n_types = _Grow(None, np.float64, 1.0)
        self._subjects = _Grow(len(SUBJECT_SLUGS), np.float64)
        self._n_subjects = _Grow(None, np.float64, 1.0)
        # Rows by working language: any ISO 639 code, not a fixed vector of eight.
        self._rows_by_language: dict[str, list[int]] = {}
        self._langs_known = _Grow(None, np.bool_, False)
        self._is_global = _Grow(None, np.bool_, False)
        self._neutral_region = _Grow(None, np.bool_, False)
        self._active_to = _Grow(None, np.int64, _FAR_FUTURE)
        self._embeddings: _Grow | None = None
        self._rows_by_state: dict[str, list[int]] = {}
        self._region_cache: dict[frozenset[str], FloatArray] = {}

    # -- index maintenance ------------------------------------------------------------------

    @property
    def n_rows(self) -> int:
        return len(self._offers)

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, offer_id: object) -> bool:
        return offer_id in self._row_of

    def offers(self) -> list[Offer]:
        """The indexed offers, in insertion order."""
        return [o.offer for o in self._offers if o is not None]

    def indexed(self, offer_id: str) -> IndexedOffer:
        """An offer with its resolved facets (KeyError if not indexed)."""
        found = self._offers[self._row_of[offer_id]]
        assert found is not None
        return found

    def add_offers(self, offers: Iterable[Offer | Mapping[str, Any]]) -> None:
        """Index several offers (embeddings, if any, are computed in one batch)."""
        batch = [o if isinstance(o, Offer) else Offer.from_dict(o) for o in offers]
        vectors = self._encode([self._offer_text(o) for o in batch]) if batch else None
        for i, offer in enumerate(batch):
            self._add(offer, None if vectors is None else vectors[i])
        if self.n_rows - len(self) > max(COMPACT_AFTER, len(self)):
            self._compact()

    def _encode(self, texts: list[str]) -> npt.NDArray[np.float32] | None:
        """Embeddings, or None without an embedder; a failing model switches semantic off."""
        if self.embedder is None:
            return None
        try:
            return self.embedder.encode(texts)
        except Exception as exc:  # the semantic signal is optional: never fail a match for it
            self.embedder, self._embeddings = None, None
            self.semantic_status = SemanticStatus(
                True, False, f"semantic matching stopped ({type(exc).__name__}: {exc}); "
                "lexical matching used",
            )  # fmt: skip
            return None

    def _compact(self) -> None:
        """Drop the rows of withdrawn and replaced offers (rare; keeps insertion order)."""
        live = [item for item in self._offers if item is not None]
        vectors = self._embeddings.data if self._embeddings is not None else None
        fresh = MatchingEngine(self.resolver, semantic=False, weights=self.weights)
        for item in live:
            fresh._add(item.offer, None if vectors is None else vectors[item.row])
        embedder, status = self.embedder, self.semantic_status
        self.__dict__.update(fresh.__dict__)
        self.embedder, self.semantic_status = embedder, status

    def add_offer(self, offer: Offer | Mapping[str, Any]) -> IndexedOffer:
        """Index one offer; an offer with an id already indexed replaces it."""
        self.add_offers([offer])
        item = self._offers[-1]
        assert item is not None
        return item

    def remove_offer(self, offer_id: str) -> None:
        """Withdraw an offer from the index (no error if it is not there).

        Its row stays as a tombstone until enough of them pile up to compact the index."""
        row = self._row_of.pop(offer_id, None)
        if row is None:
            return
        self._bm25.remove(row)
        self._alive.set(row, False)
        self._offers[row] = None
        self._region_cache.clear()

    @staticmethod
    def _offer_text(offer: Offer) -> str:
        return f"{offer.title}. {offer.description}"

    def _add(self, offer: Offer, vector: npt.NDArray[np.float32] | None) -> None:
        self.remove_offer(offer.id)
        text = f"{offer.title}. {offer.description}"
        language = detect_language(text)
        found = classify(text, language)
        types = offer.assistance_types if offer.assistance_types is not None else found.types
        subjects = offer.subjects if offer.subjects is not None else found.subjects
        languages = offer.languages if offer.languages is not None else found.languages
        coverage = self.resolver.coverage(offer.regions)
        labels = " ".join(TERMS[s].label for s in (*types, *subjects))
        row = self._bm25.add(
            tokens(f"{text} {offer.provider} {labels}", language) + _gloss_tokens(found)
        )
        assert row == len(self._offers)
        self._offers.append(
            IndexedOffer(
                offer, row, types, offer.assistance_types is None, subjects,
                offer.subjects is None, languages, coverage,
            )
        )  # fmt: skip
        self._row_of[offer.id] = row
        self._alive.set(row, True)
        self._types.set(row, _vector(types, TYPE_SLUGS))
        self._n_types.set(row, max(len(types), 1))
        self._subjects.set(row, _vector(subjects, SUBJECT_SLUGS))
        self._n_subjects.set(row, max(len(subjects), 1))
        for code in languages:
            self._rows_by_language.setdefault(code, []).append(row)
        self._langs_known.set(row, bool(languages))
        self._is_global.set(row, coverage.is_global)
        self._neutral_region.set(row, not coverage.stated or bool(coverage.unknown))
        self._active_to.set(row, offer.active_to.toordinal() if offer.active_to else _FAR_FUTURE)
        specific = frozenset().union(
            *(a.states for a in coverage.areas if a.kind in ("group", "state"))
        )
        for iso3 in specific:
            self._rows_by_state.setdefault(iso3, []).append(row)
        if vector is not None:
            if self._embeddings is None:
                self._embeddings = _Grow(len(vector), np.float32)
            self._embeddings.set(row, vector)
        self._region_cache.clear()

    # -- queries ----------------------------------------------------------------------------

    def _query(self, request: RequestItem, today: date | None) -> _Query:
        written = request.text_language or guess_language(request.text)
        language = detect_language(request.text, written)
        found = classify(request.text, written)
        types = tuple(dict.fromkeys((*(request.assistance_types or ()), *found.types)))
        subjects = tuple(dict.fromkeys((*(request.subjects or ()), *found.subjects)))
        if not subjects and _names_the_resolution(request.text):
            # "Assistance with implementing resolution 1540": no subject of its own, so help
            # with implementation as a whole (a national action plan, the Group of Experts).
            subjects = (GENERIC_SUBJECT,)
        if request.languages:
            languages, source, strict = request.languages, "declared", True
        elif found.languages:
            languages, source, strict = found.languages, "mentioned", False
        else:
            languages, source, strict = ((written,) if written else ()), "written", False
        return _Query(
            request=request,
            classification=found,
            types=types,
            subjects=subjects,
            tokens=tuple(dict.fromkeys(tokens(request.text, language) + _gloss_tokens(found))),
            requester=self.resolver.requester(request.requester),
            languages=languages,
            language_source=source,
            strict_languages=strict,
            day=request.date or today or date.today(),
            language=language,
        )

    def _served_fraction(self, states: frozenset[str]) -> FloatArray:
        cached = self._region_cache.get(states)
        if cached is None:
            counts = np.zeros(self.n_rows)
            for iso3 in states:
                rows = self._rows_by_state.get(iso3)
                if rows:
                    counts[np.asarray(rows, dtype=np.intp)] += 1.0
            cached = self._region_cache[states] = counts / max(len(states), 1)
        return cached

    @staticmethod
    def _facet(matrix: FloatArray, offered: FloatArray, wanted: FloatArray) -> FloatArray:
        # Mostly coverage of what was asked, a little specificity of what is offered.
        overlap: FloatArray = matrix @ wanted
        result: FloatArray = overlap * (0.8 / float(wanted.sum()) + 0.2 / offered)
        return result

    def _text_embedding_input(self, q: _Query) -> str:
        if detect_language(q.request.text, q.request.text_language) in ("en", "fr", "es"):
            return q.request.text
        # all-MiniLM-L6-v2 is English-only: carry the meaning through the vocabulary labels.
        found = [TERMS[h.slug].label for h in q.classification.hits if h.facet != "language"]
        return ", ".join(found) or q.request.text

    def _score(self, q: _Query) -> _Scores:
        n = self.n_rows
        alive = self._alive.view(n).copy()
        parts: dict[Criterion, FloatArray] = {}
        excluded: dict[Criterion, BoolArray] = {}
        if q.types:
            parts["assistance_type"] = self._facet(
                self._types.view(n), self._n_types.view(n), _vector(q.types, TYPE_SLUGS)
            )
        if q.subjects:
            parts["subject"] = self._facet(
                self._subjects.view(n), self._n_subjects.view(n), _vector(q.subjects, SUBJECT_SLUGS)
            )
        is_global = self._is_global.view(n)
        neutral = self._neutral_region.view(n)
        if q.requester is None:
            parts["region"] = np.full(n, NEUTRAL)
        else:
            served = self._served_fraction(q.requester.states)
            parts["region"] = np.where(
                served > 0,
                0.5 + 0.5 * served,
                np.where(is_global, REGION_GLOBAL, NEUTRAL),
            )
            excluded["region"] = (served == 0) & ~is_global & ~neutral
        if q.languages:
            known = self._langs_known.view(n)
            speaks = np.zeros(n, dtype=np.bool_)
            for code in q.languages:
                speaks[self._rows_by_language.get(code, [])] = True
            parts["language"] = np.where(known, speaks.astype(np.float64), NEUTRAL)
            if q.strict_languages:
                excluded["language"] = known & ~speaks
        excluded["period"] = self._active_to.view(n) < q.day.toordinal()
        idf = {t: self._bm25.idf(t) for t in q.tokens if self._bm25.df(t)}
        raw = self._bm25.scores(q.tokens)
        if n and raw.max() > 0:
            best = float(raw[alive].max()) if alive.any() else float(raw.max())
            # Relative to the best offer, but a weak best match is not scaled up to 1.
            idf_mass = sum(idf.values())
            parts["text"] = np.minimum(raw / max(best, idf_mass / LEXICAL_MAX_BOOST), 1.0)
        encoded = None
        if self.embedder is not None and n:
            encoded = self._encode([self._text_embedding_input(q)])
        if encoded is not None and self._embeddings is not None:
            sims = np.clip(self._embeddings.view(n) @ encoded[0], 0.0, 1.0).astype(np.float64)
            best = float(sims[alive].max()) if alive.any() else 0.0
            parts["meaning"] = sims / max(best, SEMANTIC_FLOOR)
        weight_sum = sum(self.weights.of(c) for c in parts)
        total = np.zeros(n)
        for criterion, values in parts.items():
            total += self.weights.of(criterion) * values
        total /= weight_sum or 1.0
        eligible = alive.copy()
        for mask in excluded.values():
            eligible &= ~mask
        return _Scores(parts, total, weight_sum, excluded, eligible, idf)

    # -- reasons ----------------------------------------------------------------------------

    def _points(self, scores: _Scores, criterion: Criterion, row: int) -> float:
        if criterion not in scores.parts or not scores.weight_sum:
            return 0.0
        value = float(scores.parts[criterion][row])
        return self.weights.of(criterion) * value / scores.weight_sum

    def _reasons(self, q: _Query, scores: _Scores, item: IndexedOffer) -> tuple[Reason, ...]:
        row = item.row
        out: list[Reason] = []

        def add(criterion: Criterion, code: str, *, scored: bool = True, **params: Any) -> None:
            points = self._points(scores, criterion, row) if scored else 0.0
            out.append(Reason(criterion, "", points, code, params))  # English text from the code

        matched = [s for s in q.types if s in item.types]
        if matched:
            add("assistance_type", "type_offered", types=matched, inferred=item.types_inferred)
        elif q.types:
            add("assistance_type", "type_not_offered", scored=False, types=list(q.types))
        matched = [s for s in q.subjects if s in item.subjects]
        if matched:
            terms: list[str] = []
            for slug in matched:
                if not _implied(q.classification, slug):
                    terms.extend(q.classification.evidence(slug))
            add(
                "subject", "subject_covered", subjects=matched, inferred=item.subjects_inferred,
                terms=list(dict.fromkeys(terms)),
            )  # fmt: skip
        missing = [s for s in q.subjects if s not in item.subjects]
        if missing:
            add("subject", "subject_missing", scored=False, subjects=missing)
        out.append(self._region_reason(q, scores, item))
        language = self._language_reason(q, scores, item)
        if language is not None:
            out.append(language)
        shared = self._shared_terms(q, row)
        if shared:
            add(
                "text", "text_terms",
                terms=[w for w, _ in shared], slugs=list(dict.fromkeys(s for _, s in shared)),
            )  # fmt: skip
        elif self._points(scores, "text", row) > 0:
            # The words in common are not vocabulary terms: say so without quoting them.
            add("text", "text_wording")
        if "meaning" in scores.parts:
            share = float(scores.parts["meaning"][row])
            add("meaning", "meaning_close", percent=round(share * 100))
        offer = item.offer
        if offer.active_from and offer.active_from > q.day:
            add("period", "period_starts", scored=False, date=offer.active_from.isoformat())
        elif offer.active_to:
            add("period", "period_open_until", scored=False, date=offer.active_to.isoformat())
        return tuple(sorted(out, key=lambda r: (_ORDER[r.criterion], r.points == 0)))

    def _region_reason(self, q: _Query, scores: _Scores, item: IndexedOffer) -> Reason:
        points = self._points(scores, "region", item.row)
        cov = item.coverage

        def reason(code: str, value: float = points, **params: Any) -> Reason:
            return Reason("region", "", value, code, params)

        if q.requester is None:
            return reason("region_unchecked", requester=q.request.requester)
        wanted = q.requester.states
        named = sorted(
            (a for a in cov.areas if a.kind in ("group", "state") and a.states & wanted),
            key=lambda a: (-len(a.states & wanted), len(a.states)),
        )
        if named:
            area = named[0]
            inside = len(area.states & wanted)
            if inside == len(wanted):
                return reason("region_serves", area=_area(area), label=area.label)
            served = len(frozenset().union(*(a.states for a in named)) & wanted)
            return reason(
                "region_serves_part", area=_area(area), label=area.label, served=served,
                total=len(wanted), requester=_area(q.requester),
            )  # fmt: skip
        if cov.is_global:
            return reason("region_global")
        if cov.unknown:
            return reason("region_unknown", labels=list(cov.unknown))
        if not cov.stated:
            return reason("region_not_stated")
        return reason("region_not_served", 0.0, requester=_area(q.requester))

    def _language_reason(self, q: _Query, scores: _Scores, item: IndexedOffer) -> Reason | None:
        if not q.languages:
            return None
        points = self._points(scores, "language", item.row)
        spoken = [c for c in q.languages if c in item.languages]
        if spoken:
            return Reason("language", "", points, "language_works_in", {"languages": spoken})
        if not item.languages:
            return Reason("language", "", points, "language_not_stated", {})
        return Reason(
            "language", "", 0.0, "language_other",
            {"languages": list(item.languages), "asked": list(q.languages),
             "source": q.language_source},
        )  # fmt: skip

    def _shared_terms(self, q: _Query, row: int, limit: int = 4) -> list[tuple[str, str]]:
        """Vocabulary terms of the request (its own words, with their slug) the offer shares.

        Only words that fired a subject or assistance-type keyword count, and a phrase counts
        when the offer has every one of its BM25 tokens (or of its English gloss's): never a
        stop word, a number or a year, which BM25 may still have matched.
        """
        offered = self._bm25.terms(row)
        found: dict[str, tuple[float, str]] = {}
        for words_in_text, slug, candidates in _domain_phrases(q.classification, q.language):
            if words_in_text in found:
                continue
            for toks in candidates:
                if toks and all(t in offered for t in toks):
                    found[words_in_text] = (max(self._bm25.idf(t) for t in toks), slug)
                    break
        ranked = sorted(found.items(), key=lambda kv: -kv[1][0])
        return [(words_in_text, slug) for words_in_text, (_, slug) in ranked[:limit]]

    def _exclusions(self, q: _Query, scores: _Scores, item: IndexedOffer) -> tuple[Reason, ...]:
        out: list[Reason] = []
        row = item.row
        if "region" in scores.excluded and scores.excluded["region"][row]:
            requester = _area(q.requester) if q.requester else q.request.requester
            out.append(
                Reason(
                    "region", "", 0.0, "region_excluded",
                    {"labels": list(item.offer.regions or ()), "requester": requester},
                )
            )  # fmt: skip
        if "language" in scores.excluded and scores.excluded["language"][row]:
            out.append(
                Reason(
                    "language", "", 0.0, "language_excluded",
                    {"languages": list(item.languages), "asked": list(q.languages)},
                )
            )  # fmt: skip
        if scores.excluded["period"][row] and item.offer.active_to:
            ended, day = item.offer.active_to.isoformat(), q.day.isoformat()
            out.append(
                Reason(
                    "period", "", 0.0, "period_ended",
                    {"date": ended, "day": day},
                )
            )  # fmt: skip
        return tuple(out)

    def _proposal(self, q: _Query, scores: _Scores, item: IndexedOffer) -> Proposal:
        row = item.row
        eligible = bool(scores.eligible[row])
        return Proposal(
            request_id=q.request.id,
            offer_id=item.offer.id,
            score=float(scores.total[row]),
            reasons=self._reasons(q, scores, item),
            eligible=eligible,
            exclusions=() if eligible else self._exclusions(q, scores, item),
        )

    # -- public ranking API -----------------------------------------------------------------

    def rank_offers(
        self, request: RequestItem | Mapping[str, Any], *, top: int = 10, today: date | None = None
    ) -> list[Proposal]:
        """The best `top` eligible offers for one request item, best first."""
        if not isinstance(request, RequestItem):
            request = RequestItem.from_dict(request)
        if top < 1:
            return []
        q = self._query(request, today)
        scores = self._score(q)
        candidates = np.flatnonzero(scores.eligible)
        if top < len(candidates):
            # Partial selection, then a stable sort of the few kept: ties keep insertion order.
            kth = np.argpartition(-scores.total[candidates], top - 1)[:top]
            cut = scores.total[candidates][kth].min()
            candidates = candidates[scores.total[candidates] >= cut]
        order = candidates[np.argsort(-scores.total[candidates], kind="stable")][:top]
        return [self._proposal(q, scores, self._item(int(r))) for r in order]

    def features(
        self, request: RequestItem | Mapping[str, Any], *, today: date | None = None
    ) -> Features:
        """Each criterion's score of every indexed offer for one request item, unweighted.

        What the weights are fitted on (see `tuning`): `rank_offers` orders the eligible offers
        by the weighted mean of these rows."""
        if not isinstance(request, RequestItem):
            request = RequestItem.from_dict(request)
        scores = self._score(self._query(request, today))
        rows = [o for o in self._offers if o is not None]
        index = np.array([o.row for o in rows], dtype=np.intp)
        return Features(
            offer_ids=tuple(o.offer.id for o in rows),
            parts={c: v[index] for c, v in scores.parts.items()},
            eligible=scores.eligible[index],
        )

    def _item(self, row: int) -> IndexedOffer:
        item = self._offers[row]
        assert item is not None
        return item

    def assess(
        self, request: RequestItem | Mapping[str, Any], offer_id: str, *, today: date | None = None
    ) -> Proposal:
        """Score and reasons for one pair, including why it is excluded when it is."""
        if not isinstance(request, RequestItem):
            request = RequestItem.from_dict(request)
        q = self._query(request, today)
        return self._proposal(q, self._score(q), self.indexed(offer_id))

    def rank_requests(
        self,
        offer_id: str,
        requests: Iterable[RequestItem | Mapping[str, Any]],
        *,
        top: int = 10,
        today: date | None = None,
    ) -> list[Proposal]:
        """The open request items that this indexed offer fits best, best first.

        A pair gets the same score in both directions."""
        item = self.indexed(offer_id)
        found: list[Proposal] = []
        for request in requests:
            if not isinstance(request, RequestItem):
                request = RequestItem.from_dict(request)
            q = self._query(request, today)
            scores = self._score(q)
            if scores.eligible[item.row]:
                found.append(self._proposal(q, scores, item))
        found.sort(key=lambda p: -p.score)
        return found[:top]

    def match(
        self,
        requests: Iterable[RequestItem | Mapping[str, Any]],
        *,
        top: int = 10,
        today: date | None = None,
    ) -> list[tuple[str, list[Proposal]]]:
        """`rank_offers` for each request item: [(request id, proposals)]."""
        out: list[tuple[str, list[Proposal]]] = []
        for request in requests:
            if not isinstance(request, RequestItem):
                request = RequestItem.from_dict(request)
            out.append((request.id, self.rank_offers(request, top=top, today=today)))
        return out
