"""Tests for the Rasa YAML training-data reader."""

from pathlib import Path

import pytest

from nlu.training_data import (
    Example,
    TrainingData,
    TrainingDataError,
    data_hash,
    load_training_data,
    parse_annotations,
)
from tests.nlu.fixtures import make_data_dir, write_yaml


def nlu_file(blocks: str) -> str:
    return 'version: "3.1"\nnlu:\n' + blocks


def test_plain_annotation_gives_clean_text_and_span() -> None:
    text, entities, problems = parse_annotations("i am in [KK Park](place) help")
    assert text == "i am in KK Park help"
    assert problems == []
    (ent,) = entities
    assert (ent.entity, ent.value, text[ent.start:ent.end]) == ("place", "KK Park", "KK Park")


def test_json_annotation_sets_the_canonical_value() -> None:
    text, entities, _ = parse_annotations('[Myawadi]{"entity": "place", "value": "Myawaddy"} ok')
    assert text == "Myawadi ok"
    assert [(e.entity, e.value, e.start, e.end) for e in entities] == [
        ("place", "Myawaddy", 0, 7)]


def test_several_annotations_keep_offsets_in_scripts_without_spaces() -> None:
    text, entities, _ = parse_annotations("ลูกชายติดอยู่ที่[กัมพูชา](country)เรา[3 คน](people_count)")
    assert [text[e.start:e.end] for e in entities] == ["กัมพูชา", "3 คน"]


def test_legacy_colon_value_annotation() -> None:
    _, entities, _ = parse_annotations("going to [burma](country:Myanmar)")
    assert entities[0].value == "Myanmar"


@pytest.mark.parametrize("line, problem", [
    ("in [KK Park](compound) now", "unknown entity"),
    ('in [KK Park]{"entity": place} now', "invalid JSON"),
    ("in [KK Park(place) now", "unbalanced"),
])
def test_bad_annotations_are_reported_and_text_kept(line: str, problem: str) -> None:
    text, entities, problems = parse_annotations(line)
    assert entities == ()
    assert "KK Park" in text
    assert any(problem in p for p in problems)


def test_language_comes_from_the_folder(tmp_path: Path) -> None:
    data = load_training_data(make_data_dir(tmp_path))
    assert data.languages() == ("en", "th", "vi")
    thai = [e for e in data.examples if e.text == "สวัสดี"]
    assert [e.lang for e in thai] == ["th"]


def test_common_folder_is_language_independent(tmp_path: Path) -> None:
    data = load_training_data(make_data_dir(tmp_path))
    names = {r.name for r in data.regexes}
    assert {"phone_number", "salary", "people_count"} <= names
    assert all(r.lang is None for r in data.regexes)


def test_unknown_language_folder_is_skipped_with_its_file_named(tmp_path: Path) -> None:
    greet = nlu_file("- intent: greet\n  examples: |\n    - yo\n")
    path = write_yaml(tmp_path, "xx/nlu.yml", greet)
    data = load_training_data(tmp_path)
    assert data.examples == ()
    assert any(str(path) in issue and "skipped" in issue for issue in data.issues)


def test_folder_aliases_map_to_locale_ids(tmp_path: Path) -> None:
    greet = nlu_file("- intent: greet\n  examples: |\n    - 你好\n")
    write_yaml(tmp_path, "zh-Hant/nlu.yml", greet)
    assert load_training_data(tmp_path).examples[0].lang == "zh_Hant"


def test_synonyms_lookups_and_regexes(tmp_path: Path) -> None:
    write_yaml(tmp_path, "en/places.txt", "Poipet\nBavet\n")
    write_yaml(tmp_path, "en/lookups.yml", nlu_file(
        "- synonym: Myawaddy\n  examples: |\n    - myawadi\n    - เมียวดี\n"
        "- lookup: place\n  examples: places.txt\n"
        "- lookup: platform\n  examples: |\n    - Telegram\n"
        "- regex: phone_number\n  examples: |\n    - \\+\\d{8,}\n"))
    data = load_training_data(tmp_path)
    assert data.synonym_map()["เมียวดี"] == "Myawaddy"
    assert {lk.name: lk.elements for lk in data.lookups} == {
        "place": ("Poipet", "Bavet"), "platform": ("Telegram",)}
    assert [(r.name, r.pattern, r.lang) for r in data.regexes] == [
        ("phone_number", r"\+\d{8,}", "en")]


