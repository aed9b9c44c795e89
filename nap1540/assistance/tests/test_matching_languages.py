"""Matching across the six UN languages: requests in any of them find English offers."""

from datetime import date

import pytest

from nap1540.assistance.matching import MatchingEngine, RegionResolver, RequestItem, classify
from nap1540.assistance.matching.classify import resolve_declared
from nap1540.assistance.matching.text import detect_language, guess_language, stem, tokens
from nap1540.assistance.tests.test_matching_regions import GROUPS, STATES

TODAY = date(2025, 6, 1)

# English offers, one per need, all open to every State.
OFFERS = [
    {"id": "customs-training", "provider": "WCO", "title": "Strategic trade control enforcement",
     "description": "Training for customs officers on identifying dual-use goods and "
     "enforcing export controls.", "regions": ["Global"], "languages": ["en"]},
    {"id": "cwc-legislation", "provider": "OPCW", "title": "Implementing legislation for the CWC",
     "description": "Help to draft national legislation implementing the Chemical Weapons "
     "Convention, with penal provisions.", "regions": ["Global"], "languages": ["en"]},
    {"id": "lab-biosafety", "provider": "WHO", "title": "Laboratory biosafety and biosecurity",
     "description": "Training and guidance on biosafety and biosecurity for laboratories that "
     "hold dangerous pathogens.", "regions": ["Global"], "languages": ["en"]},
    {"id": "nap-support", "provider": "UNODA", "title": "Support to develop national action plans",
     "description": "Expert advice to prepare and review 1540 national implementation action "
     "plans.", "regions": ["Global"], "languages": ["en"]},
    {"id": "border-detection", "provider": "Donor", "title": "Radiation detection equipment",
     "description": "Radiation portal monitors and handheld detectors for border crossings, "
     "seaports and airports.", "regions": ["Global"], "languages": ["en"]},
    {"id": "physical-protection", "provider": "IAEA", "title": "Physical protection advisory",
     "description": "Advice on the physical protection of nuclear facilities and the security "
     "of radioactive sources.", "regions": ["Global"], "languages": ["en"]},
]  # fmt: skip


@pytest.fixture(scope="module")
def engine() -> MatchingEngine:
    e = MatchingEngine(RegionResolver(STATES, GROUPS))
    e.add_offers(OFFERS)
    return e


def best(engine: MatchingEngine, text: str, **extra: object) -> str:
    item = RequestItem.from_dict({"id": "r1", "requester": "UZB", "text": text, **extra})
    return engine.rank_offers(item, top=1, today=TODAY)[0].offer_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "La Mission permanente a l'honneur de solliciter une formation des agents des "
            "douanes au contrôle des exportations des biens à double usage.",
            "customs-training",
        ),
        (
            "Asistencia para la redacción de la legislación nacional de aplicación de la "
            "Convención sobre las armas químicas, incluidas las disposiciones penales.",
            "cwc-legislation",
        ),
        (
            "تعزيز السلامة البيولوجية والأمن البيولوجي في المختبرات التي تتعامل مع مسببات "
            "الأمراض الخطرة.",
            "lab-biosafety",
        ),
        ("在边境口岸和海港部署放射性物质探测设备。", "border-detection"),
        (
            "Просим оказать содействие в разработке Национального плана действий по "
            "выполнению резолюции 1540.",
            "nap-support",
        ),
    ],
    ids=["fr", "es", "ar", "zh", "ru"],
)
def test_a_request_in_each_un_language_finds_the_right_english_offer_first(
    engine: MatchingEngine, text: str, expected: str
) -> None:
    assert best(engine, text) == expected


def test_the_engine_works_with_and_without_a_language_hint(engine: MatchingEngine) -> None:
    text = "Protection physique des installations nucléaires."

    assert detect_language(text) == "fr"
    assert best(engine, text) == "physical-protection"
    assert best(engine, text, text_language="fr") == "physical-protection"
    assert best(engine, text, text_language="fr-FR") == "physical-protection"


def test_a_language_hint_decides_a_text_too_short_to_guess() -> None:
    assert guess_language("Biosécurité") is None
    assert classify("Biosécurité").subjects == ("biological", "biosafety_biosecurity")
    assert classify("formation", "fr").types == ("training",)
    # In English text, the French keywords are not tried: "formation" is not "training".
    assert classify("the formation of a national authority", "en").types == ()


