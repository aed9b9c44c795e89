"""The matrix template, groups and their exports in the reader's language."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from nap1540.matrix.models import FieldDef
from nap1540.matrix.tests.conftest import build_matrix

pytestmark = pytest.mark.django_db

NPT = {
    "en": "Nuclear Non-Proliferation Treaty (NPT)",
    "fr": "Traité sur la non-prolifération des armes nucléaires (TNP)",
    "ar": "معاهدة عدم انتشار الأسلحة النووية",
}


def _get(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response


def test_matrix_page_shows_the_template_in_french_and_arabic(personas, framework):
    build_matrix(personas.uzb, {"OP1-01": "X", "OP2-N-02": "X"})
    client = personas.client("coordinator")
    french = _get(client, "/matrix/UZB/", "fr").content.decode()
    assert NPT["fr"] in french and NPT["en"] not in french
    assert "Paragraphe 2 \N{EN DASH} interdictions visant les acteurs non étatiques" in french
    # N, C and B share one printed row; its label loses the weapon letter in French too.
    assert "</span>Interdiction : acquérir</th>" in french
    assert "(en anglais)" not in french
    arabic = _get(client, "/matrix/UZB/", "ar").content.decode()
    assert NPT["ar"] in arabic
    assert "الجهات من غير الدول" in arabic


def test_missing_translation_shows_english_marked_in_english(personas, framework):
    build_matrix(personas.uzb, {"OP1-01": "X"})
    field = FieldDef.objects.get(framework=framework, key="OP1-01")
    del field.translations["fr"]
    field.save(update_fields=["translations"])
    page = _get(personas.client("coordinator"), "/matrix/UZB/", "fr").content.decode()
    assert (
        f'<span lang="en">{NPT["en"]}</span> <span class="in-english">(en anglais)</span>' in page
    )
    assert NPT["fr"] not in page


def test_matrix_page_costs_the_same_queries_in_every_language(personas, framework):
    build_matrix(personas.uzb, {"OP1-01": "X"})
    client = personas.client("coordinator")
    counts = {}
    for language in ("en", "fr", "ar", "zh-hans"):
        with CaptureQueriesContext(connection) as ctx:
            _get(client, "/matrix/UZB/", language)
        counts[language] = len(ctx.captured_queries)
    assert len(set(counts.values())) == 1, counts


def test_group_page_shows_the_group_name_in_french_and_arabic(personas):
    client = personas.client("anonymous")
    french = _get(client, "/regions/UN-WEOG/", "fr").content.decode()
    assert "<h1>États d&#x27;Europe occidentale et autres États</h1>" in french
    arabic = _get(client, "/regions/AFRICA-WESTERN/", "ar").content.decode()
    assert "<h1>غرب أفريقيا</h1>" in arabic
    listing = _get(client, "/regions/", "fr").content.decode()
    assert "Asie centrale" in listing


def test_matrix_workbook_in_french_has_the_translated_labels(personas, framework):
    matrix = build_matrix(personas.uzb, {"OP1-01": "X"}, approve=True)
    response = _get(
        personas.client("coordinator"), f"/matrix/UZB/v{matrix.version}/export.xlsx", "fr"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["OP1"]
    labels = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert labels["OP1-01"] == NPT["fr"]
    assert str(sheet["A1"].value).startswith("OP1: Paragraphe 1 et questions connexes")


def test_region_export_in_arabic_has_the_translated_section_titles(personas, framework):
    build_matrix(personas.kaz, {"OP1-01": "X"}, approve=True)
    response = _get(personas.client("anonymous"), "/matrix/regions/CENTRAL-ASIA/export.csv", "ar")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    titles = {row[0]: row[1] for row in rows if len(row) > 1}
    assert titles["OP3(b)"] == "الفقرة 3 (ب) - تدابير الحماية المادية"


def test_framework_api_says_which_language_each_text_is_in(personas, framework):
    field = FieldDef.objects.get(framework=framework, key="OP1-02")
    field.translations = {}
    field.save(update_fields=["translations"])
    response = _get(personas.client("anonymous"), "/api/v1/frameworks/1540-matrix/1", "fr")
    data = response.json()
    fields = {f["key"]: f for f in data["fields"]}
    assert (fields["OP1-01"]["label"], fields["OP1-01"]["language"]) == (NPT["fr"], "fr")
    assert fields["OP1-02"]["language"] == "en"
    assert fields["OP1-02"]["label"] == "Nuclear Weapons Free Zone/ Protocol(s)"
    op2 = next(s for s in data["sections"] if s["code"] == "OP2")
    assert op2["language"] == "fr" and op2["columns"][-1] == "Observations"
    marks = {m["code"]: m for m in data["marks"]}
    assert marks["?"]["language"] == "fr"
