"""Regional organisations as reference data: who is in them, named in each language (issue 13)."""

from __future__ import annotations

import pytest
from django.utils import translation

from nap1540.assistance.matching import RegionResolver
from nap1540.core.i18n import TRANSLATED_LANGUAGES
from nap1540.registry.loaders import REGISTRY_DATA
from nap1540.registry.models import Group

pytestmark = pytest.mark.django_db


def test_cen_sad_is_loaded_as_an_organisation_with_its_29_member_states():
    group = Group.objects.get(code="CEN-SAD")
    members = set(group.members.values_list("iso3", flat=True))
    assert group.kind == Group.Kind.ORGANISATION
    assert len(members) == 29
    # Sahel and Sahara, Maghreb and Horn, Gulf of Guinea: the community's spread.
    assert {"LBY", "TCD", "NER", "MLI", "EGY", "SEN", "NGA", "SOM", "KEN", "MAR"} <= members
    assert not members & {"DZA", "ZAF", "ETH"}


def test_cen_sad_is_named_in_each_of_the_five_other_languages():
    group = Group.objects.get(code="CEN-SAD")
    for language in TRANSLATED_LANGUAGES:
        with translation.override(language):
            assert not group.tr("name").fallback, language
    with translation.override("fr"):
        assert str(group) == "États membres de la Communauté des États sahélo-sahariens"


def test_the_engine_ranks_a_cen_sad_request_for_its_members():
    resolver = RegionResolver.from_files(
        REGISTRY_DATA / "states.json", REGISTRY_DATA / "groups.json"
    )
    for label in ("CEN-SAD", "Community of Sahel-Saharan States", "censad"):
        area = resolver.requester(label)
        assert area is not None, label
        assert area.code == "CEN-SAD"
        assert "LBY" in area.states