def test_missing_lookup_file_is_reported(tmp_path: Path) -> None:
    write_yaml(tmp_path, "en/lookups.yml", nlu_file("- lookup: place\n  examples: nowhere.txt\n"))
    data = load_training_data(tmp_path)
    assert data.lookups == ()
    assert any("nowhere.txt" in issue and "lookups.yml" in issue for issue in data.issues)


@pytest.mark.parametrize("blocks, message", [
    ("- intent: dance\n  examples: |\n    - hi\n", "unknown intent 'dance'"),
    ("- intent: greet\n  synonym: x\n  examples: |\n    - hi\n", "exactly one of"),
    ("- intent: greet\n", "'examples' missing"),
    ("- intent: greet\n  examples: |\n    - hi\n  colour: red\n", "unknown keys"),
    ("- regex: salary\n  examples: |\n    - ([0-9]\n", "invalid pattern"),
    ("- intent: greet\n  examples: |\n    hi without dash\n", "line without '- '"),
])
def test_block_errors_name_the_file_and_what_is_skipped(tmp_path: Path, blocks: str,
                                                        message: str) -> None:
    path = write_yaml(tmp_path, "en/nlu.yml", nlu_file(blocks))
    issues = load_training_data(tmp_path).issues
    assert any(str(path) in i and message in i and "skipped" in i for i in issues), issues


def test_invalid_yaml_skips_only_that_file(tmp_path: Path) -> None:
    write_yaml(tmp_path, "en/broken.yml", "nlu: [unclosed\n")
    write_yaml(tmp_path, "en/nlu.yml", nlu_file("- intent: greet\n  examples: |\n    - hi\n"))
    data = load_training_data(tmp_path)
    assert [e.text for e in data.examples] == ["hi"]
    assert any("broken.yml" in i and "not valid YAML" in i for i in data.issues)


def test_files_without_nlu_key_are_not_training_data(tmp_path: Path) -> None:
    write_yaml(tmp_path, "common/numbers.yml", "number_words:\n  en: {one: 1}\n")
    assert load_training_data(tmp_path).issues == ()


def test_text_in_two_intents_keeps_the_first_and_reports(tmp_path: Path) -> None:
    write_yaml(tmp_path, "en/nlu.yml", nlu_file(
        "- intent: greet\n  examples: |\n    - hello\n"
        "- intent: goodbye\n  examples: |\n    - Hello\n    - bye\n"))
    data = load_training_data(tmp_path)
    assert [(e.text, e.intent) for e in data.examples] == [("hello", "greet"), ("bye", "goodbye")]
    assert any("'greet' and 'goodbye'" in i for i in data.issues)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="not found"):
        load_training_data(tmp_path / "nope")


def test_data_hash_follows_the_bytes(tmp_path: Path) -> None:
    root = make_data_dir(tmp_path)
    first = data_hash(root)
    assert data_hash(root) == first
    with (root / "en" / "nlu.yml").open("a", encoding="utf-8") as handle:
        handle.write("    - hiya\n")
    assert data_hash(root) != first


def test_text_with_two_intents_across_languages_is_reported_and_kept(tmp_path: Path) -> None:
    write_yaml(tmp_path, "en/nlu.yml", nlu_file("- intent: affirm\n  examples: |\n    - k\n"))
    write_yaml(tmp_path, "th/nlu.yml", nlu_file("- intent: thanks\n  examples: |\n    - k\n"))
    data = load_training_data(tmp_path)
    assert len(data.examples) == 2
    assert any("'affirm' in en but 'thanks' in th" in i for i in data.issues)


def test_texts_whose_intent_depends_on_the_language() -> None:
    data = TrainingData(examples=(
        Example("k", "affirm", "en"), Example("K", "deny", "vi"),
        Example("ok", "affirm", "en"), Example("ok", "affirm", "vi"),
        Example("cứu", "urgent_danger", "vi")))
    assert data.read_by_language() == frozenset({"k"})
