"""Tests for the gazetteer + regex entity extractor."""

import unicodedata
from pathlib import Path

import pytest
import yaml

from nlu.entities import (
    EntityExtractor,
    Pattern,
    Term,
    fold,
    load_number_words,
    on_word_boundaries,
    resolve_overlaps,
)
from nlu.training_data import load_training_data
from nlu.types import Entity
from tests.nlu.fixtures import COMMON_DATA, make_data_dir


@pytest.fixture(scope="module")
def extractor(tmp_path_factory: pytest.TempPathFactory) -> EntityExtractor:
    root = make_data_dir(tmp_path_factory.mktemp("entities"))
    return EntityExtractor.from_training_data(load_training_data(root),
                                              load_number_words(root / "common" / "numbers.yml"))


def found(extractor: EntityExtractor, text: str) -> list[tuple[str, str, str]]:
    """(entity, value, covered text) for every entity; also checks spans index the text."""
    entities = extractor.extract(text)
    for e in entities:
        assert text[e.start:e.end] == e.text
    return [(e.entity, e.value, e.text) for e in entities]


def test_fold_drops_latin_diacritics_and_keeps_offsets() -> None:
    folded, index = fold("Cứu EM")
    assert folded == "cuu em"
    assert index == [0, 1, 2, 3, 4, 5, 6]


def test_fold_keeps_thai_marks() -> None:
    assert fold("ช่วยด้วย")[0] == "ช่วยด้วย"


def test_annotated_values_and_synonyms_give_canonical_values(extractor: EntityExtractor) -> None:
    assert found(extractor, "my son is in myawadi now") == [("place", "Myawaddy", "myawadi")]
    assert found(extractor, "went to Kampuchea") == [("country", "Cambodia", "Kampuchea")]


def test_latin_terms_need_word_boundaries(extractor: EntityExtractor) -> None:
    assert found(extractor, "online job") == []
    assert found(extractor, "add me on LINE") == [("platform", "LINE", "LINE")]


def test_terms_match_inside_text_without_spaces(extractor: EntityExtractor) -> None:
    text = "น้องชายติดอยู่ที่กัมพูชาติดต่อไม่ได้"
    assert found(extractor, text) == [("country", "Cambodia", "กัมพูชา")]


def test_vietnamese_without_diacritics_and_decomposed_input(extractor: EntityExtractor) -> None:
    assert found(extractor, "bi lua sang campuchia") == [("country", "Cambodia", "campuchia")]
    decomposed = unicodedata.normalize("NFD", "bị lừa sang Campuchia ở Bavet")
    assert [v for _, v, _ in found(extractor, decomposed)] == ["Cambodia", "Bavet"]


@pytest.mark.parametrize("text, value", [
    ("salary $1,200 per month", "$1,200"),
    ("gaji RM 5000 sebulan", "RM 5000"),
    ("lương 15 triệu một tháng", "15 triệu"),
    ("เงินเดือน30,000บาท", "30,000บาท"),
    ("gaji Rp 15 juta", "Rp 15 juta"),
    ("sahod ₱40,000", "₱40,000"),
    ("月薪1万5", "1万5"),
    ("pay 1500   usd", "1500 usd"),
])
def test_salary_keeps_the_matched_text(extractor: EntityExtractor, text: str, value: str) -> None:
    salaries = [v for e, v, _ in found(extractor, text) if e == "salary"]
    assert salaries == [value]


@pytest.mark.parametrize("text, value", [
    ("call +66 81 234 5678 now", "+66812345678"),
    ("โทร0812345678", "0812345678"),
    ("电话13812345678", "13812345678"),
])
def test_phone_numbers(extractor: EntityExtractor, text: str, value: str) -> None:
    assert [v for e, v, _ in found(extractor, text) if e == "phone_number"] == [value]


def test_a_date_is_not_a_phone_number(extractor: EntityExtractor) -> None:
    assert found(extractor, "since 2024-01-15") == []


