import json

import pytest
from django.utils import translation

from nap1540.core.i18n import TRANSLATED_LANGUAGES
from nap1540.plans import drafting
from nap1540.plans.drafting import GapField, Rule, plain_label, propose, subject_of, suggest
from nap1540.registry.models import Agency


def test_every_kind_in_the_agency_mapping_is_an_agency_kind():
    kinds = {k for rule in drafting.default_rules() for k in rule.kinds}
    assert kinds <= set(Agency.Kind.values)


def test_every_field_of_the_matrix_template_gets_a_suggestion():
    template = json.loads(
        (
            drafting.MAPPING_FILE.parent.parent.parent
            / "matrix"
            / "data"
            / "frameworks"
            / "1540-matrix-2013.json"
        ).read_text()
    )
    rules = drafting.default_rules()
    missing = [f["id"] for f in template["fields"] if suggest(f["id"], rules) is None]
    assert missing == []


@pytest.mark.parametrize(
    ("key", "first_kind"),
    [
        ("OP3(d)-N-LEG", "trade"),
        ("OP3(d)-C-FIN", "finance"),
        ("OP3(d)-B-TRANSSHIP", "customs"),
        ("OP3(c)-N-DET", "customs"),
        ("OP3(a)-B-SPEC4", "health"),
        ("OP3(a)-N-ACC-PROD", "nuclear_regulator"),
        ("OP2-C-11", "finance"),
        ("OP2-C-01", "justice"),
        ("OP1-R16", "foreign_affairs"),
        ("OP1-07", "foreign_affairs"),
    ],
)
def test_suggested_lead_agency_kind_follows_the_subject(key, first_kind):
    rule = suggest(key, drafting.default_rules())
    assert rule is not None
    assert rule.kinds[0] == first_kind


def test_subject_replaces_only_the_weapon_category():
    assert subject_of("OP3(d)-N-LEG") == "OP3(d)-*-LEG"
    assert subject_of("OP2-B-MOD") == "OP2-*-MOD"
    assert subject_of("OP1-R16") == "OP1-R16"
    assert subject_of("OP3(a)-C-ACC-PROD") == "OP3(a)-*-ACC-PROD"


def test_plain_label_drops_the_weapon_suffix():
    assert plain_label("Transit controls (N)") == "Transit controls"
    assert plain_label("Prohibition: acquire (chemical weapons)") == "Prohibition: acquire"
    assert plain_label("Australia Group") == "Australia Group"


def _gap(key, section, label, weapon="", order=0, section_order=0, mark=""):
    return GapField(key, section, label, mark, weapon, section_order, order)


def test_fields_differing_only_by_weapon_make_one_proposal_in_matrix_order():
    gaps = [
        _gap("OP3(d)-B-LEG", "OP3(d)", "Export control legislation (B)", "B", 3, 6),
        _gap("OP1-R16", "OP1", "National point of contact (1540)", "", 26, 1, "?"),
        _gap("OP3(d)-N-LEG", "OP3(d)", "Export control legislation (N)", "N", 1, 6),
        _gap("OP3(d)-C-LEG", "OP3(d)", "Export control legislation (C)", "C", 2, 6),
    ]
    proposals = propose(gaps)
    assert [p.subject for p in proposals] == ["OP1-R16", "OP3(d)-*-LEG"]
    legislation = proposals[1]
    assert legislation.field_keys == ["OP3(d)-N-LEG", "OP3(d)-C-LEG", "OP3(d)-B-LEG"]
    assert legislation.weapons == ["N", "C", "B"]
    assert legislation.label == "Export control legislation"
    assert legislation.kinds[0] == "trade"
    assert proposals[0].marks == ["?"]


def test_excluded_fields_are_not_proposed():
    gaps = [_gap("OP1-R16", "OP1", "Point of contact"), _gap("OP1-R17", "OP1", "Assistance")]
    assert [p.subject for p in propose(gaps, exclude_keys={"OP1-R16"})] == ["OP1-R17"]


def test_a_field_no_rule_matches_is_proposed_without_suggestion():
    [proposal] = propose([_gap("X-1", "X", "Something")], [Rule("OP1-*", ("foreign_affairs",))])
    assert proposal.kinds == ()


def test_malformed_mapping_is_refused():
    with pytest.raises(ValueError, match="format"):
        drafting.parse_rules({"rules": []})
    with pytest.raises(ValueError, match="rule 0"):
        drafting.parse_rules({"format": 1, "rules": [{"match": "OP1-*"}]})


def test_every_reason_in_the_agency_mapping_is_in_the_five_other_languages():
    untranslated = [
        (rule.match, language)
        for rule in drafting.default_rules()
        for language in TRANSLATED_LANGUAGES
        if not rule.translations.get(language, {}).get("why")
    ]
    assert untranslated == []


def _mapping(translations):
    rule = {"match": "OP1-R19", "kinds": ["trade"], "why": "national control list"}
    return {
        "format": 1,
        "rules": [
            {"match": "OP1-R16", "kinds": ["foreign_affairs"]},
            rule | {"translations": translations},
        ],
    }


@pytest.mark.parametrize(
    ("translations", "problem"),
    [
        ({"de": {"why": "nationale Kontrollliste"}}, "translation language 'de' is not one of"),
        ({"fr": {"why": "  "}}, r"translations\.fr\.why is empty"),
        ({"fr": "liste nationale de contrôle"}, r"translations\.fr must be an object"),
        ({"fr": {"label": "liste"}}, "no English 'label' to translate"),
        (["fr"], "'translations' must be an object"),
    ],
)
def test_a_bad_translation_in_the_mapping_is_refused_naming_the_rule(translations, problem):
    with pytest.raises(ValueError, match=r"agency mapping: rule 1 \(OP1-R19\): ") as refused:
        drafting.parse_rules(_mapping(translations))
    assert refused.match(problem)


def test_a_reason_shows_in_the_readers_language_else_in_english_marked():
    rules = drafting.parse_rules(_mapping({"fr": {"why": "liste nationale de contrôle"}}))
    [proposal] = propose([_gap("OP1-R19", "OP1", "National control list")], rules)
    with translation.override("fr"):
        why = proposal.why_text()
        assert (why, why.fallback) == ("liste nationale de contrôle", False)
    with translation.override("ru"):
        why = proposal.why_text()
        assert (why, why.fallback) == ("national control list", True)
        assert why.marked() == "national control list (на английском языке)"
