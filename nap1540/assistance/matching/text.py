"""Text normalisation, tokenisation, light stemming and script-based language guessing.

The stemmer is deliberately crude and dependency-free: English words lose their inflectional
ending and are cut to six characters ("legislation" and "legislative" both become "legisl"),
Russian words are cut to five characters (a truncation stemmer, which does well for Russian
retrieval). Only BM25 uses stems; the vocabulary keywords match on normalised words.
"""

# ruff: noqa: RUF001 -- the Russian stopwords are Cyrillic on purpose, not look-alike Latin.
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`\u00b4"), "'")
_TOKEN = re.compile(r"[^\W_]+(?:&[^\W_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

# Common words plus the formulae of a note verbale and of the 1540 process itself: they are in
# almost every request and say nothing about which offer fits.
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc few for
    from further had has have having he her here hers him his how i if in into is it its itself
    may me might more most must my no nor not now of off on once only or other our ours out over
    own per same shall she should so some such than that the their them then there these they
    this those through to too under until up upon us very via was we were what when where which
    while who whom why will with within would you your well including include includes inter
    alia e g new need needs needed others order ensure relevant related regard support
    supporting strengthen strengthening enhance enhancing improve improving provide providing
    provision assist assisting assistance request requests requesting requested offer offers
    offered programme programmes program programs project projects activity activities area
    areas field fields particular particularly specific state states country countries
    government national implementation implement implementing resolution resolutions 1540 2004
    unscr council committee chair chairman chairperson permanent mission representative
    compliments honour honor avails opportunity renew assurances highest consideration note
    verbale pursuant annex annexed enclosed herewith attached kindly letter york united nations
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо
    ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
    того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
    зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас
    про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
    том нельзя такой им более всегда конечно всю между также просим просит помощь помощи
    содействие содействия оказание оказании оказать рамках резолюции резолюция совета
    безопасности оон комитета комитет государства государство республика республики
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())


def normalise(text: str) -> str:
    """Lower-case, NFKC-normalised text with one kind of dash and quote, Cyrillic yo as ye."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    return text.lower().replace("\u0451", "\u0435")


def words(text: str) -> list[str]:
    """Word tokens of normalised text (keeps "mc&a" whole)."""
    return _TOKEN.findall(normalise(text))


_EN_SUFFIXES = (
    "ational", "ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ors", "or",
    "ed", "es", "s",
)  # fmt: skip
_KEEP_S = ("ss", "us", "is")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A short stable stem: truncation for Cyrillic, suffix stripping and truncation otherwise."""
    if _CYRILLIC.search(word):
        return word[:5]
    if len(word) <= 3 or word.isdigit():
        return word
    word = word.replace("licenc", "licens")
    for suffix in _EN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(_KEEP_S):
                break
            word = word[: -len(suffix)]
            if suffix == "ies":
                word += "y"
            break
    return word[:6]


# Formulae whose words are meaningful elsewhere ("security" in "physical security").
_BOILERPLATE = re.compile(
    r"security council|resolution 1540(?: \(2004\))?|1540 committee|permanent mission"
    r"|highest consideration|совет\w* безопасности"
)


def tokens(text: str) -> list[str]:
    """Stemmed content tokens, for BM25 (stopwords and one-letter words dropped)."""
    cleaned = _BOILERPLATE.sub(" ", normalise(text))
    return [stem(w) for w in _TOKEN.findall(cleaned) if len(w) > 1 and w not in STOPWORDS]


def guess_language(text: str) -> str | None:
    """ISO 639-1 code guessed from the script and a few function words, or None if unsure."""
    letters = sum(ch.isalpha() for ch in text)
    if not letters:
        return None
    for code, pattern in (("ru", _CYRILLIC), ("ar", _ARABIC), ("zh", _CJK)):
        if len(pattern.findall(text)) / letters > 0.3:
            return code
    ws = words(text)
    scores = {
        "en": sum(w in {"the", "of", "and", "for", "on", "to", "with"} for w in ws),
        "fr": sum(w in {"le", "la", "les", "des", "et", "pour", "sur", "du"} for w in ws),
        "es": sum(w in {"el", "los", "las", "del", "y", "para", "sobre", "con"} for w in ws),
    }
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > 0 else None
