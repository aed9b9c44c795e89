"""The information note, the plan status report and the regional brief in the six languages.

Each document is downloaded as a reader gets it, through its URL, as DOCX and PDF in each
language, and read back with python-docx and pypdf. A file must be written in its language's
script, its headings and labels must be the catalogue's translation of the msgids the code
uses (gettext under `translation.override`, so nothing here is a hard-coded translation),
and no heading or label of the English file, nor the English name of a State, group or
organisation it names, may remain in another language. LibreOffice then opens every DOCX.

Only the records' own text (titles, names, paragraphs the fixture wrote in English) may be
in another script; the check removes exactly the strings the fixture wrote.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import pypdf
import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from nap1540.accounts.models import Membership, User
from nap1540.core.rendering.document import bcp47
from nap1540.core.tests.test_rendering_libreoffice import SOFFICE, convert_all_to_pdf
from nap1540.events import note_labels as nl
from nap1540.events.tests.conftest import make_full_event, make_plan
from nap1540.events.tests.helpers import docx_texts
from nap1540.matrix.tests.conftest import build_matrix
from nap1540.registry.models import Agency, Group, State

pytestmark = pytest.mark.django_db

LANGUAGES = nl.LANGUAGES
FORMATS = ("docx", "pdf")
TODAY = date(2018, 1, 15)
PAGE_NUMBERS = "Page {page} of {pages}"  # the msgid both apps give the renderers


@dataclass(frozen=True)
class Spec:
    """A document's title and headings, then its field labels, as the code's msgids."""

    headings: tuple[str, ...]
    labels: tuple[str, ...]


DOCUMENTS = {
    "note": Spec(
        headings=tuple(
            nl.LABELS[k] for k in ("title", "background", "overview", "additional_comments")
        ),
        labels=tuple(nl.LABELS[k] for k in ("event", "organisers", "date_venue", "participants")),
    ),
    "plan": Spec(
        headings=(
            "Plan status report",
            "Implementation rate",
            "Progress by area",
            "Progress by agency",
            "Overdue tasks",
            "Assistance",
            "Meetings on this plan",
        ),
        labels=("Plan:", "State:", "Period:", "Status:", "Status as of:"),
    ),
    "region": Spec(
        headings=("Regional status brief", "Coverage of the matrix", "Status of each State"),
        labels=("Group:", "Members:", "Approved matrices you can see:", "Status as of:"),
    ),
}
CASES = [(doc, lang, fmt) for doc in DOCUMENTS for lang in LANGUAGES for fmt in FORMATS]

# The script each language is written in; every other language is written in Latin.
SCRIPTS = {"ar": "ARABIC", "zh-hans": "CJK", "ru": "CYRILLIC"}
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
MATRIX_CODE = re.compile(
    r"(?<![A-Za-z])OP\d"
)  # "OP3(a)": the matrix's area codes, the same everywhere


@dataclass
class Downloads:
    files: dict[tuple[str, str, str], bytes]
    records: list[str]  # the text the fixture wrote, in English whatever the language
    names: dict[str, set[str]]  # the reference rows the documents name, in each language


@pytest.fixture(scope="module")
def downloads(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Downloads]:
    """Every document in every language and format, downloaded once for the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with time_machine.travel(TODAY, tick=False):
                files = _download_all()
            yield files
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _download_all() -> Downloads:
    uzb = State.objects.get(iso3="UZB")
    world = SimpleNamespace(
        uzb=uzb,
        agency=Agency.objects.create(
            state=uzb, name="Ministry of Emergency Situations", kind="emergency"
        ),
        other_agency=Agency.objects.create(state=uzb, name="Ministry of Health", kind="health"),
    )
    coordinator = User.objects.create_user(username="languages-coordinator")
    Membership.objects.create(user=coordinator, role=Membership.Role.COORDINATOR, state=uzb)
    plan = make_plan(world)  # private: the coordinator reads it, with its overdue tasks
    event = make_full_event(world, plan=plan)  # organisers and participants of every group
    marks = {"OP1-01": "X", "OP1-02": "X", "OP2-N-01": "X", "OP2-C-01": "X"}
    for iso3 in ("UZB", "KAZ", "TJK"):  # enough approved matrices for regional figures
        build_matrix(State.objects.get(iso3=iso3), marks, approve=True)
    records = [
        plan.title,
        *plan.tasks.values_list("title", flat=True),
        world.agency.name,
        world.other_agency.name,
        event.title,
        event.venue_city,
        event.background,
        event.overview,
        *event.participants.exclude(name="").values_list("name", flat=True),
        nl.CONTACT_EMAIL,
    ]
    region = Group.objects.get(code="CENTRAL-ASIA")
    named = [
        region,
        *region.members.all(),
        *(o.organisation for o in event.organisers.all() if o.organisation),
        *(p.organisation for p in event.participants.all() if p.organisation),
    ]
    names = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            names[lang] = {str(row) for row in named}
    client = Client()
    client.force_login(coordinator)
    files = {}
    for i, lang in enumerate(LANGUAGES):
        # The note's language is in its URL: the reader's own language must not leak in.
        reader = LANGUAGES[(i + 1) % len(LANGUAGES)]
        for fmt in FORMATS:
            note = client.get(
                reverse("events:note_download", args=[event.slug, lang, fmt]),
                headers={"Accept-Language": reader},
            )
            # The reports follow the reader's language: the browser's, or the one chosen.
            plan_report = client.get(
                reverse("reports:report_plan", args=[plan.pk, fmt]),
                headers={"Accept-Language": lang},
            )
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
            brief = client.get(reverse("reports:report_region", args=[region.code, fmt]))
            del client.cookies[settings.LANGUAGE_COOKIE_NAME]
            for doc, response in (("note", note), ("plan", plan_report), ("region", brief)):
                assert response.status_code == 200, (doc, lang, fmt)
                files[(doc, lang, fmt)] = response.content
    return Downloads(files, sorted(records, key=len, reverse=True), names)


