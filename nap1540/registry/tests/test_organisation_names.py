"""Organisations named in each of the five other languages, acronyms included (issue 10)."""

from __future__ import annotations

import pytest
from django.utils import translation

from nap1540.core.i18n import TRANSLATED_LANGUAGES
from nap1540.registry.models import Organisation

pytestmark = pytest.mark.django_db


def test_every_organisation_is_named_in_each_of_the_five_languages():
    for org in Organisation.objects.all():
        for language in TRANSLATED_LANGUAGES:
            with translation.override(language):
                assert not org.tr("name").fallback, (org.code, language)
                if org.acronym:
                    assert not org.tr("acronym").fallback, (org.code, language)


@pytest.mark.parametrize(
    ("code", "language", "full_name"),
    [
        # Full-width brackets, as the Chinese catalogue writes name and acronym.
        ("UNREC", "zh-hans", "联合国非洲和平与裁军区域中心（非洲区域中心）"),  # noqa: RUF001
        (
            "VERTIC",
            "fr",
            "Centre de recherche, de formation et d'information sur la vérification (VERTIC)",
        ),
        ("1540-GOE", "ru", "Группа экспертов Комитета 1540"),
        (
            "UNLIREC",
            "es",
            "Centro Regional de las Naciones Unidas para la Paz, el Desarme y el Desarrollo en "
            "América Latina y el Caribe (UNLIREC)",
        ),
    ],
)
def test_organisation_full_name_has_no_english_acronym(code, language, full_name):
    with translation.override(language):
        assert Organisation.objects.get(code=code).full_name() == full_name
