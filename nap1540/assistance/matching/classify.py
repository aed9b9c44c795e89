"""Classification of free text (a request sentence, an offer description) into the vocabulary.

Rule-based on purpose: the result must say *which words* put a text under a term, so that a
proposal's reasons can quote them, and experts can fix a wrong call by editing a keyword list
(``data/vocabulary.json``).

The text is scanned once per facet, left to right, for the longest keyword at each word. Only
the keywords of the text's language are tried, with English (which requests in every language
quote: "dual-use", "CBRN", "IAEA") and the other scripts (which cannot match by accident); a
Latin-script text of unknown language tries English, French and Spanish. Words are compared
folded (no accents, Arabic short vowels or hamza seats), Arabic words also without their
proclitics, and a multi-word keyword may skip up to three linking words of French, Spanish,
Arabic, Russian or Chinese between its words ("contrôle des exportations").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .languages import english_name
from .stopwords import LINKERS
from .text import Word, fold, forms, guess_language, normalise, segment
from .vocab import ANY_LANGUAGE, LANGUAGES, SUBJECTS, TERMS, TEXT_LANGUAGES, Facet, lookup, terms_of


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
    # (words of the text, English gloss) for each match of a keyword in another language.
    translations: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def evidence(self, slug: str) -> tuple[str, ...]:
        """The words in the text that put it under `slug` (empty if not classified there)."""
        for hit in self.hits:
            if hit.slug == slug:
                if hit.implied_by:
                    return (f"{TERMS[hit.implied_by].phrase} (implies {TERMS[slug].phrase})",)
                return hit.keywords
        return ()


_SEPARATOR = re.compile(r"[\s\-/']*")  # empty between the words of a Chinese run
_KEYWORD_WORD = re.compile(r"[^\W_]+(?:&[^\W_]+)*\*?")
_MAX_SKIP = 3

# A keyword is a sequence of (word, is_prefix) pairs.
_Keyword = tuple[tuple[str, bool], ...]
_Entry = tuple[_Keyword, str, str, str]  # keyword, slug, keyword as written, its language


@dataclass(frozen=True)
class _Index:
    """Keywords of one facet indexed by their first word, for a single left-to-right scan."""

    exact: dict[str, list[_Entry]]
    prefix: dict[str, list[_Entry]]
    longest_prefix: int
    seen: dict[str, tuple[_Entry, ...]] = field(default_factory=dict)  # candidates per word

    def candidates(self, word: str) -> tuple[_Entry, ...]:
        """Keywords whose first word matches `word`, longest first (cached per word)."""
        found = self.seen.get(word)
        if found is None:
            entries: dict[int, _Entry] = {}
            for form in forms(word):
                for entry in self.exact.get(form, ()):
                    entries[id(entry)] = entry
                for cut in range(1, min(len(form), self.longest_prefix) + 1):
                    for entry in self.prefix.get(form[:cut], ()):
                        entries[id(entry)] = entry
            found = tuple(sorted(entries.values(), key=lambda entry: -len(entry[0])))
            if len(self.seen) < 200_000:
                self.seen[word] = found
        return found


def _parse(raw: str) -> _Keyword:
    return tuple(
        (fold(w.rstrip("*")), w.endswith("*")) for w in _KEYWORD_WORD.findall(normalise(raw))
    )


@cache
def _index(facet: Facet, languages: tuple[str, ...]) -> _Index:
    exact: dict[str, list[_Entry]] = {}
    prefix: dict[str, list[_Entry]] = {}
    for term in terms_of(facet):
        for language in languages:
            for raw in term.keywords_in(language):
                keyword = _parse(raw)
                first, is_prefix = keyword[0]
                entry = (keyword, term.slug, raw, language)
                (prefix if is_prefix else exact).setdefault(first, []).append(entry)
    return _Index(exact, prefix, max((len(k) for k in prefix), default=0))


def _word_matches(form: str, pattern: tuple[str, bool]) -> bool:
    return form.startswith(pattern[0]) if pattern[1] else form == pattern[0]


def _end_of_match(keyword: _Keyword, text: str, words: list[Word], i: int) -> int:
    """Index after the last text word of `keyword` matched from word `i`, or -1."""
    j = i + 1
    for pattern in keyword[1:]:
        skipped = 0
        while True:
            if j >= len(words) or not _SEPARATOR.fullmatch(text, words[j - 1].end, words[j].start):
                return -1
            if any(_word_matches(f, pattern) for f in forms(words[j].text)):
                break
            if skipped == _MAX_SKIP or fold(words[j].text) not in LINKERS:
                return -1
            skipped += 1
            j += 1
        j += 1
    return j


def _scan(
    facet: Facet, languages: tuple[str, ...], text: str, words: list[Word]
) -> tuple[dict[str, dict[str, None]], list[tuple[str, str, str]]]:
    """Longest keyword matches, left to right, without overlaps (like a regex scan).

    Returns the surfaces found per slug, and (slug, keyword as written, surface) for the
    matches of keywords in another language than English."""
    found: dict[str, dict[str, None]] = {}
    foreign: list[tuple[str, str, str]] = []
    index = _index(facet, languages)
    n_words = len(words)
    i = 0
    while i < n_words:
        best: list[_Entry] = []
        best_len = 0
        best_end = i
        for entry in index.candidates(words[i].text):
            n = len(entry[0])
            if n < best_len:
                break
            end = i + 1 if n == 1 else _end_of_match(entry[0], text, words, i)
            if end > i:
                if not best:
                    best_end = end
                best_len = n
                best.append(entry)
        if best:
            surface = " ".join(text[words[i].start : words[best_end - 1].end].split())
            for _, slug, raw, language in best:
                found.setdefault(slug, {})[surface] = None
                if language not in ("en", ANY_LANGUAGE):
                    foreign.append((slug, raw, surface))
            i = best_end
        else:
            i += 1
    return found, foreign


def keyword_languages(language: str | None) -> tuple[str, ...]:
    """The keyword languages tried on a text written in `language` (None: unknown)."""
    latin = ("fr", "es")
    return tuple(
        code
        for code in (ANY_LANGUAGE, *TEXT_LANGUAGES)
        if code not in latin or language is None or code == language
    )


def classify(text: str, language: str | None = None) -> Classification:
    """Assistance types, subjects and languages mentioned in `text`, with the words that fired.

    `language` is the language the text is written in, when known; it is guessed otherwise."""
    norm = normalise(text)
    words = segment(norm)
    if language not in TEXT_LANGUAGES:
        language = guess_language(norm)
    languages = keyword_languages(language)
    hits: list[Hit] = []
    translations: dict[tuple[str, str], None] = {}
    by_facet: dict[Facet, list[str]] = {"type": [], "subject": [], "language": []}
    for facet in by_facet:
        found, foreign = _scan(facet, languages, norm, words)
        for term in terms_of(facet):
            if term.slug in found:
                hits.append(Hit(term.slug, facet, tuple(found[term.slug])))
                by_facet[facet].append(term.slug)
        for slug, raw, surface in foreign:
            translations[(surface, TERMS[slug].gloss(raw))] = None
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
        translations=tuple(translations),
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


class _LanguageLabels(dict[str, str]):
    """English names of working languages: the vocabulary's eight, then any ISO 639 code."""

    def __missing__(self, code: str) -> str:
        return english_name(code)

    def get(self, code: str, default: Any = None) -> Any:
        return self[code]


LANGUAGE_LABELS: dict[str, str] = _LanguageLabels({t.slug: t.label for t in LANGUAGES})
