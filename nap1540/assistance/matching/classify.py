"""Classification of free text (a request sentence, an offer description) into the vocabulary.

Rule-based on purpose: the result must say *which words* put a text under a term, so that a
proposal's reasons can quote them, and experts can fix a wrong call by editing a keyword list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .text import normalise
from .vocab import LANGUAGES, SUBJECTS, TERMS, Facet, lookup, terms_of


@dataclass(frozen=True)
class Hit:
    """One vocabulary term found in a text, with the words that fired it."""

    slug: str
    facet: Facet
    keywords: tuple[str, ...]
    implied_by: str | None = None


@dataclass(frozen=True)
class Classification:
    types: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    hits: tuple[Hit, ...] = field(default=(), repr=False)

    def evidence(self, slug: str) -> tuple[str, ...]:
        """The words in the text that put it under `slug` (empty if not classified there)."""
        for hit in self.hits:
            if hit.slug == slug:
                if hit.implied_by:
                    return (f"{TERMS[hit.implied_by].phrase} (implies {TERMS[slug].phrase})",)
                return hit.keywords
        return ()


_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
_SEPARATOR = re.compile(r"[\s\-/]+")

# A keyword is a sequence of (word, is_prefix) pairs.
_Keyword = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class _Index:
    """Keywords of one facet indexed by their first word, for a single left-to-right scan."""

    exact: dict[str, list[tuple[_Keyword, str]]]
    prefix: dict[str, list[tuple[_Keyword, str]]]
    longest_prefix: int


@cache
def _index(facet: Facet) -> _Index:
    exact: dict[str, list[tuple[_Keyword, str]]] = {}
    prefix: dict[str, list[tuple[_Keyword, str]]] = {}
    for term in terms_of(facet):
        for raw in term.keywords:
            keyword = tuple((w.rstrip("*"), w.endswith("*")) for w in raw.split(" "))
            first, is_prefix = keyword[0]
            (prefix if is_prefix else exact).setdefault(first, []).append((keyword, term.slug))
    return _Index(exact, prefix, max((len(k) for k in prefix), default=0))


def _word_matches(word: str, pattern: tuple[str, bool]) -> bool:
    return word.startswith(pattern[0]) if pattern[1] else word == pattern[0]


@lru_cache(maxsize=200_000)
def _candidates(facet: Facet, word: str) -> tuple[tuple[_Keyword, str], ...]:
    """Keywords of a facet whose first word matches `word`, longest first (cached per word)."""
    index = _index(facet)
    found = list(index.exact.get(word, ()))
    for cut in range(1, min(len(word), index.longest_prefix) + 1):
        found.extend(index.prefix.get(word[:cut], ()))
    found.sort(key=lambda item: -len(item[0]))
    return tuple(found)


def _scan(facet: Facet, text: str, words: list[re.Match[str]]) -> dict[str, dict[str, None]]:
    """Longest keyword matches, left to right, without overlaps (like a regex scan)."""
    found: dict[str, dict[str, None]] = {}
    n_words = len(words)
    i = 0
    while i < n_words:
        best: list[str] = []
        best_len = 0
        for keyword, slug in _candidates(facet, words[i].group(0)):
            n = len(keyword)
            if n < best_len:
                break
            if n == 1 or (
                i + n <= n_words
                and all(
                    _word_matches(words[i + j].group(0), keyword[j])
                    and _SEPARATOR.fullmatch(text, words[i + j - 1].end(), words[i + j].start())
                    for j in range(1, n)
                )
            ):
                best_len = n
                best.append(slug)
        if best_len:
            surface = " ".join(text[words[i].start() : words[i + best_len - 1].end()].split())
            for slug in best:
                found.setdefault(slug, {})[surface] = None
            i += best_len
        else:
            i += 1
    return found


def classify(text: str) -> Classification:
    """Assistance types, subjects and languages mentioned in `text`, with the words that fired."""
    norm = normalise(text)
    words = list(_TOKEN.finditer(norm))
    hits: list[Hit] = []
    by_facet: dict[Facet, list[str]] = {"type": [], "subject": [], "language": []}
    for facet in by_facet:
        found = _scan(facet, norm, words)
        for term in terms_of(facet):
            if term.slug in found:
                hits.append(Hit(term.slug, facet, tuple(found[term.slug])))
                by_facet[facet].append(term.slug)
    for term in SUBJECTS:
        if term.slug in by_facet["subject"]:
            for implied in term.implies:
                if implied not in by_facet["subject"]:
                    by_facet["subject"].append(implied)
                    hits.append(Hit(implied, "subject", (), implied_by=term.slug))
    order = {slug: i for i, slug in enumerate(TERMS)}
    return Classification(
        types=tuple(by_facet["type"]),
        subjects=tuple(sorted(by_facet["subject"], key=order.__getitem__)),
        languages=tuple(by_facet["language"]),
        hits=tuple(hits),
    )


def resolve_declared(facet: Facet, values: Iterable[str]) -> tuple[tuple[str, ...], list[str]]:
    """Slugs for declared values (slugs, labels or Committee header words) and the unknown ones."""
    slugs: dict[str, None] = {}
    unknown: list[str] = []
    for value in values:
        found = lookup(facet, value)
        if found is None:
            unknown.append(value)
        else:
            slugs.update(dict.fromkeys(found))
    return tuple(slugs), unknown


LANGUAGE_LABELS: dict[str, str] = {t.slug: t.label for t in LANGUAGES}
