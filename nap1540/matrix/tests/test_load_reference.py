from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nap1540.matrix.loaders import FRAMEWORK_DATA, ReferenceDataError, load_reference
from nap1540.matrix.models import FieldDef, Framework
from nap1540.registry.loaders import REGISTRY_DATA
from nap1540.registry.models import Group, Organisation, State

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "states": State.objects.count(),
        "groups": Group.objects.count(),
        "organisations": Organisation.objects.count(),
        "frameworks": Framework.objects.count(),
        "fields": FieldDef.objects.count(),
        "members": Group.members.through.objects.count(),
    }


def test_reference_data_has_every_un_member_and_observer_state():
    assert State.objects.filter(un_status="member").count() == 193
    observers = set(State.objects.filter(un_status="observer").values_list("iso3", flat=True))
    assert observers == {"VAT", "PSE"}
    uzb = State.objects.get(iso3="UZB")
    assert (uzb.iso2, uzb.numeric, uzb.name) == ("UZ", "860", "Uzbekistan")


def test_osce_central_asia_and_un_regional_groups_have_their_members():
    osce = Group.objects.get(code="OSCE")
    assert osce.members.count() == 57
    assert osce.members.filter(iso3="VAT").exists()
    central_asia = set(
        Group.objects.get(code="CENTRAL-ASIA").members.values_list("iso3", flat=True)
    )
    assert central_asia == {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
    un_groups = Group.objects.filter(kind=Group.Kind.UN_REGIONAL_GROUP)
    assert un_groups.count() == 5
    sizes = {g.code: g.members.count() for g in un_groups}
    assert sizes["UN-AFRICAN"] == 54
    assert sizes["UN-EASTERN-EUROPEAN"] == 23
    covered = State.objects.filter(groups__kind=Group.Kind.UN_REGIONAL_GROUP).distinct()
    assert covered.filter(un_status="member").count() == 193


def test_organisations_include_those_of_the_information_note():
    codes = set(Organisation.objects.values_list("code", flat=True))
    assert {"IAEA", "OPCW", "BWC-ISU", "INTERPOL", "WCO", "WHO", "WOAH", "EU", "UNODC"} <= codes
    assert {"OSCE-CPC", "OSCE-TASHKENT", "UNODA", "UNRCPD", "1540-COMMITTEE", "1540-GOE"} <= codes
    parent = Organisation.objects.get(code="UNRCPD").parent
    assert parent is not None
    assert parent.code == "UNODA"
    assert Organisation.objects.filter(is_provider=True).exists()


def test_matrix_template_keeps_every_field_with_its_provenance():
    framework = Framework.objects.get(library="1540-matrix", version=1)
    fields = FieldDef.objects.filter(framework=framework)
    assert fields.count() == 188
    assert set(framework.sections.values_list("code", flat=True)) == {
        "OP1",
        "OP2",
        "OP3(a)",
        "OP3(b)",
        "OP3(c)",
        "OP3(d)",
    }
    npt = fields.get(key="OP1-01")
    assert npt.label.startswith("Nuclear Non-Proliferation Treaty")
    assert npt.provenance == "verified_source"


def test_second_run_creates_and_changes_nothing():
    before = _counts()
    report = load_reference()
    assert not report.changed
    assert sum(report.created.values()) == 0
    assert _counts() == before


def test_command_reports_nothing_changed_on_second_run(capsys):
    call_command("load_reference")
    assert "Nothing changed." in capsys.readouterr().out


def _broken_framework(tmp_path: Path, mutate) -> Path:
    doc = json.loads((FRAMEWORK_DATA / "1540-matrix-2013.json").read_text())
    doc["version"] = 2
    mutate(doc)
    path = tmp_path / "1540-matrix-broken.json"
    path.write_text(json.dumps(doc))
    return path


def test_malformed_library_is_refused_with_file_entry_and_problem(tmp_path):
    def mutate(doc):
        doc["fields"][4]["section"] = "OP9"
        doc["fields"][7]["weapon_category"] = "Z"

    path = _broken_framework(tmp_path, mutate)
    before = _counts()
    with pytest.raises(ReferenceDataError) as excinfo:
        load_reference(framework_files=[path])
    message = str(excinfo.value)
    key4 = json.loads(path.read_text())["fields"][4]["id"]
    assert f"1540-matrix-broken.json: fields[4] ({key4}): section 'OP9' is not defined" in message
    assert "weapon_category 'Z' must be null or one of B, C, N" in message
    assert _counts() == before


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": 1,\n "fields": [\n  {"id": "X",}\n ]}')
    with pytest.raises(ReferenceDataError, match=r"bad.json: line 3, column \d+: invalid JSON"):
        load_reference(framework_files=[path])


def test_error_in_one_file_writes_nothing_from_the_others(tmp_path):
    shutil.copytree(REGISTRY_DATA, tmp_path, dirs_exist_ok=True)
    states = json.loads((tmp_path / "states.json").read_text())
    for row in states["states"]:
        if row["iso3"] == "UZB":
            row["un_name"] = "Renamed Uzbekistan"
    (tmp_path / "states.json").write_text(json.dumps(states))
    groups = json.loads((tmp_path / "groups.json").read_text())
    groups["groups"][0]["members"].append("XXX")
    (tmp_path / "groups.json").write_text(json.dumps(groups))
    with pytest.raises(ReferenceDataError, match="member 'XXX' is not a State"):
        load_reference(data_dir=tmp_path)
    assert State.objects.get(iso3="UZB").name == "Uzbekistan"


def test_command_exits_with_the_problems(tmp_path):
    path = _broken_framework(tmp_path, lambda doc: doc["fields"].append(doc["fields"][0]))
    with pytest.raises(CommandError, match="field id OP1-01 is used twice"):
        call_command("load_reference", framework=[path])


def test_changed_content_under_a_loaded_version_number_is_refused(tmp_path):
    doc = json.loads((FRAMEWORK_DATA / "1540-matrix-2013.json").read_text())
    doc["fields"][0]["label"] = "Edited without a new version"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ReferenceDataError, match="publish the change as a new version number"):
        load_reference(framework_files=[path])


def test_newer_library_version_is_added_beside_the_old_one(tmp_path):
    def mutate(doc):
        doc["fields"] = [f for f in doc["fields"] if f["id"] != "OP1-02"]
        doc["fields"].append({**doc["fields"][0], "id": "OP1-NEW", "label": "A new instrument"})

    path = _broken_framework(tmp_path, mutate)
    load_reference(framework_files=[path])
    v1 = Framework.objects.get(library="1540-matrix", version=1)
    v2 = Framework.objects.get(library="1540-matrix", version=2)
    assert v1.fields.filter(key="OP1-02").exists()
    assert not v2.fields.filter(key="OP1-02").exists()
    assert v2.fields.filter(key="OP1-NEW").exists()
    assert v2.fields.filter(key="OP1-01").exists()
