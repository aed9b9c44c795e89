"""Classification of free text into the assistance vocabulary (no Django needed)."""

# ruff: noqa: RUF001 -- Russian requests are Cyrillic on purpose.

from nap1540.assistance.matching import classify
from nap1540.assistance.matching.classify import resolve_declared
from nap1540.assistance.matching.vocab import (
    SUBJECT_SLUGS,
    TERMS,
    TEXT_LANGUAGES,
    TYPE_SLUGS,
    lookup,
)


def test_one_sentence_of_prose_is_classified_with_the_words_that_fired():
    found = classify(
        "Assistance in drafting legislation on export controls of dual-use goods, "
        "with penalties for violations."
    )

    assert found.types == ("legislative_drafting",)
    assert set(found.subjects) == {"legislation", "export_control"}
    assert found.evidence("legislative_drafting") == ("drafting legislation",)
    assert "dual-use goods" in found.evidence("export_control")
    assert "penalties" in found.evidence("legislation")


def test_a_note_verbale_is_classified_despite_its_formulae():
    found = classify(
        "The Permanent Mission of Mongolia presents its compliments to the Chair of the "
        "Committee and has the honour to request assistance in reviewing its National "
        "Implementation Action Plan and organising a national roundtable."
    )

    assert found.subjects == ("national_coordination",)
    assert "national implementation action plan" in found.evidence("national_coordination")


def test_a_request_in_russian_is_classified():
    found = classify(
        "Просим оказать содействие в разработке законопроекта об экспортном контроле "
        "товаров двойного назначения и обучении сотрудников таможни."
    )

    assert set(found.types) == {"legislative_drafting", "training"}
    assert {"legislation", "export_control", "border_control"} <= set(found.subjects)
    assert "экспортном контроле" in found.evidence("export_control")


def test_the_longest_keyword_wins_so_law_enforcement_is_not_legislation():
    found = classify("training for law enforcement officers")

    assert found.subjects == ("law_enforcement",)
    assert found.evidence("law_enforcement") == ("law enforcement",)


def test_biosafety_implies_biological_and_says_why():
    found = classify("biosafety standards for laboratories")

    assert set(found.subjects) == {"biological", "biosafety_biosecurity"}
    assert found.evidence("biological") == ("biosafety and biosecurity (implies biological)",)


def test_hyphens_slashes_and_spacing_do_not_matter_in_multiword_keywords():
    assert classify("dual use items").evidence("export_control") == ("dual use",)
    assert classify("X-ray scanners").types == ("equipment",)
    assert classify("MC&A upgrades").subjects == ("accounting_security",)


def test_languages_mentioned_in_the_text_are_found():
    assert classify("Russian-speaking experts").languages == ("ru",)
    assert classify("семинар на русском языке").languages == ("ru",)


def test_text_without_vocabulary_terms_classifies_to_nothing():
    found = classify("Hello, world.")

    assert (found.types, found.subjects, found.languages, found.hits) == ((), (), (), ())


def test_declared_values_accept_slugs_labels_and_committee_header_words():
    slugs, unknown = resolve_declared("subject", ["export_control", "Physical protection", "MPC&A"])

    assert slugs == ("export_control", "physical_protection", "accounting_security")
    assert unknown == []
    assert resolve_declared("type", ["Expertise", "nonsense"]) == (("expert_advice",), ["nonsense"])
    assert lookup("language", "русский") == ("ru",)


def test_every_vocabulary_term_has_keywords_in_the_six_un_languages():
    for slug in (*TYPE_SLUGS, *SUBJECT_SLUGS):
        for language in TEXT_LANGUAGES:
            assert TERMS[slug].keywords_in(language), (slug, language)


def test_the_same_need_in_the_six_un_languages_maps_to_the_same_terms():
    texts = [
        "export control",
        "contrôle des exportations",
        "control de las exportaciones",
        "الرقابة على الصادرات",
        "出口管制",
        "экспортный контроль",
    ]
    assert {classify(t).subjects for t in texts} == {("export_control",)}


def test_legal_assistance_asks_for_legislative_help_in_every_language():
    """The UN's "legal assistance" is legislative help, whichever language the request uses."""
    texts = {
        "en": "Legal assistance for the Chemical Weapons Convention.",
        "fr": "Assistance juridique pour la Convention sur les armes chimiques.",
        "es": "Asistencia jurídica para la Convención sobre las Armas Químicas.",
        "ru": "Правовая помощь по Конвенции о химическом оружии.",
        "ar": "مساعدة قانونية بشأن اتفاقية الأسلحة الكيميائية.",
        "zh": "为《化学武器公约》提供法律援助。",
    }
    for language, text in texts.items():
        found = classify(text, language)
        assert "legislative_drafting" in found.types, language
        assert "chemical" in found.subjects, language


def test_safeguards_and_the_additional_protocol_are_nuclear_in_russian_too():
    found = classify(
        "Соглашение о гарантиях и Дополнительный протокол: обучение инспекторов.", "ru"
    )

    assert "nuclear" in found.subjects
    assert {"safeguards", "additional protocol"} <= {g for _, g in found.translations}
