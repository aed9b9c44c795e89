"""Every interface string goes through translation, and every catalogue translates all of it.

`make messages` refreshes the catalogues; these tests fail when a refresh would leave an
entry untranslated or fuzzy, and when a template shows text outside `{% translate %}` /
`{% blocktranslate %}`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "nap1540" / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# Text a template may show as it is: codes and acronyms the same in every language.
WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
KEPT_AS_IS = {"nap1540"}
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description", "label")
SHOWN_ATTRIBUTE = re.compile(r'\b(?:{})="([^"]*)"'.format("|".join(SHOWN_ATTRIBUTES)))
PRE_OR_CODE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)


def _statistics(po: Path) -> str:
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{po}: {done.stderr}"
    return done.stderr


def _incomplete(statistics: str) -> bool:
    return "fuzzy" in statistics or "untranslated" in statistics


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_language_has_a_complete_catalogue(language: str) -> None:
    po = LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"no catalogue for {language}: run `make messages`"
    statistics = _statistics(po)
    assert not _incomplete(statistics), f"{po.relative_to(ROOT)}: {statistics.strip()}"


def test_the_catalogues_hold_every_string_of_the_code(tmp_path: Path) -> None:
    """A refresh (what `make messages` does) on a copy adds no untranslated entry."""
    copy = tmp_path / "src"
    for part in ("nap1540", "config"):
        shutil.copytree(
            ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__", "tests")
        )
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    locales = [arg for lang in TRANSLATED for arg in ("-l", to_locale(lang))]
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            *locales,
            "--add-location=file",
            "--ignore=tests/*",
            "-v",
            "0",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"SECRET_KEY": "x", "DEBUG": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stale = {}
    for language in TRANSLATED:
        po = copy / "nap1540" / "locale" / to_locale(language) / "LC_MESSAGES" / "django.po"
        statistics = _statistics(po)
        if _incomplete(statistics):
            stale[language] = statistics.strip()
    assert not stale, f"strings without a translation; run `make messages` and fill them: {stale}"


def shown_text(source: str) -> list[str]:
    """Text of a template that reaches the reader without passing through translation."""
    parts: list[str] = []
    inside = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if name in {"blocktranslate", "blocktrans", "comment"}:
                inside += 1
            elif name in {"endblocktranslate", "endblocktrans", "endcomment"}:
                inside -= 1
            parts.append("\x00")
        elif token.token_type == TokenType.TEXT and not inside:
            parts.append(token.contents)
        else:
            parts.append("\x00")
    text = PRE_OR_CODE.sub("\x00", "".join(parts))
    text = re.sub(r"<!--.*?-->", "\x00", text, flags=re.S)
    found = []
    for tag in re.finditer(r"<[a-zA-Z][^>]*>", text):
        for attr in SHOWN_ATTRIBUTE.finditer(tag.group(0)):
            found += _words(attr.group(1))
    text = re.sub(r"<[^>]*>", "\x00", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    for chunk in text.split("\x00"):
        found += _words(chunk)
    return found


def _words(text: str) -> list[str]:
    """Words that need a translation: not codes (DOCX, NA, ISO codes) nor the product's name."""
    return [
        w
        for w in WORD.findall(text.replace("\x00", " "))
        if len(w) > 1 and w not in KEPT_AS_IS and not (w.isascii() and w.isupper())
    ]


def test_no_template_shows_text_outside_translation() -> None:
    untranslated = {}
    for template in sorted((ROOT / "nap1540").glob("*/templates/**/*.html")):
        words = shown_text(template.read_text(encoding="utf-8"))
        if words:
            untranslated[str(template.relative_to(ROOT))] = words
    assert untranslated == {}


def test_the_template_check_sees_untranslated_text() -> None:
    source = (
        '{% load i18n %}<p title="Open it">{% translate "Fine" %} Plain words</p>'
        "{% blocktranslate %}Also fine{% endblocktranslate %} DOCX · PDF <b>{{ value }}</b>"
    )
    assert shown_text(source) == ["Open", "it", "Plain", "words"]