@pytest.mark.parametrize("text, count", [
    ("we are 5 people here", "5"),
    ("three of us locked", "3"),
    ("เราสามคนถูกขัง", "3"),
    ("เรา ๓ คน", "3"),
    ("chúng em năm người", "5"),
    ("kami tiga orang", "3"),
    ("lima kami dito", "5"),
    ("យើងបីនាក់", "3"),
    ("ကျွန်တော်တို့ငါးယောက်", "5"),
    ("ພວກເຮົາສີ່ຄົນ", "4"),
    ("我们三个人", "3"),
])
def test_people_count_from_digits_and_number_words(extractor: EntityExtractor, text: str,
                                                   count: str) -> None:
    assert [v for e, v, _ in found(extractor, text) if e == "people_count"] == [count]


def test_longest_match_wins_without_overlaps() -> None:
    extractor = EntityExtractor(
        [Term("kk", "place", "KK"), Term("kk park", "place", "KK Park"),
         Term("park", "job_title", "park")], [Pattern("salary", r"\d+ baht")])
    assert [(e.value, e.start, e.end) for e in extractor.extract("in KK Park for 500 baht")] == [
        ("KK Park", 3, 10), ("500 baht", 15, 23)]


def test_round_trip_through_dict(extractor: EntityExtractor) -> None:
    again = EntityExtractor.from_dict(extractor.to_dict())
    text = "my son in myawadi, 3 people, $1200, call +66812345678"
    assert again.extract(text) == extractor.extract(text)


COUNTERS = {"en": "{} people", "th": "{}คน", "vi": "{} người", "id": "{} orang", "ms": "{} orang",
            "fil": "{} katao", "km": "{}នាក់", "my": "{}ယောက်", "lo": "{}ຄົນ",
            "zh_Hans": "{}个人", "zh_Hant": "{}個人"}


def test_every_number_word_is_recognised(extractor: EntityExtractor) -> None:
    # Consistency of numbers.yml with the people_count patterns of regexes.yml.
    table = yaml.safe_load((COMMON_DATA / "numbers.yml").read_text(encoding="utf-8"))
    for lang, words in table["number_words"].items():
        for word, number in words.items():
            text = COUNTERS[lang].format(word)
            assert found(extractor, text) == [("people_count", str(number), text)], text


def test_number_words_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "numbers.yml"
    bad.write_text("number_words:\n  en: {one: uno}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="numbers.yml.*number_words.en.one"):
        load_number_words(bad)
    assert load_number_words(tmp_path / "absent.yml") == {}


def test_resolve_overlaps_drops_repeats_partial_words_and_shorter_overlaps() -> None:
    text = "they want $3000 in KK园区"
    raw = [Entity("salary", "$3000", 10, 15), Entity("salary", "$3000", 10, 15),
           Entity("platform", "WhatsApp", 5, 7),  # "wa" inside "want"
           Entity("place", "KK Park", 19, 21), Entity("place", "KK Park", 19, 23)]
    assert [(e.entity, e.start, e.end) for e in resolve_overlaps(text, raw)] == [
        ("salary", 10, 15), ("place", 19, 23)]


def test_word_boundaries_apply_to_latin_only() -> None:
    assert on_word_boundaries("online", 0, 6)
    assert not on_word_boundaries("online", 2, 6)
    assert on_word_boundaries("ไปกัมพูชา", 2, 9)


def test_untyped_synonyms_resolve_by_entity_type(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "en").mkdir(parents=True)
    (root / "en" / "lookups.yml").write_text(
        'version: "3.1"\nnlu:\n'
        "- synonym: Thai\n  examples: |\n    - prathet thai\n"
        "- synonym: Thailand\n  examples: |\n    - prathet thai\n"
        "- lookup: nationality\n  examples: |\n    - Thai\n"
        "- lookup: country\n  examples: |\n    - Thailand\n    - prathet thai\n",
        encoding="utf-8")
    extractor = EntityExtractor.from_training_data(load_training_data(root))
    assert found(extractor, "went to prathet thai") == [
        ("country", "Thailand", "prathet thai")]
