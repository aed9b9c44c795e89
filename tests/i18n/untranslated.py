"""Find English interface strings on a page rendered in another language.

The English strings come from the compiled catalogue of that language (`django.mo`, what
Django itself reads): every msgid whose translation differs from it. A page shows one
untranslated when a text node or a shown attribute equals such a msgid (after whitespace is
normalised), or contains one of three words or more. Placeholders (`%(name)s`, `{page}`) and
tags inside a msgid match any text, so a sentence of `blocktranslate` is found with its values.

Text a template marks as not interface text is left out with everything inside it: an element
with `data-user-content` (titles and text people typed), and one whose `lang` is not the page's
language (the language menu, which names each language in itself).
"""

from __future__ import annotations

import html
import re
import struct
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

LOCALE_DIR = Path(__file__).resolve().parents[2] / "nap1540" / "locale"

SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description", "label")
BUTTON_INPUTS = {"submit", "button", "reset"}
# Code, and the values of form fields (what someone typed, not the interface).
HIDDEN_TAGS = {"script", "style", "template", "textarea"}
# Placeholders of python-format and format strings, and tags (their text is matched around them).
HOLE = re.compile(r"%\([a-z_0-9]+\)[sdifr]|%[sdif]|\{[a-z_0-9]*\}|<[^>]+>")
WORD = re.compile(r"[^\W\d_]+")
MIN_CONTAINED_WORDS = 3


def normalise(text: str) -> str:
    return " ".join(text.split())


# --- the catalogue ------------------------------------------------------------------------


def read_mo(path: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """(context, [msgid, msgid_plural?], [msgstr forms]) of every entry of a compiled catalogue."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _rev, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    for n in range(count):
        olen, ooff = struct.unpack(order + "2I", data[originals + 8 * n : originals + 8 * n + 8])
        tlen, toff = struct.unpack(
            order + "2I", data[translations + 8 * n : translations + 8 * n + 8]
        )
        original = data[ooff : ooff + olen].decode("utf-8")
        if not original:
            continue  # the header
        context, _sep, ids = original.rpartition("\x04")
        yield context, ids.split("\x00"), data[toff : toff + tlen].decode("utf-8").split("\x00")


def english_strings(language: str) -> set[str]:
    """The msgids a page in `language` must not show: those translated to something else.

    A msgid that any of its contexts leaves as it is ("Note" in French) may be shown, and so
    may one that is itself a translation in `language` in any catalogue the site loads,
    Django's own included ("Action" is French in the admin's catalogue)."""
    translated: set[str] = set()
    kept: set[str] = set()
    for _context, ids, forms in read_mo(mo_path(language)):
        for msgid in ids:
            text = normalise(html.unescape(msgid))
            (kept if text in {normalise(f) for f in forms} else translated).add(text)
    kept |= _words_of(language)
    return {t for t in translated - kept if WORD.search(HOLE.sub(" ", t))}


def _words_of(language: str) -> set[str]:
    """Every translation in `language` of every catalogue Django merged for it."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    return {
        normalise(html.unescape(value))
        for _key, value in catalog.items()
        if isinstance(value, str) and value
    }


def mo_path(language: str) -> Path:
    from django.utils.translation import to_locale

    return LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.mo"


def _literal_words(msgid: str) -> list[str]:
    return WORD.findall(HOLE.sub(" ", msgid))


def _pattern(msgid: str, *, short: bool) -> re.Pattern[str]:
    """A placeholder stands for any text; in a string of one or two words, for a number (a
    count), or every English name with "and" in it would be "%(items)s and %(last)s"."""
    parts: list[str] = []
    last = 0
    value = r"[\d\s.,%\u00a0\u202f]+?" if short else r".+?"
    for hole in HOLE.finditer(msgid):
        parts.append(re.escape(msgid[last : hole.start()]))
        parts.append(r"\s*" if hole.group(0).startswith("<") else value)
        last = hole.end()
    parts.append(re.escape(msgid[last:]))
    body = "".join(parts).replace("%%", "%")
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


@dataclass
class Matcher:
    """Finds the English strings of one catalogue in shown text."""

    exact: set[str]
    # Strings with holes, or of three words or more, each filed under its rarest word, with
    # whether it is found inside longer text; their patterns are compiled when first needed.
    by_word: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def for_language(cls, language: str) -> Matcher:
        return cls.from_strings(english_strings(language))

    @classmethod
    def from_strings(cls, strings: Iterable[str]) -> Matcher:
        strings = sorted(strings)
        frequency = Counter(w for s in strings for w in set(_literal_words(s)))
        by_word: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        exact = set()
        for msgid in strings:
            words = _literal_words(msgid)
            has_holes = bool(HOLE.search(msgid))
            if not has_holes:
                exact.add(msgid)
            if has_holes or len(words) >= MIN_CONTAINED_WORDS:
                anchor = min(words, key=lambda w: (frequency[w], w))
                contained = len(words) >= MIN_CONTAINED_WORDS
                by_word[anchor].append((msgid, contained))
        return cls(exact, dict(by_word))

    def find(self, text: str) -> set[str]:
        """The English strings `text` is, or contains."""
        text = normalise(text)
        if not text:
            return set()
        found = set()
        bare = text.rstrip(":*").rstrip()  # a form label with its suffix
        if text in self.exact:
            found.add(text)
        elif bare in self.exact:
            found.add(bare)
        for word in set(WORD.findall(text)):
            for msgid, contained in self.by_word.get(word, ()):
                pattern = self.patterns.get(msgid)
                if pattern is None:
                    pattern = self.patterns[msgid] = _pattern(msgid, short=not contained)
                if contained:
                    if pattern.search(text):
                        found.add(msgid)
                elif pattern.fullmatch(text) or pattern.fullmatch(bare):
                    found.add(msgid)
        return found


# --- the page ----------------------------------------------------------------------------------

# Elements whose whole text is also read as one string, so that a sentence split by inline
# tags (a link, a <strong>) is still found.
BLOCKS = {
    "p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "label", "legend",
    "caption", "summary", "button", "a", "option", "title", "figcaption", "blockquote",
}  # fmt: skip


def _primary(lang: str) -> str:
    return lang.strip().lower().split("-")[0]


def shown_strings(page: str, language: str) -> list[str]:
    """The interface text of an HTML page or fragment: text nodes, block texts, shown attributes."""
    if not page.strip():
        return []
    root = lxml.html.fromstring(page)
    own = _primary(language)
    found: list[str] = []

    def visit(element: lxml.html.HtmlElement) -> list[str]:
        """Collect the element's strings; return its own text pieces (for the enclosing block)."""
        tag = element.tag
        if not isinstance(tag, str) or tag in HIDDEN_TAGS:
            return []
        if "data-user-content" in element.attrib:
            return []
        lang = element.get("lang")
        if lang is not None and _primary(lang) != own:
            return []
        for name in SHOWN_ATTRIBUTES:
            value = element.get(name)
            if value:
                found.append(value)
        if tag == "input" and element.get("type", "").lower() in BUTTON_INPUTS:
            found.append(element.get("value", ""))
        pieces: list[str] = []
        if element.text:
            found.append(element.text)
            pieces.append(element.text)
        for child in element:
            pieces += visit(child)
            if child.tail:
                found.append(child.tail)
                pieces.append(child.tail)
        if tag in BLOCKS and len(pieces) > 1:
            found.append(" ".join(pieces))
        return pieces

    visit(root)
    return [text for text in (normalise(t) for t in found) if text]