# --- reading the files back --------------------------------------------------------------


@dataclass
class Parts:
    text: str  # every paragraph, table cell and footnote (DOCX) or the page text (PDF)
    headings: list[str]  # DOCX: the Title and Heading paragraphs, in order
    labels: list[str]  # DOCX: the bold field labels, in order
    interface: set[str]  # DOCX: headings, labels, group headings, captions, table headers


def read_docx(data: bytes) -> Parts:
    document = docx.Document(io.BytesIO(data))
    headings, labels, interface = [], [], set()
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        text = paragraph.text.strip()
        if style == "Title" or style.startswith("Heading"):
            headings.append(text)
        elif style == "Caption":
            interface.add(text)
        for run in paragraph.runs:
            if run.bold and run.text.strip():
                labels.append(run.text.strip())
            if run.text.strip().endswith((":", "\uff1a")):  # the note's group headings
                interface.add(run.text.strip())
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for table in document.tables:
        interface.update(cell.text.strip() for cell in table.rows[0].cells)
    interface.update(headings, labels)
    text = "\n".join([*docx_texts(data), *cells])
    return Parts(text, headings, labels, interface - {""})


def read_pdf(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


def squashed(text: str) -> str:
    """Without any white space: a line break may fall inside a Chinese heading."""
    return re.sub(r"\s+", "", text)


def script_of(char: str) -> str:
    if char in "\u00aa\u00ba":  # the ordinal indicators of "N.º", Latin letters
        return "LATIN"
    name = unicodedata.name(char, "")
    return "CJK" if name.startswith("CJK UNIFIED") else name.split(" ", 1)[0]


def without_records(text: str, records: list[str]) -> str:
    flat = " ".join(text.split())
    for record in records:
        flat = flat.replace(" ".join(record.split()), " ")
    return MATRIX_CODE.sub(" ", flat)


def script_problems(text: str, lang: str, records: list[str]) -> list[str]:
    """Letters of the wrong script, once the records' own text is taken out."""
    rest = without_records(text, records)
    scripts = {script_of(c) for c in rest if c.isalpha()}
    expected = SCRIPTS.get(lang, "LATIN")
    problems = []
    if sum(1 for c in rest if c.isalpha() and script_of(c) == expected) < 50:
        problems.append(f"hardly any {expected} letters")
    foreign = scripts - {expected, "LATIN"}
    if foreign:
        problems.append(f"letters of {sorted(foreign)}")
    if expected != "LATIN":
        # A Latin word left after the records is English (or a piece of a record a PDF
        # line break cut in two, which is still the record's text).
        record_text = " ".join(records)
        latin = {w for w in LATIN_WORD.findall(rest) if w not in record_text}
        if latin:
            problems.append(f"Latin words {sorted(latin)}")
    return problems


@pytest.fixture(scope="module")
def docx_parts(downloads: Downloads) -> dict[tuple[str, str], Parts]:
    return {
        (doc, lang): read_docx(downloads.files[(doc, lang, "docx")])
        for doc in DOCUMENTS
        for lang in LANGUAGES
    }


def same_in(lang: str, phrase: str, shown: set[str]) -> bool:
    """`lang`'s file shows `phrase` too, and the catalogue writes it so ("Date" in French)."""
    with translation.override(lang):
        return phrase in shown and all(gettext(p) == p for p in {phrase, phrase.rstrip(":")})


def translated(msgids: tuple[str, ...], lang: str) -> list[str]:
    with translation.override(lang):
        return [gettext(msgid) for msgid in msgids]


# --- the checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(("doc", "lang", "fmt"), CASES)
def test_document_is_in_its_languages_script_and_wording(
    downloads: Downloads, docx_parts: dict[tuple[str, str], Parts], doc: str, lang: str, fmt: str
) -> None:
    data = downloads.files[(doc, lang, fmt)]
    spec = DOCUMENTS[doc]
    headings, labels = translated(spec.headings, lang), translated(spec.labels, lang)
    english = docx_parts[(doc, "en")]
    own = docx_parts[(doc, lang)]
    problems: list[str] = []
    if fmt == "docx":
        text = own.text
        if own.headings != headings:
            problems.append(f"headings {own.headings} are not the catalogue's {headings}")
        if own.labels != labels:
            problems.append(f"labels {own.labels} are not the catalogue's {labels}")
        language = docx.Document(io.BytesIO(data)).core_properties.language
        if language != bcp47(lang):
            problems.append(f"document language {language!r}")
        english_interface = english.interface
    else:
        text, pages = read_pdf(data)
        flat, position = squashed(text), 0
        for heading in headings:  # in order; labels anywhere (Arabic lines come out visually)
            found = flat.find(squashed(heading), position)
            if found < 0:
                problems.append(f"heading {heading!r} missing or out of order")
            position = max(position, found)
        for label in labels:
            if squashed(label.rstrip(":\uff1a")) not in flat:
                problems.append(f"label {label!r} missing")
        with translation.override("en"):
            english_footer = gettext(PAGE_NUMBERS).format(page=1, pages=pages)
        english_interface = english.interface | {english_footer}
        if lang == "en" and english_footer not in " ".join(text.split()):
            problems.append(f"no page number {english_footer!r}")
    problems += script_problems(text, lang, downloads.records)
    if lang != "en":
        rest = without_records(text, downloads.records)
        # Some words are the same in both languages ("Date"), and some names ("VERTIC").
        english_words = {p for p in english_interface if not same_in(lang, p, own.interface)}
        english_words |= downloads.names["en"] - downloads.names[lang]
        for phrase in sorted(english_words):
            if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", rest):
                problems.append(f"English {phrase!r} remains")
    assert not problems, f"{doc}-{lang}.{fmt}: " + "; ".join(problems)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_docx_in_every_language(
    downloads: Downloads, tmp_path: Path
) -> None:
    sources = []
    for doc in DOCUMENTS:
        for lang in LANGUAGES:
            source = tmp_path / f"{doc}-{lang}.docx"
            source.write_bytes(downloads.files[(doc, lang, "docx")])
            sources.append(source)
    targets = convert_all_to_pdf(sources, tmp_path, timeout=240)
    problems = []
    for source, target in zip(sources, targets, strict=True):
        doc, lang = source.stem.split("-", 1)
        text, _pages = read_pdf(target.read_bytes())
        flat = squashed(text)
        title = translated(DOCUMENTS[doc].headings[:1], lang)[0]
        if squashed(title) not in flat:
            problems.append(f"{target.name}: no title {title!r}")
        problems += [f"{target.name}: {p}" for p in script_problems(text, lang, downloads.records)]
    assert not problems, "\n".join(problems)
