"""Writes training data back as Rasa 3.x YAML: the payload that trains a Rasa server (one per
cross-validation fold), with entity annotations restored in Rasa's syntax."""

from __future__ import annotations

import json
from collections.abc import Iterable

import yaml

from nlu.training_data import Example, TrainingData


def to_rasa_yaml(data: TrainingData) -> str:
    """Write training data back as one Rasa 3.x YAML document (used to train Rasa per CV fold)."""
    blocks: list[dict[str, str]] = []
    by_intent: dict[str, list[str]] = {}
    for example in data.examples:
        by_intent.setdefault(example.intent, []).append(annotate(example))
    for intent, lines in by_intent.items():
        blocks.append({"intent": intent, "examples": _block_text(lines)})
    for syn in data.synonyms:
        blocks.append({"synonym": syn.value, "examples": _block_text(syn.variants)})
    for lookup in data.lookups:
        blocks.append({"lookup": lookup.name, "examples": _block_text(lookup.elements)})
    for regex in data.regexes:
        blocks.append({"regex": regex.name, "examples": _block_text([regex.pattern])})
    document = {"version": "3.1", "nlu": blocks}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)


def annotate(example: Example) -> str:
    """The example text with its entities written back in Rasa annotation syntax."""
    out: list[str] = []
    cursor = 0
    for ent in sorted(example.entities, key=lambda e: e.start):
        surface = example.text[ent.start:ent.end]
        spec = {"entity": ent.entity} | ({"value": ent.value} if ent.value != surface else {})
        out.append(example.text[cursor:ent.start])
        out.append(f"[{surface}]{json.dumps(spec, ensure_ascii=False)}")
        cursor = ent.end
    out.append(example.text[cursor:])
    return "".join(out)


def _block_text(lines: Iterable[str]) -> str:
    return "".join(f"- {line}\n" for line in lines)
