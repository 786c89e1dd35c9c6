"""Russian: inflected names, adjectives and demonyms link with the whole word as the span (fresh sentences)."""

from __future__ import annotations

import pytest
from conftest import DATA

from regionmap import morph_ru
from regionmap.linker_cache import load_linker


@pytest.fixture(scope="module")
def linker(tmp_path_factory):
    return load_linker(DATA, tmp_path_factory.mktemp("ru-cache"))


def spans(linker, text):
    return [(m.surface, m.feature_id) for m in linker.link(text, lang="ru")]


def test_the_cases_the_issue_names(linker):
    text = (
        "Министр побывал в Таджикистане. Граница Таджикистана закрыта. Переговоры шли в Душанбе, "
        "а посольство в Кабуле молчит. Торговля с Афганистаном растёт."
    )
    got = spans(linker, text)
    assert ("Таджикистане", "country-tjk") in got and ("Таджикистана", "country-tjk") in got
    assert ("Душанбе", "place-dushanbe") in got and ("Кабуле", "gn-1138958") in got
    assert ("Афганистаном", "country-afg") in got
    for surface, _ in got:  # the span is the whole inflected word, never a preposition
        assert f" {surface}" in text and not surface.startswith(("в ", "с "))


def test_adjectives_and_peoples_are_demonyms_of_the_country(linker):
    got = spans(linker, "Афганский посол и таджикские пограничники встретились; афганцы ждут решения.")
    assert ("Афганский", "country-afg") in got and ("таджикские", "country-tjk") in got
    assert ("афганцы", "country-afg") in got


def test_peoples_listed_together_are_ethnic_groups(linker):
    got = spans(linker, "В долине живут киргизы, узбеки и таджики, говорят местные жители.")
    assert got == []


def test_a_generic_word_stays_out_of_the_span_and_says_what_kind_of_place(linker):
    got = spans(linker, "Дожди прошли в Хатлонской области и у реки Вахш.")
    assert ("Хатлонской", "adm1-tj-kt") in got
    assert ("Вахш", "river-vakhsh") in got


def test_hyphen_pairs_give_two_mentions(linker):
    got = spans(linker, "Узбекско-афганская комиссия собралась снова.")
    assert got == [("Узбекско", "country-uzb"), ("афганская", "country-afg")]


def test_a_surname_after_a_given_name_is_no_place(linker):
    assert spans(linker, "Об этом сообщил Рустам Кабулов журналистам.") == []


def test_an_outlet_in_quotation_marks_is_no_place(linker):
    assert spans(linker, "Об этом сообщило издание «Бишкек».") == []


def test_lower_case_common_words_are_no_names(linker):
    # "ош" is no name in lower case; "Ош" is the city
    assert spans(linker, "ош, мир и при этом всё") == []
    assert spans(linker, "Автобус ушёл в Ош.")[0][0] == "Ош"


def test_candidates_come_from_the_analyser_and_the_stemmer():
    c = morph_ru.candidates("Хорогу")
    assert "хорог" in c  # pymorphy3's normal form
    assert any(k.startswith("~") for k in morph_ru.candidates("таджикско"))  # Snowball stem
    assert morph_ru.plain("Ёлки") == "елки"
    assert [w for _, _, w in morph_ru.words("КАСА-1000 и Джалал-Абад")] == [
        "КАСА",
        "1000",
        "и",
        "Джалал",
        "Абад",
    ]
