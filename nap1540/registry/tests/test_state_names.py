"""States named as the UN names them in each of its six languages (states.json, issue 10)."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from django.utils import translation

from nap1540.core.i18n import TRANSLATED_LANGUAGES
from nap1540.registry.loaders import REGISTRY_DATA, Problem, parse_registry
from nap1540.registry.models import State, state_name

pytestmark = pytest.mark.django_db

LATIN = re.compile("[A-Za-z]")


def _page_title(body: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", body, re.S)
    assert match, body[:500]
    return match.group(1).strip()


def test_the_shipped_registry_data_passes_the_loaders_checks():
    problems: list[Problem] = []
    data = parse_registry(None, problems)
    assert problems == []
    assert len(data.states) == 195


def test_every_state_has_a_name_in_each_of_the_five_languages():
    states = list(State.objects.all())
    assert len(states) == 195
    for state in states:
        for language in TRANSLATED_LANGUAGES:
            with translation.override(language):
                name = state.localized_name
            assert not name.fallback, (state.iso3, language)
            assert name.language == language


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_state_names_are_unique_in_each_language(language):
    with translation.override(language):
        names = [s.localized_name for s in State.objects.all()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    ("iso3", "language", "name"),
    [
        ("IRN", "fr", "Iran (République islamique d&#x27;)"),
        ("IRN", "ru", "Иран (Исламская Республика)"),
        ("IRN", "es", "Irán (República Islámica del)"),
        ("GBR", "fr", "Royaume-Uni de Grande-Bretagne et d&#x27;Irlande du Nord"),
        ("GBR", "ru", "Соединенное Королевство Великобритании и Северной Ирландии"),
        ("GBR", "zh-hans", "大不列颠及北爱尔兰联合王国"),
        ("GBR", "ar", "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية"),
        ("BOL", "es", "Bolivia (Estado Plurinacional de)"),
        ("VEN", "fr", "Venezuela (République bolivarienne du)"),
        ("NLD", "es", "Países Bajos (Reino de los)"),
        ("TUR", "fr", "Türkiye"),
        ("CZE", "ru", "Чехия"),
        ("CIV", "es", "Côte d&#x27;Ivoire"),
        ("PSE", "fr", "État de Palestine"),
        ("VAT", "zh-hans", "教廷"),
        ("VNM", "es", "Viet Nam"),
    ],
)
def test_state_page_shows_the_un_name_in_the_readers_language(client, iso3, language, name):
    body = client.get(f"/states/{iso3}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert _page_title(body) == name


def test_state_page_in_english_keeps_the_un_name(client):
    body = client.get("/states/IRN/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _page_title(body) == "Iran (Islamic Republic of)"


@pytest.mark.parametrize("iso3", ["TUR", "CIV", "GBR", "PSE", "VAT"])
def test_state_page_in_arabic_names_the_state_in_arabic_script(client, iso3):
    body = client.get(f"/states/{iso3}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    title = _page_title(body)
    assert title and not LATIN.search(title), title


def test_no_state_name_in_arabic_or_russian_has_a_latin_letter():
    for language in ("ar", "ru"):
        with translation.override(language):
            latin = [
                s.localized_name for s in State.objects.all() if LATIN.search(s.localized_name)
            ]
        assert latin == [], language


def test_states_index_lists_the_names_in_the_readers_language(client):
    body = client.get("/states/?q=IRN", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Iran (République islamique d&#x27;)" in body
    assert "Iran, République islamique d" not in body


def test_search_finds_a_state_by_its_name_in_the_readers_language(client):
    response = client.get("/states/?q=Исламская", HTTP_ACCEPT_LANGUAGE="ru")
    assert [s.iso3 for s in response.context["page"]] == ["IRN"]
    english = client.get("/states/?q=Исламская", HTTP_ACCEPT_LANGUAGE="en")
    assert list(english.context["page"]) == []


def test_a_state_named_in_plain_data_reads_the_same_name():
    with translation.override("ru"):
        assert state_name("IRN", "Iran (Islamic Republic of)") == "Иран (Исламская Республика)"
        unknown = state_name("XXX", "Nowhere")
    assert unknown == "Nowhere" and unknown.fallback


def test_a_state_translation_in_an_unknown_language_is_refused(tmp_path):
    shutil.copytree(REGISTRY_DATA, tmp_path, dirs_exist_ok=True)
    doc = json.loads((tmp_path / "states.json").read_text(encoding="utf-8"))
    doc["states"][0]["translations"]["xx"] = {"name": "?"}
    doc["states"][1]["translations"]["fr"]["name"] = " "
    (tmp_path / "states.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    problems: list[Problem] = []
    parse_registry(tmp_path, problems)
    assert [str(p) for p in problems] == [
        "states.json: states[0] (AFG): translation language 'xx' is not one of "
        + ", ".join(TRANSLATED_LANGUAGES),
        "states.json: states[1] (ALB): translations.fr.name is empty",
    ]
