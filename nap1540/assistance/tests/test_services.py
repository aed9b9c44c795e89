"""Requests from plan tasks, the drafting aid, offers loading, letters."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from nap1540.assistance import letters, vocabulary
from nap1540.assistance.drafting import review_item
from nap1540.assistance.matching import vocab
from nap1540.assistance.models import Offer, Request
from nap1540.assistance.services.offers import OFFERS_FILE, load_offers
from nap1540.assistance.services.requests import add_item, create_request, item_from_task
from nap1540.assistance.tests.conftest import make_request
from nap1540.core.visibility import Visibility
from nap1540.registry.models import Group

S = Request.Status


def test_a_task_needing_assistance_becomes_a_draft_request_item_in_one_step(
    personas: Any, plan_task: Any
) -> None:
    item = item_from_task(plan_task, by=personas.coordinator)
    request = item.request
    assert request.status == S.DRAFT and request.visibility == Visibility.PRIVATE
    assert request.state == personas.uzb
    assert item.source_task == plan_task
    assert item.text == plan_task.assistance_description
    assert item.section_codes == ["OP3(c)"]
    assert set(item.subjects) == {"border_control", "law_enforcement"}
    assert item.priority == "high"
    with pytest.raises(ValidationError):
        item_from_task(plan_task, by=personas.coordinator)  # already an item


def test_the_step_page_turns_a_task_into_an_item_of_a_new_draft(
    personas: Any, plan_task: Any
) -> None:
    client = personas.client("coordinator")
    response = client.post(f"/assistance/from-task/{plan_task.pk}/", {"request": "new"})
    request = Request.objects.get()
    assert response.status_code == 302 and response["Location"] == request.get_absolute_url()
    assert request.items.get().source_task == plan_task


@pytest.mark.parametrize("persona", ["outsider", "provider", "viewer"])
def test_others_cannot_turn_the_task_into_an_item(
    personas: Any, plan_task: Any, persona: str
) -> None:
    response = personas.client(persona).post(
        f"/assistance/from-task/{plan_task.pk}/", {"request": "new"}
    )
    assert response.status_code == (403 if persona == "viewer" else 404)
    assert not Request.objects.exists()


def test_a_task_not_flagged_cannot_be_turned_into_an_item(personas: Any, plan_task: Any) -> None:
    plan_task.assistance_needed = False
    plan_task.save()
    with pytest.raises(ValidationError):
        item_from_task(plan_task, by=personas.coordinator)


def test_a_state_page_offers_the_one_step_for_its_coordinator(
    personas: Any, plan_task: Any
) -> None:
    page = personas.client("coordinator").get("/states/UZB/").content.decode()
    assert f"/assistance/from-task/{plan_task.pk}/" in page
    outsider_page = personas.client("outsider").get("/states/UZB/").content.decode()
    assert "/assistance/from-task/" not in outsider_page


def test_drafting_aid_flags_generic_wording() -> None:
    review = review_item("Capacity building.")
    codes = {f.code for f in review.flags}
    assert {"no_subject", "generic_wording"} <= codes
    assert review.score < 50


def test_drafting_aid_flags_training_with_no_subject() -> None:
    codes = {f.code for f in review_item("Training for our officials.").flags}
    assert "training_without_subject" in codes


def test_drafting_aid_accepts_a_specific_need() -> None:
    review = review_item(
        "Training of 30 customs officers of the State Customs Committee in identifying "
        "dual-use chemicals at border crossing points, in 2026.",
        weapon_categories=["C"],
    )
    assert review.is_specific, review.flags
    assert "training" in review.types and "border_control" in review.subjects


def test_drafting_aid_suggests_subjects_from_the_matrix_sections() -> None:
    review = review_item("Training in 2026 for officers of the ministry.", section_codes=["OP3(d)"])
    assert "export_control" in review.suggested_subjects


def test_drafting_aid_endpoint_and_partial(personas: Any) -> None:
    client = personas.client("anonymous")
    response = client.post(
        "/api/v1/assistance/drafting-aid",
        {"text": "capacity building"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert "generic_wording" in {f["code"] for f in response.json()["flags"]}
    partial = client.post("/assistance/drafting-aid/", {"text": "capacity building"})
    assert partial.status_code == 200 and "drafting-aid" in partial.content.decode()


def test_every_vocabulary_slug_has_a_translatable_label() -> None:
    assert set(vocabulary.ASSISTANCE_TYPES) == set(vocab.TYPE_SLUGS)
    assert set(vocabulary.SUBJECTS) == set(vocab.SUBJECT_SLUGS)
    assert set(vocabulary.LANGUAGES) == set(vocab.LANGUAGE_CODES)


def test_unknown_vocabulary_is_refused(personas: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    with pytest.raises(ValidationError):
        add_item(request, by=personas.expert, text="x", subjects=["cooking"])


def test_load_offers_is_idempotent(db: Any) -> None:
    first = load_offers()
    assert len(first.created) == Offer.objects.count() > 40
    second = load_offers()
    assert second.created == [] and second.updated == []
    assert len(second.unchanged) == len(first.created)
    assert Offer.objects.filter(
        code="osce-export-control-training", provider_organisation__code="OSCE"
    ).exists()
    assert Offer.objects.filter(code="usa-exbs", provider_state__iso3="USA").exists()


def test_load_offers_updates_changed_entries_and_reports_bad_ones(db: Any, tmp_path: Path) -> None:
    load_offers()
    data = json.loads(OFFERS_FILE.read_text())
    data["offers"][0]["title"] = "Renamed programme"
    data["offers"][1]["subjects"] = ["cooking"]
    data["offers"][2]["provider_iso3"] = "XXX"
    data["offers"][3]["languages"] = ["ja", "Atlantean"]
    data["offers"][3]["regions"] = ["Atlantis"]
    data["offers"][4]["languages"] = "en"
    path = tmp_path / "offers.json"
    path.write_text(json.dumps(data))
    report = load_offers(path)
    ids = [entry["id"] for entry in data["offers"]]
    # Unknown labels are warnings: the offer is loaded without them (or, regions, as written).
    assert report.updated == [ids[0], ids[1], ids[3]]
    assert Offer.objects.get(code=ids[3]).languages == ["ja"]
    assert Offer.objects.get(code=ids[3]).regions == ["Atlantis"]
    changed = [w for w in report.warnings if w.startswith(("offers[1] ", "offers[3] "))]
    assert changed == [
        f'offers[1] ({ids[1]}).subjects[0]: unknown subject "cooking" (known: '
        + ", ".join(vocabulary.SUBJECTS)
        + "); ignored",
        f'offers[3] ({ids[3]}).languages[1]: unknown language "Atlantean" (known: an ISO '
        "639-1 or 639-3 code such as ja, ko, fil or yue, or an English name); ignored",
        f"offers[3] ({ids[3]}): region(s) 'Atlantis' not recognised; kept as written and "
        "treated as unknown by matching",
    ]
    # A wrong type or an unknown provider still skips the entry.
    assert [p.split(":")[0] for p in report.problems] == [
        f"offers[2] ({ids[2]})",
        f"offers[4] ({ids[4]}).languages",
    ]


def test_load_offers_command(db: Any) -> None:
    out = io.StringIO()
    call_command("load_offers", stdout=out)
    call_command("load_offers", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_a_regional_organisation_can_request(personas: Any, offers: Any) -> None:
    caricom = Group.objects.get(code="CARICOM")
    request = create_request(by=personas.expert, group=caricom, title="CARICOM")
    item = add_item(request, by=personas.expert, text="Funding for a regional 1540 coordinator.")
    codes = [p.offer.code for p in item.proposals.select_related("offer")]
    assert "can-caricom-1540-coordinator" in codes[:3]
    with pytest.raises(PermissionDenied):
        create_request(by=personas.coordinator, group=caricom, title="Not mine")


def test_only_coordinators_and_experts_create_requests(personas: Any) -> None:
    for user in (personas.viewer, personas.focal, personas.provider):
        with pytest.raises(PermissionDenied):
            create_request(by=user, state=personas.uzb, title="x")


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def test_letters_are_generated_as_docx(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.DISTRIBUTED)
    ack = _docx_text(letters.render(letters.acknowledgement_letter(request)))
    assert "Uzbekistan" in ack and "five working days" in ack
    assert "no summary of the request will be posted" in ack
    note = _docx_text(letters.render(letters.distribution_note(request)))
    assert "Organization for Security and Co-operation in Europe" in note
    assert "customs officers" in note


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("expert", 200),
        ("coordinator", 403),
        ("provider", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_letter_downloads_are_for_experts(
    personas: Any, offers: Any, persona: str, status: int
) -> None:
    request = make_request(personas, step=S.ACKNOWLEDGED)
    for kind in ("acknowledgement", "distribution"):
        response = personas.client(persona).get(f"/assistance/requests/{request.pk}/{kind}.docx")
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            assert _docx_text(response.content)
