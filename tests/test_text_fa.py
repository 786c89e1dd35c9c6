"""Dari/Persian: letter variants, diacritics, ZWNJ and attached affixes; spans map back exactly (fresh sentences)."""

from __future__ import annotations

import pytest
from conftest import DATA

from regionmap import text_fa
from regionmap.linker_cache import load_linker
from regionmap.search import fold

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def linker(tmp_path_factory):
    return load_linker(DATA, tmp_path_factory.mktemp("fa-cache"))


def spans(linker, text):
    out = [(m.surface, m.feature_id) for m in linker.link(text, lang="fa")]
    for m in linker.link(text, lang="fa"):
        assert text[m.start : m.end] == m.surface  # offsets index the original text
    return out


def test_arabic_letter_variants_and_diacritics_fold():
    assert text_fa.fold("پاكستاني") == "پاکستانی"
    assert text_fa.fold("افغانستانِ") == "افغانستان"
    assert text_fa.fold("كـــابل") == "کابل"  # tatweel
    assert text_fa.key("فیض" + ZWNJ + "آباد") == text_fa.key("فیضآباد")


def test_affixes_are_stripped_by_hazms_stemmer_and_the_attached_preposition():
    assert "افغان" in text_fa.candidates("افغان" + ZWNJ + "ها")
    assert "ایران" in text_fa.candidates("ایرانی" + ZWNJ + "ها")
    assert "آسیا" in text_fa.candidates("آسیای")
    assert "کابل" in text_fa.candidates("بكابل")
    assert text_fa.candidates("ترکمن" + ZWNJ + "تبار") == ("ترکمنتبار",)  # no stem: another word


def test_names_link_with_their_suffixes_in_the_span(linker):
    text = f"بازرگانان پاكستاني و ازبکستانی{ZWNJ}ها در شهر مزار شریف دیدار کردند."
    got = spans(linker, text)
    assert ("پاكستاني", "country-pak") in got
    assert (f"ازبکستانی{ZWNJ}ها", "country-uzb") in got
    assert ("مزار شریف", "gn-1133616") in got


def test_zwnj_missing_or_a_space(linker):
    assert ("تاجیکستانیها", "country-tjk") in spans(linker, "تاجیکستانیها به بازار آمدند.")
    assert ("تاجیکستانی", "country-tjk") in spans(linker, "تاجیکستانی ها به بازار آمدند.")


def test_a_generic_word_before_stays_out_of_the_span(linker):
    got = spans(linker, "آب دریای آمو در ولایت جوزجان کم شده است.")
    assert ("آمو", "river-amu-darya") in got
    assert ("جوزجان", "province-jawzjan") in got


def test_monday_is_no_place_after_the_word_for_day(linker):
    assert spans(linker, "جلسه روز دوشنبه برگزار شد.") == []
    assert spans(linker, "هیئت به دوشنبه رفت.") == [("دوشنبه", "place-dushanbe")]


def test_an_organisation_after_its_head_noun_is_no_place(linker):
    assert spans(linker, "استادان دانشگاه بلخ نامه نوشتند.") == []


def test_dashes_split_pairs(linker):
    got = spans(linker, "راه‌آهن ترکمنستان–افغانستان تکمیل شد.")
    assert ("ترکمنستان", "country-tkm") in got and ("افغانستان", "country-afg") in got


def test_search_folds_persian_letters_like_the_linker():
    assert fold("كابل") == fold("کابل")
    assert fold("Ёлка") == fold("елка")
