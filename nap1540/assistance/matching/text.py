"""Text processing in the six UN languages: normalising, language detection, words, stems.

- The language of a text is taken from a hint when there is one; otherwise the script decides
  Arabic, Chinese and Russian (cheap and certain), and a profile of function words decides
  between English, French and Spanish.
- Words are the runs of letters and digits, except in Chinese, which has no spaces: a run of
  Chinese characters is cut into the longest words of the vocabulary it contains (forward
  maximum matching); BM25 indexes those words and the character bigrams of what is left.
- Stems come from the Snowball stemmers (``snowballstemmer``: English, French, Spanish, Russian
  and Arabic), chosen per word by its script, then folded (accents dropped), so that French
  "exportations" and "exportation" meet, and meet English "export" as well. Only BM25 uses
  stems; the vocabulary keywords match folded words (see classify.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import pairwise
from typing import NamedTuple

import snowballstemmer

from .stopwords import FUNCTION_WORDS, STOPWORDS
from .vocab import TEXT_LANGUAGES, zh_lexicon

__all__ = [
    "STOPWORDS",
    "Word",
    "detect_language",
    "fold",
    "forms",
    "guess_language",
    "normalise",
    "segment",
    "stem",
    "tokens",
    "words",
]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`\u00b4"), "'")
_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_CJK = re.compile(f"[{_HAN}]")
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}
_TATWEEL = "\u0640"


def normalise(text: str) -> str:
    """Lower-case, NFKC-normalised text with one kind of dash and quote, Cyrillic yo as ye."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    return text.lower().replace("\u0451", "\u0435").replace(_TATWEEL, "")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """A word without accents, Arabic short vowels or hamza seats, for matching only."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for ligature, letters in _LIGATURES.items():
        plain = plain.replace(ligature, letters)
    return plain


# Arabic proclitics (and, so, with, for, as, the), longest first: "والرقابة" -> "رقابة".
_PROCLITICS = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


@lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The folded word, and for Arabic the same word without each proclitic it may carry."""
    folded = fold(word)
    if not _ARABIC.match(folded):
        return (folded,)
    found = [folded]
    for prefix in _PROCLITICS:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            found.append(folded[len(prefix) :])
    return tuple(dict.fromkeys(found))


class Word(NamedTuple):
    """A word of normalised text: its surface, where it is, and whether it is Chinese."""

    text: str
    start: int
    end: int
    han: bool = False


@cache
def _lexicon() -> tuple[frozenset[str], int]:
    words = zh_lexicon() | {w for w in STOPWORDS if _CJK.search(w)}
    return words, max((len(w) for w in words), default=1)


def _cut_han(run: str, offset: int) -> list[Word]:
    """Forward maximum matching against the vocabulary; unknown characters stand alone."""
    lexicon, longest = _lexicon()
    out: list[Word] = []
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            piece = run[i : i + size]
            if size == 1 or piece in lexicon:
                out.append(Word(piece, offset + i, offset + i + size, han=True))
                i += size
                break
    return out


def segment(norm: str) -> list[Word]:
    """The words of normalised text, Chinese runs cut into vocabulary words and characters."""
    out: list[Word] = []
    for match in _TOKEN.finditer(norm):
        token, start = match.group(0), match.start()
        if token.isascii() or not _CJK.search(token):
            out.append(Word(token, start, match.end()))
            continue
        last = 0
        for run in _HAN_RUN.finditer(token):
            if run.start() > last:
                out.append(Word(token[last : run.start()], start + last, start + run.start()))
            out.extend(_cut_han(run.group(0), start + run.start()))
            last = run.end()
        if last < len(token):
            out.append(Word(token[last:], start + last, match.end()))
    return out


def words(text: str) -> list[str]:
    """Word tokens of normalised text (keeps "mc&a" whole; Chinese cut as in `segment`)."""
    norm = normalise(text)
    if not _CJK.search(norm):
        return _TOKEN.findall(norm)
    return [w.text for w in segment(norm)]


_SNOWBALL = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}


@cache
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(_SNOWBALL[language])


def _script_language(word: str, latin: str) -> str:
    if _CYRILLIC.search(word):
        return "ru"
    if _ARABIC.search(word):
        return "ar"
    if _CJK.search(word):
        return "zh"
    return latin if latin in ("en", "fr", "es") else "en"


@lru_cache(maxsize=200_000)
def stem(word: str, language: str = "en") -> str:
    """The Snowball stem of a normalised word, folded; the script picks Russian or Arabic.

    `language` is the language of the text, used for words in the Latin script."""
    if word.isdigit() or len(word) <= 2:
        return word
    code = _script_language(word, language)
    if code == "zh":
        return word
    stemmed = _stemmer(code).stemWord(word)
    if code == "en":
        stemmed = stemmed.replace("licenc", "licens")  # British and American spelling
    return fold(stemmed)


# Formulae whose words are meaningful elsewhere ("security" in "physical security").
_BOILERPLATE = re.compile(
    r"security council|resolution 1540(?: \(2004\))?|1540 committee|permanent mission"
    r"|highest consideration|совет\w* безопасности|conseil de s[eé]curit[eé]"
    r"|consejo de seguridad|مجلس الأمن|安全理事会|安理会"
)


def tokens(text: str, language: str | None = None) -> list[str]:
    """Stemmed content tokens, for BM25 (stopwords and one-letter words dropped).

    Chinese words of the vocabulary are tokens; other Chinese characters give bigrams."""
    norm = normalise(text)
    latin = language or detect_language(norm)
    cleaned = _BOILERPLATE.sub(" ", norm)
    if not _CJK.search(cleaned):
        return [
            stem(w, latin) for w in _TOKEN.findall(cleaned) if len(w) > 1 and w not in STOPWORDS
        ]
    out: list[str] = []
    pending: list[str] = []  # consecutive unknown Chinese characters

    def flush() -> None:
        if pending:
            out.extend(a + b for a, b in pairwise(pending))
            pending.clear()

    lexicon, _ = _lexicon()
    for word in segment(cleaned):
        if word.han:
            if word.text in STOPWORDS:
                flush()
            elif word.text in lexicon:
                flush()
                out.append(word.text)
            else:
                pending.append(word.text)
            continue
        flush()
        if len(word.text) > 1 and word.text not in STOPWORDS:
            out.append(stem(word.text, latin))
    flush()
    return out


_SCRIPT_SHARE = 0.3


def _by_script(text: str) -> str | None:
    if text.isascii():
        return "" if any(ch.isalpha() for ch in text) else None
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return None
    for code, pattern in (("ru", _CYRILLIC), ("ar", _ARABIC), ("zh", _CJK)):
        if len(pattern.findall(text)) / letters > _SCRIPT_SHARE:
            return code
    return ""


def guess_language(text: str) -> str | None:
    """ISO 639-1 code guessed from the script and function words, or None if unsure."""
    script = _by_script(text)
    if script is None or script:
        return script
    return _profile(words(text))


_FUNCTION_WORD_LANGUAGE = {w: code for code, ws in FUNCTION_WORDS.items() for w in ws}


def _profile(ws: Iterable[str]) -> str | None:
    scores = dict.fromkeys(FUNCTION_WORDS, 0)
    for w in ws:
        code = _FUNCTION_WORD_LANGUAGE.get(w)
        if code is not None:
            scores[code] += 1
    best = max(scores, key=lambda k: scores[k])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best


def detect_language(text: str, hint: str | None = None) -> str:
    """The language a text is written in: the hint if it is a UN language, else a guess.

    Never None: text with no clue (a few English acronyms, say) is taken as English."""
    if hint:
        code = hint.strip().lower().replace("_", "-").split("-")[0]
        if code in TEXT_LANGUAGES:
            return code
    return guess_language(text) or "en"