def test_an_unknown_text_language_is_refused() -> None:
    with pytest.raises(ValueError, match="text_language"):
        RequestItem.from_dict({"id": "r", "requester": "UZB", "text": "x", "text_language": "xx"})


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Training for customs officers on export controls.", "en"),
        ("Formation des agents des douanes au contrôle des exportations.", "fr"),
        ("Capacitación de los funcionarios de aduanas en el control de las exportaciones.", "es"),
        ("تدريب موظفي الجمارك على الرقابة على الصادرات.", "ar"),
        ("为海关官员提供出口管制培训。", "zh"),
        ("Обучение сотрудников таможни экспортному контролю.", "ru"),
    ],
)
def test_the_language_of_a_request_is_detected(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_the_stemmer_conflates_inflections_in_each_language() -> None:
    assert stem("exportations", "fr") == stem("exportation", "fr") == stem("exports", "en")
    assert stem("exportaciones", "es") == stem("exportación", "es") == "export"
    assert stem("экспортного") == stem("экспортному") == stem("экспортный")
    assert stem("экспорта") == stem("экспортом") == stem("экспорт")
    assert stem("الصادرات") == stem("بالصادرات") == stem("للصادرات")
    assert stem("التدريب") == stem("تدريب")
    assert stem("législation", "fr") == stem("législative", "fr")


def test_adjective_and_noun_meet_at_the_vocabulary_even_where_stems_differ() -> None:
    # Snowball keeps the Russian adjective suffix (экспортн-) apart from the noun (экспорт).
    assert classify("экспортного контроля").subjects == ("export_control",)
    assert classify("экспорт").subjects == ("export_control",)


def test_chinese_is_cut_into_vocabulary_words_not_single_characters() -> None:
    assert classify("核安全").subjects == ("nuclear",)
    assert "nuclear" not in classify("审核国家报告").subjects  # 审核 is "review", not 核
    assert tokens("出口管制培训") == ["出口管制", "培训"]
    assert tokens("向海关官员") == ["海关", "官员"]


def test_arabic_words_match_without_their_proclitics() -> None:
    found = classify("والتدريب على الرقابة على الصادرات")

    assert found.types == ("training",)
    assert found.subjects == ("export_control",)
    assert found.evidence("export_control") == ("الرقابة على الصادرات",)


def test_a_foreign_keyword_adds_its_english_gloss_to_the_text_query() -> None:
    found = classify("Formation des douaniers")

    assert ("douaniers", "customs") in found.translations
    assert ("formation", "training") in found.translations


def test_reasons_quote_the_requests_own_words(engine: MatchingEngine) -> None:
    item = RequestItem.from_dict(
        {"id": "r", "requester": "UZB", "text": "Formation des douaniers aux exportations."}
    )
    proposal = engine.rank_offers(item, top=1, today=TODAY)[0]

    assert proposal.offer_id == "customs-training"
    subject = [r for r in proposal.reasons if r.criterion == "subject"]
    assert subject and "exportations" in subject[0].params["terms"]
    shared = [r.text for r in proposal.reasons if r.criterion == "text"]
    assert shared and "“douaniers”" in shared[0]


@pytest.mark.parametrize(
    ("declared", "code"),
    [("ja", "ja"), ("jpn", "ja"), ("Japanese", "ja"), ("ja-JP", "ja"), ("KO", "ko"),
     ("fil", "fil"), ("Filipino", "fil"), ("yue", "yue"), ("fre", "fr"), ("zh-Hans", "zh")],
)  # fmt: skip
def test_any_iso_639_language_is_a_working_language(declared: str, code: str) -> None:
    assert resolve_declared("language", [declared]) == ((code,), [])


def test_a_made_up_language_is_not_a_working_language() -> None:
    assert resolve_declared("language", ["Atlantean", "xx"]) == ((), ["Atlantean", "xx"])


def test_an_offer_in_korean_is_excluded_from_a_request_that_accepts_only_japanese() -> None:
    engine = MatchingEngine(RegionResolver())
    engine.add_offers(
        [
            {
                "id": "ko",
                "provider": "KOR",
                "title": "Export control training",
                "languages": ["ko"],
            },
            {
                "id": "ja",
                "provider": "JPN",
                "title": "Export control training",
                "languages": ["ja"],
            },
            {"id": "any", "provider": "X", "title": "Export control training"},
        ]
    )
    item = RequestItem(id="r", requester="", text="export control training", languages=("ja",))

    ranked = [p.offer_id for p in engine.rank_offers(item, top=5)]

    assert ranked[0] == "ja"
    assert "ko" not in ranked
    assert "any" in ranked  # an offer that does not say is not excluded
