"""Real catalogues through the web forms: any language, unknown labels warned about, not refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from nap1540.assistance import reasons, vocabulary
from nap1540.assistance.models import Offer, Request
from nap1540.assistance.tests.conftest import make_request
from nap1540.registry.models import Organisation
from tests.walk.walker import post_forms

S = Request.Status


def _offer_data(**extra: Any) -> dict[str, Any]:
    return {
        "provider_organisation": Organisation.objects.get(code="OSCE").pk,
        "code": "osce-asia",
        "title": "Export control course",
        "description": "Export control course for licensing officers.",
        "regions": "Central Asia, Atlantis",
        "languages": ["ru"],
        "other_languages": "ja, Korean, fil, yue, Atlantean",
        **extra,
    }


def test_an_offer_in_any_language_for_an_unknown_region_is_saved_with_warnings(
    personas: Any,
) -> None:
    client = personas.client("provider")

    response = client.post("/assistance/offers/new/", _offer_data(), follow=True)

    assert response.status_code == 200
    offer = Offer.objects.get(code="osce-asia")
    assert offer.languages == ["ru", "ja", "ko", "fil", "yue"]
    assert offer.regions == ["Central Asia", "Atlantis"]
    page = response.content.decode()
    assert "Offer added." in page
    assert "“Atlantean” is not a language we know (ISO 639); it was left out." in page
    assert "Region not recognised: “Atlantis”." in page
    assert "Japanese, Korean, Filipino, Yue Chinese" in page  # the offer's own page
    # The edit form shows the languages that have no box in the text field.
    edit = client.get(f"/assistance/offers/{offer.pk}/edit/").content.decode()
    assert 'value="ja, ko, fil, yue"' in edit


def test_a_structural_error_still_refuses_the_offer(personas: Any) -> None:
    client = personas.client("provider")

    response = client.post("/assistance/offers/new/", _offer_data(active_from="not a date"))

    assert response.status_code == 200
    assert not Offer.objects.filter(code="osce-asia").exists()


def test_a_request_item_accepts_japanese_and_says_what_it_left_out(
    personas: Any, offers: Any
) -> None:
    request = make_request(personas, step=S.RECEIVED)
    client = personas.client("expert")

    response = client.post(
        f"/assistance/requests/{request.pk}/items/",
        {"text": "Export control training.", "priority": "medium",
         "other_languages": "jpn, Elvish"},
        follow=True,
    )  # fmt: skip

    assert response.status_code == 200
    item = request.items.latest("pk")
    assert item.languages == ["ja"]
    assert "“Elvish” is not a language we know" in response.content.decode()


def _edit_values(client: Any, url: str) -> dict[str, list[str]]:
    """The item's edit form as the browser posts it, with the values it read back."""
    (form,) = [f for f in post_forms(url, client.get(url).content.decode()) if f.action == url]
    values: dict[str, list[str]] = {}
    for name, value in form.fields:
        values.setdefault(name, []).append(value)
    return values


def test_editing_only_the_typed_languages_of_an_item_saves_them(personas: Any, offers: Any) -> None:
    request = make_request(personas, step=S.RECEIVED)
    client = personas.client("expert")
    client.post(
        f"/assistance/requests/{request.pk}/items/",
        {"text": "Export control training.", "priority": "medium", "languages": ["ru"],
         "other_languages": "ko"},
    )  # fmt: skip
    item = request.items.latest("pk")
    url = f"/assistance/items/{item.pk}/"
    values = _edit_values(client, url)
    assert values["other_languages"] == ["ko"]  # the typed language is shown again

    response = client.post(url, {**values, "other_languages": ["ko, jpn"]})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.languages == ["ru", "ko", "ja"]
    # Unchanged languages are not a conflict with what the form read back.
    response = client.post(url, {**_edit_values(client, url), "text": ["Customs training."]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.languages) == ("Customs training.", ["ru", "ko", "ja"])


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("fr", ["Japonais", "Coréen", "Chinois Yue", "Français"]),
        ("ru", ["японский", "корейский", "Французский"]),
        ("zh-hans", ["日语", "朝鲜语", "菲律宾语", "法文"]),
    ],
)
def test_languages_are_named_in_the_readers_language(language: str, names: list[str]) -> None:
    with translation.override(language):
        shown = [vocabulary.label(code) for code in ("ja", "ko", "fil", "yue", "fr")]
    assert set(names) <= set(shown)


def test_an_offer_page_names_its_languages_in_french_and_russian(personas: Any) -> None:
    personas.client("provider").post("/assistance/offers/new/", _offer_data())
    offer = Offer.objects.get(code="osce-asia")
    client = personas.client("expert")

    french = client.get(offer.get_absolute_url(), headers={"Accept-Language": "fr"})
    russian = client.get(offer.get_absolute_url(), headers={"Accept-Language": "ru"})

    assert "Japonais" in french.content.decode() and "Coréen" in french.content.decode()
    assert "японский" in russian.content.decode() and "корейский" in russian.content.decode()


def test_a_reason_names_a_working_language_in_the_readers_language() -> None:
    with translation.override("fr"):
        assert reasons.language_names(["ja", "ko"]) == "japonais, coréen"
