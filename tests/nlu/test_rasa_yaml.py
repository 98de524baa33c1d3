"""Tests for writing training data back as Rasa YAML."""

from pathlib import Path

from nlu.rasa_yaml import annotate, to_rasa_yaml
from nlu.training_data import Example, load_training_data, parse_annotations
from tests.nlu.fixtures import make_data_dir, write_yaml


def test_rasa_yaml_round_trip(tmp_path: Path) -> None:
    data = load_training_data(make_data_dir(tmp_path))
    write_yaml(tmp_path, "again/data.yml", to_rasa_yaml(data))
    again = load_training_data(tmp_path / "again")
    assert sorted((e.intent, e.text, e.entities) for e in again.examples) == sorted(
        (e.intent, e.text, e.entities) for e in data.examples)
    assert again.synonym_map() == data.synonym_map()
    assert [r.pattern for r in again.regexes] == [r.pattern for r in data.regexes]


def test_annotate_writes_value_only_when_it_differs() -> None:
    line = '[Myawadi]{"entity": "place", "value": "Myawaddy"} [x](place)'
    _, entities, _ = parse_annotations(line)
    line = annotate(Example("Myawadi x", "held_captive", "en", entities))
    assert line == '[Myawadi]{"entity": "place", "value": "Myawaddy"} [x]{"entity": "place"}'
