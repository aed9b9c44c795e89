"""Moving a matrix to a newer template version keeps answers by field id."""

from __future__ import annotations

import json

import pytest

from nap1540.matrix import services
from nap1540.matrix.loaders import FRAMEWORK_DATA, load_reference
from nap1540.matrix.models import EntryChange, Framework


@pytest.fixture
def framework_v2(framework, tmp_path):
    """A newer template: two fields dropped, two added, one label reworded."""
    doc = json.loads((FRAMEWORK_DATA / "1540-matrix-2013.json").read_text())
    doc["version"] = 2
    doc["name"] = "1540 Committee matrix (test revision)"
    doc["fields"] = [f for f in doc["fields"] if f["id"] not in {"OP1-10", "OP2-N-04"}]
    for f in doc["fields"]:
        if f["id"] == "OP1-01":
            f["label"] = "Treaty on the Non-Proliferation of Nuclear Weapons (NPT)"
    doc["fields"] += [
        {
            "id": "OP1-R22",
            "section": "OP1",
            "order": 32,
            "label": "New voluntary commitment",
            "weapon_category": None,
            "delivery": False,
            "provenance": "test",
        },
        {
            "id": "OP3(d)-N-ICT",
            "section": "OP3(d)",
            "order": 52,
            "label": "Controls on intangible transfers by cloud services (N)",
            "weapon_category": "N",
            "delivery": False,
            "provenance": "test",
        },
    ]
    path = tmp_path / "1540-matrix-2030.json"
    path.write_text(json.dumps(doc))
    load_reference(framework_files=[FRAMEWORK_DATA / "1540-matrix-2013.json", path])
    return Framework.objects.get(library="1540-matrix", version=2)


def test_migration_keeps_answers_and_lists_dropped_and_added(personas, uzb_matrices, framework_v2):
    draft = uzb_matrices["v3"]
    services.propose_changes(
        state=personas.uzb,
        by=personas.coordinator,
        changes=[
            {"field_key": "OP1-10", "mark": "X", "remarks": "Other treaty"},
            {"field_key": "OP2-N-04", "mark": "?"},
        ],
    )
    plan = services.plan_migration(draft, framework_v2)
    assert {f.key for f in plan.dropped} == {"OP1-10", "OP2-N-04"}
    assert {f.key for f in plan.added} == {"OP1-R22", "OP3(d)-N-ICT"}
    assert plan.dropped_answers == ["OP1-10", "OP2-N-04"]

    report = services.migrate_matrix(draft, to=framework_v2, by=personas.coordinator)
    draft.refresh_from_db()
    assert draft.framework == framework_v2
    marks = dict(draft.entries.values_list("field__key", "mark"))
    assert set(marks) == set(framework_v2.fields.values_list("key", flat=True))
    assert marks["OP1-01"] == "X" and marks["OP2-N-01"] == "X" and marks["OP1-03"] == "X"
    assert marks["OP1-R22"] == "" and "OP1-10" not in marks
    assert len(report.kept) == framework_v2.fields.count() - 2
    dropped = EntryChange.objects.get(
        matrix=draft, field_key="OP1-10", kind=EntryChange.Kind.DROPPED
    )
    assert (
        dropped.before is not None
        and dropped.before["remarks"] == "Other treaty"
        and dropped.after is None
    )

    rows = {r.key: r for r in services.diff_matrices(uzb_matrices["v2"], draft)}
    assert rows["OP1-10"].status == "removed" and rows["OP1-R22"].status == "added"


def test_migration_page_previews_then_moves(personas, uzb_matrices, framework_v2):
    client = personas.client("coordinator")
    url = f"/matrix/UZB/v{uzb_matrices['v3'].version}/migrate/"
    assert "Newer template available" in client.get("/matrix/UZB/versions/").content.decode()
    preview = client.get(url, {"framework": framework_v2.pk}).content.decode()
    assert "OP1-R22" in preview and "OP2-N-04" in preview
    uzb_matrices["v3"].refresh_from_db()
    assert uzb_matrices["v3"].framework.version == 1
    response = client.post(url, {"framework": framework_v2.pk, "confirm": "1"})
    assert response.status_code == 302
    uzb_matrices["v3"].refresh_from_db()
    assert uzb_matrices["v3"].framework == framework_v2
    page = client.get("/matrix/UZB/").content.decode()
    assert "OP3(d)-N-ICT" in page or "OP3(d)-*-ICT" in page


def test_approved_versions_cannot_be_migrated(personas, uzb_matrices, framework_v2):
    with pytest.raises(services.MatrixLocked):
        services.migrate_matrix(uzb_matrices["v2"], to=framework_v2, by=personas.expert)
    response = personas.client("outsider").get(
        f"/matrix/UZB/v{uzb_matrices['v3'].version}/migrate/"
    )
    assert response.status_code == 404


def test_new_drafts_keep_the_template_of_the_approved_version(
    personas, uzb_matrices, framework_v2, make_matrix
):
    kaz = make_matrix(personas.kaz, {"OP1-01": "X"}, approve=True)
    assert kaz.framework.version == 2  # no earlier version: the newest template
    assert uzb_matrices["v3"].framework.version == 1
