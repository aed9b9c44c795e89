"""Arabic shaping and visual order for the renderers that draw SVG text glyph by glyph."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from nap1540.core.rendering.bidi import (
    glyph_order,
    paragraph_is_rtl,
    shape_arabic,
    visual_order,
)

STATUS = "\u062d\u0627\u0644\u0629"  # "حالة" (status): hah, alef, lam, teh marbuta


def names(text: str) -> list[str]:
    return [unicodedata.name(c).removeprefix("ARABIC LETTER ") for c in text]


def test_letters_take_their_joined_forms():
    # Hah joins the alef after it; alef never joins forward, so lam starts again.
    assert names(shape_arabic(STATUS)) == [
        "HAH INITIAL FORM",
        "ALEF FINAL FORM",
        "LAM INITIAL FORM",
        "TEH MARBUTA FINAL FORM",
    ]


def test_lam_alef_becomes_one_ligature():
    assert shape_arabic("\u0644\u0627") == "\ufefb"  # ARABIC LIGATURE LAM WITH ALEF ISOLATED
    assert shape_arabic("\u0628\u0644\u0627") == "\ufe91\ufefc"  # beh initial, lam-alef final


def test_vowel_signs_are_left_out_and_do_not_break_the_joining():
    with_shadda, without = "\u0645\u0631\u062c\u0651\u062d", "\u0645\u0631\u062c\u062d"  # "مرجّح"
    assert shape_arabic(with_shadda) == shape_arabic(without)


def test_visual_order_turns_arabic_around_and_keeps_numbers_and_latin_in_order():
    assert visual_order("abc") == "abc"
    assert visual_order(STATUS) == STATUS[::-1]
    assert visual_order(f"{STATUS} 12") == f"12 {STATUS[::-1]}"
    # After Arabic letters digits are Arabic numbers (rule W2), so "%" goes to their left,
    # as in a browser.
    assert visual_order(f"{STATUS} 12%") == f"%12 {STATUS[::-1]}"
    assert visual_order("12% abc") == "12% abc"
    assert visual_order(f"OP1 {STATUS}", rtl=True) == f"{STATUS[::-1]} OP1"
    assert visual_order(f"OP1 {STATUS}") == f"OP1 {STATUS[::-1]}"


def test_brackets_in_right_to_left_text_are_mirrored():
    assert visual_order(f"{STATUS} (2017)") == f"(2017) {STATUS[::-1]}"


def test_glyph_order_shapes_before_it_reorders():
    assert glyph_order(STATUS) == shape_arabic(STATUS)[::-1]
    assert glyph_order("Uzbekistan 54%") == "Uzbekistan 54%"


# Mirroring turns "(" into ")": fold each pair to one character to compare contents.
FOLD = str.maketrans(")]}>\u00bb\u203a", "([{<\u00ab\u2039")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_visual_order_only_moves_and_mirrors_characters(text: str):
    assert sorted(visual_order(text).translate(FOLD)) == sorted(text.translate(FOLD))


def test_paragraph_direction_follows_the_letters_not_the_numbers():
    assert paragraph_is_rtl(STATUS, rtl_document=True)
    assert paragraph_is_rtl("", rtl_document=True)
    assert not paragraph_is_rtl("0\u00a0%", rtl_document=True)
    assert not paragraph_is_rtl("National Action Plan", rtl_document=True)
    assert not paragraph_is_rtl(f"OP1 {STATUS}", rtl_document=False)
    assert paragraph_is_rtl(f"{STATUS} OP1", rtl_document=False)
