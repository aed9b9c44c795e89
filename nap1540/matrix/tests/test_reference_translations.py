"""Reference data in six languages: the translations load with the English, checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from nap1540.matrix.loaders import FRAMEWORK_DATA, ReferenceDataError, load_reference
from nap1540.matrix.models import FieldDef, Framework
from nap1540.registry.loaders import REGISTRY_DATA
from nap1540.registry.models import Group, Organisation

pytestmark = pytest.mark.django_db

TEMPLATE = FRAMEWORK_DATA / "1540-matrix-2013.json"


def _template(tmp_path: Path, mutate, name: str = "1540-matrix-2013.json") -> Path:
    doc = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    mutate(doc)
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _field(doc: dict, key: str) -> dict:
    return next(f for f in doc["fields"] if f["id"] == key)


def test_template_labels_load_in_every_language():
    field = FieldDef.objects.get(framework__version=1, key="OP1-R18")
    expected = {
        "fr": "Plan d'action national de mise en oeuvre (facultatif)",
        "es": "Plan de acción nacional (voluntario)",
        "ru": "Национальный план действий по осуществлению (добровольный)",
        "zh-hans": "国家执行行动计划\N{FULLWIDTH LEFT PARENTHESIS}自愿"
        "\N{FULLWIDTH RIGHT PARENTHESIS}",
        "ar": "خطة العمل الوطنية للتنفيذ (طوعية)",
    }
    for language, label in expected.items():
        with translation.override(language):
            text = field.tr("label")
        assert (text, text.language, text.fallback) == (label, language, False)
    with translation.override("en"):
        assert field.tr("label") == "National implementation action plan (voluntary)"


def test_means_of_delivery_use_the_un_terms():
    field = FieldDef.objects.get(framework__version=1, key="OP2-N-MOD")
    terms = {
        "fr": "vecteurs",
        "es": "sistemas vectores",
        "ru": "средствам доставки",
        "zh-hans": "运载工具",
        "ar": "وسائل إيصالها",
    }
    for language, term in terms.items():
        with translation.override(language):
            assert term in field.tr("label")


def test_groups_and_organisations_have_their_names_in_french_and_arabic():
    with translation.override("fr"):
        assert Group.objects.get(code="UN-WEOG").tr("name") == (
            "États d'Europe occidentale et autres États"
        )
        iaea = Organisation.objects.get(code="IAEA")
        assert (iaea.tr("name"), iaea.tr("acronym")) == (
            "Agence internationale de l'énergie atomique",
            "AIEA",
        )
    with translation.override("ar"):
        assert str(Group.objects.get(code="AFRICA-WESTERN")) == "غرب أفريقيا"


def test_missing_translation_falls_back_to_english_and_says_so():
    field = FieldDef.objects.get(framework__version=1, key="OP1-01")
    field.translations = {}
    with translation.override("ru"):
        text = field.tr("label")
        html = text.__html__()
    assert text == "Nuclear Non-Proliferation Treaty (NPT)"
    assert (text.language, text.fallback) == ("en", True)
    assert '<span lang="en">Nuclear Non-Proliferation Treaty (NPT)</span>' in html
    assert "(на английском языке)" in html


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (
            lambda d: _field(d, "OP1-01")["translations"].update({"de": {"label": "Vertrag"}}),
            "fields[0] (OP1-01): translation language 'de' is not one of ar, zh-hans, fr, ru, es",
        ),
        (
            lambda d: _field(d, "OP1-02")["translations"]["fr"].update({"label": "  "}),
            "fields[1] (OP1-02): translations.fr.label is empty",
        ),
        (
            lambda d: _field(d, "OP1-03")["translations"]["es"].update({"remarks": "Nota"}),
            "fields[2] (OP1-03): translations.es.remarks: no English 'remarks' to translate",
        ),
        (
            lambda d: _field(d, "OP1-04")["translations"]["ar"].update({"note": "ملاحظة"}),
            "fields[3] (OP1-04): translations.ar.note: no English 'note' to translate",
        ),
        (
            lambda d: d["sections"][1]["translations"]["ru"].update({"columns": ["один"]}),
            "sections[1] (OP2): translations.ru.columns has 1 items, the English has 5",
        ),
    ],
)
def test_bad_translation_is_refused_with_file_entry_and_problem(tmp_path, mutate, problem):
    path = _template(tmp_path, mutate, "bad.json")
    with pytest.raises(ReferenceDataError) as excinfo:
        load_reference(framework_files=[path])
    assert f"bad.json: {problem}" in str(excinfo.value)


def test_bad_group_translation_is_refused_and_nothing_is_written(tmp_path):
    shutil.copytree(REGISTRY_DATA, tmp_path, dirs_exist_ok=True)
    groups = json.loads((tmp_path / "groups.json").read_text(encoding="utf-8"))
    groups["groups"][0]["translations"]["fr"]["name"] = "Autre nom"
    groups["groups"][1]["translations"]["xx"] = {"name": "?"}
    (tmp_path / "groups.json").write_text(json.dumps(groups), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as excinfo:
        load_reference(data_dir=tmp_path)
    assert "groups.json: groups[1] (UN-ASIA-PACIFIC): translation language 'xx'" in str(
        excinfo.value
    )
    with translation.override("fr"):
        assert Group.objects.get(code="UN-AFRICAN").tr("name") == "États d'Afrique"


def test_corrected_translation_loads_under_a_higher_revision_without_a_new_version(tmp_path):
    def correct(doc):
        doc["translations_revision"] += 1
        _field(doc, "OP1-09")["translations"]["fr"]["label"] = "Protocole de Genève (1925)"

    report = load_reference(framework_files=[_template(tmp_path, correct)])
    assert report.updated["Framework translations"] == 1
    framework = Framework.objects.get(library="1540-matrix", version=1)
    assert Framework.objects.filter(library="1540-matrix").count() == 1
    assert framework.translations_revision == 2
    with translation.override("fr"):
        assert framework.fields.get(key="OP1-09").tr("label") == "Protocole de Genève (1925)"
    again = load_reference(framework_files=[_template(tmp_path, correct)])
    assert not again.changed


def test_changed_translation_under_the_same_revision_is_refused(tmp_path):
    def correct(doc):
        _field(doc, "OP1-09")["translations"]["fr"]["label"] = "Protocole de Genève (1925)"

    with pytest.raises(ReferenceDataError, match="raise translations_revision above 1"):
        load_reference(framework_files=[_template(tmp_path, correct)])


def test_english_change_is_still_refused_when_only_the_revision_rises(tmp_path):
    def edit(doc):
        doc["translations_revision"] += 1
        _field(doc, "OP1-09")["label"] = "Geneva Protocol"

    with pytest.raises(ReferenceDataError, match="publish the change as a new version number"):
        load_reference(framework_files=[_template(tmp_path, edit)])
