"""Matching reasons are written in the reader's language, from the codes the proposals store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from nap1540.assistance import reasons
from nap1540.assistance.matching import MatchingEngine, RegionResolver, RequestItem
from nap1540.assistance.matching.stopwords import STOPWORDS
from nap1540.assistance.models import Proposal, Request
from nap1540.assistance.services.proposals import refresh_proposals
from nap1540.assistance.tests.conftest import make_request

ROOT = Path(__file__).resolve().parents[3]
REGISTRY = ROOT / "nap1540/registry/data"
OFFERS = json.loads((ROOT / "nap1540/assistance/data/offers.json").read_text(encoding="utf-8"))
BENCH = json.loads((ROOT / "bench/matching/requests.json").read_text(encoding="utf-8"))["requests"]
WORD = re.compile(r"[^\W\d_]+")
COGNATES = {"description"}  # spelt the same in English and French


@pytest.fixture(scope="module")
def engine() -> MatchingEngine:
    resolver = RegionResolver.from_files(REGISTRY / "states.json", REGISTRY / "groups.json")
    found = MatchingEngine(resolver)
    found.add_offers(OFFERS["offers"])
    return found


def bench_item(item_id: str) -> RequestItem:
    return RequestItem.from_dict(next(r for r in BENCH if r["id"] == item_id))


def in_language(language: str, stored: list[dict[str, Any]]) -> list[str]:
    with translation.override(language):
        return [reasons.text(r) for r in stored]


def data_strings(params: Mapping[str, Any]) -> Iterator[str]:
    """The values a reason quotes as they are: the request's words, the offer's region labels,
    group names from the registry (not translated)."""
    for key, value in params.items():
        if key in ("terms", "labels"):
            yield from value
        elif isinstance(value, dict) and value.get("kind") == "group":
            yield value["name"]
        elif key == "requester" and isinstance(value, str):
            yield value


def without_data(text: str, params: Mapping[str, Any]) -> str:
    for value in sorted(data_strings(params), key=len, reverse=True):
        text = text.replace(value, " ")
    return text


def test_a_french_request_and_an_english_offer_read_as_whole_sentences_in_french_and_arabic(
    engine: MatchingEngine,
) -> None:
    found = engine.assess(
        bench_item("fr01"), "wco-strategic-trade-enforcement", today=date(2025, 6, 1)
    )
    stored = reasons.stored((*found.exclusions, *found.reasons))

    french = in_language("fr", stored)
    assert french[:2] == [
        "Propose le type d'assistance demandé (formation).",
        "Couvre les domaines de la demande (contrôle des exportations, contrôle aux frontières).",
    ]
    assert "Travaille dans la langue de la demande (français)." in french
    # The request's own words, in French quotation marks.
    assert "«\u00a0douanes\u00a0»" in french[-1]
    arabic = in_language("ar", stored)
    assert arabic[:2] == [
        "يقدم نوع المساعدة المطلوب (التدريب).",
        "يتناول موضوعي الطلب (مراقبة الصادرات، مراقبة الحدود).",
    ]
    english = in_language("en", stored)
    for reason, en, fr, ar in zip(stored, english, french, arabic, strict=True):
        assert fr.endswith(".") and ar.endswith(".") and fr[0].isupper(), (fr, ar)
        english_words = {w.lower() for w in WORD.findall(without_data(en, reason["params"]))}
        french_words = {w.lower() for w in WORD.findall(without_data(fr, reason["params"]))}
        assert not (english_words & french_words) - COGNATES, (en, fr)
        assert not re.search("[A-Za-z]", without_data(ar, reason["params"])), ar


def test_no_reason_over_the_bench_has_an_english_word_in_arabic_or_chinese(
    engine: MatchingEngine,
) -> None:
    codes = set()
    for data in BENCH:
        item = RequestItem.from_dict(data)
        proposals = engine.rank_offers(item, top=3, today=date(2025, 6, 1))
        proposals.append(engine.assess(item, "jpn-mongolia-nap-roundtable-2022"))
        for proposal in proposals:
            stored = reasons.stored((*proposal.exclusions, *proposal.reasons))
            for language in ("ar", "zh-hans"):
                for reason, text in zip(stored, in_language(language, stored), strict=True):
                    codes.add(reason["code"])
                    assert not re.search("[A-Za-z]", without_data(text, reason["params"])), text
    assert {"type_offered", "subject_covered", "region_serves", "period_ended"} <= codes


@pytest.mark.django_db
def test_the_api_gives_the_reasons_in_the_language_asked_for(personas: Any, offers: Any) -> None:
    make_request(personas, step=Request.Status.DISTRIBUTED)
    client = personas.client("expert")

    def proposals(language: str) -> list[dict[str, Any]]:
        response = client.get("/api/v1/assistance/proposals", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    english, french = proposals("en"), proposals("fr")
    assert english and len(english) == len(french)
    for en, fr in zip(english, french, strict=True):
        assert [r["code"] for r in en["reasons"]] == [r["code"] for r in fr["reasons"]]
        assert [r["params"] for r in en["reasons"]] == [r["params"] for r in fr["reasons"]]
        for reason in fr["reasons"]:
            with translation.override("fr"):
                assert reason["text"] == reasons.text(reason)
        assert fr["explanation"] != en["explanation"]
    by_code = {r["code"]: r["text"] for p in french for r in p["reasons"]}
    assert by_code["language_works_in"] == "Travaille dans la langue de la demande (russe)."
    # The item says "25 customs officers ... in 2025": neither number is quoted as a term.
    quoted = [t for p in english for r in p["reasons"] for t in r["params"].get("terms", ())]
    assert quoted and not any(re.search(r"\d", t) for t in quoted)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_old_english_reasons_as_legacy_sentences(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=Request.Status.DISTRIBUTED)
    proposal = Proposal.objects.filter(item__request=request).first()
    assert proposal is not None
    executor = MigrationExecutor(connection)
    executor.migrate([("assistance", "0001_initial")])
    old = executor.loader.project_state([("assistance", "0001_initial")]).apps
    OldProposal = old.get_model("assistance", "Proposal")
    OldProposal.objects.filter(pk=proposal.pk).update(
        reasons=[{"criterion": "region", "text": "serves Central Asia", "points": 0.1}],
        explanation="serves Central Asia",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    proposal.refresh_from_db()
    assert proposal.reasons == [
        {
            "criterion": "region",
            "code": "legacy",
            "params": {"text": "serves Central Asia"},
            "points": 0.1,
        }
    ]
    with translation.override("fr"):
        (line,) = proposal.reason_lines
    assert line["text"] == "serves Central Asia" and line["english_only"]
    # Ranking the item again writes coded reasons in place of the old sentence.
    refresh_proposals(proposal.item)
    assert all(r["code"] != "legacy" for p in Proposal.objects.all() for r in p.reasons)


@pytest.mark.django_db
def test_a_public_summary_lists_its_subjects_in_spanish(personas: Any, offers: Any) -> None:
    from nap1540.assistance import workflow

    composed = make_request(personas, step=Request.Status.DISTRIBUTED, consent=True)
    item = composed.items.get()
    item.assistance_types, item.subjects = ["training"], ["export_control", "border_control"]
    item.save()
    # Posted by the cron in English: the page still names the subjects in the reader's language.
    workflow.post_summary(composed, automatic=True, today=date(2025, 3, 31))
    assert Request.objects.get(pk=composed.pk).public_summary == (
        "1. Training, Export control, Border control"
    )
    written = make_request(
        personas, step=Request.Status.DISTRIBUTED, consent=True, title="Written", text="x"
    )
    item = written.items.get()
    item.assistance_types, item.subjects = ["legislative_drafting"], ["chemical", "biological"]
    item.save()
    written.public_summary = "Uzbekistan seeks help."
    written.save(update_fields=["public_summary"])
    workflow.post_summary(written, automatic=True, today=date(2025, 3, 31))
    client = personas.client("anonymous")

    page = client.get("/assistance/public/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "1. Capacitación, Control de las exportaciones, Control fronterizo" in page
    assert "Export control" not in page and "Border control" not in page
    assert "<li>Redacción legislativa: Químico, Biológico</li>" in page
    api = client.get("/api/v1/assistance/summaries", HTTP_ACCEPT_LANGUAGE="es").json()["items"]
    by_id = {s["id"]: s for s in api}
    assert by_id[composed.pk]["summary"] == (
        "1. Capacitación, Control de las exportaciones, Control fronterizo"
    )
    assert by_id[written.pk]["items"][0]["subject_labels"] == ["Químico", "Biológico"]

    # The request's own page shows the composed summary in the reader's language too; a summary
    # the State wrote itself is shown as written, marked as its own words.
    coordinator = personas.client("coordinator")
    own = coordinator.get(composed.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "1. Capacitación, Control de las exportaciones, Control fronterizo" in own
    assert "Border control" not in own
    theirs = coordinator.get(written.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<div data-user-content>Uzbekistan seeks help.</div>" in theirs


def test_a_reason_names_the_requesting_state_as_the_un_does_in_each_language() -> None:
    reason = {
        "code": "region_serves",
        "params": {"area": {"kind": "state", "code": "IRN", "name": "Iran (Islamic Republic of)"}},
    }
    expected = {
        "fr": "Iran (République islamique d')",
        "ru": "Иран (Исламская Республика)",
        "ar": "إيران (جمهورية - الإسلامية)",
    }
    for language, name in expected.items():
        with translation.override(language):
            assert name in reasons.text(reason), language


def bench_reasons(engine: MatchingEngine) -> Iterator[tuple[str, Any]]:
    """Every reason of the top three proposals, and of a few pairs an expert might add by
    hand (exclusions included), for every bench item."""
    for data in BENCH:
        item = RequestItem.from_dict(data)
        proposals = engine.rank_offers(item, top=3, today=date(2025, 6, 1))
        hand = [o["id"] for o in OFFERS["offers"][::12]] + ["jpn-mongolia-nap-roundtable-2022"]
        proposals += [engine.assess(item, offer_id) for offer_id in hand]
        for proposal in proposals:
            for reason in (*proposal.exclusions, *proposal.reasons):
                yield item.id, reason


def test_the_engine_writes_the_same_english_sentences_as_the_application(
    engine: MatchingEngine,
) -> None:
    seen = set()
    for item_id, reason in bench_reasons(engine):
        stored = reasons.stored([reason])[0]
        with translation.override("en"):
            assert reason.text == reasons.text(stored), item_id
        seen.add(reason.code)
    assert {"type_offered", "subject_covered", "region_excluded", "period_ended"} <= seen


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "ar", "zh-hans"])
def test_no_reason_over_the_bench_mentions_a_stop_word_or_a_bare_number(
    engine: MatchingEngine, language: str
) -> None:
    quoted = 0
    for item_id, reason in bench_reasons(engine):
        stored = reasons.stored([reason])[0]
        with translation.override(language):
            sentence = reasons.text(stored)
        # The words a reason quotes from the request or the offer: domain words only.
        for term in reason.params.get("terms", ()):
            quoted += 1
            assert term.lower() not in STOPWORDS and not re.search(r"\d", term), (item_id, term)
        # Digits only where the reason counts, dates or scores something.
        rest = without_data(sentence, stored["params"])
        for key in ("date", "day"):
            if key in stored["params"]:
                with translation.override(language):
                    rest = rest.replace(reasons._day(stored["params"][key]), " ")
        for key in ("served", "total", "percent"):
            if key in stored["params"]:
                rest = rest.replace(str(stored["params"][key]), " ")
        assert not re.search(r"\d", rest), (item_id, sentence)
    assert quoted > 500
