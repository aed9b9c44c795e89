"""Region labels and requesters resolved to sets of States (no Django needed)."""

from nap1540.assistance.matching import RegionResolver

STATES = {
    "format": 1,
    "states": [
        {"iso3": "UZB", "un_name": "Uzbekistan", "un_status": "member"},
        {"iso3": "KGZ", "un_name": "Kyrgyzstan", "un_status": "member",
         "aliases": ["Kyrgyz Republic"]},
        {"iso3": "MNG", "un_name": "Mongolia", "un_status": "member"},
        {"iso3": "JAM", "un_name": "Jamaica", "un_status": "member"},
        {"iso3": "TTO", "un_name": "Trinidad and Tobago", "un_status": "member"},
        {"iso3": "THA", "un_name": "Thailand", "un_status": "member"},
        {"iso3": "AUT", "un_name": "Austria", "un_status": "member"},
    ],
}  # fmt: skip
GROUPS = {
    "format": 1,
    "groups": [
        {"code": "OSCE", "name": "OSCE participating States", "kind": "organisation",
         "members": ["AUT", "KGZ", "MNG", "UZB"], "aliases": ["OSCE area", "OSCE region"]},
        {"code": "CENTRAL-ASIA", "name": "Central Asia", "kind": "geographic",
         "members": ["KGZ", "UZB"], "aliases": ["Central Asian States"]},
        {"code": "CARICOM", "name": "CARICOM member States", "kind": "organisation",
         "members": ["JAM", "TTO"], "aliases": ["Caribbean Community", "CARICOM"]},
        {"code": "SOUTH-EASTERN-ASIA", "name": "South-eastern Asia", "kind": "geographic",
         "members": ["THA"], "aliases": ["South-East Asia", "Southeast Asia"]},
    ],
}  # fmt: skip


def resolver() -> RegionResolver:
    return RegionResolver(STATES, GROUPS)


def test_an_organisation_area_resolves_to_its_members():
    (area,) = resolver().resolve("OSCE area")

    assert area.kind == "group"
    assert area.label == "OSCE area"
    assert area.states == {"AUT", "KGZ", "MNG", "UZB"}


def test_filler_words_and_punctuation_do_not_stop_resolution():
    r = resolver()

    assert r.resolve("the South East Asia region")[0].states == {"THA"}
    assert r.resolve("Central Asian States")[0].states == {"KGZ", "UZB"}


def test_global_labels_serve_every_state():
    r = resolver()

    for label in ("Global", "All", "worldwide", "All regions"):
        (area,) = r.resolve(label)
        assert area.kind == "global"
        assert area.states == r.all_states


def test_a_compound_label_is_split_into_known_parts():
    areas = resolver().resolve("Central Asia and Mongolia")

    assert [(a.kind, a.states) for a in areas] == [
        ("group", {"KGZ", "UZB"}),
        ("state", {"MNG"}),
    ]


def test_a_state_name_with_and_is_not_split():
    (area,) = resolver().resolve("Trinidad and Tobago")

    assert area.states == {"TTO"}


def test_an_unknown_label_is_unknown_and_serves_nobody():
    (area,) = resolver().resolve("OPCW States Parties")

    assert area.kind == "unknown"
    assert area.states == frozenset()


def test_coverage_keeps_unknown_labels_apart_from_known_ones():
    coverage = resolver().coverage(["Central Asia", "Atlantis"])

    assert coverage.stated
    assert not coverage.is_global
    assert coverage.states == {"KGZ", "UZB"}
    assert coverage.unknown == ("Atlantis",)


def test_no_regions_means_not_stated():
    coverage = resolver().coverage([])

    assert not coverage.stated
    assert coverage.states == frozenset()


def test_a_requester_is_an_iso3_code_a_state_name_or_an_organisation():
    r = resolver()

    def states(value: str) -> frozenset[str] | None:
        area = r.requester(value)
        return None if area is None else area.states

    assert states("UZB") == {"UZB"}
    assert states("uzb") == {"UZB"}
    assert states("Kyrgyz Republic") == {"KGZ"}
    assert states("CARICOM") == {"JAM", "TTO"}
    assert states("Caribbean Community") == {"JAM", "TTO"}


def test_an_unknown_requester_resolves_to_none():
    r = resolver()

    assert r.requester("XYZ") is None
    assert r.requester("") is None
    assert r.requester("Global") is None
